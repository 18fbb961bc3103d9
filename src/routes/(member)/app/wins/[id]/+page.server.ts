import { fail, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/forms/parse';
import { dayName } from '$lib/workbook/days';
import { winFormSchema } from '$lib/workbook/win-form';
import {
	answeringSignedOutForm,
	notFound,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../workbook.server';

export const csr = false;

export async function load(event) {
	const { wins } = workbook();
	const blank = {
		id: event.params.id,
		today: wins.today(workbook().practiceZone),
		day: null as string | null,
		readable: true,
		values: {} as Record<string, string>
	};
	if (answeringSignedOutForm(event)) return blank;
	const user = await workbookMember(event);
	const win = await wins.get(user.id, event.params.id);
	if (!win) notFound();
	const today = wins.today(zoneOf(user));
	if (!win.readable) return { ...blank, today, readable: false };
	const { kind, note, happenedOn } = win.content;
	return {
		...blank,
		today,
		day: dayName(happenedOn),
		values: { kind, note: note ?? '', happened_on: happenedOn }
	};
}

export const actions = {
	save: async (event) => {
		const parsed = parseForm(winFormSchema, await event.request.formData());
		const actor = await workbookActor(event, parsed.values);
		if ('refused' in actor) return actor.refused;
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await workbook().wins.update(
			actor.user.id,
			event.params.id,
			zoneOf(actor.user),
			parsed.data
		);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) return fail(400, { errors: result.errors, values: parsed.values });
		redirect(303, `/app/wins?changed=1${result.crisis ? '&help=1' : ''}`);
	},

	delete: async (event) => {
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		if (!(await workbook().wins.remove(actor.user.id, event.params.id))) notFound();
		redirect(303, '/app/wins?deleted=1');
	}
};
