import { fail, redirect } from '@sveltejs/kit';
import { allMomentFields, momentToValues, readMomentFields } from '$lib/workbook/moment-form';
import {
	answeringSignedOutForm,
	crisisHelp,
	notFound,
	when,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../../workbook.server';

export async function load(event) {
	if (answeringSignedOutForm(event)) {
		const blank = { id: event.params.id, when: 'earlier', readable: true, values: {} };
		return { ...blank, draft: null, ownBeliefs: [] };
	}
	const user = await workbookMember(event);
	const { moments } = workbook();
	const moment = await moments.get(user.id, event.params.id);
	if (!moment) notFound();
	const draft = await moments.draftFor(user.id, moment.id);
	const zone = zoneOf(user);
	return {
		id: moment.id,
		when: when(moment.createdAt, zone),
		readable: moment.readable,
		values: draft ? draft.values : moment.readable ? momentToValues(moment.content) : {},
		draft: draft ? { id: draft.id, when: when(draft.updatedAt, zone) } : null,
		ownBeliefs: await moments.ownBeliefs(user.id)
	};
}

async function read(request: Request) {
	const form = await request.formData();
	return {
		draftId: String(form.get('draft') ?? '') || null,
		...readMomentFields(form, allMomentFields, ['draft', 'step'])
	};
}

export const actions = {
	save: async (event) => {
		const input = await read(event.request);
		const actor = await workbookActor(event, input.values);
		if ('refused' in actor) return actor.refused;
		if (Object.keys(input.errors).length > 0) {
			return fail(400, { errors: input.errors, values: input.values });
		}
		const { moments } = workbook();
		const result = await moments.update(actor.user.id, event.params.id, input.values);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) {
			// Kept as a draft too, so the changes outlive this page.
			const saved = await moments.saveDraft(actor.user.id, {
				draftId: input.draftId,
				momentId: event.params.id,
				step: 'edit',
				values: input.values,
				fields: allMomentFields
			});
			return fail(400, { errors: result.errors, values: input.values, draftId: saved?.draftId });
		}
		if (input.draftId) await moments.discardDraft(actor.user.id, input.draftId);
		const leftover = await moments.draftFor(actor.user.id, event.params.id);
		if (leftover) await moments.discardDraft(actor.user.id, leftover.id);
		const target = `/app/moments/${event.params.id}?saved=1`;
		if (result.crisis) redirect(303, `${target}&help=1`);
		redirect(303, target);
	},

	autosave: async (event) => {
		const input = await read(event.request);
		const actor = await workbookActor(event, input.values);
		if ('refused' in actor) return actor.refused;
		const saved = await workbook().moments.saveDraft(actor.user.id, {
			draftId: input.draftId,
			momentId: event.params.id,
			step: 'edit',
			values: input.values,
			fields: allMomentFields
		});
		if (!saved) notFound();
		return {
			autosaved: true,
			draftId: saved.draftId,
			crisis: saved.crisis,
			help: saved.crisis ? crisisHelp() : null
		};
	},

	discard: async (event) => {
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		const draft = await workbook().moments.draftFor(actor.user.id, event.params.id);
		if (draft) await workbook().moments.discardDraft(actor.user.id, draft.id);
		redirect(303, `/app/moments/${event.params.id}`);
	}
};
