import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/server/accounts/sign-in.service';
import { accountService, requestInfo } from '../account-service.server';

export function load({ locals }) {
	return { signedIn: locals.user !== null, home: homeFor(locals.user?.role) };
}

export const actions = {
	// POST only: a link or an image elsewhere cannot sign anyone out.
	default: async (event) => {
		await accountService().signOut(event.locals.user?.id ?? null, requestInfo(event));
		// Nothing of the account stays behind in this browser: not a cached page, not a cookie.
		event.setHeaders({ 'clear-site-data': '"cache", "cookies", "storage"' });
		redirect(303, '/');
	}
};
