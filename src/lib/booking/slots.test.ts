import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, type AvailabilityRules, type BusyTime, type Slot } from './availability';
import { describeTime } from './format';
import { computeSlots, isOffered, nearestSlots } from './slots';
import { ZoneView } from './zone';

const weekdays9to5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

function rules(overrides: Partial<AvailabilityRules> = {}): AvailabilityRules {
	return {
		timeZone: 'America/New_York',
		slotMinutes: 20,
		intervalMinutes: 30,
		bufferBeforeMinutes: 0,
		bufferAfterMinutes: 10,
		minimumNoticeMinutes: 0,
		horizonDays: 60,
		dailyCap: null,
		weekly: weekdays9to5,
		exceptions: [],
		...overrides
	};
}

/** Wall-clock "HH:MM" and offset of an instant in a zone, by Temporal directly. */
function wall(ms: number, zone: string): string {
	const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
	return `${z.toPlainTime().toString().slice(0, 5)}${z.offset}`;
}

function wallTimes(slots: Slot[], zone: string): string[] {
	return slots.map((s) => wall(s.start, zone));
}

/** The instant of a wall-clock time, by Temporal directly. */
function at(date: string, time: string, zone: string): number {
	return Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(zone).epochMilliseconds;
}

function day(date: string, zone: string) {
	return {
		from: at(date, '00:00', zone),
		to: Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime(zone).epochMilliseconds
	};
}

const now = Date.parse('2026-11-01T12:00:00Z');

describe('computeSlots on ordinary days', () => {
	it('offers 9:00 to 16:30 every half hour on a weekday', () => {
		const slots = computeSlots({
			availability: rules(),
			bookings: [],
			now,
			...day('2026-12-01', 'America/New_York')
		});
		expect(wallTimes(slots, 'America/New_York')).toEqual(
			[
				'09:00',
				'09:30',
				'10:00',
				'10:30',
				'11:00',
				'11:30',
				'12:00',
				'12:30',
				'13:00',
				'13:30',
				'14:00',
				'14:30',
				'15:00',
				'15:30',
				'16:00',
				'16:30'
			].map((t) => `${t}-05:00`)
		);
		expect(slots.every((s) => s.end - s.start === 20 * 60_000)).toBe(true);
	});

	it('offers nothing at the weekend and nothing outside the window', () => {
		const saturday = computeSlots({
			availability: rules(),
			bookings: [],
			now,
			...day('2026-12-05', 'America/New_York')
		});
		expect(saturday).toEqual([]);
		expect(computeSlots({ availability: rules(), bookings: [], now, from: now, to: now })).toEqual(
			[]
		);
	});

	it('keeps the minimum notice and the horizon', () => {
		const zone = 'America/New_York';
		const monday = at('2026-11-30', '12:10', zone);
		const slots = computeSlots({
			availability: rules({ minimumNoticeMinutes: 24 * 60, horizonDays: 2 }),
			bookings: [],
			now: monday,
			from: monday,
			to: monday + 10 * 86_400_000
		});
		expect(describeTime(slots[0]!.start, zone).full).toBe(
			'Tuesday 1 December 2026, 12:30 PM, Eastern Time'
		);
		const last = slots.at(-1)!;
		expect(describeTime(last.start, zone).full).toBe(
			'Wednesday 2 December 2026, 12:00 PM, Eastern Time'
		);
	});

	it('keeps a booked consultation and its buffers clear', () => {
		const zone = 'America/New_York';
		const booking: BusyTime = {
			start: at('2026-12-01', '10:00', zone),
			end: at('2026-12-01', '10:20', zone),
			blockedStart: at('2026-12-01', '10:00', zone),
			blockedEnd: at('2026-12-01', '10:30', zone)
		};
		const slots = computeSlots({
			availability: rules({ bufferBeforeMinutes: 0, bufferAfterMinutes: 10 }),
			bookings: [booking],
			now,
			...day('2026-12-01', zone)
		});
		const times = wallTimes(slots, zone).map((t) => t.slice(0, 5));
		expect(times).toContain('09:30');
		expect(times).not.toContain('10:00');
		expect(times).toContain('10:30');
		// A buffer before the new time reaches back into the booking's blocked half hour.
		const wider = computeSlots({
			availability: rules({ bufferBeforeMinutes: 10 }),
			bookings: [booking],
			now,
			...day('2026-12-01', zone)
		});
		expect(wallTimes(wider, zone).map((t) => t.slice(0, 5))).not.toContain('10:30');
	});

	it('stops offering a day that has reached its cap', () => {
		const zone = 'America/New_York';
		const booked = (time: string): BusyTime => ({
			start: at('2026-12-01', time, zone),
			end: at('2026-12-01', time, zone) + 20 * 60_000
		});
		const availability = rules({ dailyCap: 2 });
		const window = { from: at('2026-12-01', '00:00', zone), to: at('2026-12-03', '00:00', zone) };
		const one = computeSlots({ availability, bookings: [booked('09:00')], now, ...window });
		expect(one.filter((s) => describeTime(s.start, zone).dayKey === '2026-12-01')).toHaveLength(15);
		const two = computeSlots({
			availability,
			bookings: [booked('09:00'), booked('15:00')],
			now,
			...window
		});
		expect(two.some((s) => describeTime(s.start, zone).dayKey === '2026-12-01')).toBe(false);
		expect(two.filter((s) => describeTime(s.start, zone).dayKey === '2026-12-02')).toHaveLength(16);
	});

	it('applies days off, hours off and extra hours', () => {
		const zone = 'America/New_York';
		const availability = rules({
			exceptions: [
				{ date: '2026-12-01', kind: 'closed', start: null, end: null },
				{ date: '2026-12-02', kind: 'closed', start: '12:00', end: '17:00' },
				{ date: '2026-12-05', kind: 'open', start: '10:00', end: '11:00' },
				{ date: '2026-12-03', kind: 'closed', start: null, end: null },
				{ date: '2026-12-03', kind: 'open', start: '18:00', end: '19:00' }
			]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now,
			from: at('2026-12-01', '00:00', zone),
			to: at('2026-12-06', '00:00', zone)
		});
		const byDay = new Map<string, string[]>();
		for (const s of slots) {
			const words = describeTime(s.start, zone);
			byDay.set(words.dayKey, [...(byDay.get(words.dayKey) ?? []), words.time]);
		}
		expect(byDay.get('2026-12-01')).toBeUndefined();
		expect(byDay.get('2026-12-02')).toEqual([
			'9:00 AM',
			'9:30 AM',
			'10:00 AM',
			'10:30 AM',
			'11:00 AM',
			'11:30 AM'
		]);
		expect(byDay.get('2026-12-03')).toEqual(['6:00 PM', '6:30 PM']);
		expect(byDay.get('2026-12-04')).toHaveLength(16);
		expect(byDay.get('2026-12-05')).toEqual(['10:00 AM', '10:30 AM']);
	});

	it('joins overlapping ranges so that no time is offered twice', () => {
		const availability = rules({
			weekly: [
				{ weekday: 2, start: '09:00', end: '12:00' },
				{ weekday: 2, start: '10:00', end: '13:00' },
				{ weekday: 2, start: '13:00', end: '14:00' }
			]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now,
			...day('2026-12-01', 'America/New_York')
		});
		expect(slots).toHaveLength(10);
		expect(new Set(slots.map((s) => s.start)).size).toBe(10);
	});

	it('runs through to midnight with "24:00"', () => {
		const availability = rules({
			timeZone: 'Asia/Kolkata',
			weekly: [{ weekday: 2, start: '23:00', end: '24:00' }]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now,
			...day('2026-12-01', 'Asia/Kolkata')
		});
		expect(wallTimes(slots, 'Asia/Kolkata')).toEqual(['23:00+05:30', '23:30+05:30']);
	});

	it('picks the nearest offered times to one that was taken', () => {
		const slots = [1, 2, 3, 10, 11, 20].map((h) => ({ start: h, end: h + 1 }));
		expect(nearestSlots(slots, 10, 3).map((s) => s.start)).toEqual([3, 10, 11]);
	});
});

describe('computeSlots across daylight-saving changes', () => {
	it('spring forward in New York (8 March 2026): the missing hour offers nothing', () => {
		const zone = 'America/New_York';
		const availability = rules({
			weekly: [
				{ weekday: 7, start: '00:00', end: '05:00' },
				{ weekday: 7, start: '09:00', end: '17:00' }
			]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now: Date.parse('2026-03-01T00:00:00Z'),
			...day('2026-03-08', zone)
		});
		const times = wallTimes(slots, zone);
		expect(times.slice(0, 8)).toEqual([
			'00:00-05:00',
			'00:30-05:00',
			'01:00-05:00',
			'01:30-05:00',
			'03:00-04:00',
			'03:30-04:00',
			'04:00-04:00',
			'04:30-04:00'
		]);
		expect(times.slice(8)).toHaveLength(16);
		expect(times.slice(8).every((t) => t.endsWith('-04:00'))).toBe(true);
		expect(describeTime(slots[8]!.start, zone).full).toBe(
			'Sunday 8 March 2026, 9:00 AM, Eastern Time'
		);
	});

	it('fall back in New York (1 November 2026): the repeated hour is offered once per instant and named apart', () => {
		const zone = 'America/New_York';
		const availability = rules({ weekly: [{ weekday: 7, start: '00:00', end: '03:00' }] });
		const slots = computeSlots({
			availability,
			bookings: [],
			now: Date.parse('2026-10-20T00:00:00Z'),
			...day('2026-11-01', zone)
		});
		expect(wallTimes(slots, zone)).toEqual([
			'00:00-04:00',
			'00:30-04:00',
			'01:00-04:00',
			'01:30-04:00',
			'01:00-05:00',
			'01:30-05:00',
			'02:00-05:00',
			'02:30-05:00'
		]);
		const names = slots.map((s) => describeTime(s.start, zone).full);
		expect(new Set(names).size).toBe(names.length);
		expect(names[2]).toBe('Sunday 1 November 2026, 1:00 AM, Eastern Daylight Time');
		expect(names[4]).toBe('Sunday 1 November 2026, 1:00 AM, Eastern Standard Time');
	});

	it('spring forward in London (29 March 2026)', () => {
		const zone = 'Europe/London';
		const availability = rules({
			timeZone: zone,
			weekly: [{ weekday: 7, start: '00:00', end: '03:00' }]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now: Date.parse('2026-03-20T00:00:00Z'),
			...day('2026-03-29', zone)
		});
		expect(wallTimes(slots, zone)).toEqual([
			'00:00+00:00',
			'00:30+00:00',
			'02:00+01:00',
			'02:30+01:00'
		]);
	});

	it('fall back in London (25 October 2026)', () => {
		const zone = 'Europe/London';
		const availability = rules({
			timeZone: zone,
			weekly: [{ weekday: 7, start: '00:30', end: '02:00' }]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now: Date.parse('2026-10-20T00:00:00Z'),
			...day('2026-10-25', zone)
		});
		expect(wallTimes(slots, zone)).toEqual([
			'00:30+01:00',
			'01:00+01:00',
			'01:30+01:00',
			'01:00+00:00',
			'01:30+00:00'
		]);
	});

	it('Lord Howe moves forward half an hour (4 October 2026)', () => {
		const zone = 'Australia/Lord_Howe';
		const availability = rules({
			timeZone: zone,
			weekly: [{ weekday: 7, start: '01:00', end: '04:00' }]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now: Date.parse('2026-09-20T00:00:00Z'),
			...day('2026-10-04', zone)
		});
		expect(wallTimes(slots, zone)).toEqual([
			'01:00+10:30',
			'01:30+10:30',
			'02:30+11:00',
			'03:00+11:00',
			'03:30+11:00'
		]);
	});

	it('Lord Howe moves back half an hour (5 April 2026)', () => {
		const zone = 'Australia/Lord_Howe';
		const availability = rules({
			timeZone: zone,
			weekly: [{ weekday: 7, start: '01:00', end: '03:00' }]
		});
		const slots = computeSlots({
			availability,
			bookings: [],
			now: Date.parse('2026-03-20T00:00:00Z'),
			...day('2026-04-05', zone)
		});
		expect(wallTimes(slots, zone)).toEqual([
			'01:00+11:00',
			'01:30+11:00',
			'01:30+10:30',
			'02:00+10:30',
			'02:30+10:30'
		]);
	});

	it('a zone without daylight saving is the same every day of the year', () => {
		const zone = 'Asia/Kolkata';
		const availability = rules({
			timeZone: zone,
			horizonDays: 400,
			weekly: [{ weekday: 7, start: '09:00', end: '10:00' }]
		});
		for (const date of ['2026-03-08', '2026-03-29', '2026-11-01', '2026-10-25']) {
			const slots = computeSlots({
				availability,
				bookings: [],
				now: Date.parse('2026-01-01T00:00:00Z'),
				...day(date, zone)
			});
			expect(wallTimes(slots, zone)).toEqual(['09:00+05:30', '09:30+05:30']);
		}
	});
});

describe('ZoneView', () => {
	it(
		'agrees with Temporal about offsets and wall times across a year, minute by hour',
		{ timeout: 60_000 },
		() => {
			for (const zone of [
				'America/New_York',
				'Europe/London',
				'Australia/Lord_Howe',
				'Asia/Kathmandu'
			]) {
				const from = Date.parse('2026-01-01T00:00:00Z');
				const to = Date.parse('2027-01-01T00:00:00Z');
				const view = new ZoneView(zone, from, to);
				for (let t = from; t < to; t += 3_600_000 * 7 + 60_000 * 13) {
					const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
					expect(view.offsetAt(t)).toBe(z.offsetNanoseconds / 1e6);
				}
				for (let d = dayOf('2026-01-01'); d < dayOf('2027-01-01'); d += 1) {
					for (const minutes of [0, 90, 120, 150, 180, 540, 1440]) {
						const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
						const expected = Temporal.PlainDate.from(date)
							.toPlainDateTime()
							.add({ minutes })
							.toZonedDateTime(zone).epochMilliseconds;
						expect(view.toInstant(d, minutes)).toBe(expected);
					}
				}
			}
		}
	);
});

// ——— Property tests ———

const zones = [
	'America/New_York',
	'Europe/London',
	'Australia/Lord_Howe',
	'Asia/Kolkata',
	'Asia/Kathmandu'
];
/** A week before each 2026 change of these zones, and two quiet stretches. */
const anchors = [
	'2026-03-01',
	'2026-03-22',
	'2026-03-29',
	'2026-09-27',
	'2026-10-18',
	'2026-10-25',
	'2026-06-10',
	'2026-12-20'
].map((d) => Date.parse(`${d}T00:00:00Z`));

const hhmm = (minutes: number) =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const rangeArb = fc
	.record({
		weekday: fc.integer({ min: 1, max: 7 }),
		start: fc.integer({ min: 0, max: 286 }),
		length: fc.integer({ min: 1, max: 144 })
	})
	.map(({ weekday, start, length }) => ({
		weekday,
		start: hhmm(start * 5),
		end: hhmm(Math.min(288, start + length) * 5)
	}))
	.filter((r) => r.start < r.end);

const scenarioArb = fc
	.record({
		zone: fc.constantFrom(...zones),
		anchor: fc.constantFrom(...anchors),
		shiftMinutes: fc.integer({ min: 0, max: 8 * 24 * 60 }),
		weekly: fc.array(rangeArb, { maxLength: 8 }),
		slotMinutes: fc.constantFrom(15, 20, 30, 45, 60),
		intervalMinutes: fc.constantFrom(5, 10, 15, 20, 30, 60),
		bufferBeforeMinutes: fc.constantFrom(0, 5, 10, 15, 30),
		bufferAfterMinutes: fc.constantFrom(0, 5, 10, 15, 30),
		minimumNoticeMinutes: fc.integer({ min: 0, max: 72 * 12 }).map((n) => n * 5),
		horizonDays: fc.integer({ min: 1, max: 16 }),
		dailyCap: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
		exceptions: fc.array(
			fc.record({
				dayOffset: fc.integer({ min: -1, max: 16 }),
				kind: fc.constantFrom('closed' as const, 'open' as const),
				range: fc.option(rangeArb, { nil: null })
			}),
			{ maxLength: 4 }
		),
		bookings: fc.array(
			fc.record({
				minuteOffset: fc.integer({ min: -2 * 288, max: 18 * 288 }).map((n) => n * 5),
				length: fc.constantFrom(15, 20, 30, 60),
				before: fc.constantFrom(0, 5, 10, 15),
				after: fc.constantFrom(0, 5, 10, 15)
			}),
			{ maxLength: 25 }
		)
	})
	.map((s) => {
		const now = s.anchor + s.shiftMinutes * 60_000;
		const anchorDay = Math.floor(now / 86_400_000);
		const availability = rules({
			timeZone: s.zone,
			slotMinutes: s.slotMinutes,
			intervalMinutes: s.intervalMinutes,
			bufferBeforeMinutes: s.bufferBeforeMinutes,
			bufferAfterMinutes: s.bufferAfterMinutes,
			minimumNoticeMinutes: s.minimumNoticeMinutes,
			horizonDays: s.horizonDays,
			dailyCap: s.dailyCap,
			weekly: s.weekly,
			exceptions: s.exceptions.map((e) => ({
				date: new Date((anchorDay + e.dayOffset) * 86_400_000).toISOString().slice(0, 10),
				kind: e.kind,
				start: e.range?.start ?? (e.kind === 'open' ? '10:00' : null),
				end: e.range?.end ?? (e.kind === 'open' ? '12:00' : null)
			}))
		});
		const base = Math.floor(now / 300_000) * 300_000;
		const bookings = s.bookings.map((b) => {
			const start = base + b.minuteOffset * 60_000;
			const end = start + b.length * 60_000;
			return {
				start,
				end,
				blockedStart: start - b.before * 60_000,
				blockedEnd: end + b.after * 60_000
			};
		});
		return { availability, bookings, now, from: now, to: now + 17 * 86_400_000 };
	});

/** Whether a wall-clock minute of a date is working time, worked out plainly from the rules. */
function isWorking(
	rulesUsed: AvailabilityRules,
	date: Temporal.PlainDate,
	minute: number
): boolean {
	const iso = date.toString();
	const inRange = (start: string, end: string) => {
		const [sh, sm] = start.split(':').map(Number);
		const [eh, em] = end.split(':').map(Number);
		return minute >= sh! * 60 + sm! && minute < eh! * 60 + em!;
	};
	const changes = rulesUsed.exceptions.filter((e) => e.date === iso);
	if (changes.some((e) => e.kind === 'open' && inRange(e.start!, e.end!))) return true;
	if (changes.some((e) => e.kind === 'closed' && (e.start === null || inRange(e.start, e.end!))))
		return false;
	return rulesUsed.weekly.some((w) => w.weekday === date.dayOfWeek && inRange(w.start, w.end));
}

describe('computeSlots properties (fast-check)', () => {
	const runs = { numRuns: 300 };

	it(
		'every time lies inside working hours on the practitioner’s clock',
		{ timeout: 120_000 },
		() => {
			fc.assert(
				fc.property(scenarioArb, (q) => {
					const zone = q.availability.timeZone;
					// Every five minutes of the consultation, in elapsed time, must be working time on the
					// practitioner's clock, whatever the clock did in between.
					for (const slot of computeSlots(q)) {
						for (let t = slot.start; t < slot.end; t += 5 * 60_000) {
							const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
							if (!isWorking(q.availability, z.toPlainDate(), z.hour * 60 + z.minute)) return false;
						}
					}
					return true;
				}),
				runs
			);
		}
	);

	it('keeps notice and horizon, stays in the window, and offers each instant once, in order', () => {
		fc.assert(
			fc.property(scenarioArb, (q) => {
				const slots = computeSlots(q);
				const earliest = q.now + q.availability.minimumNoticeMinutes * 60_000;
				const latest = q.now + q.availability.horizonDays * 86_400_000;
				return slots.every(
					(s, i) =>
						s.start >= earliest &&
						s.start < latest &&
						s.start >= q.from &&
						s.start < q.to &&
						s.end - s.start === q.availability.slotMinutes * 60_000 &&
						(i === 0 || s.start > slots[i - 1]!.start)
				);
			}),
			runs
		);
	});

	it('never overlaps a booking with the buffers on either side', () => {
		fc.assert(
			fc.property(scenarioArb, (q) => {
				const before = q.availability.bufferBeforeMinutes * 60_000;
				const after = q.availability.bufferAfterMinutes * 60_000;
				return computeSlots(q).every((s) =>
					q.bookings.every(
						(b) => s.end + after <= b.blockedStart || s.start - before >= b.blockedEnd
					)
				);
			}),
			runs
		);
	});

	it('offers nothing on a day that has reached its cap', () => {
		fc.assert(
			fc.property(scenarioArb, (q) => {
				const cap = q.availability.dailyCap;
				if (cap === null) return true;
				const zone = q.availability.timeZone;
				const dateOf = (ms: number) =>
					Temporal.Instant.fromEpochMilliseconds(ms)
						.toZonedDateTimeISO(zone)
						.toPlainDate()
						.toString();
				const perDay = new Map<string, number>();
				for (const b of q.bookings)
					perDay.set(dateOf(b.start), (perDay.get(dateOf(b.start)) ?? 0) + 1);
				return computeSlots(q).every((s) => (perDay.get(dateOf(s.start)) ?? 0) < cap);
			}),
			runs
		);
	});

	it('a shown time is a bookable time: asking about one instant agrees with the whole list', () => {
		fc.assert(
			fc.property(scenarioArb, fc.integer({ min: 0, max: 1000 }), (q, pick) => {
				const slots = computeSlots(q);
				if (slots.length > 0) {
					const chosen = slots[pick % slots.length]!;
					if (!isOffered(q, chosen.start)) return false;
					if (isOffered(q, chosen.start + 60_000)) return false;
				}
				// And a time that is not in the list is not bookable either.
				const probe = Math.floor((q.now + (pick % 17) * 86_400_000) / 300_000) * 300_000;
				return isOffered(q, probe) === slots.some((s) => s.start === probe);
			}),
			{ numRuns: 200 }
		);
	});

	it('with no bookings, notice or cap, every grid time of a quiet day is offered', () => {
		fc.assert(
			fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 40 }), (zone, offset) => {
				const date = Temporal.PlainDate.from('2026-06-01').add({ days: offset });
				const slots = computeSlots({
					availability: rules({
						timeZone: zone,
						weekly: [{ weekday: date.dayOfWeek, start: '09:00', end: '17:00' }],
						bufferAfterMinutes: 0,
						horizonDays: 365
					}),
					bookings: [],
					now: Date.parse('2026-05-01T00:00:00Z'),
					...day(date.toString(), zone)
				});
				return slots.length === 16 && wall(slots[0]!.start, zone).startsWith('09:00');
			}),
			{ numRuns: 40 }
		);
	});
});
