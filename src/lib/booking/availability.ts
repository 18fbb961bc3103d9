/**
 * The shape of a practitioner's availability, as the slot engine reads it. Times of day are
 * wall-clock "HH:MM" in the practitioner's IANA zone ("24:00" ends a range at midnight); dates are
 * "YYYY-MM-DD" in that zone; weekdays are ISO (1 Monday … 7 Sunday).
 */
export interface WeeklyHours {
	weekday: number;
	start: string;
	end: string;
}

/**
 * A change for one date: 'closed' without times is a day off, with times it takes those hours
 * away; 'open' adds hours (a one-off extra session).
 */
export interface DateException {
	date: string;
	kind: 'closed' | 'open';
	start: string | null;
	end: string | null;
}

export interface AvailabilityRules {
	timeZone: string;
	slotMinutes: number;
	/** How far apart consecutive start times are, counted from the start of each range. */
	intervalMinutes: number;
	bufferBeforeMinutes: number;
	bufferAfterMinutes: number;
	/** No time earlier than this far from now is offered. */
	minimumNoticeMinutes: number;
	/** No time starting this many days from now or later is offered. */
	horizonDays: number;
	/** At most this many consultations on one day in the practitioner's zone; null for no limit. */
	dailyCap: number | null;
	weekly: WeeklyHours[];
	exceptions: DateException[];
}

/**
 * A consultation already in the diary. `blockedStart`/`blockedEnd` are the time it holds with the
 * buffers it was booked with; without them the consultation alone.
 */
export interface BusyTime {
	start: string | number;
	end: string | number;
	blockedStart?: string | number;
	blockedEnd?: string | number;
}

/** A bookable time, as epoch milliseconds. */
export interface Slot {
	start: number;
	end: number;
}

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function isTimeOfDay(value: string): boolean {
	return timePattern.test(value);
}

/** "09:30" → 570; "24:00" → 1440. */
export function minutesOf(value: string): number {
	const match = timePattern.exec(value);
	if (!match) throw new Error(`"${value}" is not a time of day (HH:MM).`);
	if (value === '24:00') return 1440;
	return Number(match[1]) * 60 + Number(match[2]);
}

/** "2026-12-01" → days since 1970-01-01, checking that the date exists. */
export function dayOf(value: string): number {
	if (!datePattern.test(value)) throw new Error(`"${value}" is not a date (YYYY-MM-DD).`);
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
		throw new Error(`"${value}" is not a date that exists.`);
	}
	return ms / 86_400_000;
}

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function dateOf(day: number): string {
	return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday (1 Monday … 7 Sunday) of a day number. */
export function weekdayOf(day: number): number {
	// 1970-01-01 was a Thursday.
	return ((((day + 3) % 7) + 7) % 7) + 1;
}
