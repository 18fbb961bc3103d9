import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { backupCodeSchema, totpSchema } from '$lib/accounts/schemas';
import { homeFor, safeNext } from '$lib/server/accounts/sign-in.service';
import { parseForm, type FieldErrors } from '$lib/forms/parse';
import { accountService, problem, requestInfo } from '../../account-service.server';

export async function load({ locals, url, cookies }) {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next ?? homeFor(locals.user.role));
	const service = accountService();
	const pending = await service.pendingSecondFactor(
		cookies.get(await service.twoFactorCookieName())
	);
	return {
		next,
		pending: pending !== undefined,
		method: url.searchParams.get('method') === 'backup' ? ('backup' as const) : ('totp' as const)
	};
}

function failure(status: number, method: 'totp' | 'backup', errors: FieldErrors, expired = false) {
	return fail(status, { method, expired, errors });
}

async function verify(event: RequestEvent, method: 'totp' | 'backup') {
	const schema = method === 'totp' ? totpSchema : backupCodeSchema;
	// A code is a secret too: it is never sent back to the page.
	const parsed = parseForm(schema, await event.request.formData(), { secret: ['code'] });
	if (!parsed.ok) return failure(400, method, parsed.errors);
	const service = accountService();
	const cookieValue = event.cookies.get(await service.twoFactorCookieName());
	const result = await service.verifySecondFactor(
		{ method, code: parsed.data.code, next: parsed.data.next, cookieValue },
		requestInfo(event)
	);
	switch (result.kind) {
		case 'signed-in':
			redirect(303, result.redirectTo);
			break;
		case 'expired':
			return failure(400, method, problem(result.message), true);
		case 'limited':
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return failure(429, method, problem(result.message));
		case 'refused':
			return failure(400, method, problem(result.message, 'code'));
	}
}

export const actions = {
	totp: (event) => verify(event, 'totp'),
	backup: (event) => verify(event, 'backup')
};
