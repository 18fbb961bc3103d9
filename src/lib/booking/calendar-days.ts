import { Temporal } from '@js-temporal/polyfill';

/** Calendar dates in a zone, for paging through weeks of times ("YYYY-MM-DD"). */

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: string | null | undefined): value is string {
	if (!value || !datePattern.test(value)) return false;
	try {
		return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString() === value;
	} catch {
		return false;
	}
}

/** The date it is at an instant in a zone. */
export function dateIn(zone: string, epochMs: number): string {
	return Temporal.Instant.fromEpochMilliseconds(epochMs)
		.toZonedDateTimeISO(zone)
		.toPlainDate()
		.toString();
}

/** The instant a date begins in a zone (its first moment, even on a day that skips midnight). */
export function startOfDate(date: string, zone: string): number {
	return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

export function addDays(date: string, days: number): string {
	return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** Whole days from one date to another. */
export function daysBetween(from: string, to: string): number {
	return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' })
		.days;
}
