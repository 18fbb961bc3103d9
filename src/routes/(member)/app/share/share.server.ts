import type { RequestEvent } from '@sveltejs/kit';
import { describeTime } from '$lib/booking/format';
import type { SignedInUser } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';
import type { SummaryListItem, SummaryMember } from '$lib/server/workbook/summaries.service';
import { when, zoneOf } from '../workbook.server';

export function summaries() {
	return services().summaries;
}

export function summaryMember(user: SignedInUser): SummaryMember {
	return {
		id: user.id,
		email: user.email,
		emailVerified: user.emailVerified,
		timeZone: zoneOf(user)
	};
}

/** Where a member's request came from, for the audit log. */
export function originOf(event: RequestEvent) {
	return {
		ip: event.locals.clientAddress,
		userAgent: event.request.headers.get('user-agent')
	};
}

/** "Thursday 3 December 2026, 10:00 AM, Eastern Time" in the member's zone. */
export function consultationTime(start: string, zone: string): string {
	return describeTime(start, zone).full;
}

/** A summary's state in words, for the member's list and its own page. */
export function describeState(summary: SummaryListItem, zone: string) {
	return {
		state: summary.state,
		sharedSince: summary.sharedAt ? when(summary.sharedAt, zone) : null,
		takenBackOn: summary.revokedAt ? when(summary.revokedAt, zone) : null,
		consultation: summary.consultation ? consultationTime(summary.consultation.start, zone) : null
	};
}
