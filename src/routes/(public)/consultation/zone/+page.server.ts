import { isDate } from '$lib/booking/calendar-days';
import { zoneNameAt } from '$lib/booking/format';
import { services } from '$lib/server/app';
import type { PageServerLoad } from './$types';
import { visitorZone } from '../visitor-zone';

/** The list of zones for /consultation, on a page of its own; the chosen zone goes back there. */
export const load: PageServerLoad = async ({ url, cookies }) => {
	const { booking, clock } = services();
	const settings = await booking.settings();
	const { zone } = visitorZone(url, cookies, settings.rules.timeZone);
	const week = url.searchParams.get('week');
	return {
		zone,
		zoneName: zoneNameAt(zone, clock.now().getTime()),
		week: isDate(week) ? week : null
	};
};
