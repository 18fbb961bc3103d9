import type { FieldErrors } from '../forms/parse';
import { levelMessage, listOf, readLevel, textOf, type MomentValues } from './moment-form';
import { beliefOrigins, essayBeliefs, keysOf, type EssayBeliefKey } from './vocabulary';

/** A belief in the member's words, or one of the essay's that they chose (and may reword). */
export interface BeliefStatement {
	essay: EssayBeliefKey | null;
	words: string;
}

export interface BeliefContent {
	statement: BeliefStatement;
	strength: number | null;
	origins: string[];
	evidenceFor: string;
	evidenceAgainst: string;
	alternative: string;
	alternativeStrength: number | null;
}

export const beliefFields = [
	'essay',
	'words',
	'strength',
	'origins',
	'evidence_for',
	'evidence_against',
	'alternative',
	'alternative_strength'
];
export const ratingFields = ['strength', 'alternative_strength'];

export function beliefLabel(statement: BeliefStatement): string {
	if (statement.words.trim() !== '') return statement.words.trim();
	return essayBeliefs.find((b) => b.key === statement.essay)?.label ?? 'A belief';
}

const maxText = 10_000;

export function parseBelief(
	values: MomentValues
): { ok: true; content: BeliefContent } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const text = (name: string) => {
		const value = textOf(values, name).trim();
		if (value.length > maxText) {
			errors[name] = 'This is longer than we can keep in one place. Could you shorten it a little?';
		}
		return value;
	};
	const essay = textOf(values, 'essay');
	if (essay !== '' && !keysOf(essayBeliefs).has(essay)) {
		errors.essay = 'Please choose one of the beliefs listed, or write your own.';
	}
	const words = text('words');
	if (words.length > 300) errors.words = 'Please keep the belief itself to a sentence or two.';
	if (essay === '' && words === '') {
		errors.words = 'Please choose one of the beliefs above, or put one in your own words.';
	}
	const level = (name: string) => {
		const value = readLevel(textOf(values, name));
		if (value === undefined) errors[name] = levelMessage;
		return value ?? null;
	};
	const strength = level('strength');
	const alternativeStrength = level('alternative_strength');
	const origins = [...new Set(listOf(values, 'origins'))];
	if (origins.some((o) => !keysOf(beliefOrigins).has(o))) {
		errors.origins = 'One of these choices is not one we know. Please choose again.';
	}
	const content: BeliefContent = {
		statement: { essay: essay === '' ? null : (essay as EssayBeliefKey), words },
		strength,
		origins,
		evidenceFor: text('evidence_for'),
		evidenceAgainst: text('evidence_against'),
		alternative: text('alternative'),
		alternativeStrength
	};
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, content };
}

export function parseRating(
	values: MomentValues
):
	| { ok: true; strength: number | null; alternativeStrength: number | null }
	| { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const strength = readLevel(textOf(values, 'strength'));
	const alternativeStrength = readLevel(textOf(values, 'alternative_strength'));
	if (strength === undefined) errors.strength = levelMessage;
	if (alternativeStrength === undefined) errors.alternative_strength = levelMessage;
	if (strength === null && alternativeStrength === null && !errors.strength) {
		errors.strength = 'Please give at least one number, from 0 to 100.';
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, strength: strength ?? null, alternativeStrength: alternativeStrength ?? null };
}

export function beliefToValues(content: BeliefContent): MomentValues {
	return {
		essay: content.statement.essay ?? '',
		words: content.statement.words,
		strength: content.strength === null ? '' : String(content.strength),
		origins: content.origins,
		evidence_for: content.evidenceFor,
		evidence_against: content.evidenceAgainst,
		alternative: content.alternative,
		alternative_strength:
			content.alternativeStrength === null ? '' : String(content.alternativeStrength)
	};
}

export function beliefFreeText(content: BeliefContent): string[] {
	return [
		content.statement.words,
		content.evidenceFor,
		content.evidenceAgainst,
		content.alternative
	].filter((t) => t !== '');
}
