import { fail, redirect } from '@sveltejs/kit';
import { resetPasswordSchema } from '$lib/accounts/schemas';
import { parseForm, type FieldErrors } from '$lib/forms/parse';
import { accountService, problem, requestInfo } from '../account-service.server';

export async function load({ url }) {
	// better-auth's link lands here with ?token=… when it can be used, or ?error=INVALID_TOKEN.
	const token = url.searchParams.get('token') ?? '';
	if (url.searchParams.has('error') || !token) return { usable: false, token: '' };
	const usable = await accountService().resetTokenUsable(token);
	return { usable, token: usable ? token : '' };
}

function failure(errors: FieldErrors, invalidToken = false) {
	return fail(400, { invalidToken, errors });
}

export const actions = {
	default: async (event) => {
		const parsed = parseForm(resetPasswordSchema, await event.request.formData(), {
			secret: ['password', 'confirm', 'token']
		});
		if (!parsed.ok) return failure(parsed.errors);
		const result = await accountService().resetPassword(
			{ token: parsed.data.token, password: parsed.data.password },
			requestInfo(event)
		);
		if (result.kind === 'invalid') return failure(result.errors);
		if (result.kind === 'invalid-token') {
			return failure(problem(result.message), true);
		}
		// Not signed in: the new password (and a second factor, if they have one) opens the account.
		redirect(303, '/sign-in?password=changed');
	}
};
