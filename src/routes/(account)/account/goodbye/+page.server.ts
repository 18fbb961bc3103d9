import { redirect } from '@sveltejs/kit';

/** Only for someone whose account has just gone: a signed-in person is sent back to theirs. */
export function load(event) {
	if (event.locals.user) redirect(303, '/account');
	return {};
}
