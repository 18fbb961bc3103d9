import type { RequestEvent } from '@sveltejs/kit';
import type { FieldErrors } from '$lib/forms/parse';
import { services } from '$lib/server/app';
import type { RequestInfo, SignInService } from '$lib/server/accounts/sign-in.service';

/** The sign-in rules of the running app. */
export function accountService(): SignInService {
	return services().signIn;
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
