import { describe, expect, it } from 'vitest';
import { instruments } from './instruments';
import {
	answersFit,
	changeBetween,
	formatScore,
	fullName,
	itemValue,
	positionOnRange,
	problemsWith,
	scoreOf,
	scoreOutOf
} from './scoring';

const rses = instruments.rses;
const scs = instruments['scs-sf'];

describe('the worked examples in the questionnaires’ own files', () => {
	for (const instrument of [rses, scs]) {
		for (const example of instrument.workedExamples) {
			it(`${instrument.shortName}: ${example.meaning} scores ${example.score}`, () => {
				expect(scoreOf(instrument, example.answers)).toEqual({ ok: true, score: example.score });
			});
		}
	}

	it('are there to be checked: RSES has three and SCS-SF two', () => {
		expect(rses.workedExamples).toHaveLength(3);
		expect(scs.workedExamples).toHaveLength(2);
	});
});

describe('the Rosenberg Self-Esteem Scale', () => {
	it('reverses items 2, 5, 6, 8 and 9 as 3 minus the value, and only those', () => {
		expect(rses.items.filter((i) => i.reverse).map((i) => i.n)).toEqual([2, 5, 6, 8, 9]);
		const [first, second] = rses.items;
		// Item 1 is not reversed: "Strongly agree" (3) counts 3.
		expect(itemValue(rses, first!, 3)).toBe(3);
		// Item 2 is: "Strongly agree" (3) counts 3 − 3 = 0, "Strongly disagree" (0) counts 3 − 0 = 3.
		expect(itemValue(rses, second!, 3)).toBe(0);
		expect(itemValue(rses, second!, 0)).toBe(3);
		expect(itemValue(rses, second!, 1)).toBe(2);
	});

	it('adds up a mixed set of answers, worked by hand', () => {
		// item:   1  2  3  4  5  6  7  8  9  10
		// chose:  2  1  3  2  1  2  2  1  1  2
		// counts: 2 +2 +3 +2 +2 +1 +2 +2 +2 +2 = 20
		// (reversed: item 2 → 3−1 = 2, item 5 → 3−1 = 2, item 6 → 3−2 = 1, items 8 and 9 → 3−1 = 2)
		expect(scoreOf(rses, [2, 1, 3, 2, 1, 2, 2, 1, 1, 2])).toEqual({ ok: true, score: 20 });
		// chose:  3  1  3  2  1  1  2  1  0  3
		// counts: 3 +2 +3 +2 +2 +2 +2 +2 +3 +3 = 24
		expect(scoreOf(rses, [3, 1, 3, 2, 1, 1, 2, 1, 0, 3])).toEqual({ ok: true, score: 24 });
		// "Disagree" (1) to the five positive items: 5 × 1 = 5;
		// "Agree" (2) to the five reversed ones: 5 × (3 − 2) = 5; 5 + 5 = 10.
		expect(scoreOf(rses, [1, 2, 1, 1, 2, 2, 1, 2, 2, 1])).toEqual({ ok: true, score: 10 });
	});

	it('gives 15 to the same answer everywhere, since half the items are reversed', () => {
		// "Agree" (2) everywhere: 5 × 2 + 5 × (3 − 2) = 15; "Disagree" (1): 5 × 1 + 5 × 2 = 15.
		for (const value of [0, 1, 2, 3]) {
			expect(scoreOf(rses, Array(10).fill(value))).toEqual({ ok: true, score: 15 });
		}
	});

	it('shows the sum as a whole number on 0–30', () => {
		expect(rses.scoring.range).toEqual([0, 30]);
		expect(formatScore(rses, 20)).toBe('20');
		expect(positionOnRange(rses, 0)).toBe(0);
		expect(positionOnRange(rses, 15)).toBe(0.5);
		expect(positionOnRange(rses, 30)).toBe(1);
	});
});

describe('the Self-Compassion Scale, short form', () => {
	it('reverses items 1, 4, 8, 9, 11 and 12 as 6 minus the value, and only those', () => {
		expect(scs.items.filter((i) => i.reverse).map((i) => i.n)).toEqual([1, 4, 8, 9, 11, 12]);
		expect(itemValue(scs, scs.items[0]!, 1)).toBe(5);
		expect(itemValue(scs, scs.items[0]!, 5)).toBe(1);
		expect(itemValue(scs, scs.items[0]!, 2)).toBe(4);
		expect(itemValue(scs, scs.items[1]!, 2)).toBe(2);
	});

	it('takes the mean of a mixed set of answers, worked by hand', () => {
		// item:   1  2  3  4  5  6  7  8  9  10 11 12
		// chose:  2  4  3  3  4  3  4  2  3  3  2  3
		// counts: 4 +4 +3 +3 +4 +3 +4 +4 +3 +3 +4 +3 = 42   (reversed: 6 − chosen)
		// mean:   42 / 12 = 3.5
		expect(scoreOf(scs, [2, 4, 3, 3, 4, 3, 4, 2, 3, 3, 2, 3])).toEqual({ ok: true, score: 3.5 });
		// "Almost never" (1) everywhere but item 12, "Rarely" (2) there:
		// positive items 2, 3, 5, 6, 7, 10: 6 × 1 = 6; reversed 1, 4, 8, 9, 11: 5 × (6 − 1) = 25;
		// item 12: 6 − 2 = 4. 6 + 25 + 4 = 35; 35 / 12 = 2.9166… → 2.92.
		expect(scoreOf(scs, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2])).toEqual({ ok: true, score: 2.92 });
		// The least self-compassionate answer on every item: each counts 1, so the mean is 1.
		expect(scoreOf(scs, [5, 1, 1, 5, 1, 1, 1, 5, 5, 1, 5, 5])).toEqual({ ok: true, score: 1 });
	});

	it('shows the mean with two decimal places on 1–5', () => {
		expect(scs.scoring.range).toEqual([1, 5]);
		expect(formatScore(scs, 3.5)).toBe('3.50');
		expect(formatScore(scs, 2.92)).toBe('2.92');
		expect(positionOnRange(scs, 3)).toBe(0.5);
	});

	it('is named in full, and a score with the top of its range', () => {
		expect(fullName(scs)).toBe('Self-Compassion Scale – Short Form (SCS-SF)');
		expect(fullName(rses)).toBe('Rosenberg Self-Esteem Scale (RSES)');
		expect(scoreOutOf(scs, 3.25)).toBe('3.25 out of 5');
		expect(scoreOutOf(rses, 21)).toBe('21 out of 30');
	});
});

describe('answers that cannot be scored', () => {
	it('refuses a set with any item unanswered, and names each one', () => {
		const answers = [2, null, 3, 2, 1, 2, 2, null, 1, 2];
		expect(scoreOf(rses, answers)).toEqual({
			ok: false,
			problems: [
				{ item: 2, reason: 'missing' },
				{ item: 8, reason: 'missing' }
			]
		});
		expect(scoreOf(rses, [])).toMatchObject({ ok: false });
		expect(problemsWith(rses, [])).toHaveLength(10);
		expect(problemsWith(rses, [3, 3])).toEqual(
			[3, 4, 5, 6, 7, 8, 9, 10].map((item) => ({ item, reason: 'missing' }))
		);
	});

	it('refuses a value that is not among the item’s options', () => {
		// 4 is no RSES option; 0 is one for the RSES but not for the SCS-SF; 2.5 is no option at all.
		expect(scoreOf(rses, [4, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual({
			ok: false,
			problems: [{ item: 1, reason: 'not-an-option' }]
		});
		expect(scoreOf(scs, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0])).toEqual({
			ok: false,
			problems: [{ item: 12, reason: 'not-an-option' }]
		});
		expect(scoreOf(rses, [3, 3, 2.5, 3, 3, 3, 3, 3, 3, 3])).toMatchObject({
			ok: false,
			problems: [{ item: 3, reason: 'not-an-option' }]
		});
	});

	it('refuses answers beyond the last item', () => {
		expect(scoreOf(rses, [...Array(10).fill(3), 3])).toEqual({
			ok: false,
			problems: [{ item: 11, reason: 'not-an-item' }]
		});
	});

	it('lets a draft hold empty places, but not values outside the options or extra places', () => {
		expect(answersFit(rses, [2, null, null, null, null, null, null, null, null, null])).toBe(true);
		expect(answersFit(rses, [2, null])).toBe(false);
		expect(answersFit(rses, [7, null, null, null, null, null, null, null, null, null])).toBe(false);
		expect(answersFit(scs, Array(12).fill(null))).toBe(true);
	});
});

describe('change since an earlier check-in', () => {
	it('says which way a score moved and by how much, in its own units', () => {
		expect(changeBetween(20, 24)).toEqual({ difference: 4, direction: 'up' });
		expect(changeBetween(24, 20)).toEqual({ difference: -4, direction: 'down' });
		expect(changeBetween(18, 18)).toEqual({ difference: 0, direction: 'same' });
		// 3.5 − 2.92 = 0.58 (without the float noise of 0.5800000000000001).
		expect(changeBetween(2.92, 3.5)).toEqual({ difference: 0.58, direction: 'up' });
	});
});
