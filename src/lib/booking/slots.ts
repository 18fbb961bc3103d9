import {
	dayOf,
	minutesOf,
	weekdayOf,
	type AvailabilityRules,
	type BusyTime,
	type DateException,
	type Slot,
	type WeeklyHours
} from './availability';
import { dayMs, minuteMs, ZoneView } from './zone';

export interface SlotQuery {
	availability: AvailabilityRules;
	/** Consultations already booked (not cancelled). Any order. */
	bookings: readonly BusyTime[];
	now: Date | number | string;
	/** Only times starting in [from, to) are returned. */
	from: Date | number | string;
	to: Date | number | string;
}

type Range = [start: number, end: number];

function toMs(value: Date | number | string): number {
	if (typeof value === 'number') return value;
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	if (Number.isNaN(ms)) throw new Error(`"${String(value)}" is not an instant.`);
	return ms;
}

/** Sorts, joins touching and overlapping ranges, and drops empty ones. */
function merge(ranges: Range[]): Range[] {
	const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
	const merged: Range[] = [];
	for (const range of sorted) {
		const last = merged.at(-1);
		if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
		else merged.push([range[0], range[1]]);
	}
	return merged;
}

function subtract(ranges: Range[], cut: Range): Range[] {
	const out: Range[] = [];
	for (const [s, e] of ranges) {
		if (cut[1] <= s || cut[0] >= e) out.push([s, e]);
		else {
			if (cut[0] > s) out.push([s, cut[0]]);
			if (cut[1] < e) out.push([cut[1], e]);
		}
	}
	return out;
}

/** The working hours of one date, in minutes from its midnight, after that date's exceptions. */
function hoursOn(
	day: number,
	weekly: Map<number, Range[]>,
	exceptions: Map<number, DateException[]>
): Range[] {
	let ranges: Range[] = (weekly.get(weekdayOf(day)) ?? []).map(([s, e]) => [s, e]);
	const changes = exceptions.get(day);
	if (!changes) return merge(ranges);
	for (const change of changes) {
		if (change.kind !== 'closed') continue;
		if (change.start === null || change.end === null) ranges = [];
		else ranges = subtract(ranges, [minutesOf(change.start), minutesOf(change.end)]);
	}
	for (const change of changes) {
		if (change.kind === 'open' && change.start !== null && change.end !== null) {
			ranges.push([minutesOf(change.start), minutesOf(change.end)]);
		}
	}
	return merge(ranges);
}

/** Busy times as sorted blocked intervals with a running maximum of their ends. */
function busyIndex(bookings: readonly BusyTime[]) {
	const intervals = bookings
		.map((b) => ({
			start: toMs(b.start),
			blockedStart: toMs(b.blockedStart ?? b.start),
			blockedEnd: toMs(b.blockedEnd ?? b.end)
		}))
		.sort((a, b) => a.blockedStart - b.blockedStart);
	const blockedStarts = intervals.map((i) => i.blockedStart);
	const maxEnd: number[] = [];
	let running = -Infinity;
	for (const interval of intervals) {
		running = Math.max(running, interval.blockedEnd);
		maxEnd.push(running);
	}
	const starts = intervals.map((i) => i.start).sort((a, b) => a - b);

	/** How many entries of a sorted list are below `value`. */
	function below(list: number[], value: number): number {
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (list[mid]! < value) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	return {
		/** Whether [from, to) meets any blocked interval. */
		overlaps(from: number, to: number): boolean {
			const count = below(blockedStarts, to);
			return count > 0 && maxEnd[count - 1]! > from;
		},
		/** Consultations starting in [from, to). */
		startingBetween(from: number, to: number): number {
			return below(starts, to) - below(starts, from);
		}
	};
}

/**
 * The times a visitor may book, in order. Pure: everything it needs is passed in.
 *
 * Working hours are wall-clock times in the practitioner's zone. Each range offers a start every
 * `intervalMinutes` from its beginning, stepping in real (elapsed) time, so a range that spans a
 * daylight-saving change offers each instant once; a time is offered only if it starts and ends
 * inside the range both as instants and on the practitioner's clock. A time must leave the
 * minimum notice, start before the horizon, keep its buffers clear of every booked consultation's
 * blocked time, and fall on a day that has not reached its cap.
 */
export function computeSlots(query: SlotQuery): Slot[] {
	const rules = query.availability;
	const now = toMs(query.now);
	const from = Math.max(toMs(query.from), now + rules.minimumNoticeMinutes * minuteMs);
	const to = Math.min(toMs(query.to), now + rules.horizonDays * dayMs);
	if (!(to > from) || rules.slotMinutes <= 0 || rules.intervalMinutes <= 0) return [];

	const length = rules.slotMinutes * minuteMs;
	const step = rules.intervalMinutes * minuteMs;
	const before = rules.bufferBeforeMinutes * minuteMs;
	const after = rules.bufferAfterMinutes * minuteMs;

	const weekly = new Map<number, Range[]>();
	for (const hours of rules.weekly as WeeklyHours[]) {
		const list = weekly.get(hours.weekday) ?? [];
		list.push([minutesOf(hours.start), minutesOf(hours.end)]);
		weekly.set(hours.weekday, list);
	}
	const exceptions = new Map<number, DateException[]>();
	for (const exception of rules.exceptions) {
		const day = dayOf(exception.date);
		const list = exceptions.get(day) ?? [];
		list.push(exception);
		exceptions.set(day, list);
	}

	const busy = busyIndex(query.bookings);
	// Every wall-clock day that could hold a time in [from, to), with room for any offset.
	const zone = new ZoneView(rules.timeZone, from - 3 * dayMs, to + 3 * dayMs);
	const firstDay = Math.floor(zone.wallOf(from) / dayMs) - 1;
	const lastDay = Math.floor(zone.wallOf(to) / dayMs) + 1;

	const slots: Slot[] = [];
	let lastStart = -Infinity;
	for (let day = firstDay; day <= lastDay; day++) {
		const ranges = hoursOn(day, weekly, exceptions);
		if (ranges.length === 0) continue;
		if (rules.dailyCap !== null) {
			const booked = busy.startingBetween(zone.toInstant(day, 0), zone.toInstant(day + 1, 0));
			if (booked >= rules.dailyCap) continue;
		}
		for (const [startMinute, endMinute] of ranges) {
			const rangeStart = zone.toInstant(day, startMinute);
			const rangeEnd = zone.toInstant(day, endMinute);
			// Only when the clock changes inside the range can an instant fall outside its hours.
			const clockChanges = zone.offsetAt(rangeStart) !== zone.offsetAt(rangeEnd);
			const wallStart = day * dayMs + startMinute * minuteMs;
			const wallEnd = day * dayMs + endMinute * minuteMs;
			for (let start = rangeStart; start + length <= rangeEnd; start += step) {
				if (start < from) continue;
				if (start >= to) break;
				if (start <= lastStart) continue;
				const end = start + length;
				if (clockChanges && !staysInside(zone, start, end, wallStart, wallEnd)) continue;
				if (busy.overlaps(start - before, end + after)) continue;
				slots.push({ start, end });
				lastStart = start;
			}
		}
	}
	return slots;
}

/**
 * Whether the practitioner's clock reads inside [wallStart, wallEnd] for the whole of a time, on a
 * day the clock changes. Checking the ends is not enough: when clocks go back, a time can start
 * and end inside the hours yet pass through an hour the clock repeats from before them. Clocks
 * change on whole minutes, so looking at every minute is exact; it runs only on such days.
 */
function staysInside(
	zone: ZoneView,
	start: number,
	end: number,
	wallStart: number,
	wallEnd: number
): boolean {
	for (let t = start; t < end; t += minuteMs) {
		const wall = zone.wallOf(t);
		if (wall < wallStart || wall >= wallEnd) return false;
	}
	return zone.wallOf(end) <= wallEnd;
}

/** Whether one start time is offered: the booking action asks this inside its transaction. */
export function isOffered(query: Omit<SlotQuery, 'from' | 'to'>, start: Date | number | string) {
	const at = toMs(start);
	return computeSlots({ ...query, from: at, to: at + 1 }).some((slot) => slot.start === at);
}

/** Up to `count` offered times nearest to `target`, in time order. */
export function nearestSlots(slots: readonly Slot[], target: number, count: number): Slot[] {
	return [...slots]
		.sort((a, b) => Math.abs(a.start - target) - Math.abs(b.start - target) || a.start - b.start)
		.slice(0, count)
		.sort((a, b) => a.start - b.start);
}
