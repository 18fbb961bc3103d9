/**
 * How a time reads to a person, in their own zone: with Intl only, so the browser could run it too.
 * A screen reader must hear the whole of it ("Tuesday 1 December 2026, 9:00 AM, Eastern Time"),
 * never a bare "9".
 */

export interface SlotWords {
	/** "Tuesday 1 December 2026" */
	date: string;
	/** "Tuesday 1 December" */
	shortDate: string;
	/** "9:00 AM" */
	time: string;
	/** "Eastern Time" */
	zoneName: string;
	/** "Tuesday 1 December 2026, 9:00 AM, Eastern Time" */
	full: string;
	/** The date in that zone, "2026-12-01", for grouping times by day. */
	dayKey: string;
}

type Formatters = {
	date: Intl.DateTimeFormat;
	shortDate: Intl.DateTimeFormat;
	time: Intl.DateTimeFormat;
	generic: Intl.DateTimeFormat;
	specific: Intl.DateTimeFormat;
	offset: Intl.DateTimeFormat;
	key: Intl.DateTimeFormat;
};

// Building a formatter is far slower than using one; they hold no personal data.
const cache = new Map<string, Formatters>();

function formatters(timeZone: string): Formatters {
	let found = cache.get(timeZone);
	if (!found) {
		found = {
			date: new Intl.DateTimeFormat('en-GB', {
				timeZone,
				weekday: 'long',
				day: 'numeric',
				month: 'long',
				year: 'numeric'
			}),
			shortDate: new Intl.DateTimeFormat('en-GB', {
				timeZone,
				weekday: 'long',
				day: 'numeric',
				month: 'long'
			}),
			time: new Intl.DateTimeFormat('en-US', {
				timeZone,
				hour: 'numeric',
				minute: '2-digit',
				hour12: true
			}),
			generic: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' }),
			specific: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' }),
			offset: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }),
			key: new Intl.DateTimeFormat('en-CA', {
				timeZone,
				year: 'numeric',
				month: '2-digit',
				day: '2-digit'
			})
		};
		cache.set(timeZone, found);
	}
	return found;
}

function part(format: Intl.DateTimeFormat, at: number, type: Intl.DateTimeFormatPartTypes) {
	return format.formatToParts(at).find((p) => p.type === type)?.value ?? '';
}

const hourMs = 3_600_000;

/**
 * The zone's name at an instant. The generic name ("Eastern Time") unless the clocks change within
 * three hours, where the same clock time can happen twice: then the specific one ("Eastern
 * Standard Time"), so the two are never read the same.
 */
export function zoneNameAt(timeZone: string, at: number): string {
	const f = formatters(timeZone);
	const offset = (t: number) => part(f.offset, t, 'timeZoneName');
	const nearChange = offset(at - 3 * hourMs) !== offset(at + 3 * hourMs);
	const generic = part(f.generic, at, 'timeZoneName');
	if (!nearChange && generic && !generic.startsWith('GMT')) return generic;
	return part(f.specific, at, 'timeZoneName') || generic || timeZone;
}

// The words for an instant in a zone never change, and many visitors see the same week of times:
// remembered, up to a bound, so a busy booking page does not format the same times again.
const described = new Map<string, SlotWords>();
const describedLimit = 20_000;

export function describeTime(at: number | Date | string, timeZone: string): SlotWords {
	const ms = typeof at === 'number' ? at : new Date(at).getTime();
	const memoKey = `${timeZone}|${ms}`;
	const known = described.get(memoKey);
	if (known) return known;
	const words = wordsFor(ms, timeZone);
	if (described.size >= describedLimit) described.clear();
	described.set(memoKey, Object.freeze(words));
	return words;
}

function wordsFor(ms: number, timeZone: string): SlotWords {
	const f = formatters(timeZone);
	const date = f.date.format(ms).replace(',', '');
	const shortDate = f.shortDate.format(ms).replace(',', '');
	// Some ICU versions put a narrow no-break space before AM/PM; screen readers and tests want a space.
	const time = f.time.format(ms).replace(/\u202f|\u00a0/g, ' ');
	const zoneName = zoneNameAt(timeZone, ms);
	// en-CA writes dates as 2026-12-01.
	const dayKey = f.key.format(ms);
	return { date, shortDate, time, zoneName, full: `${date}, ${time}, ${zoneName}`, dayKey };
}

/** "9:00 AM – 9:20 AM" style range in one zone, for confirmation pages and e-mails. */
export function describeRange(start: number | string, end: number | string, timeZone: string) {
	const from = describeTime(start, timeZone);
	const to = describeTime(end, timeZone);
	return `${from.date}, ${from.time} to ${to.time}, ${from.zoneName}`;
}

export interface DayOfTimes<T> {
	dayKey: string;
	/** "Tuesday 1 December" */
	heading: string;
	times: (T & { words: SlotWords })[];
}

/** Groups times by the day they fall on in the visitor's zone, keeping their order. */
export function groupByDay<T extends { start: number }>(
	slots: readonly T[],
	timeZone: string
): DayOfTimes<T>[] {
	const days: DayOfTimes<T>[] = [];
	for (const slot of slots) {
		const words = describeTime(slot.start, timeZone);
		let day = days.at(-1);
		if (!day || day.dayKey !== words.dayKey) {
			day = { dayKey: words.dayKey, heading: words.shortDate, times: [] };
			days.push(day);
		}
		day.times.push({ ...slot, words });
	}
	return days;
}
