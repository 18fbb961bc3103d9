import { fail } from '@sveltejs/kit';
import { forgotPasswordSchema } from '$lib/accounts/schemas';
import { parseForm } from '$lib/forms/parse';
import { accountService, problem, requestInfo } from '../account-service.server';

export const actions = {
	default: async (event) => {
		const parsed = parseForm(forgotPasswordSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await accountService().requestPasswordReset(parsed.data, requestInfo(event));
		if (result.kind === 'limited') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { errors: problem(result.message), values: parsed.values });
		}
		// The same answer whether or not the address has an account.
		return { sent: true };
	}
};
