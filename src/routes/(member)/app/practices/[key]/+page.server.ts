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
} from '../../workbook.server';
import { entryPreview } from '../entry-preview';

export const csr = false;

function guideOf(key: string) {
	const guide = workbook().practices.guide(key);
	if (!guide) notFound();
	return guide;
}

export async function load(event) {
	const guide = guideOf(event.params.key);
	if (answeringSignedOutForm(event)) {
		// Drawn from the words the form carried alone: nothing of the account is shown.
		return { guide, entries: [], thisWeek: false, deleted: false, listed: false };
	}
	const user = await workbookMember(event);
	const { practices } = workbook();
	const zone = zoneOf(user);
	const [entries, week] = await Promise.all([
		practices.entries(user.id, guide.key),
		practices.thisWeek(user.id, zone)
	]);
	return {
		guide,
		entries: entries.map((e) => ({
			id: e.id,
			when: when(e.createdAt, zone),
			preview: e.readable ? entryPreview(guide, e.answers) : ''
		})),
		thisWeek: week.practices.includes(guide.key),
		deleted: event.url.searchParams.has('deleted'),
		listed: true
	};
}

export const actions = {
	save: async (event) => {
		const guide = guideOf(event.params.key);
		const parsed = parseForm(entryFormSchema(guide), await event.request.formData());
		const actor = await workbookActor(event, parsed.values);
		if ('refused' in actor) return actor.refused;
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await workbook().practices.saveEntry(actor.user.id, guide.key, parsed.values);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) return fail(400, { errors: result.errors, values: parsed.values });
		const target = `/app/practices/${guide.key}/${result.id}?saved=1`;
		redirect(303, result.crisis ? `${target}&help=1` : target);
	}
};
