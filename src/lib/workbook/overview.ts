import { addDays } from '../booking/calendar-days';
import { Temporal } from '@js-temporal/polyfill';
import type { WaitedOut } from './vocabulary';

/**
 * A period of the workbook in plain counts: how many moments were noted, how often an urge was
 * waited out when the question came up, and the quiet wins and practice entries of each week.
 * Everything arrives already opened and dated in the member's own zone ("YYYY-MM-DD"), so this
 * stays a small pure function that another page can share or replace.
 */

export interface OverviewInput {
	moments: { on: string; waitedOut: WaitedOut }[];
	wins: { on: string }[];
	practiceEntries: { on: string }[];
}

export interface OverviewWeek {
	/** The Monday the week starts on. */
	monday: string;
	wins: number;
	practiceEntries: number;
}

export interface Overview {
	/** The first day of the period (a Monday) and its last (today). */
	from: string;
	to: string;
	moments: number;
	/** Moments where "did you wait out the urge?" was answered, and how many said yes. */
	waitedOut: { asked: number; yes: number };
	weeks: OverviewWeek[];
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
	return addDays(date, 1 - Temporal.PlainDate.from(date).dayOfWeek);
}

/** The last `weeks` weeks up to and including `today`, oldest week first. */
export function periodOverview(
	input: OverviewInput,
	period: { today: string; weeks: number }
): Overview {
	const thisMonday = mondayOf(period.today);
	const mondays = Array.from({ length: period.weeks }, (_, i) =>
		addDays(thisMonday, -7 * (period.weeks - 1 - i))
	);
	const from = mondays[0]!;
	const within = (on: string) => on >= from && on <= period.today;
	const moments = input.moments.filter((m) => within(m.on));
	const asked = moments.filter((m) => m.waitedOut !== 'not-asked');
	const weekOf = (list: { on: string }[], monday: string) =>
		list.filter((item) => within(item.on) && mondayOf(item.on) === monday).length;
	return {
		from,
		to: period.today,
		moments: moments.length,
		waitedOut: { asked: asked.length, yes: asked.filter((m) => m.waitedOut === 'yes').length },
		weeks: mondays.map((monday) => ({
			monday,
			wins: weekOf(input.wins, monday),
			practiceEntries: weekOf(input.practiceEntries, monday)
		}))
	};
}
