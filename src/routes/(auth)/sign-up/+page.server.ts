import { fail, redirect } from '@sveltejs/kit';
import { signUpLinkSchema, signUpSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/forms/parse';
import { homeFor, safeNext } from '$lib/server/accounts/sign-in.service';
import { accountService, problem, requestInfo } from '../account-service.server';

export function load({ locals, url }) {
	if (locals.user) redirect(303, homeFor(locals.user.role));
	return { next: safeNext(url.searchParams.get('next')) };
}

export const actions = {
	password: async (event) => {
		const parsed = parseForm(signUpSchema, await event.request.formData(), {
			secret: ['password']
		});
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { name, email, password } = parsed.data;
		const result = await accountService().signUp({ name, email, password }, requestInfo(event));
		if (result.kind === 'invalid') {
			return fail(400, { errors: result.errors, values: parsed.values });
		}
		if (result.kind === 'limited') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { errors: problem(result.message), values: parsed.values });
		}
		// The same page whether the address was new or already had an account.
		redirect(303, '/sign-up/check-email');
	},

	link: async (event) => {
		const parsed = parseForm(signUpLinkSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { link: true, errors: parsed.errors, values: parsed.values });
		const { linkName, linkEmail, next } = parsed.data;
		const result = await accountService().signUpWithLink(
			{ name: linkName, email: linkEmail, next },
			requestInfo(event)
		);
		if (result.kind === 'limited') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { link: true, errors: problem(result.message), values: parsed.values });
		}
		redirect(303, '/sign-up/check-email?by=link');
	}
};
