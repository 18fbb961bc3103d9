import { fail, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/forms/parse';
import { shortDayName } from '$lib/workbook/days';
import { chosenIn, weekFormSchema } from '$lib/workbook/practice-form';
import {
	answeringSignedOutForm,
	when,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../workbook.server';
import { entryPreview } from './entry-preview';

export const csr = false;

function guideList() {
	return [...workbook().practices.guidesInOrder()].map((g) => ({
		key: g.key,
		label: g.label,
		where: g.where,
		summary: g.summary
	}));
}

export async function load(event) {
	const guides = guideList();
	if (answeringSignedOutForm(event)) {
		return { guides, week: null, chosen: [] as string[], latest: [], status: null };
	}
	const user = await workbookMember(event);
	const { practices } = workbook();
	const zone = zoneOf(user);
	const [thisWeek, entries] = await Promise.all([
		practices.thisWeek(user.id, zone),
		practices.entries(user.id)
	]);
	const labelOf = (key: string) => guides.find((g) => g.key === key)?.label ?? key;
	const params = event.url.searchParams;
	return {
		guides,
		week: shortDayName(thisWeek.week),
		chosen: thisWeek.practices as string[],
		latest: entries
			.slice(0, 5)
			.filter((e) => e.readable)
			.map((e) => ({
				id: e.id,
				practice: e.practice,
				label: labelOf(e.practice),
				when: when(e.createdAt, zone),
				preview: entryPreview(practices.guide(e.practice), e.answers)
			})),
		status: params.has('chosen') ? 'chosen' : params.has('cleared') ? 'cleared' : null
	};
}

export const actions = {
	choose: async (event) => {
		const parsed = parseForm(weekFormSchema, await event.request.formData());
		const actor = await workbookActor(event, parsed.values);
		if ('refused' in actor) return actor.refused;
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { practices } = workbook();
		const result = await practices.chooseForWeek(
			actor.user.id,
			zoneOf(actor.user),
			chosenIn(parsed.values)
		);
		if (!result.ok) return fail(400, { errors: result.errors, values: parsed.values });
		redirect(303, `/app/practices?${result.practices.length > 0 ? 'chosen' : 'cleared'}=1`);
	}
};
