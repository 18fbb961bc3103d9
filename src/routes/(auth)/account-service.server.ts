import type { RequestEvent } from '@sveltejs/kit';
import type { FieldErrors } from '$lib/forms/parse';
import { services } from '$lib/server/app';
import {
	accountLookup,
	createSignInService,
	type RequestInfo,
	type SignInService
} from '$lib/server/accounts/sign-in.service';

/** The account rules, built from the started services; cheap, so made per request. */
export function accountService(): SignInService {
	const { auth, limiter, audit, database } = services();
	return createSignInService({ auth, limiter, audit, accounts: accountLookup(database.db) });
}

/** The parts of the request the account rules need, read here so the service never reads one. */
export function requestInfo(event: RequestEvent): RequestInfo {
	return {
		headers: event.request.headers,
		ip: event.locals.clientAddress,
		userAgent: event.request.headers.get('user-agent')
	};
}

/** A message for the whole form (or for one named place on the page), shaped like field errors. */
export function problem(message: string, place = 'form'): FieldErrors {
	return { [place]: message };
}
