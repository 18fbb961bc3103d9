import type { Cookies } from '@sveltejs/kit';
import { addDays, dateIn, daysBetween, isDate, startOfDate } from '$lib/booking/calendar-days';
import { describeTime, groupByDay, zoneNameAt } from '$lib/booking/format';
import { isTimeZone, zoneCookie } from '$lib/booking/zones';
import { services } from '$lib/server/app';

export { zoneCookie };

/**
 * The zone to show times in: one asked for in the address (and then remembered), one remembered,
 * or the practitioner's. `chosen` is false only in the last case: then the page's small script
 * may put the times in the browser's own zone.
 */
export function visitorZone(url: URL, cookies: Cookies, fallback: string) {
	const asked = url.searchParams.get('tz');
	if (asked && isTimeZone(asked)) {
		cookies.set(zoneCookie, asked, {
			path: '/',
			// Read by the page's script, which only checks that a choice exists.
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 365 * 24 * 3600
		});
		return { zone: asked, chosen: true };
	}
	const remembered = cookies.get(zoneCookie);
	if (remembered && isTimeZone(remembered)) return { zone: remembered, chosen: true };
	return { zone: fallback, chosen: false };
}

export interface TimeChoice {
	iso: string;
	start: number;
	date: string;
	time: string;
	zoneName: string;
	full: string;
}

/** One week of bookable times in the visitor's zone, grouped by day, with links either side. */
export async function weekOfTimes(options: { url: URL; zone: string; exceptBookingId?: string }) {
	const { booking, clock } = services();
	const settings = await booking.settings();
	const now = clock.now().getTime();
	const { zone } = options;
	const today = dateIn(zone, now);
	const lastDay = dateIn(zone, now + settings.rules.horizonDays * 86_400_000);
	const asked = options.url.searchParams.get('week');
	let week = isDate(asked) ? asked : today;
	if (week < today) week = today;
	if (week > lastDay) week = lastDay;
	const end = addDays(week, 7);
	const slots = await booking.slotsBetween(
		startOfDate(week, zone),
		startOfDate(end, zone),
		options.exceptBookingId
	);
	const days = groupByDay(
		slots.map((slot) => ({ start: slot.start, iso: new Date(slot.start).toISOString() })),
		zone
	).map((day) => ({
		dayKey: day.dayKey,
		heading: day.heading,
		times: day.times.map((t): TimeChoice => ({
			iso: t.iso,
			start: t.start,
			date: t.words.date,
			time: t.words.time,
			zoneName: t.words.zoneName,
			full: t.words.full
		}))
	}));
	const first = describeTime(startOfDate(week, zone), zone);
	const last = describeTime(startOfDate(addDays(week, 6), zone), zone);
	const back = daysBetween(today, week);
	return {
		week,
		label: `${first.shortDate} to ${last.shortDate}`,
		previousWeek: back > 0 ? addDays(week, -Math.min(7, back)) : null,
		nextWeek: end <= lastDay ? end : null,
		days,
		zoneName: zoneNameAt(zone, now)
	};
}

/** The times offered instead of a taken one, described for the visitor. */
export function describeChoices(starts: number[], zone: string): TimeChoice[] {
	return starts.map((start) => {
		const words = describeTime(start, zone);
		return {
			iso: new Date(start).toISOString(),
			start,
			date: words.date,
			time: words.time,
			zoneName: words.zoneName,
			full: words.full
		};
	});
}

/**
 * The address a request came from, for rate limits. Behind a proxy adapter-node throws when the
 * configured header is missing; such requests share one 'unknown' allowance rather than failing.
 */
export function clientAddressOf(event: { locals: App.Locals; getClientAddress(): string }): string {
	const known = (event.locals as { clientAddress?: string }).clientAddress;
	if (known) return known;
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
