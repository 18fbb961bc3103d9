import { error, fail, redirect } from '@sveltejs/kit';
import { describeTime } from '$lib/booking/format';
import { isTimeZone } from '$lib/booking/zones';
import { services } from '$lib/server/app';
import { detectCrisis } from '$lib/server/safety/crisis';
import { loadCrisisResources } from '$lib/server/safety/crisis-resources';
import {
	emptyDraft,
	errorsForStep,
	isPauseStep,
	nextStep,
	pauseRecordFromForm,
	readPauseForm,
	type PauseDraft
} from '$lib/pause/pause';
import { momentFromPause } from '$lib/workbook/from-pause';
import { zoneCookie } from '../consultation/visitor-zone';
import type { Actions, PageServerLoad } from './$types';

// Pause needs no account. It is rendered per request (not prerendered) because without
// JavaScript each step is a form posted here; nothing posted is stored or logged.

export const load: PageServerLoad = ({ locals }) => {
	const resources = loadCrisisResources();
	return {
		member: locals.user?.role === 'member',
		draft: emptyDraft(),
		crisisLines: { emergency: resources.emergency, lines: resources.lines.slice(0, 3) }
	};
};

/** The words a person wrote in their own words, for the crisis check. */
function ownWords(draft: PauseDraft): string[] {
	return [draft.feelingOwn, draft.beliefOwn, draft.urgeOwn, draft.actionOwn, draft.note].filter(
		(t) => t.trim() !== ''
	);
}

/** The zone to show a clock time in, when we know it: the one the visitor chose, or the member's. */
function knownZone(cookie: string | undefined, memberZone: string | null | undefined) {
	if (cookie && isTimeZone(cookie)) return cookie;
	if (memberZone && isTimeZone(memberZone)) return memberZone;
	return null;
}

export const actions: Actions = {
	step: async ({ request, locals, cookies }) => {
		const form = await request.formData();
		const asked = form.get('step');
		const step = isPauseStep(asked) ? asked : 'breathe';
		const move = form.get('move') === 'back' ? 'back' : 'next';
		const { draft, errors } = readPauseForm(form);
		const crisis = ownWords(draft).some((text) => detectCrisis(text).match);

		if (move === 'back') {
			return { step: nextStep(step, 'back'), draft, crisis, errors: {} };
		}
		const own = errorsForStep(errors, step);
		// A mistake in an earlier step's carried answers is named on this one, never lost.
		if (Object.keys(errors).length > Object.keys(own).length && !own.form) {
			own.form = 'Something in your earlier answers did not come through. Please check them.';
		}
		if (Object.keys(own).length > 0) {
			return fail(400, { step, draft, crisis, errors: own });
		}

		const next = nextStep(step, 'next');
		let endsAt: string | null = null;
		if (next === 'wait') {
			const zone = knownZone(cookies.get(zoneCookie), locals.user?.timeZone);
			if (zone) {
				endsAt = describeTime(services().clock.now().getTime() + draft.minutes * 60_000, zone).time;
			}
		}
		return {
			step: next,
			draft,
			crisis,
			errors: {},
			endsAt,
			endedEarly: step === 'wait' ? form.get('ended') === 'early' : undefined
		};
	},

	/**
	 * A member keeps a finished pause as a moment. Someone whose session has ended meanwhile keeps
	 * the summary, with everything in it, and can sign in again in another tab and save.
	 */
	save: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = pauseRecordFromForm(form);
		const draft = parsed.ok ? readPauseForm(form).draft : parsed.draft;
		const crisis = ownWords(draft).some((text) => detectCrisis(text).match);
		if (locals.user && locals.user.role !== 'member') error(403, 'Moments are for members.');
		if (!locals.user) {
			return fail(401, {
				step: 'summary' as const,
				draft,
				crisis,
				signedOut: true,
				errors: {
					form: 'You are signed out, so this pause could not be saved yet. Please sign in again in a new tab, then come back here and press "Save this to my Moments" once more. Everything is still here.'
				}
			});
		}
		if (!parsed.ok)
			return fail(400, { step: 'summary' as const, draft, crisis, errors: parsed.errors });
		const saved = await services().moments.saveFromPause(
			locals.user.id,
			momentFromPause(parsed.record)
		);
		redirect(303, `/app/moments/${saved.momentId}${saved.crisis ? '?help=1' : ''}`);
	}
};
