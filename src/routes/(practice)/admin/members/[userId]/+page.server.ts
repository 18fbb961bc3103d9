import { error } from '@sveltejs/kit';
import { describeTime } from '$lib/booking/format';
import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export const csr = false;

export async function load(event) {
	await requireRole(event, 'practitioner');
	const { summaries, practice } = services();
	// A member who shares nothing now is not shown at all, not even by name.
	const shared = await summaries.sharedBy(event.params.userId);
	if (!shared) error(404, 'There is nothing shared here.');
	const zone = practice.timeZone;
	return {
		member: shared.member,
		summaries: shared.summaries.map((s) => ({
			id: s.id,
			title: s.title,
			sharedSince: describeTime(s.sharedAt!, zone).full,
			consultation: s.consultation
				? { id: s.consultation.id, time: describeTime(s.consultation.start, zone).full }
				: null
		}))
	};
}
