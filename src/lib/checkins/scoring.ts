import type { Instrument, InstrumentItem } from './instruments';

/**
 * Scoring of a check-in, exactly as each questionnaire's file describes it. Answers are the chosen
 * options' values in item order, null where an item is not answered yet.
 */

export type Answers = readonly (number | null)[];

export interface AnswerProblem {
	/** The item's number (1-based), as the questionnaire numbers it. */
	item: number;
	reason: 'missing' | 'not-an-option' | 'not-an-item';
}

/**
 * Each item left unanswered or answered with a value that is not one of its options, and any
 * answer beyond the last item.
 */
export function problemsWith(instrument: Instrument, answers: Answers): AnswerProblem[] {
	const allowed = new Set(instrument.options.map((o) => o.value));
	const problems: AnswerProblem[] = [];
	for (const [index, item] of instrument.items.entries()) {
		const value = answers[index];
		if (value === null || value === undefined) problems.push({ item: item.n, reason: 'missing' });
		else if (!allowed.has(value)) problems.push({ item: item.n, reason: 'not-an-option' });
	}
	for (let index = instrument.items.length; index < answers.length; index += 1) {
		problems.push({ item: index + 1, reason: 'not-an-item' });
	}
	return problems;
}

/** True when the answers have one place per item, each empty or one of the options. */
export function answersFit(instrument: Instrument, answers: Answers): boolean {
	return (
		answers.length === instrument.items.length &&
		problemsWith(instrument, answers).every((p) => p.reason === 'missing')
	);
}

/** What one answer adds to the score: the option's value, or for a reverse item its mirror. */
export function itemValue(instrument: Instrument, item: InstrumentItem, value: number): number {
	return item.reverse ? instrument.scoring.reverseFrom - value : value;
}

export type Scored = { ok: true; score: number } | { ok: false; problems: AnswerProblem[] };

/**
 * The questionnaire's score: the sum of the item values (RSES, 0–30) or their mean (SCS-SF, 1–5,
 * kept to two decimal places). Every item must be answered with one of its options.
 */
export function scoreOf(instrument: Instrument, answers: Answers): Scored {
	const problems = problemsWith(instrument, answers);
	if (problems.length > 0) return { ok: false, problems };
	const total = instrument.items.reduce(
		(sum, item, index) => sum + itemValue(instrument, item, answers[index]!),
		0
	);
	if (instrument.scoring.method === 'sum') return { ok: true, score: total };
	return { ok: true, score: roundToHundredths(total / instrument.items.length) };
}

function roundToHundredths(value: number): number {
	return Math.round(value * 100) / 100;
}

/** A score as it is shown: a whole number for a sum, two decimal places for a mean. */
export function formatScore(instrument: Instrument, score: number): string {
	return instrument.scoring.method === 'sum' ? String(score) : score.toFixed(2);
}

/** "20 out of 30", "3.50 out of 5": a score with the top of its range. */
export function scoreOutOf(instrument: Instrument, score: number): string {
	return `${formatScore(instrument, score)} out of ${instrument.scoring.range[1]}`;
}

/** "Rosenberg Self-Esteem Scale (RSES)": the questionnaire's full name with its short one. */
export function fullName(instrument: Instrument): string {
	return `${instrument.name} (${instrument.shortName})`;
}

export interface Change {
	/** Current minus previous, in the score's own units. */
	difference: number;
	direction: 'up' | 'down' | 'same';
}

/** How a score moved since an earlier one of the same questionnaire. */
export function changeBetween(previous: number, current: number): Change {
	const difference = roundToHundredths(current - previous);
	return {
		difference,
		direction: difference > 0 ? 'up' : difference < 0 ? 'down' : 'same'
	};
}

/** Where a score sits on the questionnaire's range, from 0 (its lowest) to 1 (its highest). */
export function positionOnRange(instrument: Instrument, score: number): number {
	const [low, high] = instrument.scoring.range;
	return Math.min(1, Math.max(0, (score - low) / (high - low)));
}
