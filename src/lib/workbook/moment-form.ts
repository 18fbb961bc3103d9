import { maxFieldLength, type FieldErrors } from '../forms/parse';
import {
	emotions,
	essayBeliefs,
	happenedPicks,
	keysOf,
	peoplePicks,
	urgePicks,
	waitedOutChoices,
	type WaitedOut
} from './vocabulary';

/**
 * A moment as the form holds it: what was typed, exactly, field by field (checkbox groups as
 * lists). Drafts keep this shape, so what someone typed is kept even when it cannot be read yet.
 */
export type MomentValues = Record<string, string | string[]>;

/** One calm step at a time; every step may be skipped. */
export const momentSteps = [
	{ key: 'happened', title: 'What happened?' },
	{ key: 'who', title: 'Who was it with?' },
	{ key: 'felt', title: 'What did you feel?' },
	{ key: 'story', title: 'What story did you tell yourself?' },
	{ key: 'urge', title: 'What did you feel the urge to do?' },
	{ key: 'did', title: 'What did you do?' },
	{ key: 'helped', title: 'What helped?' },
	{ key: 'now', title: 'How strong is the feeling now?' }
] as const;
export type MomentStep = (typeof momentSteps)[number]['key'];

export const feelingField = (key: string) => `feel_${key}`;

const stepFields: Record<MomentStep, string[]> = {
	happened: ['what_happened', 'happened'],
	who: ['people', 'people_own'],
	felt: [...emotions.map((e) => feelingField(e.key)), 'feel_own_name', 'feel_own_level'],
	story: ['beliefs'],
	urge: ['urges', 'urge_other'],
	did: ['what_i_did'],
	helped: ['what_helped'],
	now: ['intensity_now']
};

/** Every field of a moment, the whole form (the edit page) has them all and `waited_out`. */
export const allMomentFields = [...Object.values(stepFields).flat(), 'waited_out'];
// Checkbox groups: the only fields that may be sent more than once.
const listFields = new Set(['happened', 'people', 'beliefs', 'urges', 'origins']);

export function fieldsOfStep(step: MomentStep): string[] {
	return stepFields[step];
}

export function isMomentStep(value: string | null): value is MomentStep {
	return momentSteps.some((s) => s.key === value);
}

export interface ReadForm {
	values: MomentValues;
	errors: FieldErrors;
}

/**
 * Reads the named fields from a submitted form. Lists may repeat; other fields may not. Nothing
 * typed is dropped from `values`, so the page can show it again beside any error.
 */
export function readMomentFields(form: FormData, fields: string[], extra: string[] = []): ReadForm {
	const known = new Set(fields);
	const allowed = new Set([...fields, ...extra]);
	const values: MomentValues = {};
	const errors: FieldErrors = {};
	for (const name of fields) if (listFields.has(name)) values[name] = [];
	for (const [name, value] of form.entries()) {
		if (!allowed.has(name)) {
			errors.form = 'This form was sent with something we did not expect. Please try again.';
			continue;
		}
		if (!known.has(name)) continue;
		if (typeof value !== 'string') {
			errors[name] = 'Please type this in rather than attaching a file.';
			continue;
		}
		if (value.length > maxFieldLength) {
			errors[name] = 'This is much longer than we can keep. Could you shorten it?';
			continue;
		}
		if (listFields.has(name)) {
			(values[name] as string[]).push(value);
		} else if (name in values) {
			errors[name] = 'This was sent twice. Please fill it in once.';
		} else {
			values[name] = value;
		}
	}
	return { values, errors };
}

export function textOf(values: MomentValues, name: string): string {
	const value = values[name];
	return typeof value === 'string' ? value : '';
}

export function listOf(values: MomentValues, name: string): string[] {
	const value = values[name];
	return Array.isArray(value) ? value : [];
}

export interface Feeling {
	/** A named emotion from the list, or undefined for the member's own word. */
	key?: string;
	name: string;
	level: number | null;
}

/** 'essay:<key>' for one of the essay's beliefs, 'own:<belief id>' for one of the member's own. */
export type BeliefRef = `essay:${string}` | `own:${string}`;

export interface MomentContent {
	whatHappened: string;
	happenedPicks: string[];
	people: string[];
	peopleOwn: string[];
	feelings: Feeling[];
	beliefs: BeliefRef[];
	urges: string[];
	urgeOther: string;
	whatIDid: string;
	whatHelped: string;
	intensityNow: number | null;
	waitedOut: WaitedOut;
}

export const emptyMoment: MomentContent = {
	whatHappened: '',
	happenedPicks: [],
	people: [],
	peopleOwn: [],
	feelings: [],
	beliefs: [],
	urges: [],
	urgeOther: '',
	whatIDid: '',
	whatHelped: '',
	intensityNow: null,
	waitedOut: 'not-asked'
};

export const levelMessage =
	'Please give a whole number from 0 (not at all) to 100 (as strong as it gets).';

/** '' → null; "0"…"100" → the number; anything else → undefined (an error). */
export function readLevel(raw: string): number | null | undefined {
	const text = raw.trim();
	if (text === '') return null;
	if (!/^\d{1,3}$/.test(text)) return undefined;
	const value = Number(text);
	return value <= 100 ? value : undefined;
}

const maxText = 10_000;
const tooLong = 'This is longer than we can keep in one place. Could you shorten it a little?';

/**
 * Turns what was typed into a moment, or says beside each field what needs another look.
 * `ownBeliefIds` are the member's own beliefs that may be picked.
 */
export function parseMoment(
	values: MomentValues,
	ownBeliefIds: ReadonlySet<string>
):
	| { ok: true; content: MomentContent }
	| { ok: false; errors: FieldErrors; content: MomentContent } {
	const errors: FieldErrors = {};
	const text = (name: string) => {
		const value = textOf(values, name).trim();
		if (value.length > maxText) errors[name] = tooLong;
		return value;
	};
	const picks = (name: string, allowed: Set<string>) => {
		const chosen = [...new Set(listOf(values, name))];
		if (chosen.some((key) => !allowed.has(key))) {
			errors[name] = 'One of these choices is not one we know. Please choose again.';
		}
		return chosen.filter((key) => allowed.has(key));
	};

	const feelings: Feeling[] = [];
	for (const emotion of emotions) {
		const raw = textOf(values, feelingField(emotion.key));
		const level = readLevel(raw);
		if (level === undefined) errors[feelingField(emotion.key)] = levelMessage;
		else if (level !== null) feelings.push({ key: emotion.key, name: emotion.label, level });
	}
	const ownName = text('feel_own_name');
	const ownLevel = readLevel(textOf(values, 'feel_own_level'));
	if (ownLevel === undefined) errors.feel_own_level = levelMessage;
	if (ownName.length > 80) errors.feel_own_name = 'Please keep the name of the feeling short.';
	if (ownName !== '') feelings.push({ name: ownName, level: ownLevel ?? null });
	else if (typeof ownLevel === 'number') {
		errors.feel_own_name = 'What would you call this feeling? A word or two is enough.';
	}

	const essayKeys = keysOf(essayBeliefs);
	const beliefs: BeliefRef[] = [];
	for (const ref of new Set(listOf(values, 'beliefs'))) {
		if (ref.startsWith('essay:') && essayKeys.has(ref.slice(6))) beliefs.push(ref as BeliefRef);
		else if (ref.startsWith('own:') && ownBeliefIds.has(ref.slice(4))) {
			beliefs.push(ref as BeliefRef);
		} else errors.beliefs = 'One of these beliefs is no longer in your list. Please choose again.';
	}

	const intensity = readLevel(textOf(values, 'intensity_now'));
	if (intensity === undefined) errors.intensity_now = levelMessage;

	const waited = textOf(values, 'waited_out') || 'not-asked';
	if (!keysOf(waitedOutChoices).has(waited))
		errors.waited_out = 'Please choose yes, no or not asked.';

	const peopleOwn = text('people_own')
		.split(',')
		.map((label) => label.trim())
		.filter((label) => label !== '');
	if (peopleOwn.some((label) => label.length > 60)) {
		errors.people_own = 'Please keep each name or label short, separated by commas.';
	}

	const content: MomentContent = {
		whatHappened: text('what_happened'),
		happenedPicks: picks('happened', keysOf(happenedPicks)),
		people: picks('people', keysOf(peoplePicks)),
		peopleOwn: [...new Set(peopleOwn)],
		feelings,
		beliefs,
		urges: picks('urges', keysOf(urgePicks)),
		urgeOther: text('urge_other'),
		whatIDid: text('what_i_did'),
		whatHelped: text('what_helped'),
		intensityNow: intensity ?? null,
		waitedOut: keysOf(waitedOutChoices).has(waited) ? (waited as WaitedOut) : 'not-asked'
	};
	return Object.keys(errors).length > 0 ? { ok: false, errors, content } : { ok: true, content };
}

/** The other way: a saved moment as form values, for the edit page. */
export function momentToValues(content: MomentContent): MomentValues {
	const values: MomentValues = {
		what_happened: content.whatHappened,
		happened: content.happenedPicks,
		people: content.people,
		people_own: content.peopleOwn.join(', '),
		beliefs: content.beliefs,
		urges: content.urges,
		urge_other: content.urgeOther,
		what_i_did: content.whatIDid,
		what_helped: content.whatHelped,
		intensity_now: content.intensityNow === null ? '' : String(content.intensityNow),
		waited_out: content.waitedOut
	};
	for (const feeling of content.feelings) {
		if (feeling.key) values[feelingField(feeling.key)] = String(feeling.level ?? '');
		else {
			values.feel_own_name = feeling.name;
			values.feel_own_level = feeling.level === null ? '' : String(feeling.level);
		}
	}
	return values;
}

/** Every piece of free text in a moment, for the crisis check. */
export function freeTextOf(content: MomentContent): string[] {
	return [
		content.whatHappened,
		content.urgeOther,
		content.whatIDid,
		content.whatHelped,
		...content.peopleOwn,
		...content.feelings.filter((f) => !f.key).map((f) => f.name)
	].filter((t) => t !== '');
}
