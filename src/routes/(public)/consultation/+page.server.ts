import { services } from '$lib/server/app';
import type { PageServerLoad } from './$types';
import { visitorZone, weekOfTimes } from './visitor-zone';

export const load: PageServerLoad = async ({ url, cookies }) => {
	const { booking } = services();
	const settings = await booking.settings();
	const { zone, chosen } = visitorZone(url, cookies, settings.rules.timeZone);
	const times = await weekOfTimes({ url, zone });
	return {
		zone,
		chosen,
		times,
		slotMinutes: settings.rules.slotMinutes,
		horizonDays: settings.rules.horizonDays
	};
};
