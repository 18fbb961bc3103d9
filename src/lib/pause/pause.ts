import { z } from 'zod';
import {
	actionKeys,
	beliefKeys,
	feelingKeys,
	urgeKeys,
	waitMinutes,
	type ActionKey,
	type BeliefKey,
	type FeelingKey,
	type UrgeKey,
	type WaitMinutes
} from './content';

/** The steps of Pause, in order. `wait` is the timer; `summary` ends the sequence. */
export const pauseSteps = ['breathe', 'feel', 'story', 'urge', 'wait', 'after', 'summary'] as const;
export type PauseStep = (typeof pauseSteps)[number];

export const ownWordsMax = 200;
export const noteMax = 2000;

/** One of the offered choices, or the person's own words. */
export type Choice<K extends string> = { key: K } | { own: string };

/** A finished pause: what a save action receives. Every part may be left out but the minutes. */
export interface PauseRecord {
	feelings: { feeling: Choice<FeelingKey>; intensity: number }[];
	/** How strong the strongest feeling was at the start, 0–100. */
	intensityBefore: number | null;
	/** The story: which belief was speaking. */
	belief: Choice<BeliefKey> | null;
	urge: Choice<UrgeKey> | null;
	minutes: WaitMinutes;
	/** Whether the urge was waited out (not acted on) — the person's own answer. */
	waitedOut: boolean | null;
	/** How strong the feeling was afterwards, 0–100. */
	intensityAfter: number | null;
	action: Choice<ActionKey> | null;
	note: string;
}

const ownWords = z.string().trim().min(1).max(ownWordsMax);
const intensity = z.number().int().min(0).max(100);

function choiceSchema<K extends string>(keys: readonly [K, ...K[]]) {
	return z.union([z.object({ key: z.enum(keys) }).strict(), z.object({ own: ownWords }).strict()]);
}

export const pauseRecordSchema = z
	.object({
		feelings: z
			.array(z.object({ feeling: choiceSchema(feelingKeys), intensity }).strict())
			.max(feelingKeys.length + 1),
		intensityBefore: intensity.nullable(),
		belief: choiceSchema(beliefKeys).nullable(),
		urge: choiceSchema(urgeKeys).nullable(),
		minutes: z.union(waitMinutes.map((m) => z.literal(m)) as [z.ZodLiteral<WaitMinutes>]),
		waitedOut: z.boolean().nullable(),
		intensityAfter: intensity.nullable(),
		action: choiceSchema(actionKeys).nullable(),
		note: z.string().trim().max(noteMax)
	})
	.strict()
	.refine(
		(r) =>
			r.intensityBefore === null ||
			r.feelings.length === 0 ||
			r.intensityBefore === Math.max(...r.feelings.map((f) => f.intensity)),
		{ message: 'The feeling before is the strongest feeling named.', path: ['intensityBefore'] }
	) satisfies z.ZodType<PauseRecord>;

/**
 * What has been answered so far, as the form carries it from step to step. Text is kept exactly
 * as typed (even when too long, so nothing is lost when it is refused).
 */
export interface PauseDraft {
	feelings: FeelingKey[];
	feelingOwn: string;
	/** Strength per feeling key, and under 'own' for the person's own word. */
	strengths: Partial<Record<FeelingKey | 'own', number>>;
	belief: BeliefKey | 'own' | '';
	beliefOwn: string;
	urge: UrgeKey | 'own' | '';
	urgeOwn: string;
	minutes: WaitMinutes;
	waited: 'yes' | 'no' | '';
	after: number | null;
	action: ActionKey | 'own' | '';
	actionOwn: string;
	note: string;
}

export function emptyDraft(): PauseDraft {
	return {
		feelings: [],
		feelingOwn: '',
		strengths: {},
		belief: '',
		beliefOwn: '',
		urge: '',
		urgeOwn: '',
		minutes: 10,
		waited: '',
		after: null,
		action: '',
		actionOwn: '',
		note: ''
	};
}

/** The form's field names, for each step's own fields. */
export const stepFields: Record<PauseStep, string[]> = {
	breathe: [],
	feel: ['feeling', 'feelingOwn', ...[...feelingKeys, 'own'].map((k) => `strength-${k}`)],
	story: ['belief', 'beliefOwn'],
	urge: ['urge', 'urgeOwn', 'minutes'],
	wait: [],
	after: ['waited', 'after', 'action', 'actionOwn'],
	summary: ['note']
};

/** Fields that steer the sequence rather than carry an answer. */
export const controlFields = ['step', 'move', 'ended'];

const stepOfField = new Map<string, PauseStep>();
for (const step of pauseSteps) for (const f of stepFields[step]) stepOfField.set(f, step);

export type PauseErrors = Partial<Record<string, string>>;

function readStrength(value: string): number | null {
	if (!/^\d{1,3}$/.test(value.trim())) return null;
	const n = Number(value);
	return n >= 0 && n <= 100 ? n : null;
}

/**
 * Reads the answers a form carries (hidden fields from earlier steps and the step's own fields).
 * Anything unexpected gets a message beside its field; text is kept as typed.
 */
export function readPauseForm(form: FormData): { draft: PauseDraft; errors: PauseErrors } {
	const draft = emptyDraft();
	const errors: PauseErrors = {};
	const seen = new Set<string>();
	const single = (name: string): boolean => {
		if (seen.has(name)) {
			errors[name] = 'This was sent twice. Please choose once.';
			return false;
		}
		seen.add(name);
		return true;
	};
	const words = (name: string, value: string, max: number): string => {
		if (value.length > max) {
			errors[name] = `That is a little long for here: could you keep it under ${max} characters?`;
		}
		return value.slice(0, 20_000);
	};

	for (const [name, raw] of form.entries()) {
		if (typeof raw !== 'string') {
			errors.form = 'Please type your answers rather than attaching a file.';
			continue;
		}
		const value = raw;
		if (controlFields.includes(name)) continue;
		if (name === 'feeling') {
			if ((feelingKeys as string[]).includes(value)) {
				if (!draft.feelings.includes(value as FeelingKey)) draft.feelings.push(value as FeelingKey);
			} else errors.feeling = 'One of the feelings was not one we offer. Please choose again.';
			continue;
		}
		if (name.startsWith('strength-')) {
			const key = name.slice('strength-'.length);
			if (!(feelingKeys as string[]).includes(key) && key !== 'own') {
				errors.form = 'This form was sent with something we did not expect. Please try again.';
				continue;
			}
			if (!single(name)) continue;
			const n = readStrength(value);
			if (n === null) errors[name] = 'Please choose a number from 0 to 100.';
			else draft.strengths[key as FeelingKey | 'own'] = n;
			continue;
		}
		if (!stepOfField.has(name)) {
			errors.form = 'This form was sent with something we did not expect. Please try again.';
			continue;
		}
		if (!single(name)) continue;
		switch (name) {
			case 'feelingOwn':
				draft.feelingOwn = words(name, value, ownWordsMax);
				break;
			case 'beliefOwn':
				draft.beliefOwn = words(name, value, ownWordsMax);
				break;
			case 'urgeOwn':
				draft.urgeOwn = words(name, value, ownWordsMax);
				break;
			case 'actionOwn':
				draft.actionOwn = words(name, value, ownWordsMax);
				break;
			case 'note':
				draft.note = words(name, value, noteMax);
				break;
			case 'belief':
				if (value === '' || value === 'own' || (beliefKeys as string[]).includes(value)) {
					draft.belief = value as PauseDraft['belief'];
				} else errors.belief = 'Please choose one of the beliefs, or use your own words.';
				break;
			case 'urge':
				if (value === '' || value === 'own' || (urgeKeys as string[]).includes(value)) {
					draft.urge = value as PauseDraft['urge'];
				} else errors.urge = 'Please choose one of the urges, or use your own words.';
				break;
			case 'action':
				if (value === '' || value === 'own' || (actionKeys as string[]).includes(value)) {
					draft.action = value as PauseDraft['action'];
				} else errors.action = 'Please choose one of the actions, or use your own words.';
				break;
			case 'minutes':
				if ((waitMinutes as readonly number[]).includes(Number(value)) && /^\d+$/.test(value)) {
					draft.minutes = Number(value) as WaitMinutes;
				} else errors.minutes = 'Please choose 5, 10 or 20 minutes.';
				break;
			case 'waited':
				if (value === '' || value === 'yes' || value === 'no') draft.waited = value;
				else errors.waited = 'Please choose one of the two answers.';
				break;
			case 'after': {
				if (value === '') break;
				const n = readStrength(value);
				if (n === null) errors.after = 'Please choose a number from 0 to 100.';
				else draft.after = n;
				break;
			}
		}
	}
	return { draft, errors };
}

/** The errors that belong to one step's fields (or to the whole form). */
export function errorsForStep(errors: PauseErrors, step: PauseStep): PauseErrors {
	const own = new Set(stepFields[step]);
	return Object.fromEntries(
		Object.entries(errors).filter(([name]) => name === 'form' || own.has(name))
	);
}

/** Every answer in a draft as form fields, for hidden inputs that carry it to the next step. */
export function draftFields(draft: PauseDraft, except: PauseStep[] = []): [string, string][] {
	const skip = new Set(except.flatMap((s) => stepFields[s]));
	const out: [string, string][] = [];
	const add = (name: string, value: string) => {
		if (!skip.has(name) && value !== '') out.push([name, value]);
	};
	for (const f of draft.feelings) add('feeling', f);
	add('feelingOwn', draft.feelingOwn);
	for (const key of [...draft.feelings, ...(draft.feelingOwn.trim() ? ['own' as const] : [])]) {
		const n = draft.strengths[key];
		if (n !== undefined) add(`strength-${key}`, String(n));
	}
	add('belief', draft.belief);
	add('beliefOwn', draft.beliefOwn);
	add('urge', draft.urge);
	add('urgeOwn', draft.urgeOwn);
	add('minutes', String(draft.minutes));
	add('waited', draft.waited);
	add('after', draft.after === null ? '' : String(draft.after));
	add('action', draft.action);
	add('actionOwn', draft.actionOwn);
	add('note', draft.note);
	return out;
}

/** A choice; own words typed with nothing chosen count as the person's own. */
export function choiceOf<K extends string>(key: K | 'own' | '', own: string): Choice<K> | null {
	if (key === 'own' || key === '') return own.trim() ? { own: own.trim() } : null;
	return { key };
}

const defaultStrength = 50;

/** The named feelings with their strengths, the person's own word last. */
export function feelingsOf(draft: PauseDraft): PauseRecord['feelings'] {
	const list: PauseRecord['feelings'] = draft.feelings.map((key) => ({
		feeling: { key },
		intensity: draft.strengths[key] ?? defaultStrength
	}));
	if (draft.feelingOwn.trim()) {
		list.push({
			feeling: { own: draft.feelingOwn.trim() },
			intensity: draft.strengths.own ?? defaultStrength
		});
	}
	return list;
}

/** A draft as the record a save action keeps. */
export function recordOf(draft: PauseDraft): PauseRecord {
	const named = feelingsOf(draft);
	return {
		feelings: named,
		intensityBefore: named.length ? Math.max(...named.map((f) => f.intensity)) : null,
		belief: choiceOf(draft.belief, draft.beliefOwn),
		urge: choiceOf(draft.urge, draft.urgeOwn),
		minutes: draft.minutes,
		waitedOut: draft.waited === '' ? null : draft.waited === 'yes',
		intensityAfter: draft.after,
		action: choiceOf(draft.action, draft.actionOwn),
		note: draft.note.trim()
	};
}

/**
 * Reads a finished pause from the summary form, as a save action will: the answers, checked
 * against the record's schema.
 */
export function pauseRecordFromForm(
	form: FormData
): { ok: true; record: PauseRecord } | { ok: false; errors: PauseErrors; draft: PauseDraft } {
	const { draft, errors } = readPauseForm(form);
	if (Object.keys(errors).length > 0) return { ok: false, errors, draft };
	const parsed = pauseRecordSchema.safeParse(recordOf(draft));
	if (!parsed.success) {
		const found: PauseErrors = {};
		for (const issue of parsed.error.issues)
			found[String(issue.path[0] ?? 'form')] ??= issue.message;
		return { ok: false, errors: found, draft };
	}
	return { ok: true, record: parsed.data };
}

/** The step after `step`, or before it when going back. */
export function nextStep(step: PauseStep, move: 'next' | 'back'): PauseStep {
	const i = pauseSteps.indexOf(step);
	const j = move === 'back' ? Math.max(0, i - 1) : Math.min(pauseSteps.length - 1, i + 1);
	// Going back from the re-rating returns to choosing the wait, not to the timer itself.
	if (move === 'back' && pauseSteps[j] === 'wait') return 'urge';
	return pauseSteps[j]!;
}

export function isPauseStep(value: unknown): value is PauseStep {
	return typeof value === 'string' && (pauseSteps as readonly string[]).includes(value);
}
