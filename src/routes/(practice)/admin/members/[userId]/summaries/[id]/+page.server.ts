import { error } from '@sveltejs/kit';
import { describeTime } from '$lib/booking/format';
import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export const csr = false;

export async function load(event) {
	const user = await requireRole(event, 'practitioner');
	const { summaries, practice } = services();
	// Recorded before it is shown; anything not shared now is simply not here.
	const summary = await summaries.read(
		{
			userId: user.id,
			ip: event.locals.clientAddress,
			userAgent: event.request.headers.get('user-agent')
		},
		event.params.userId,
		event.params.id
	);
	if (!summary) error(404, 'There is nothing shared here.');
	const zone = practice.timeZone;
	return {
		member: summary.member,
		title: summary.title,
		content: summary.content,
		sharedSince: describeTime(summary.sharedAt!, zone).full,
		consultation: summary.consultation
			? { id: summary.consultation.id, time: describeTime(summary.consultation.start, zone).full }
			: null
	};
}
