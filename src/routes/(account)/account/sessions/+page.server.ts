import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/accounts/guards';
import { buttonOnlySchema, revokeSessionSchema } from '$lib/accounts/settings-schemas';
import { parseForm } from '$lib/forms/parse';
import { accountContext, formatWhen, refuse, refuseOutcome } from '../account.server';

export async function load(event) {
	const user = requireUser(event);
	const { settings, timeZone } = accountContext(event, user);
	const sessions = await settings.listSessions(user.id, event.locals.session?.id ?? '');
	return {
		sessions: sessions.map((session) => ({
			id: session.id,
			device: session.device,
			ip: session.ip,
			current: session.current,
			signedIn: formatWhen(session.signedInAt, timeZone),
			lastActive: formatWhen(session.lastActiveAt, timeZone)
		}))
	};
}

export const actions = {
	revoke: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(revokeSessionSchema, await event.request.formData());
		if (!parsed.ok) return refuse('sessions', parsed.errors);
		const outcome = await settings.revokeSession(actor, parsed.data.sessionId);
		if (!outcome.ok) return refuseOutcome('sessions', outcome);
		return { form: 'sessions', revoked: 1 };
	},

	revokeOthers: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(buttonOnlySchema, await event.request.formData());
		if (!parsed.ok) return refuse('sessions', parsed.errors);
		const outcome = await settings.revokeOtherSessions(actor);
		return { form: 'sessions', revoked: outcome.ok ? outcome.value.ended : 0 };
	},

	signOut: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(buttonOnlySchema, await event.request.formData());
		if (!parsed.ok) return refuse('sessions', parsed.errors);
		await settings.signOut(actor);
		redirect(303, '/');
	}
};
