import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { services } from '../app';
import type { Role } from '../db/schema';

export type SignedInUser = NonNullable<App.Locals['user']>;

/** The signed-in person, or a redirect to sign in that brings them back here afterwards. */
export function requireUser(event: RequestEvent): SignedInUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/sign-in?next=${encodeURIComponent(next)}`);
	}
	return user;
}

async function hasSecondFactor(userId: string, twoFactorEnabled: boolean): Promise<boolean> {
	if (twoFactorEnabled) return true;
	const { db } = services().database;
	const passkey = await db
		.selectFrom('passkey')
		.select('id')
		.where('userId', '=', userId)
		.executeTakeFirst();
	return passkey !== undefined;
}

/**
 * The signed-in person when they hold the role. Members' pages are for members; the practice
 * area is for practitioners and the owner, and opens only once they have a second factor.
 */
export async function requireRole(
	event: RequestEvent,
	role: 'member' | 'practitioner' | 'owner'
): Promise<SignedInUser> {
	const user = requireUser(event);
	const allowed: Role[] =
		role === 'member'
			? ['member']
			: role === 'practitioner'
				? ['practitioner', 'owner']
				: ['owner'];
	if (!allowed.includes(user.role)) {
		error(403, role === 'member' ? 'This area is for members.' : 'This area is for the practice.');
	}
	if (role !== 'member' && !(await hasSecondFactor(user.id, user.twoFactorEnabled))) {
		redirect(303, '/account/security?required=1');
	}
	return user;
}
