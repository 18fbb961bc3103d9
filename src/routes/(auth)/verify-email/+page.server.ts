import { fail, redirect } from '@sveltejs/kit';
import { resendVerificationSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/forms/parse';
import { homeFor } from '$lib/server/accounts/sign-in.service';
import { accountService, problem, requestInfo } from '../account-service.server';

/**
 * better-auth's confirmation link comes back here: signed in when it worked (so on to their home),
 * with ?error=… when it had expired or was not valid, and signed out when the address had already
 * been confirmed.
 */
export function load({ locals, url }) {
	if (locals.user) redirect(303, homeFor(locals.user.role));
	return { failed: url.searchParams.has('error') };
}

export const actions = {
	default: async (event) => {
		const parsed = parseForm(resendVerificationSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await accountService().resendVerification(parsed.data, requestInfo(event));
		if (result.kind === 'limited') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { errors: problem(result.message), values: parsed.values });
		}
		return { sent: true };
	}
};
