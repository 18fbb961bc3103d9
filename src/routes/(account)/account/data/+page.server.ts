import { redirect, type Cookies } from '@sveltejs/kit';
import { requireUser } from '$lib/server/accounts/guards';
import { ownerCannotBeDeleted } from '$lib/server/accounts/account-data.service';
import { deleteAccountSchema, deletePhrase } from '$lib/accounts/settings-schemas';
import { parseForm } from '$lib/forms/parse';
import { accountContext, refuse, refuseOutcome, sendSignInAgainLink } from '../account.server';

/** Removes better-auth's cookies (all named with Steady's prefix) from this browser. */
function clearAuthCookies(cookies: Cookies): void {
	for (const { name } of cookies.getAll()) {
		if (/^(__Host-|__Secure-)?steady\./.test(name)) cookies.delete(name, { path: '/' });
	}
}

export async function load(event) {
	const user = requireUser(event);
	const { actor, settings } = accountContext(event, user);
	return {
		email: user.email,
		identity: await settings.identityCheck(actor),
		owner: user.role === 'owner',
		ownerMessage: ownerCannotBeDeleted,
		deletePhrase
	};
}

export const actions = {
	signInAgain: async (event) => sendSignInAgainLink(event, requireUser(event), '/account/data'),

	delete: async (event) => {
		const user = requireUser(event);
		const { actor, data } = accountContext(event, user);
		const parsed = parseForm(deleteAccountSchema, await event.request.formData(), {
			secret: ['password']
		});
		if (!parsed.ok) return refuse('delete', parsed.errors, parsed.values);
		const outcome = await data.deleteAccount(actor, { password: parsed.data.password });
		if (!outcome.ok) return refuseOutcome('delete', outcome, parsed.values);
		clearAuthCookies(event.cookies);
		redirect(303, '/account/goodbye');
	}
};
