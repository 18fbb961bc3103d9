import { Temporal } from '@js-temporal/polyfill';

/**
 * Calendar days (YYYY-MM-DD) as a member lives them: "today" and "this week" are read in the
 * member's own time zone, so a week changes at their Monday midnight, clock changes included.
 */

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written as YYYY-MM-DD. */
export function isCalendarDay(value: string): boolean {
	if (!dayPattern.test(value)) return false;
	try {
		Temporal.PlainDate.from(value, { overflow: 'reject' });
		return true;
	} catch {
		return false;
	}
}

function plainDateIn(zone: string, at: Date): Temporal.PlainDate {
	const instant = Temporal.Instant.fromEpochMilliseconds(at.getTime());
	try {
		return instant.toZonedDateTimeISO(zone).toPlainDate();
	} catch {
		// A zone this runtime does not know: UTC rather than an error page.
		return instant.toZonedDateTimeISO('UTC').toPlainDate();
	}
}

/** The day it is at `at` in `zone`. */
export function todayIn(zone: string, at: Date): string {
	return plainDateIn(zone, at).toString();
}

/** The Monday of the week `day` falls in. */
export function mondayOf(day: string): string {
	const date = Temporal.PlainDate.from(day);
	return date.subtract({ days: date.dayOfWeek - 1 }).toString();
}

/** The Monday of the week it is at `at` in `zone`. */
export function weekIn(zone: string, at: Date): string {
	return mondayOf(todayIn(zone, at));
}

export function addDays(day: string, days: number): string {
	return Temporal.PlainDate.from(day).add({ days }).toString();
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});
const monthFormat = new Intl.DateTimeFormat('en-GB', {
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});
const shortDayFormat = new Intl.DateTimeFormat('en-GB', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	timeZone: 'UTC'
});

const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);

/** "Monday 30 November 2026". */
export function dayName(day: string): string {
	return dayFormat.format(asUtc(day)).replace(',', '');
}

/** "Monday 30 November", for days near enough that the year goes without saying. */
export function shortDayName(day: string): string {
	return shortDayFormat.format(asUtc(day)).replace(',', '');
}

/** "November 2026". */
export function monthName(day: string): string {
	return monthFormat.format(asUtc(day));
}
