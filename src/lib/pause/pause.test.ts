import { describe, expect, it } from 'vitest';
import {
	draftFields,
	emptyDraft,
	errorsForStep,
	nextStep,
	pauseRecordFromForm,
	pauseRecordSchema,
	readPauseForm,
	recordOf,
	type PauseRecord
} from './pause';

function form(fields: [string, string][]): FormData {
	const f = new FormData();
	for (const [name, value] of fields) f.append(name, value);
	return f;
}

const finished: [string, string][] = [
	['feeling', 'anxious'],
	['feeling', 'rejected'],
	['strength-anxious', '80'],
	['strength-rejected', '60'],
	['feelingOwn', 'small'],
	['strength-own', '40'],
	['belief', 'pulls-away-failing'],
	['urge', 'reassurance'],
	['minutes', '20'],
	['waited', 'yes'],
	['after', '45'],
	['action', 'own'],
	['actionOwn', 'Make tea and call my sister'],
	['note', '  He answered an hour later.  ']
];

describe('the pause record', () => {
	it('reads a finished pause from its summary form', () => {
		const result = pauseRecordFromForm(form(finished));
		expect(result).toEqual({
			ok: true,
			record: {
				feelings: [
					{ feeling: { key: 'anxious' }, intensity: 80 },
					{ feeling: { key: 'rejected' }, intensity: 60 },
					{ feeling: { own: 'small' }, intensity: 40 }
				],
				intensityBefore: 80,
				belief: { key: 'pulls-away-failing' },
				urge: { key: 'reassurance' },
				minutes: 20,
				waitedOut: true,
				intensityAfter: 45,
				action: { own: 'Make tea and call my sister' },
				note: 'He answered an hour later.'
			} satisfies PauseRecord
		});
	});

	it('accepts a pause where everything but the minutes was skipped', () => {
		const result = pauseRecordFromForm(form([['minutes', '5']]));
		expect(result.ok && result.record).toEqual({
			feelings: [],
			intensityBefore: null,
			belief: null,
			urge: null,
			minutes: 5,
			waitedOut: null,
			intensityAfter: null,
			action: null,
			note: ''
		});
	});

	it('round-trips: the hidden fields of a draft read back as the same draft', () => {
		const { draft } = readPauseForm(form(finished));
		const again = readPauseForm(form(draftFields(draft)));
		expect(again.errors).toEqual({});
		expect(again.draft).toEqual(draft);
		expect(pauseRecordSchema.safeParse(recordOf(draft)).success).toBe(true);
	});

	it('leaves a step’s own fields out of the hidden ones on that step', () => {
		const { draft } = readPauseForm(form(finished));
		const names = draftFields(draft, ['after']).map(([n]) => n);
		expect(names).not.toContain('after');
		expect(names).not.toContain('action');
		expect(names).toContain('belief');
	});

	it.each([
		[[['minutes', '7']], 'minutes'],
		[
			[
				['minutes', '10'],
				['belief', 'i-am-bad']
			],
			'belief'
		],
		[
			[
				['minutes', '10'],
				['feeling', 'bored']
			],
			'feeling'
		],
		[
			[
				['minutes', '10'],
				['strength-anxious', '101']
			],
			'strength-anxious'
		],
		[
			[
				['minutes', '10'],
				['strength-anxious', '-1']
			],
			'strength-anxious'
		],
		[
			[
				['minutes', '10'],
				['after', 'a lot']
			],
			'after'
		],
		[
			[
				['minutes', '10'],
				['waited', 'maybe']
			],
			'waited'
		],
		[
			[
				['minutes', '10'],
				['urge', 'own'],
				['urgeOwn', 'x'.repeat(201)]
			],
			'urgeOwn'
		],
		[
			[
				['minutes', '10'],
				['note', 'x'.repeat(2001)]
			],
			'note'
		],
		[
			[
				['minutes', '10'],
				['minutes', '20']
			],
			'minutes'
		],
		[
			[
				['minutes', '10'],
				['password', 'x']
			],
			'form'
		]
	] as [[string, string][], string][])('refuses %j with a message on %s', (fields, field) => {
		const result = pauseRecordFromForm(form(fields));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors[field]).toMatch(/\w/);
	});

	it('keeps too-long text as typed, so nothing is lost when it is refused', () => {
		const long = 'I waited and it was hard. '.repeat(100);
		const { draft, errors } = readPauseForm(form([['note', long]]));
		expect(errors.note).toBeDefined();
		expect(draft.note).toBe(long);
	});

	it('treats "own" with no words as skipped', () => {
		const result = pauseRecordFromForm(
			form([
				['minutes', '10'],
				['belief', 'own'],
				['beliefOwn', '   ']
			])
		);
		expect(result.ok && result.record.belief).toBe(null);
	});

	it('refuses a record whose feeling before is not the strongest feeling', () => {
		const record = recordOf(readPauseForm(form(finished)).draft);
		expect(pauseRecordSchema.safeParse({ ...record, intensityBefore: 10 }).success).toBe(false);
		expect(pauseRecordSchema.safeParse({ ...record, extra: 1 }).success).toBe(false);
		expect(pauseRecordSchema.safeParse({ ...record, minutes: 15 }).success).toBe(false);
		expect(pauseRecordSchema.safeParse({ ...record, action: { key: 'x' } }).success).toBe(false);
		expect(pauseRecordSchema.safeParse(record).success).toBe(true);
	});

	it('sorts errors to the step they belong to', () => {
		expect(errorsForStep({ note: 'a', after: 'b', form: 'c' }, 'after')).toEqual({
			after: 'b',
			form: 'c'
		});
	});

	it('moves through the steps, and back from re-rating to choosing the wait', () => {
		expect(nextStep('breathe', 'next')).toBe('feel');
		expect(nextStep('urge', 'next')).toBe('wait');
		expect(nextStep('after', 'back')).toBe('urge');
		expect(nextStep('breathe', 'back')).toBe('breathe');
		expect(nextStep('summary', 'next')).toBe('summary');
		expect(emptyDraft().minutes).toBe(10);
	});
});
