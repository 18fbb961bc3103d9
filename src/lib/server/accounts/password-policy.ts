import { z } from 'zod';
// Bundled into the server by Vite rather than read from disk, so the built server needs no path
// to a source folder that is not there.
import commonPasswordList from './common-passwords.txt?raw';

/**
 * NIST SP 800-63B: length is what makes a password strong, so there are no composition rules. The
 * upper bound only keeps hashing cheap; it is far beyond anything a person types.
 */
export const passwordRules = { min: 10, max: 128 } as const;

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'matches-email';

export type PasswordCheck = { ok: true } | { ok: false; code: PasswordProblem; message: string };

export interface PasswordContext {
	/** The account's e-mail address: neither it nor the part before the @ may be the password. */
	email?: string;
}

const phraseHint = "A short phrase of a few words you'll remember works well.";

// Fixed sentences only: a message is shown on the page and may be logged, so it must never carry
// any part of what the person typed.
const messages: Record<PasswordProblem, string> = {
	'too-short': `That password is a little short. Please use at least ${passwordRules.min} characters. ${phraseHint}`,
	'too-long': `That password is longer than we can take. Please keep it to ${passwordRules.max} characters or fewer.`,
	common: `That password is one of the most common ones, so it is easy to guess. ${phraseHint}`,
	'matches-email': `That password is the same as your e-mail address, so it is easy to guess. ${phraseHint}`
};

let commonPasswordSet: ReadonlySet<string> | undefined;

/** The bundled list, parsed on first use; it is the same for everyone, so one copy is kept. */
export function commonPasswords(): ReadonlySet<string> {
	if (!commonPasswordSet) {
		const entries = new Set<string>();
		for (const line of commonPasswordList.split(/\r?\n/)) {
			const entry = normalise(line);
			if (entry && !entry.startsWith('#')) entries.add(entry);
		}
		commonPasswordSet = entries;
	}
	return commonPasswordSet;
}

function normalise(value: string): string {
	return value.trim().toLowerCase();
}

/** Code points rather than UTF-16 units, so an emoji counts as the one character a person sees. */
function characterCount(value: string): number {
	return Array.from(value).length;
}

function matchesEmail(password: string, email: string | undefined): boolean {
	const address = normalise(email ?? '');
	if (!address) return false;
	const candidate = normalise(password);
	const at = address.lastIndexOf('@');
	const localPart = at > 0 ? address.slice(0, at) : '';
	return candidate === address || (localPart !== '' && candidate === localPart);
}

function refuse(code: PasswordProblem): PasswordCheck {
	return { ok: false, code, message: messages[code] };
}

export function checkPassword(password: string, context: PasswordContext = {}): PasswordCheck {
	const length = characterCount(password);
	if (length < passwordRules.min) return refuse('too-short');
	if (length > passwordRules.max) return refuse('too-long');
	if (matchesEmail(password, context.email)) return refuse('matches-email');
	if (commonPasswords().has(normalise(password))) return refuse('common');
	return { ok: true };
}

/**
 * The password field of a form. The e-mail rule needs the address, so a form that has one builds
 * its own with `passwordSchemaFor({ email })`. The value is never trimmed: spaces are allowed.
 */
export function passwordSchemaFor(context: PasswordContext = {}) {
	return z.string({ error: 'Please choose a password.' }).superRefine((value, ctx) => {
		const result = checkPassword(value, context);
		if (!result.ok)
			ctx.addIssue({ code: 'custom', message: result.message, params: { code: result.code } });
	});
}

export const passwordSchema = passwordSchemaFor();
