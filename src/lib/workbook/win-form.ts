import { z } from 'zod';
import type { FieldErrors } from '../forms/parse';
import { isCalendarDay } from './days';
import { keysOf, winKinds, type WinKind } from './vocabulary';

/** A quiet win as it is kept: which sign of self-esteem, a note if any, and the day. */
export interface WinContent {
	kind: WinKind;
	note: string | null;
	/** YYYY-MM-DD, in the member's own calendar. */
	happenedOn: string;
}

/** A note is a line or a few, not an essay. */
export const maxNoteLength = 1_000;

/** The form of a win: the kind (a button or a choice), and an optional note and day. */
export const winFormSchema = z.object({
	kind: z.string().optional(),
	note: z.string().optional(),
	happened_on: z.string().optional()
});

export type WinValues = z.infer<typeof winFormSchema>;

export const futureDayMessage =
	'That day has not come yet. Please choose today or a day before it.';

/**
 * Checks a win. `today` is today in the member's zone: no later day is accepted. A win sent
 * without a day is given `unnamedDay` (today for a new win; the day it had, for a change).
 */
export function parseWin(
	values: WinValues,
	today: string,
	unnamedDay: string = today
): { ok: true; content: WinContent } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const kind = (values.kind ?? '').trim();
	if (kind === '') errors.kind = 'Please choose which kind of win it was.';
	else if (!keysOf(winKinds).has(kind)) {
		errors.kind = 'That is not one of the wins listed. Please choose one of them.';
	}
	const note = (values.note ?? '').trim();
	if (note.length > maxNoteLength) {
		errors.note = `Please keep the note to a few lines (up to ${maxNoteLength.toLocaleString('en-GB')} characters).`;
	}
	const day = (values.happened_on ?? '').trim();
	if (day !== '' && !isCalendarDay(day)) {
		errors.happened_on = 'Please give the day as a date, for example 2026-11-29.';
	} else if (day !== '' && day < '1900-01-01') {
		errors.happened_on = 'Please choose a day from 1900 on.';
	} else if (day > today) {
		errors.happened_on = futureDayMessage;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return {
		ok: true,
		content: {
			kind: kind as WinKind,
			note: note === '' ? null : note,
			happenedOn: day || unnamedDay
		}
	};
}
