import { z } from 'zod';
import type { FieldErrors } from '../forms/parse';
import { keysOf, practiceList, type PracticeKey } from './vocabulary';

/**
 * A practice as a member reads it (written by the practice in content/practices/<key>.md), and the
 * rules for what a member writes in it and for the practices they choose for a week.
 */

/** A place to write: one blank of an exercise, or one reflection prompt. */
export interface PracticeField {
	/** Stable: what is written is stored under it. */
	id: string;
	label: string;
	hint?: string;
	/** 1 for a single line, more for a box of that many rows. */
	lines: number;
}

export interface PracticeExercise {
	title: string;
	/** How to do it, as HTML made from the practice's Markdown. */
	how: string;
	fields: PracticeField[];
}

export interface PracticePrompt {
	id: string;
	text: string;
}

export interface PracticeGuide {
	key: PracticeKey;
	label: string;
	where: 'inside' | 'outside';
	/** One line, for lists. */
	summary: string;
	/** Why it matters, as HTML made from the practice's Markdown. */
	why: string;
	exercises: PracticeExercise[];
	prompts: PracticePrompt[];
}

/** The writing of one entry: field id → what was written (empty places are left out). */
export type PracticeAnswers = Record<string, string>;

/** Every place to write in a practice, exercises first, then the prompts, in page order. */
export function fieldsOf(guide: PracticeGuide): PracticeField[] {
	return [
		...guide.exercises.flatMap((exercise) => exercise.fields),
		...guide.prompts.map((prompt) => ({ id: prompt.id, label: prompt.text, lines: 4 }))
	];
}

/** No single answer is longer than this; more is refused with a message, never cut. */
export const maxAnswerLength = 10_000;

const tooLong = 'This is longer than we can keep in one place. Could you shorten it a little?';
export const nothingWritten =
	'There is nothing written yet. A few words in any one of these places is enough to save.';

/** The form of an entry: one text field for each place to write in this practice. */
export function entryFormSchema(guide: PracticeGuide) {
	return z.object(
		Object.fromEntries(fieldsOf(guide).map((field) => [field.id, z.string().optional()]))
	);
}

/**
 * What a member wrote for a practice, checked. Answers are kept as typed, trimmed at the ends;
 * empty places are left out. `keep` holds answers to places the practice no longer has (its text
 * was edited since): they are kept as they were rather than lost.
 */
export function parseEntry(
	guide: PracticeGuide,
	values: Record<string, string | undefined>,
	keep: PracticeAnswers = {}
): { ok: true; answers: PracticeAnswers } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const answers: PracticeAnswers = {};
	const ids = new Set(fieldsOf(guide).map((f) => f.id));
	for (const name of Object.keys(values)) {
		if (!ids.has(name)) errors.form = 'This was sent with something we did not expect.';
	}
	for (const id of ids) {
		const value = (values[id] ?? '').trim();
		if (value.length > maxAnswerLength) errors[id] = tooLong;
		else if (value !== '') answers[id] = value;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	if (Object.keys(answers).length === 0) return { ok: false, errors: { form: nothingWritten } };
	for (const [id, value] of Object.entries(keep)) if (!ids.has(id)) answers[id] = value;
	return { ok: true, answers };
}

/** A checkbox of the week's form: one name per practice, so each is sent at most once. */
export const choiceField = (key: string) => `choose-${key}`;

/** The form that chooses practices for the week. */
export const weekFormSchema = z.object(
	Object.fromEntries(practiceList.map((p) => [choiceField(p.key), z.literal('on').optional()]))
);

/** At most this many practices for one week: a few, gently, is plenty. */
export const maxPerWeek = 3;

export function parseWeekChoice(
	keys: string[]
): { ok: true; practices: PracticeKey[] } | { ok: false; errors: FieldErrors } {
	const known = keysOf(practiceList);
	const unique = [...new Set(keys)];
	if (unique.some((key) => !known.has(key))) {
		return {
			ok: false,
			errors: { practices: 'One of these is not a practice we know. Please choose again.' }
		};
	}
	if (unique.length > maxPerWeek) {
		return {
			ok: false,
			errors: {
				practices: `Please choose up to ${maxPerWeek}. A few, gently, is plenty for one week; the others will still be here.`
			}
		};
	}
	// Kept in the order of the list, whatever order they were sent in.
	const order = practiceList.map((p) => p.key as string);
	return {
		ok: true,
		practices: unique.sort((a, b) => order.indexOf(a) - order.indexOf(b)) as PracticeKey[]
	};
}

/** The keys ticked in a sent week form. */
export function chosenIn(values: Record<string, string | undefined>): string[] {
	return practiceList.filter((p) => values[choiceField(p.key)] === 'on').map((p) => p.key);
}
