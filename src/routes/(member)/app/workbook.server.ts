import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { requireRole, type SignedInUser } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';
import { loadCrisisResources, type CrisisResources } from '$lib/server/safety/crisis-resources';
import type { MomentValues } from '$lib/workbook/moment-form';

/** The signed-in member, for a workbook page's load (anyone else is sent to sign in or refused). */
export async function workbookMember(event: RequestEvent): Promise<SignedInUser> {
	return requireRole(event, 'member');
}

/**
 * The member behind a workbook form. A form sent after the session ended is not redirected away
 * (that would lose what was typed): it is answered with the words it carried, so the page shows
 * them again with a way to sign in and send them once more.
 */
export async function workbookActor(
	event: RequestEvent,
	values: MomentValues
): Promise<{ user: SignedInUser } | { refused: ReturnType<typeof fail> }> {
	if (!event.locals.user) {
		return { refused: fail(401, { signedOut: true, values, errors: {} }) };
	}
	return { user: await requireRole(event, 'member') };
}

/**
 * True while a workbook form posted after the session ended is being answered: the page is then
 * drawn from the words the form carried alone, and nothing of the account is read.
 */
export function answeringSignedOutForm(event: RequestEvent): boolean {
	return !event.locals.user && event.request.method === 'POST';
}

export function workbook() {
	const { moments, beliefs, practices, wins, practice } = services();
	return { moments, beliefs, practices, wins, practiceZone: practice.timeZone };
}

export function notFound(): never {
	error(404, 'Page not found');
}

/** The help shown at once when what was written sounds like a crisis. */
export function crisisHelp(): CrisisResources | null {
	try {
		return loadCrisisResources();
	} catch {
		// The page still links to /help, which was built from the same file.
		return null;
	}
}

export function zoneOf(user: SignedInUser): string {
	return user.timeZone ?? services().practice.timeZone;
}

/** "29 November 2026, 15:04" in the member's own zone. */
export function when(iso: string, timeZone: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone
	}).format(new Date(iso));
}
