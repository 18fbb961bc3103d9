import { z } from 'zod';
import type { FieldErrors } from '../forms/parse';
import type { Instrument } from './instruments';
import type { AnswerProblem, Answers } from './scoring';

/**
 * The check-in form: one group of radio buttons per item, named item-1, item-2 …, each sending the
 * chosen option's value. Nothing is required to send the form (a draft may be partial); the
 * service refuses to finish it until every item has an answer.
 */

export const itemField = (n: number) => `item-${n}`;

/** The form's schema: every item optional, nothing else accepted (see forms/parse.ts). */
export function checkinFormSchema(instrument: Instrument) {
	return z.object(
		Object.fromEntries(instrument.items.map((item) => [itemField(item.n), z.string().optional()]))
	);
}

const messages: Record<AnswerProblem['reason'], string> = {
	missing: 'This one has no answer yet. Please choose the answer closest to how you feel.',
	'not-an-option': 'That answer is not one of the choices here. Please choose one of them.',
	'not-an-item': 'This questionnaire has no statement with that number.'
};

/** The message beside an item that has no answer yet. */
export const unansweredMessage = messages.missing;

/** Each problem as a message beside its item, keyed by the item's field name. */
export function errorsFor(problems: readonly AnswerProblem[]): FieldErrors {
	return Object.fromEntries(problems.map((p) => [itemField(p.item), messages[p.reason]]));
}

/**
 * The answers a form carried, in item order (null where nothing was chosen), and a message for any
 * value that is not one of the item's options.
 */
export function readAnswers(
	instrument: Instrument,
	values: Record<string, string>
): { answers: (number | null)[]; errors: FieldErrors } {
	const allowed = new Map(instrument.options.map((o) => [String(o.value), o.value]));
	const errors: FieldErrors = {};
	const answers = instrument.items.map((item) => {
		const field = itemField(item.n);
		const sent = values[field];
		if (sent === undefined || sent === '') return null;
		const value = allowed.get(sent);
		if (value === undefined) {
			errors[field] = messages['not-an-option'];
			return null;
		}
		return value;
	});
	return { answers, errors };
}

/** Answers as the form's values, to show them chosen again. */
export function valuesOf(instrument: Instrument, answers: Answers): Record<string, string> {
	const values: Record<string, string> = {};
	instrument.items.forEach((item, index) => {
		const value = answers[index];
		if (value !== null && value !== undefined) values[itemField(item.n)] = String(value);
	});
	return values;
}
