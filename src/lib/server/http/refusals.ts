/**
 * Requests that SvelteKit itself refuses before any of Steady's code reads them: a body too large,
 * or a form sent in a way that cannot be read. Here is what a person reads instead of SvelteKit's
 * technical words, and the one case it would otherwise let through to fail with a 500.
 */

const messages: Record<number, string> = {
	413: 'That was more than we can take in one go. If you wrote something long, please keep a copy, shorten it, and send it again.',
	415: 'We could not read this form as it was sent. Please go back to the page and send it again from there.'
};

/** The words for a refused request (4xx), in place of SvelteKit's own. */
export function refusalMessage(status: number, message: string): string {
	return messages[status] ?? message;
}

/** Endpoints that read a POST body themselves, whatever its declared type. */
const ownReaders = ['/(public)/pause/check'];

/**
 * A browser may send a form as text/plain (`enctype="text/plain"`). SvelteKit lets that through to
 * a form action, but it cannot be read as form data, so the action would fail with a 500. Such a
 * request is given a type SvelteKit does not accept, so that it refuses the form with a 415 and the
 * error page, as it does JSON or any other type. Returns whether it did.
 */
export function markUnreadableForm(
	request: Request,
	routeId: string | null,
	path: string
): boolean {
	if (request.method !== 'POST') return false;
	if (!/^\s*text\/plain\b/i.test(request.headers.get('content-type') ?? '')) return false;
	if (path.startsWith('/api/') || (routeId !== null && ownReaders.includes(routeId))) return false;
	request.headers.set('content-type', 'application/octet-stream');
	return true;
}
