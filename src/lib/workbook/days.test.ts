import { describe, expect, it } from 'vitest';
import { addDays, dayName, isCalendarDay, mondayOf, monthName, todayIn, weekIn } from './days';

describe('days in a member’s calendar', () => {
	it('knows a real calendar day from a string that only looks like one', () => {
		expect(isCalendarDay('2028-02-29')).toBe(true);
		expect(isCalendarDay('2026-02-29')).toBe(false);
		expect(isCalendarDay('2026-13-01')).toBe(false);
		expect(isCalendarDay('2026-1-01')).toBe(false);
		expect(isCalendarDay('29/11/2026')).toBe(false);
		expect(isCalendarDay('')).toBe(false);
	});

	it('finds the Monday of any day’s week, across a month and a year', () => {
		expect(mondayOf('2026-11-30')).toBe('2026-11-30');
		expect(mondayOf('2026-11-29')).toBe('2026-11-23');
		expect(mondayOf('2026-03-01')).toBe('2026-02-23');
		expect(mondayOf('2027-01-02')).toBe('2026-12-28');
		expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
	});

	it('reads today and the week in the zone, and in UTC for a zone it does not know', () => {
		const at = new Date('2026-11-29T23:30:00.000Z');
		expect(todayIn('Europe/Berlin', at)).toBe('2026-11-30');
		expect(weekIn('Europe/Berlin', at)).toBe('2026-11-30');
		expect(todayIn('America/Chicago', at)).toBe('2026-11-29');
		expect(weekIn('America/Chicago', at)).toBe('2026-11-23');
		expect(todayIn('Not/AZone', at)).toBe('2026-11-29');
	});

	it('names days and months in words', () => {
		expect(dayName('2026-11-30')).toBe('Monday 30 November 2026');
		expect(monthName('2026-11-30')).toBe('November 2026');
	});
});
