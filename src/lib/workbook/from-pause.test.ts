import { describe, expect, it } from 'vitest';
import type { PauseRecord } from '$lib/pause/pause';
import { urgeKeys } from '$lib/pause/content';
import { momentFromPause } from './from-pause';
import { essayBeliefs, keysOf, urgePicks } from './vocabulary';

const finished: PauseRecord = {
	feelings: [
		{ feeling: { key: 'anxious' }, intensity: 80 },
		{ feeling: { key: 'rejected' }, intensity: 60 },
		{ feeling: { own: 'Small' }, intensity: 40 }
	],
	intensityBefore: 80,
	belief: { key: 'pulls-away-failing' },
	urge: { key: 'check' },
	minutes: 10,
	waitedOut: true,
	intensityAfter: 45,
	action: { key: 'let-wait' },
	note: 'He answered an hour later.'
};

describe('a finished pause as a moment', () => {
	it('keeps the feelings, the belief, the urge, the wait and the choice', () => {
		expect(momentFromPause(finished)).toEqual({
			whatHappened: 'He answered an hour later.',
			feelings: [
				{ key: 'anxious', name: 'Anxious', level: 80 },
				// Not among the workbook's named emotions: kept as the word it was.
				{ name: 'Rejected', level: 60 },
				{ name: 'Small', level: 40 }
			],
			beliefs: ['essay:pulls-away-failing'],
			urges: ['check-phone'],
			intensityNow: 45,
			waitedOut: 'yes',
			whatIDid: 'I paused for 10 minutes.',
			whatHelped: 'Let the message wait until I feel steadier'
		});
	});

	it('keeps own words for the belief and the urge, and an unanswered wait as not asked', () => {
		const moment = momentFromPause({
			...finished,
			belief: { own: 'Nobody stays' },
			urge: { own: 'Text my ex' },
			waitedOut: null,
			action: null,
			note: ''
		});
		expect(moment.whatHappened).toBe('The story I told myself: Nobody stays');
		expect(moment.beliefs).toBeUndefined();
		expect(moment.urges).toEqual(['other']);
		expect(moment.urgeOther).toBe('Text my ex');
		expect(moment.waitedOut).toBe('not-asked');
		expect(moment.whatHelped).toBeUndefined();
		expect(momentFromPause({ ...finished, waitedOut: false }).waitedOut).toBe('no');
	});

	it('names every Pause urge and belief in the workbook’s own words', () => {
		const workbookUrges = keysOf(urgePicks);
		for (const key of urgeKeys) {
			const [urge] = momentFromPause({ ...finished, urge: { key } }).urges ?? [];
			expect(workbookUrges.has(urge!), key).toBe(true);
		}
		for (const { key } of essayBeliefs) {
			expect(momentFromPause({ ...finished, belief: { key } }).beliefs).toEqual([`essay:${key}`]);
		}
	});
});
