import { z } from 'zod';
import { parseForm } from '../forms/parse';
import {
	essayBeliefs,
	essayQuestions,
	howMuch,
	painfulCycles,
	type EssayBeliefKey,
	type HowMuch
} from '../workbook/vocabulary';

/**
 * The self-check's answers: how much each of the essay's questions and beliefs sounds like the
 * reader, and which of its painful cycles they recognise. This is also the shape a member's saved
 * self-check is sealed in (`workbook_self_check.answers`). A question or belief left unanswered is
 * simply absent.
 */

export type QuestionKey = (typeof essayQuestions)[number]['key'];
export type CycleKey = (typeof painfulCycles)[number]['key'];
export type BeliefKey = EssayBeliefKey;

export interface SelfCheckAnswers {
	questions: Partial<Record<QuestionKey, HowMuch>>;
	beliefs: Partial<Record<BeliefKey, HowMuch>>;
	cycles: CycleKey[];
}

export function emptyAnswers(): SelfCheckAnswers {
	return { questions: {}, beliefs: {}, cycles: [] };
}

const howMuchKeys = howMuch.map((h) => h.key) as [HowMuch, ...HowMuch[]];
const questionKeys = essayQuestions.map((q) => q.key) as [QuestionKey, ...QuestionKey[]];
const beliefKeys = essayBeliefs.map((b) => b.key) as [BeliefKey, ...BeliefKey[]];
const cycleKeys = painfulCycles.map((c) => c.key) as [CycleKey, ...CycleKey[]];

/** The form's field names: one radio group per question and belief, one checkbox per cycle. */
export const questionField = (key: QuestionKey) => `question-${key}`;
export const beliefField = (key: BeliefKey) => `belief-${key}`;
export const cycleField = (key: CycleKey) => `cycle-${key}`;
/** What a ticked cycle's checkbox sends. */
export const ticked = 'yes';

const answerSchema = z.enum(howMuchKeys, {
	error: 'Please choose not at all, a little or a lot, or leave it unanswered.'
});

/** The one schema of the self-check form (and of the hidden fields that carry its answers). */
export const selfCheckFormSchema = z.strictObject({
	...Object.fromEntries(questionKeys.map((k) => [questionField(k), answerSchema.optional()])),
	...Object.fromEntries(beliefKeys.map((k) => [beliefField(k), answerSchema.optional()])),
	...Object.fromEntries(cycleKeys.map((k) => [cycleField(k), z.literal(ticked).optional()]))
});

const isHowMuch = (value: unknown): value is HowMuch =>
	typeof value === 'string' && (howMuchKeys as string[]).includes(value);

/** The answers held in a form's values; anything that is not a known answer is left out. */
function answersFromValues(values: Record<string, string>): SelfCheckAnswers {
	const answers = emptyAnswers();
	for (const key of questionKeys) {
		const value = values[questionField(key)];
		if (isHowMuch(value)) answers.questions[key] = value;
	}
	for (const key of beliefKeys) {
		const value = values[beliefField(key)];
		if (isHowMuch(value)) answers.beliefs[key] = value;
	}
	answers.cycles = cycleKeys.filter((key) => values[cycleField(key)] === ticked);
	return answers;
}

export type ReadSelfCheck =
	| { ok: true; answers: SelfCheckAnswers }
	| { ok: false; answers: SelfCheckAnswers; message: string };

export const unexpectedAnswers =
	'Part of what was sent did not come through as we expected, so we have left it out. Please look over your answers and send them again.';

/**
 * Reads the self-check form. A form with something unexpected in it (only a crafted one can have
 * that) is refused with a plain message, keeping every answer that could be read.
 */
export function readSelfCheckForm(form: FormData): ReadSelfCheck {
	const parsed = parseForm(selfCheckFormSchema, form);
	const answers = answersFromValues(parsed.values);
	return parsed.ok ? { ok: true, answers } : { ok: false, answers, message: unexpectedAnswers };
}

/** The answers as form fields, in the order the form asks them (for hidden fields). */
export function answerFields(answers: SelfCheckAnswers): [name: string, value: string][] {
	const fields: [string, string][] = [];
	for (const key of questionKeys) {
		const value = answers.questions[key];
		if (value) fields.push([questionField(key), value]);
	}
	for (const key of beliefKeys) {
		const value = answers.beliefs[key];
		if (value) fields.push([beliefField(key), value]);
	}
	for (const key of cycleKeys) {
		if (answers.cycles.includes(key)) fields.push([cycleField(key), ticked]);
	}
	return fields;
}

const storedSchema = z.strictObject({
	questions: z.partialRecord(z.enum(questionKeys), z.enum(howMuchKeys)),
	beliefs: z.partialRecord(z.enum(beliefKeys), z.enum(howMuchKeys)),
	cycles: z.array(z.enum(cycleKeys)).max(cycleKeys.length)
});

export const notSelfCheckAnswers =
	'These answers are not ones the self-check asks, so they were not saved. Please take the self-check again and save it from there.';

/**
 * Checks answers in their stored shape, as a service receives them: only the essay's questions,
 * beliefs and cycles, each answered with one of the three choices, each cycle once.
 */
export function checkAnswers(
	value: unknown
): { ok: true; answers: SelfCheckAnswers } | { ok: false; message: string } {
	const result = storedSchema.safeParse(value);
	if (!result.success) return { ok: false, message: notSelfCheckAnswers };
	const { questions, beliefs, cycles } = result.data;
	if (new Set(cycles).size !== cycles.length) return { ok: false, message: notSelfCheckAnswers };
	// Kept in the form's order, so the same answers are always stored the same way.
	return {
		ok: true,
		answers: {
			questions: Object.fromEntries(
				questionKeys.filter((k) => questions[k]).map((k) => [k, questions[k]!])
			),
			beliefs: Object.fromEntries(
				beliefKeys.filter((k) => beliefs[k]).map((k) => [k, beliefs[k]!])
			),
			cycles: cycleKeys.filter((k) => cycles.includes(k))
		}
	};
}
