import { fail, redirect } from '@sveltejs/kit';
import {
	fieldsOfStep,
	isMomentStep,
	momentSteps,
	parseMoment,
	readMomentFields,
	type MomentStep
} from '$lib/workbook/moment-form';
import {
	answeringSignedOutForm,
	crisisHelp,
	notFound,
	when,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../workbook.server';

type Step = MomentStep | 'review';
const order: Step[] = [...momentSteps.map((s) => s.key), 'review'];

function stepUrl(draftId: string, step: Step): string {
	return `/app/moments/new?draft=${encodeURIComponent(draftId)}&step=${step}`;
}

export async function load(event) {
	const asked = event.url.searchParams.get('step');
	const step: Step = asked === 'review' ? 'review' : isMomentStep(asked) ? asked : 'happened';
	if (answeringSignedOutForm(event)) {
		return {
			step,
			draftId: event.url.searchParams.get('draft'),
			values: {},
			ownBeliefs: [],
			otherDrafts: [],
			review: null
		};
	}
	const user = await workbookMember(event);
	const { moments } = workbook();
	const draftId = event.url.searchParams.get('draft');
	const draft = draftId ? await moments.draft(user.id, draftId) : null;
	if (draftId && !draft) notFound();
	const ownBeliefs = await moments.ownBeliefs(user.id);
	const others = draft
		? []
		: (await moments.drafts(user.id))
				.filter((d) => d.momentId === null)
				.map((d) => ({
					id: d.id,
					step: d.step,
					updated: when(d.updatedAt, zoneOf(user))
				}));
	let review = null;
	if (step === 'review' && draft) {
		const parsed = parseMoment(draft.values, new Set(ownBeliefs.map((b) => b.id)));
		review = { content: parsed.content, errors: parsed.ok ? {} : parsed.errors };
	}
	return {
		step,
		draftId: draft?.id ?? null,
		values: draft?.values ?? {},
		ownBeliefs,
		otherDrafts: others,
		review
	};
}

const readStep = async (request: Request) => {
	const form = await request.formData();
	const step = String(form.get('step') ?? '');
	const current: Step = step === 'review' ? 'review' : isMomentStep(step) ? step : 'happened';
	const fields = current === 'review' ? [] : fieldsOfStep(current);
	const read = readMomentFields(form, fields, ['draft', 'step', 'go']);
	return {
		current,
		fields,
		draftId: String(form.get('draft') ?? '') || null,
		go: String(form.get('go') ?? 'next'),
		...read
	};
};

export const actions = {
	/** Keeps this step's words in the draft and goes on (or back) to the next step. */
	step: async (event) => {
		const input = await readStep(event.request);
		const actor = await workbookActor(event, input.values);
		if ('refused' in actor) return actor.refused;
		const { moments } = workbook();
		// Numbers are checked as each step is left, so a mistake is shown where it was made.
		let errors = input.errors;
		if (input.current !== 'review' && input.go !== 'back') {
			const own = new Set((await moments.ownBeliefs(actor.user.id)).map((b) => b.id));
			const parsed = parseMoment(input.values, own);
			if (!parsed.ok) {
				const here = Object.entries(parsed.errors).filter(([k]) => input.fields.includes(k));
				errors = { ...Object.fromEntries(here), ...errors };
			}
		}
		const index = order.indexOf(input.current);
		const next: Step =
			input.go === 'back'
				? order[Math.max(0, index - 1)]!
				: input.go === 'review'
					? 'review'
					: order[Math.min(order.length - 1, index + 1)]!;
		const problems = Object.keys(errors).length > 0;
		// The draft remembers where the member is going, so coming back later starts there.
		const saved = await moments.saveDraft(actor.user.id, {
			draftId: input.draftId,
			step: problems ? input.current : next,
			values: input.values,
			fields: input.fields
		});
		if (!saved) notFound();
		if (problems) return fail(400, { draftId: saved.draftId, errors, values: input.values });
		if (saved.crisis) {
			return {
				crisis: true,
				help: crisisHelp(),
				draftId: saved.draftId,
				next: stepUrl(saved.draftId, next),
				values: input.values
			};
		}
		redirect(303, stepUrl(saved.draftId, next));
	},

	/** With JavaScript, what is typed is kept quietly every few seconds. */
	autosave: async (event) => {
		const input = await readStep(event.request);
		const actor = await workbookActor(event, input.values);
		if ('refused' in actor) return actor.refused;
		const saved = await workbook().moments.saveDraft(actor.user.id, {
			draftId: input.draftId,
			step: input.current,
			values: input.values,
			fields: input.fields
		});
		if (!saved) notFound();
		return {
			autosaved: true,
			draftId: saved.draftId,
			crisis: saved.crisis,
			help: saved.crisis ? crisisHelp() : null
		};
	},

	/** Saves the draft as a moment. */
	finish: async (event) => {
		const input = await readStep(event.request);
		const actor = await workbookActor(event, input.values);
		if ('refused' in actor) return actor.refused;
		if (!input.draftId) notFound();
		const result = await workbook().moments.finishDraft(actor.user.id, input.draftId);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) return fail(400, { draftId: input.draftId, errors: result.errors, values: {} });
		const target = `/app/moments/${result.momentId}?saved=1`;
		if (result.crisis) redirect(303, `${target}&help=1`);
		redirect(303, target);
	},

	/** Lets a draft go without saving it. */
	discard: async (event) => {
		const input = await readStep(event.request);
		const actor = await workbookActor(event, input.values);
		if ('refused' in actor) return actor.refused;
		if (input.draftId) await workbook().moments.discardDraft(actor.user.id, input.draftId);
		redirect(303, '/app/moments?discarded=1');
	}
};
