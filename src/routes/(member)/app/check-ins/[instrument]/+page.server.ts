import { fail, redirect } from '@sveltejs/kit';
import { aboutInstrument } from '$lib/checkins/about';
import { checkinFormSchema, readAnswers, valuesOf } from '$lib/checkins/form';
import type { Instrument } from '$lib/checkins/instruments';
import { parseForm } from '$lib/forms/parse';
import {
	answeringSignedOutForm,
	when,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../workbook.server';
import { checkins, instrumentOf } from '../checkins.server';

export const csr = false;

function questionnaire(instrument: Instrument) {
	return {
		id: instrument.id,
		name: instrument.name,
		shortName: instrument.shortName,
		instructions: instrument.instructions,
		options: instrument.options,
		optionsNote: instrument.optionsNote,
		items: instrument.items.map((item) => ({ n: item.n, text: item.text })),
		citation: instrument.citation,
		licence: instrument.licence,
		looksAt: aboutInstrument[instrument.id].looksAt,
		time: aboutInstrument[instrument.id].time
	};
}

export async function load(event) {
	const instrument = instrumentOf(event.params.instrument);
	// A form sent after the session ended is drawn from what it carried alone.
	if (answeringSignedOutForm(event)) {
		return { questionnaire: questionnaire(instrument), draft: null, values: {} };
	}
	const user = await workbookMember(event);
	const draft = await checkins().draft(user.id, instrument.id);
	return {
		questionnaire: questionnaire(instrument),
		draft: draft ? { answered: draft.answered, when: when(draft.updatedAt, zoneOf(user)) } : null,
		values: draft ? valuesOf(instrument, draft.answers) : {}
	};
}

/** The answers a check-in form carried, and any value that is not one of the options. */
async function readForm(request: Request, instrument: Instrument) {
	const parsed = parseForm(checkinFormSchema(instrument), await request.formData());
	const read = readAnswers(instrument, parsed.values);
	const errors = parsed.ok ? read.errors : { ...read.errors, ...parsed.errors };
	return { values: parsed.values, answers: read.answers, errors };
}

export const actions = {
	/** "Save and finish later": the answers so far become the member's draft. */
	save: async (event) => {
		const instrument = instrumentOf(event.params.instrument);
		const form = await readForm(event.request, instrument);
		const actor = await workbookActor(event, form.values);
		if ('refused' in actor) return actor.refused;
		if (Object.keys(form.errors).length > 0) {
			return fail(400, { errors: form.errors, values: form.values });
		}
		const saved = await checkins().saveDraft(actor.user.id, instrument.id, form.answers);
		if (!saved.ok) return fail(400, { errors: saved.errors, values: form.values });
		redirect(303, saved.id ? `/app/check-ins?kept=${instrument.id}` : '/app/check-ins');
	},

	/** "See my result": completes the check-in, or says beside each item what is still missing. */
	finish: async (event) => {
		const instrument = instrumentOf(event.params.instrument);
		const form = await readForm(event.request, instrument);
		const actor = await workbookActor(event, form.values);
		if ('refused' in actor) return actor.refused;
		if (Object.keys(form.errors).length > 0) {
			return fail(400, { errors: form.errors, values: form.values });
		}
		const done = await checkins().complete(actor.user.id, instrument.id, form.answers);
		if (!done.ok) return fail(400, { errors: done.errors, values: form.values });
		redirect(303, `/app/check-ins/${instrument.id}/${done.id}`);
	},

	/** Lets the draft go. */
	discard: async (event) => {
		const instrument = instrumentOf(event.params.instrument);
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		await checkins().discardDraft(actor.user.id, instrument.id);
		redirect(303, '/app/check-ins?discarded=1');
	}
};
