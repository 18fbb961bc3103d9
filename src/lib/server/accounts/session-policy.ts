import type { Role } from '../db/schema';

/** Practitioners hold other people's data: their sessions are short. */
export const practitionerIdleMs = 30 * 60_000;
export const practitionerMaxMs = 12 * 3600_000;

export function isPractitioner(role: string | null | undefined): role is 'practitioner' | 'owner' {
	return role === 'practitioner' || role === 'owner';
}

/**
 * Whether a session may continue. Members' sessions follow better-auth's expiry; a practitioner's
 * ends after 30 minutes without a request, and 12 hours after sign-in whatever happens.
 */
export function sessionStillValid(input: {
	role: Role | string;
	createdAt: Date;
	lastSeenAt: Date | undefined;
	now: Date;
}): boolean {
	if (!isPractitioner(input.role)) return true;
	const now = input.now.getTime();
	if (now - input.createdAt.getTime() > practitionerMaxMs) return false;
	const seen = (input.lastSeenAt ?? input.createdAt).getTime();
	return now - seen <= practitionerIdleMs;
}
