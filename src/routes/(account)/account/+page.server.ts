import { requireUser } from '$lib/server/accounts/guards';
import { profileSchema } from '$lib/accounts/settings-schemas';
import { groupedTimeZones, isKnownTimeZone } from '$lib/accounts/time-zone';
import { parseForm } from '$lib/forms/parse';
import { accountContext, refuse } from './account.server';

/** What an e-mail change link may report back, in plain words. */
const emailLinkProblems: Record<string, string> = {
	TOKEN_EXPIRED: 'That link has expired. You can ask for a new one on the e-mail page.',
	INVALID_TOKEN:
		'That link did not work — it may have been used already. You can ask for a new one on the e-mail page.',
	INVALID_USER:
		'That link belongs to a different account from the one you are signed in to, so nothing was changed.',
	USER_NOT_FOUND: 'That link belongs to an account that no longer exists.'
};

export async function load(event) {
	const user = requireUser(event);
	const { app, settings } = accountContext(event, user);
	const practiceZone = app.practice.timeZone;
	const [secondFactor, sessions] = await Promise.all([
		settings.secondFactorState(user.id),
		settings.listSessions(user.id, event.locals.session?.id ?? '')
	]);
	const emailParam = event.url.searchParams.get('email');
	const errorParam = event.url.searchParams.get('error');
	return {
		profile: { name: user.name, email: user.email, timeZone: user.timeZone },
		practiceZone: isKnownTimeZone(practiceZone) ? practiceZone : 'UTC',
		zoneGroups: groupedTimeZones(),
		summary: {
			secondFactor: secondFactor.authenticatorApp === 'on' || secondFactor.passkeys > 0,
			passkeys: secondFactor.passkeys,
			devices: sessions.length
		},
		emailNotice:
			emailParam === 'changed'
				? errorParam
					? { ok: false, text: emailLinkProblems[errorParam] ?? emailLinkProblems.INVALID_TOKEN! }
					: { ok: true, text: '' }
				: null
	};
}

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(profileSchema, await event.request.formData());
		if (!parsed.ok) return refuse('profile', parsed.errors, parsed.values);
		await settings.updateProfile(actor, parsed.data);
		return { form: 'profile', saved: true };
	}
};
