import { readFilters } from '$lib/booking/consultation-forms';
import { describeTime } from '$lib/booking/format';
import { placeName } from '$lib/booking/places';
import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export async function load(event) {
	await requireRole(event, 'practitioner');
	const { booking } = services();
	const filters = readFilters(event.url.searchParams);
	const [settings, list, feedOn] = await Promise.all([
		booking.settings(),
		booking.listForPractitioner({
			when: filters.when,
			status: filters.status === 'all' ? null : filters.status
		}),
		booking.feedIsOn()
	]);
	const zone = settings.rules.timeZone;
	return {
		filters,
		feedOn,
		consultations: list.map((b) => {
			const words = describeTime(b.start, zone);
			return {
				id: b.id,
				date: words.shortDate,
				time: words.time,
				zoneName: words.zoneName,
				name: b.name,
				status: b.status,
				cancelledBy: b.cancelledBy,
				place: placeName(b.place),
				contact: b.preferredContact
			};
		})
	};
}

export const actions = {
	/** A new private link; any earlier one stops working at once. Shown once, never stored. */
	feedCreate: async (event) => {
		await requireRole(event, 'practitioner');
		const token = await services().booking.newFeedToken();
		return { form: 'feed', feedUrl: `${services().origin}/api/calendar/${token}.ics` };
	},

	feedOff: async (event) => {
		await requireRole(event, 'practitioner');
		await services().booking.turnOffFeed();
		return { form: 'feed', feedOff: true };
	}
};
