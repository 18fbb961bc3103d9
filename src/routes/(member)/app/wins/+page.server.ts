import { fail, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/forms/parse';
import { monthName, shortDayName } from '$lib/workbook/days';
import { labelOf, winKinds } from '$lib/workbook/vocabulary';
import { winFormSchema } from '$lib/workbook/win-form';
import {
	answeringSignedOutForm,
	crisisHelp,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../workbook.server';

export const csr = false;

export async function load(event) {
	const { wins } = workbook();
	if (answeringSignedOutForm(event)) {
		// Drawn from the words the form carried alone: nothing of the account is shown.
		return {
			today: wins.today(workbook().practiceZone),
			months: [],
			unreadable: 0,
			status: null,
			listed: false
		};
	}
	const user = await workbookMember(event);
	const zone = zoneOf(user);
	const list = await wins.list(user.id);
	// Grouped by month, newest first; within a month, newest day first.
	const months: {
		month: string;
		wins: { id: string; day: string; kind: string; note: string | null }[];
	}[] = [];
	for (const win of list) {
		if (!win.readable) continue;
		const month = monthName(win.content.happenedOn);
		let group = months.at(-1);
		if (group?.month !== month) months.push((group = { month, wins: [] }));
		group.wins.push({
			id: win.id,
			day: shortDayName(win.content.happenedOn),
			kind: labelOf(winKinds, win.content.kind) ?? 'A quiet win',
			note: win.content.note
		});
	}
	const params = event.url.searchParams;
	const status = (['added', 'changed', 'deleted'] as const).find((s) => params.has(s)) ?? null;
	return {
		today: wins.today(zone),
		months,
		unreadable: list.filter((w) => !w.readable).length,
		status,
		listed: true,
		help: params.has('help') ? crisisHelp() : undefined
	};
}

export const actions = {
	add: async (event) => {
		const parsed = parseForm(winFormSchema, await event.request.formData());
		// The longer form always sends a note and a day; the one-tap buttons send only the kind.
		const longer = 'note' in parsed.values || 'happened_on' in parsed.values;
		const actor = await workbookActor(event, parsed.values);
		if ('refused' in actor)
			return fail(401, { signedOut: true, longer, values: parsed.values, errors: {} });
		if (!parsed.ok) return fail(400, { longer, errors: parsed.errors, values: parsed.values });
		const result = await workbook().wins.add(actor.user.id, zoneOf(actor.user), parsed.data);
		if (!result.ok) return fail(400, { longer, errors: result.errors, values: parsed.values });
		redirect(303, `/app/wins?added=1${result.crisis ? '&help=1' : ''}`);
	}
};
