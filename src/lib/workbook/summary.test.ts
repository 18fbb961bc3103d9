import { describe, expect, it } from 'vitest';
import { emptyMoment } from './moment-form';
import { mondayOf, periodOverview } from './overview';
import { momentParts } from './moment-parts';
import { readSummaryForm } from './summary';

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [name, value] of entries) data.append(name, value);
	return data;
};

describe('the form that prepares a summary', () => {
	it('includes beliefs and moments when one is ticked, and an overview only when chosen', () => {
		const read = readSummaryForm(
			form([
				['title', '  Before we meet '],
				['section', 'check-ins'],
				['moment', 'm1'],
				['moment', 'm1'],
				['moment', 'm2'],
				['weeks', '8']
			])
		);
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.choice).toEqual({
			title: 'Before we meet',
			section: ['check-ins', 'moments'],
			moment: ['m1', 'm2'],
			belief: [],
			weeks: ''
		});
	});

	it('says what is missing beside each field, and keeps what was sent', () => {
		const nothing = readSummaryForm(
			form([
				['title', ''],
				['weeks', '4']
			])
		);
		expect(nothing.ok ? {} : Object.keys(nothing.errors).sort()).toEqual(['section', 'title']);
		const read = readSummaryForm(
			form([
				['title', 'x'.repeat(121)],
				['section', 'overview'],
				['belief', 'b1'],
				['weeks', '']
			])
		);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(Object.keys(read.errors).sort()).toEqual(['title', 'weeks']);
		expect(read.values).toEqual({
			title: 'x'.repeat(121),
			section: ['overview'],
			belief: ['b1'],
			moment: [],
			weeks: ''
		});
	});

	it('refuses a part it does not know, a title sent twice and a field it does not expect', () => {
		const read = readSummaryForm(
			form([
				['title', 'a'],
				['title', 'b'],
				['section', 'diary'],
				['colour', 'blue']
			])
		);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.errors.title).toMatch(/twice/);
		expect(read.errors.form).toMatch(/did not expect/);
		const unknown = readSummaryForm(
			form([
				['title', 'a'],
				['section', 'diary']
			])
		);
		expect(unknown.ok ? {} : unknown.errors).toHaveProperty('section');
		expect(readSummaryForm(form([['title', 'a']])).ok).toBe(false);
	});
});

describe('a moment in a summary', () => {
	it('lists only the parts that hold something, in the words of the moment page', () => {
		const parts = momentParts(
			{
				...emptyMoment,
				whatHappened: 'No reply all evening',
				happenedPicks: ['no-reply'],
				beliefs: ['essay:not-enough', 'own:b1', 'own:gone'],
				urges: ['other'],
				urgeOther: 'Write a long message',
				intensityNow: 0,
				waitedOut: 'no'
			},
			[{ id: 'b1', label: 'I must be useful' }]
		);
		expect(parts).toEqual([
			{ title: 'What happened', items: ['No reply all evening', 'No reply'] },
			{
				title: 'The story I told myself',
				items: ['“I am not enough”', '“I must be useful”', '“One of my beliefs”']
			},
			{ title: 'The urge', items: ['Write a long message'] },
			{ title: 'How strong the feeling was afterwards', items: ['0 out of 100'] },
			{ title: 'Waited out the urge', items: ['No'] }
		]);
	});
});

describe('a period’s overview', () => {
	it('finds the Monday of any day', () => {
		expect(mondayOf('2026-11-29')).toBe('2026-11-23');
		expect(mondayOf('2026-11-23')).toBe('2026-11-23');
		expect(mondayOf('2027-01-01')).toBe('2026-12-28');
	});

	it('counts each week up to today, and nothing outside the period', () => {
		const overview = periodOverview(
			{
				moments: [
					{ on: '2026-11-08', waitedOut: 'yes' },
					{ on: '2026-11-09', waitedOut: 'no' },
					{ on: '2026-11-20', waitedOut: 'not-asked' },
					{ on: '2026-11-30', waitedOut: 'yes' }
				],
				wins: [{ on: '2026-11-10' }, { on: '2026-11-29' }, { on: '2026-11-01' }],
				practiceEntries: [{ on: '2026-11-24' }, { on: '2026-11-24' }]
			},
			{ today: '2026-11-29', weeks: 3 }
		);
		expect(overview).toEqual({
			from: '2026-11-09',
			to: '2026-11-29',
			moments: 2,
			waitedOut: { asked: 1, yes: 0 },
			weeks: [
				{ monday: '2026-11-09', wins: 1, practiceEntries: 0 },
				{ monday: '2026-11-16', wins: 0, practiceEntries: 0 },
				{ monday: '2026-11-23', wins: 1, practiceEntries: 2 }
			]
		});
	});
});
