import { fail, redirect } from '@sveltejs/kit';
import { resendVerificationSchema, signInLinkSchema, signInSchema } from '$lib/accounts/schemas';
import { parseForm, type FieldErrors } from '$lib/forms/parse';
import { homeFor, safeNext } from '$lib/server/accounts/sign-in.service';
import { accountService, problem, requestInfo } from '../account-service.server';

export function load({ locals, url }) {
	const next = safeNext(url.searchParams.get('next'));
	// Someone already signed in (a sign-in link or a passkey brings them here) goes on their way.
	if (locals.user) redirect(303, next ?? homeFor(locals.user.role));
	return {
		next,
		// better-auth sends an expired or used sign-in link back here with ?error=…
		linkFailed: url.searchParams.has('error'),
		passwordChanged: url.searchParams.get('password') === 'changed'
	};
}

function passwordFailure(
	status: number,
	errors: FieldErrors,
	values: Record<string, string>,
	unverified = false
) {
	return fail(status, { action: 'password' as const, unverified, errors, values });
}

function twoFactorPath(next: string | undefined): string {
	return next ? `/sign-in/two-factor?next=${encodeURIComponent(next)}` : '/sign-in/two-factor';
}

export const actions = {
	password: async (event) => {
		const parsed = parseForm(signInSchema, await event.request.formData(), {
			secret: ['password']
		});
		if (!parsed.ok) return passwordFailure(400, parsed.errors, parsed.values);
		const result = await accountService().signInWithPassword(parsed.data, requestInfo(event));
		switch (result.kind) {
			case 'signed-in':
				redirect(303, result.redirectTo);
				break;
			case 'two-factor':
				redirect(303, twoFactorPath(result.next));
				break;
			case 'limited':
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				return passwordFailure(429, problem(result.message), parsed.values);
			case 'unverified':
				return passwordFailure(400, problem(result.message), parsed.values, true);
			case 'refused':
				return passwordFailure(400, problem(result.message), parsed.values);
		}
	},

	link: async (event) => {
		const parsed = parseForm(signInLinkSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'link' as const, errors: parsed.errors, values: parsed.values });
		}
		const result = await accountService().requestSignInLink(
			{ email: parsed.data.linkEmail, next: parsed.data.next },
			requestInfo(event)
		);
		if (result.kind === 'limited') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, {
				action: 'link' as const,
				errors: problem(result.message, 'linkForm'),
				values: parsed.values
			});
		}
		return { action: 'link' as const, sent: true };
	},

	resend: async (event) => {
		const parsed = parseForm(resendVerificationSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'resend' as const, errors: parsed.errors, values: parsed.values });
		}
		const result = await accountService().resendVerification(parsed.data, requestInfo(event));
		if (result.kind === 'limited') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, {
				action: 'resend' as const,
				errors: problem(result.message),
				values: parsed.values
			});
		}
		return { action: 'resend' as const, sent: true, values: parsed.values };
	}
};
