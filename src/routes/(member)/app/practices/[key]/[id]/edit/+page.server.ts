import { fail, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/forms/parse';
import { entryFormSchema } from '$lib/workbook/practice-form';
import {
	answeringSignedOutForm,
	notFound,
	when,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../../../workbook.server';

export const csr = false;

function guideOf(key: string) {
	const guide = workbook().practices.guide(key);
	if (!guide) notFound();
	return guide;
}

export async function load(event) {
	const guide = guideOf(event.params.key);
	const blank = {
		id: event.params.id,
		guide,
		when: 'earlier',
		values: {} as Record<string, string>
	};
	if (answeringSignedOutForm(event)) return blank;
	const user = await workbookMember(event);
	const entry = await workbook().practices.entry(user.id, event.params.id);
	// An entry that cannot be opened has nothing to change; its page offers to delete it.
	if (!entry || !entry.readable || entry.practice !== guide.key) notFound();
	return { ...blank, when: when(entry.createdAt, zoneOf(user)), values: entry.answers };
}

export const actions = {
	save: async (event) => {
		const guide = guideOf(event.params.key);
		const parsed = parseForm(entryFormSchema(guide), await event.request.formData());
		const actor = await workbookActor(event, parsed.values);
		if ('refused' in actor) return actor.refused;
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await workbook().practices.updateEntry(
			actor.user.id,
			event.params.id,
			parsed.values,
			guide.key
		);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) return fail(400, { errors: result.errors, values: parsed.values });
		const target = `/app/practices/${guide.key}/${event.params.id}?saved=1`;
		redirect(303, result.crisis ? `${target}&help=1` : target);
	}
};
