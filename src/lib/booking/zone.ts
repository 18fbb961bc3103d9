import { Temporal } from '@js-temporal/polyfill';

export const minuteMs = 60_000;
export const dayMs = 86_400_000;

/** The zone's offset from UTC at an instant, in milliseconds (Temporal, exact). */
export function offsetAt(zone: string, epochMs: number): number {
	return (
		Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6
	);
}

/** A wall-clock date and minute in a zone to an instant, choosing as Temporal's 'compatible' does. */
export function wallToInstant(zone: string, day: number, minutes: number): number {
	const wall = new Date(day * dayMs + minutes * minuteMs);
	return Temporal.PlainDateTime.from({
		year: wall.getUTCFullYear(),
		month: wall.getUTCMonth() + 1,
		day: wall.getUTCDate(),
		hour: wall.getUTCHours(),
		minute: wall.getUTCMinutes()
	}).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

interface Segment {
	/** Inclusive start and end of the stretch, in epoch milliseconds. */
	from: number;
	to: number;
	/** The offset at `from` and at `to`; they differ where a change happens inside (under a minute). */
	fromOffset: number;
	toOffset: number;
}

/** How far apart the zone is sampled; two changes that cancel out within this would be missed. */
const sampleEveryMs = 7 * dayMs;

/**
 * One zone over one stretch of time, answering "what is the offset" and "which instant is this
 * wall-clock time" without asking Temporal every time. Temporal is asked for the offset once a
 * week across the stretch, and where two samples differ the change is found by halving down to a
 * minute; in between, the offset is known and the arithmetic is exact. Near a change, and for
 * anything outside the stretch, Temporal answers directly.
 *
 * Assumes no zone changes its offset and back again within one week, which holds for every zone
 * in the time-zone database for the years Steady books in.
 */
export class ZoneView {
	readonly zone: string;
	private readonly segments: Segment[] = [];

	constructor(zone: string, fromMs: number, toMs: number) {
		this.zone = zone;
		const points: number[] = [];
		for (let t = fromMs; t < toMs; t += sampleEveryMs) points.push(t);
		points.push(toMs);
		let previous = { at: points[0]!, offset: offsetAt(zone, points[0]!) };
		for (const at of points.slice(1)) {
			const offset = offsetAt(zone, at);
			if (offset === previous.offset) {
				this.push({ from: previous.at, to: at, fromOffset: offset, toOffset: offset });
			} else {
				// Halve until the change lies within one minute.
				let lo = previous.at;
				let hi = at;
				while (hi - lo > minuteMs) {
					const mid = lo + Math.floor((hi - lo) / 2);
					if (offsetAt(zone, mid) === previous.offset) lo = mid;
					else hi = mid;
				}
				const later = offsetAt(zone, hi);
				this.push({
					from: previous.at,
					to: lo,
					fromOffset: previous.offset,
					toOffset: previous.offset
				});
				this.push({ from: lo, to: hi, fromOffset: previous.offset, toOffset: later });
				this.push({ from: hi, to: at, fromOffset: later, toOffset: later });
			}
			previous = { at, offset };
		}
	}

	private push(segment: Segment): void {
		const last = this.segments.at(-1);
		const steady = (s: Segment) => s.fromOffset === s.toOffset;
		if (last && steady(last) && steady(segment) && last.toOffset === segment.fromOffset) {
			last.to = segment.to;
		} else {
			this.segments.push(segment);
		}
	}

	/** The offset in force at an instant, in milliseconds. */
	offsetAt(epochMs: number): number {
		const segments = this.segments;
		let lo = 0;
		let hi = segments.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const segment = segments[mid]!;
			if (epochMs < segment.from) hi = mid - 1;
			else if (epochMs > segment.to) lo = mid + 1;
			else if (segment.fromOffset === segment.toOffset || epochMs === segment.from) {
				return segment.fromOffset;
			} else if (epochMs === segment.to) {
				return segment.toOffset;
			} else {
				// Within the minute of a change: ask Temporal.
				return offsetAt(this.zone, epochMs);
			}
		}
		return offsetAt(this.zone, epochMs);
	}

	/** The wall-clock time at an instant, as milliseconds on a UTC-like scale. */
	wallOf(epochMs: number): number {
		return epochMs + this.offsetAt(epochMs);
	}

	/**
	 * The instant of a wall-clock time: `day` counts days since 1970-01-01, `minutes` from its
	 * midnight (1440 is the next midnight). A time skipped by a change moves forward; a time that
	 * happens twice is the earlier one (Temporal's 'compatible').
	 */
	toInstant(day: number, minutes: number): number {
		const wall = day * dayMs + minutes * minuteMs;
		// As Temporal does: look at the offsets a day either side. The same offset on both sides
		// means no change nearby, so the wall time happens exactly once.
		const before = this.offsetAt(wall - dayMs);
		const after = this.offsetAt(wall + dayMs);
		if (before === after) return wall - before;
		return wallToInstant(this.zone, day, minutes);
	}
}
