import { z } from 'zod';
import { maxFieldLength, type FieldErrors } from '../forms/parse';
import type { MomentPart } from './moment-parts';
import type { Overview } from './overview';

/**
 * A summary a member prepares for the practice: a snapshot of the parts of the workbook they chose,
 * kept exactly as they saw it (words, not keys), so what the practitioner reads is what the member
 * agreed to share, however the workbook changes afterwards.
 */

export const summarySections = [
	{ key: 'self-check', label: 'My latest self-check' },
	{ key: 'check-ins', label: 'My latest check-ins' },
	{ key: 'beliefs', label: 'Beliefs I choose, with how strongly I hold them now' },
	{ key: 'moments', label: 'Moments I choose' },
	{ key: 'overview', label: 'An overview of a period' }
] as const;
export type SummarySectionKey = (typeof summarySections)[number]['key'];
const sectionKeys = summarySections.map((s) => s.key);

/** The parts chosen by a tick of their own; beliefs and moments are in when one of them is ticked. */
const tickedSections = ['self-check', 'check-ins', 'overview'] as const;

/** The periods an overview may cover, in weeks up to and including this one. */
export const overviewPeriods = ['4', '8', '12'] as const;

/** How many of the latest check-ins of each questionnaire a summary holds. */
export const checkInsPerQuestionnaire = 3;

export interface AnsweredQuestion {
	question: string;
	answer: string;
}

export interface SummaryContent {
	version: 1;
	/** "29 November 2026", in the member's zone. */
	preparedOn: string;
	selfCheck?: {
		savedOn: string;
		questions: AnsweredQuestion[];
		beliefs: AnsweredQuestion[];
		cycles: string[];
	};
	checkIns?: { questionnaire: string; score: string; on: string }[];
	beliefs?: { words: string; strength: number | null }[];
	moments?: { on: string; parts: MomentPart[] }[];
	overview?: Overview;
}

/** "23 November 2026" for a calendar date ("2026-11-23"). */
export function longDate(date: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${date}T12:00:00Z`));
}

/** "29 November 2026, 15:04" for an instant, in a zone (the same whatever the ICU version joins with). */
export function dateAndTime(iso: string, timeZone: string): string {
	const at = new Date(iso);
	const date = new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone
	}).format(at);
	const time = new Intl.DateTimeFormat('en-GB', {
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZone
	}).format(at);
	return `${date}, ${time}`;
}

// The form that prepares a summary.

export interface SummaryFormValues {
	title: string;
	section: string[];
	belief: string[];
	moment: string[];
	weeks: string;
}

export const emptySummaryForm: SummaryFormValues = {
	title: '',
	section: [],
	belief: [],
	moment: [],
	weeks: '4'
};

const listFields = ['section', 'belief', 'moment'] as const;
const textFields = ['title', 'weeks'] as const;
const anId = z.string().max(100);

export const summaryFormSchema = z
	.object({
		title: z
			.string()
			.trim()
			.min(1, 'Please give the summary a title — a few words are enough.')
			.max(120, 'Please keep the title to 120 characters or fewer.'),
		section: z.array(
			z.enum(tickedSections, 'One of these choices is not one we know. Please choose again.')
		),
		belief: z.array(anId),
		moment: z.array(anId),
		weeks: z.union([z.enum(overviewPeriods), z.literal('')])
	})
	.superRefine((form, ctx) => {
		if (form.section.length + form.belief.length + form.moment.length === 0) {
			ctx.addIssue({
				code: 'custom',
				path: ['section'],
				message: 'Please choose at least one thing to include.'
			});
		}
		if (form.section.includes('overview') && form.weeks === '') {
			ctx.addIssue({
				code: 'custom',
				path: ['weeks'],
				message: 'Please choose how many weeks the overview covers.'
			});
		}
	});

/** What a member chose to put in a summary, checked. */
export interface SummaryChoice {
	title: string;
	/** In the order the summary shows them. */
	section: SummarySectionKey[];
	belief: string[];
	moment: string[];
	/** The overview's weeks, '' without an overview. */
	weeks: (typeof overviewPeriods)[number] | '';
}

/**
 * Reads the form: ticked boxes may repeat, the rest may not. Everything sent is kept in `values`,
 * so the page can show it again beside any error.
 */
export function readSummaryForm(
	form: FormData
):
	| { ok: true; choice: SummaryChoice; values: SummaryFormValues }
	| { ok: false; errors: FieldErrors; values: SummaryFormValues } {
	const values: SummaryFormValues = { title: '', section: [], belief: [], moment: [], weeks: '' };
	const errors: FieldErrors = {};
	const seen = new Set<string>();
	for (const [name, value] of form.entries()) {
		if (typeof value !== 'string') {
			errors[name] = 'Please type this in rather than attaching a file.';
			continue;
		}
		if (value.length > maxFieldLength) {
			errors[name] = 'This is much longer than we can keep. Could you shorten it?';
			continue;
		}
		if ((listFields as readonly string[]).includes(name)) {
			values[name as (typeof listFields)[number]].push(value);
		} else if ((textFields as readonly string[]).includes(name)) {
			if (seen.has(name)) errors[name] = 'This was sent twice. Please fill it in once.';
			else values[name as (typeof textFields)[number]] = value;
			seen.add(name);
		} else {
			errors.form = 'This form was sent with something we did not expect. Please try again.';
		}
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors, values };
	const parsed = summaryFormSchema.safeParse(values);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			errors[String(issue.path[0] ?? 'form')] ??= issue.message;
		}
		return { ok: false, errors, values };
	}
	const form_ = parsed.data;
	const belief = [...new Set(form_.belief)];
	const moment = [...new Set(form_.moment)];
	const chosen = new Set<string>(form_.section);
	if (belief.length > 0) chosen.add('beliefs');
	if (moment.length > 0) chosen.add('moments');
	return {
		ok: true,
		values,
		choice: {
			title: form_.title,
			section: sectionKeys.filter((key) => chosen.has(key)),
			belief,
			moment,
			weeks: chosen.has('overview') ? form_.weeks : ''
		}
	};
}
