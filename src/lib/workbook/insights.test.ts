import { describe, expect, it } from 'vitest';
import {
	addDays,
	bucketsOf,
	buildInsights,
	countScale,
	localDay,
	mondayOf,
	periodStart,
	rangeOf,
	readPeriod,
	type InsightsInput,
	type MomentFact
} from './insights';

// 29 November 2026 is a Sunday; its week began on Monday 23 November.
const today = '2026-11-29';

const moment = (day: string, fact: Partial<MomentFact>): MomentFact => ({
	day,
	before: null,
	after: null,
	waitedOut: 'not-asked',
	beliefs: [],
	people: [],
	peopleOwn: [],
	happened: [],
	...fact
});

/**
 * Four weeks of a member's workbook, with a few entries from before the period that must not
 * count. Every expected number below is worked out by hand beside it.
 */
const seeded: InsightsInput = {
	period: '4w',
	today,
	checkins: [
		{ instrument: 'rses', day: '2026-11-04', score: 15 },
		{ instrument: 'rses', day: '2026-11-18', score: 18 },
		{ instrument: 'scs-sf', day: '2026-11-18', score: 41 / 12 },
		{ instrument: 'rses', day: '2026-10-21', score: 9 }
	],
	moments: [
		moment('2026-11-03', {
			before: 80,
			after: 30,
			waitedOut: 'yes',
			beliefs: ['essay:too-much'],
			people: ['partner'],
			peopleOwn: ['Sam'],
			happened: ['no-reply']
		}),
		moment('2026-11-05', {
			before: 60,
			after: 50,
			waitedOut: 'no',
			beliefs: ['own:b1'],
			people: ['partner'],
			happened: ['criticism']
		}),
		moment('2026-11-17', {
			before: 90,
			after: 40,
			waitedOut: 'yes',
			beliefs: ['essay:not-enough', 'own:b1'],
			people: ['friend'],
			peopleOwn: ['sam'],
			happened: ['no-reply']
		}),
		// Before noted but not after: counted as a moment, not in the before-and-after picture.
		moment('2026-11-24', { before: 70 }),
		// Before the period.
		moment('2026-10-20', {
			before: 100,
			after: 0,
			waitedOut: 'yes',
			beliefs: ['own:b2'],
			people: ['work'],
			happened: ['conflict']
		})
	],
	beliefs: [
		{ id: 'b1', label: 'I am too much', essay: 'too-much' },
		{ id: 'b2', label: 'I have to be useful to be loved', essay: null }
	],
	ratings: [
		{ beliefId: 'b1', day: '2026-11-02', at: '2026-11-02T09:00:00.000Z', strength: 80 },
		{ beliefId: 'b1', day: '2026-11-28', at: '2026-11-28T09:00:00.000Z', strength: 55 },
		{ beliefId: 'b1', day: '2026-11-20', at: '2026-11-20T09:00:00.000Z', strength: 65 },
		{ beliefId: 'b2', day: '2026-10-01', at: '2026-10-01T09:00:00.000Z', strength: 90 },
		{ beliefId: 'b2', day: '2026-11-10', at: '2026-11-10T09:00:00.000Z', strength: 70 }
	],
	practiceWeeks: [
		{ week: '2026-10-26', chosen: 4 },
		{ week: '2026-11-02', chosen: 3 },
		{ week: '2026-11-16', chosen: 2 }
	],
	practiceEntries: ['2026-10-30', '2026-11-03', '2026-11-04', '2026-11-17'],
	wins: ['2026-11-01', '2026-11-10', '2026-11-11', '2026-11-24'],
	unreadable: 0
};

describe('periods', () => {
	it('reads the four periods and falls back to three months for anything else', () => {
		expect(readPeriod('4w')).toEqual({ period: '4w', fellBack: false });
		expect(readPeriod('all')).toEqual({ period: 'all', fellBack: false });
		expect(readPeriod(null)).toEqual({ period: '3m', fellBack: false });
		expect(readPeriod('3M')).toEqual({ period: '3m', fellBack: true });
		expect(readPeriod('<script>')).toEqual({ period: '3m', fellBack: true });
	});

	it('holds whole weeks or months, ending with the current one', () => {
		expect(mondayOf(today)).toBe('2026-11-23');
		expect(mondayOf('2026-11-23')).toBe('2026-11-23');
		// 23 November less 3 weeks, and less 12 weeks (84 days: 28 to 26 October, 56 to 28
		// September, 84 to 31 August).
		expect(periodStart('4w', today)).toBe('2026-11-02');
		expect(periodStart('3m', today)).toBe('2026-08-31');
		// This month and the 11 before it.
		expect(periodStart('1y', today)).toBe('2025-12-01');
		expect(periodStart('1y', '2026-01-15')).toBe('2025-02-01');
		expect(periodStart('all', today)).toBeNull();
		expect(bucketsOf(rangeOf('3m', today, null))).toHaveLength(13);
		expect(bucketsOf(rangeOf('1y', today, null)).map((b) => b.short)).toEqual([
			'Dec ’25',
			'Jan ’26',
			'Feb ’26',
			'Mar ’26',
			'Apr ’26',
			'May ’26',
			'Jun ’26',
			'Jul ’26',
			'Aug ’26',
			'Sept ’26',
			'Oct ’26',
			'Nov ’26'
		]);
		expect(bucketsOf(rangeOf('1y', today, null))[0]!.long).toBe('December 2025');
	});

	it('draws everything week by week up to 13 weeks back, and month by month beyond', () => {
		expect(rangeOf('all', today, '2026-10-20')).toEqual({
			start: '2026-10-19',
			end: today,
			grain: 'week'
		});
		expect(bucketsOf(rangeOf('all', today, '2026-10-20')).map((b) => b.key)).toEqual([
			'2026-10-19',
			'2026-10-26',
			'2026-11-02',
			'2026-11-09',
			'2026-11-16',
			'2026-11-23'
		]);
		// 13 weeks back is the Monday 31 August; a day earlier is drawn by month.
		expect(rangeOf('all', today, '2026-08-31').grain).toBe('week');
		expect(rangeOf('all', today, '2026-08-30')).toEqual({
			start: '2026-08-01',
			end: today,
			grain: 'month'
		});
		// June 2025 to November 2026: 7 months of 2025 and 11 of 2026.
		expect(bucketsOf(rangeOf('all', today, '2025-06-15'))).toHaveLength(18);
		expect(rangeOf('all', today, null)).toEqual({ start: '2026-11-23', end: today, grain: 'week' });
	});

	it('finds the day an instant falls on in the member’s zone, across clock changes', () => {
		expect(localDay('2026-11-29T03:00:00.000Z', 'America/New_York')).toBe('2026-11-28');
		expect(localDay('2026-11-29T05:00:00.000Z', 'America/New_York')).toBe('2026-11-29');
		expect(localDay('2026-11-28T19:00:00.000Z', 'Asia/Kolkata')).toBe('2026-11-29');
		// New York moves to summer time at 2:00 on 8 March 2026 (7:00 UTC); 4:30 UTC is still the 7th.
		expect(localDay('2026-03-08T04:30:00.000Z', 'America/New_York')).toBe('2026-03-07');
		expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
	});
});

describe('insights of four weeks', () => {
	const insights = buildInsights(seeded);

	it('groups the four weeks by their Mondays', () => {
		expect(insights.buckets.map((b) => b.key)).toEqual([
			'2026-11-02',
			'2026-11-09',
			'2026-11-16',
			'2026-11-23'
		]);
		expect(insights.buckets[0]).toEqual({
			key: '2026-11-02',
			short: '2 Nov',
			long: 'Week of 2 November 2026'
		});
		expect(insights.empty).toBe(false);
	});

	it('draws each check-in on its own scale, leaving out the one before the period', () => {
		const [rses, scs] = insights.checkins.series;
		expect(rses!.points.map((p) => p.score)).toEqual([15, 18]);
		expect(rses).toMatchObject({ min: 0, max: 30 });
		// 41/12 = 3.41…, shown to one decimal.
		expect(scs!.points.map((p) => p.shown)).toEqual(['3.4']);
		expect(scs).toMatchObject({ min: 1, max: 5 });
		// The range runs from 2 to 29 November, 27 days: the 4th is 2/27 of the way, the 18th 16/27.
		expect(rses!.points[0]!.x).toBeCloseTo(2 / 27);
		expect(rses!.points[1]!.x).toBeCloseTo(16 / 27);
		expect(insights.checkins.count).toBe(3);
		expect(insights.checkins.summary).toBe(
			'In the last 4 weeks, your self-esteem score went from 15 to 18 out of 30 over 2 check-ins, and your self-compassion score was 3.4 out of 5 at your one check-in. Higher means a warmer regard for yourself; scores move with what life brings, and they are not a grade.'
		);
	});

	it('compares the strongest feeling with how strong it was afterwards, week by week', () => {
		// Moments with both: 80→30 and 60→50 (week of 2 Nov), 90→40 (week of 16 Nov).
		// Before: (80 + 60 + 90) / 3 = 230 / 3 = 76.7 → 77. After: (30 + 50 + 40) / 3 = 40.
		expect(insights.intensity).toMatchObject({ moments: 4, pairs: 3, before: 77, after: 40 });
		expect(insights.intensity.rows.map((r) => [r.bucket.key, r.count, r.before, r.after])).toEqual([
			// (80 + 60) / 2 = 70; (30 + 50) / 2 = 40.
			['2026-11-02', 2, 70, 40],
			['2026-11-09', 0, null, null],
			['2026-11-16', 1, 90, 40],
			// 24 November has a strength before but none after.
			['2026-11-23', 0, null, null]
		]);
		expect(insights.intensity.summary).toBe(
			'Across the 3 moments in the last 4 weeks where you noted both, the strongest feeling was 77 out of 100 on average at the time and 40 afterwards. Strong feelings do ease, even when it does not seem so at the time.'
		);
	});

	it('counts the urges waited out among the moments that say', () => {
		// Said: yes (3 Nov), no (5 Nov), yes (17 Nov); 24 November was not asked.
		// 2 of 3 = 66.7% → 67%.
		expect(insights.waited).toMatchObject({ asked: 3, yes: 2, share: 67 });
		expect(insights.waited.rows.map((r) => [r.asked, r.yes, r.share])).toEqual([
			[2, 1, 50],
			[0, 0, null],
			[1, 1, 100],
			[0, 0, null]
		]);
		expect(insights.waited.summary).toBe(
			'Of the 3 moments in the last 4 weeks where you said whether you waited out the urge, you did in 2 (67%). Each time you noticed the urge counts, whichever way it went.'
		);
	});

	it('follows each belief rated in the period, oldest rating first', () => {
		expect(
			insights.beliefs.series.map((s) => ({
				label: s.label,
				strengths: s.points.map((p) => p.strength),
				first: s.first,
				last: s.last,
				summary: s.summary
			}))
		).toEqual([
			{
				label: 'I am too much',
				strengths: [80, 65, 55],
				first: 80,
				last: 55,
				summary: '3 ratings in the last 4 weeks: from 80 to 55 out of 100.'
			},
			{
				label: 'I have to be useful to be loved',
				// The rating of 1 October is before the period.
				strengths: [70],
				first: 70,
				last: 70,
				summary: 'Rated once in the last 4 weeks: 70 out of 100.'
			}
		]);
		expect(insights.beliefs.summary).toMatch(/^You have rated 2 beliefs in the last 4 weeks\./);
	});

	it('counts which beliefs fire with which people and after what', () => {
		const m = insights.matrix;
		// Partner (3 and 5 Nov), Friend (17 Nov), and "Sam" named on 3 Nov and as "sam" on 17 Nov.
		expect(m.people).toEqual([
			{ key: 'partner', label: 'Partner' },
			{ key: 'friend', label: 'Friend' },
			{ key: 'own:sam', label: 'Sam' }
		]);
		expect(m.happened).toEqual([
			{ key: 'no-reply', label: 'No reply' },
			{ key: 'criticism', label: 'Criticism' }
		]);
		// "I am too much" is the member's own belief b1 and the essay's words it rewords: 3 Nov
		// (the essay's words), 5 Nov and 17 Nov (b1). "I am not enough": 17 Nov only. b2 fired only
		// before the period.
		expect(m.rows).toEqual([
			{
				ref: 'own:b1',
				label: 'I am too much',
				total: 3,
				// Partner: 3 and 5 Nov; Friend: 17 Nov; Sam: 3 and 17 Nov.
				byPerson: [2, 1, 2],
				// No reply: 3 and 17 Nov; criticism: 5 Nov.
				byHappened: [2, 1]
			},
			{
				ref: 'essay:not-enough',
				label: 'I am not enough',
				total: 1,
				byPerson: [0, 1, 1],
				byHappened: [1, 0]
			}
		]);
		expect(m.max).toBe(2);
		expect(m.summary).toBe(
			'“I am too much” came up most often in the last 4 weeks: in 3 moments, 2 of them involving your partner and 2 after no reply. Knowing where a belief tends to fire can make it easier to notice next time.'
		);
	});

	it('adds up practices chosen, entries written and quiet wins per week', () => {
		expect(insights.practice.rows.map((r) => [r.bucket.key, r.chosen, r.entries, r.wins])).toEqual([
			// 3 chosen; entries on 3 and 4 Nov. The win of Sunday 1 November is the week before.
			['2026-11-02', 3, 2, 0],
			// Wins on 10 and 11 Nov.
			['2026-11-09', 0, 0, 2],
			// 2 chosen; an entry on 17 Nov.
			['2026-11-16', 2, 1, 0],
			// A win on 24 Nov.
			['2026-11-23', 0, 0, 1]
		]);
		// 3 + 2 chosen in 2 weeks; 2 + 1 entries; 2 + 1 wins.
		expect(insights.practice).toMatchObject({ chosen: 5, weeksChosen: 2, entries: 3, wins: 3 });
		expect(insights.practice.summary).toBe(
			'In the last 4 weeks you have written 3 practice entries, chosen practices for 2 weeks and noted 3 quiet wins. Small steps like these are how a steadier sense of yourself grows.'
		);
	});
});

describe('insights over longer periods', () => {
	it('draws more than 60 ratings of a belief as the mean of each month', () => {
		const days = Array.from({ length: 61 }, (_, i) => addDays('2026-09-30', i));
		expect(days[60]).toBe(today);
		// 30 September: 50; the 31 days of October: 60; 1 to 29 November: 40.
		const strengthOn = (day: string) => (day < '2026-10-01' ? 50 : day < '2026-11-01' ? 60 : 40);
		const insights = buildInsights({
			...seeded,
			period: '1y',
			ratings: days.map((day) => ({
				beliefId: 'b1',
				day,
				at: `${day}T08:00:00.000Z`,
				strength: strengthOn(day)
			}))
		});
		const [series] = insights.beliefs.series;
		expect(series).toMatchObject({ grouped: 'month', ratings: 61, first: 50, last: 40 });
		expect(series!.points.map((p) => [p.when, p.strength, p.ratings])).toEqual([
			['September 2026', 50, 1],
			['October 2026', 60, 31],
			['November 2026', 40, 29]
		]);
	});

	it('adds a year up month by month', () => {
		const insights = buildInsights({ ...seeded, period: '1y' });
		expect(insights.buckets).toHaveLength(12);
		const october = insights.practice.rows.find((r) => r.bucket.key === '2026-10')!;
		const november = insights.practice.rows.find((r) => r.bucket.key === '2026-11')!;
		// October: the week of 26 Oct (4 chosen), an entry on 30 Oct, no win.
		expect([october.chosen, october.entries, october.wins]).toEqual([4, 1, 0]);
		// November: weeks of 2 and 16 Nov (3 + 2); entries on 3, 4 and 17 Nov; all four wins.
		expect([november.chosen, november.entries, november.wins]).toEqual([5, 3, 4]);
		// The moment of 20 October (100 → 0) joins the three of November: (80+60+90+100)/4 = 82.5
		// → 83 before; (30+50+40+0)/4 = 30 after.
		expect(insights.intensity).toMatchObject({ pairs: 4, before: 83, after: 30 });
		// Waited out: yes, no, yes and yes = 3 of 4 = 75%.
		expect(insights.waited).toMatchObject({ asked: 4, yes: 3, share: 75 });
	});

	it('says gently when a period holds nothing, and where to begin', () => {
		const insights = buildInsights({
			period: '3m',
			today,
			checkins: [],
			moments: [],
			beliefs: [],
			ratings: [],
			practiceWeeks: [],
			practiceEntries: [],
			wins: [],
			unreadable: 0
		});
		expect(insights.empty).toBe(true);
		expect(insights.checkins.summary).toMatch(/^No check-ins in the last 3 months\./);
		expect(insights.intensity.summary).toMatch(/^No moments in the last 3 months\./);
		expect(insights.waited.share).toBeNull();
		expect(insights.beliefs.summary).toMatch(/^You have not rated a belief in the last 3 months/);
		expect(insights.matrix.rows).toEqual([]);
		expect(insights.matrix.summary).toMatch(/^No moments in the last 3 months\. When you write/);
		expect(insights.practice.summary).toMatch(/gentle place to begin\.$/);
		for (const text of [
			insights.checkins.summary,
			insights.intensity.summary,
			insights.waited.summary,
			insights.beliefs.summary,
			insights.matrix.summary,
			insights.practice.summary
		]) {
			expect(text).not.toMatch(/fail|should|streak|only|must/i);
		}
	});
});

describe('the people a member names', () => {
	it('gives the four named most their own columns and puts the rest together', () => {
		const names = ['Sam', 'Jo', 'Alex', 'Kit', 'Ren', 'Mo'];
		// Sam in 6 moments, Jo in 5, Alex in 4, Kit in 3, Ren in 2, Mo in 1: 21 moments.
		const moments = names.flatMap((name, i) =>
			Array.from({ length: 6 - i }, () =>
				moment('2026-11-10', { beliefs: ['essay:too-much'], peopleOwn: [name] })
			)
		);
		const insights = buildInsights({ ...seeded, moments, beliefs: [] });
		expect(insights.matrix.people.map((p) => p.label)).toEqual([
			'Sam',
			'Jo',
			'Alex',
			'Kit',
			'Others you named'
		]);
		// Ren (2) and Mo (1) share the last column: 3.
		expect(insights.matrix.rows).toEqual([
			{
				ref: 'essay:too-much',
				label: 'I am too much',
				total: 21,
				byPerson: [6, 5, 4, 3, 3],
				byHappened: []
			}
		]);
		expect(insights.matrix.summary).toMatch(/in 21 moments, 6 of them involving Sam\./);
	});
});

describe('scales for counts', () => {
	it('rounds the top up and marks it in two or three even steps', () => {
		expect(countScale(0)).toEqual({ max: 4, ticks: [0, 2, 4] });
		expect(countScale(3)).toEqual({ max: 4, ticks: [0, 2, 4] });
		// 7 / 2 = 3.5 → a step of 5; 7 rounds up to 10.
		expect(countScale(7)).toEqual({ max: 10, ticks: [0, 5, 10] });
		// 10 / 2 = 5 → a step of 5.
		expect(countScale(10)).toEqual({ max: 10, ticks: [0, 5, 10] });
		// 31 / 2 = 15.5 → a step of 20; 31 rounds up to 40.
		expect(countScale(31)).toEqual({ max: 40, ticks: [0, 20, 40] });
		// 12 / 2 = 6 → a step of 10; 12 rounds up to 20.
		expect(countScale(12)).toEqual({ max: 20, ticks: [0, 10, 20] });
	});
});
