import { describe, expect, it } from 'vitest';
import {
	checkPassword,
	commonPasswords,
	passwordRules,
	passwordSchema,
	passwordSchemaFor,
	type PasswordCheck
} from './password-policy';

// Each emoji is one code point but two UTF-16 units, so a length check on .length would be off.
const emoji = '🌿';

function codeOf(result: PasswordCheck): string | undefined {
	return result.ok ? undefined : result.code;
}

describe('password rules', () => {
	it('are 10 to 128 characters', () => {
		expect(passwordRules).toEqual({ min: 10, max: 128 });
	});

	it('count characters a person sees, not UTF-16 units, at the lower bound', () => {
		const nine = emoji.repeat(9);
		const ten = emoji.repeat(10);
		expect(nine.length).toBe(18);
		expect(codeOf(checkPassword(nine))).toBe('too-short');
		expect(checkPassword(ten)).toEqual({ ok: true });
		expect(codeOf(checkPassword('x7#kQ!m2p'))).toBe('too-short');
		expect(checkPassword('x7#kQ!m2pL')).toEqual({ ok: true });
	});

	it('count characters a person sees, not UTF-16 units, at the upper bound', () => {
		const at128 = `${emoji.repeat(64)}${'a'.repeat(64)}`;
		const at129 = `${at128}${emoji}`;
		expect(at128.length).toBe(192);
		expect(checkPassword(at128)).toEqual({ ok: true });
		expect(codeOf(checkPassword(at129))).toBe('too-long');
	});

	it('refuse an empty password as too short', () => {
		expect(codeOf(checkPassword(''))).toBe('too-short');
	});

	it('refuse common passwords whatever their case and surrounding spaces', () => {
		for (const password of [
			'qwertyuiop',
			'QwertyUIOP',
			'  1234567890 ',
			'PASSWORD123',
			'Basketball'
		]) {
			expect(codeOf(checkPassword(password)), password).toBe('common');
		}
	});

	it('accept a long, unusual phrase with spaces and any characters', () => {
		expect(checkPassword('kettle on the windowsill at dawn')).toEqual({ ok: true });
		expect(checkPassword('Tee am Fenster — früh ☕ um sechs')).toEqual({ ok: true });
	});

	it('refuse the account e-mail address or its local part, in any case', () => {
		const email = 'Ana.Lindqvist@example.org';
		expect(codeOf(checkPassword('ana.lindqvist@example.org', { email }))).toBe('matches-email');
		expect(codeOf(checkPassword('ANA.LINDQVIST', { email }))).toBe('matches-email');
		expect(checkPassword('ana.lindqvist', {})).toEqual({ ok: true });
		expect(checkPassword('ana.lindqvist walks', { email })).toEqual({ ok: true });
	});

	it('never repeat the password in a message', () => {
		const cases: [string, { email?: string }][] = [
			['short🌿', {}],
			['y'.repeat(129), {}],
			['Password123', {}],
			['someone.long@example.org', { email: 'someone.long@example.org' }]
		];
		for (const [password, context] of cases) {
			const result = checkPassword(password, context);
			expect(result.ok).toBe(false);
			if (result.ok) continue;
			expect(result.message.length).toBeGreaterThan(0);
			expect(result.message.toLowerCase()).not.toContain(password.toLowerCase());
			expect(result.message).not.toMatch(/invalid/i);
		}
	});
});

describe('the common password list', () => {
	it('holds a few thousand lower-case entries and no header lines', () => {
		const list = commonPasswords();
		expect(list.size).toBeGreaterThanOrEqual(3000);
		expect(list.size).toBeLessThanOrEqual(10_000);
		for (const entry of list) {
			expect(entry).toBe(entry.trim().toLowerCase());
			expect(entry.startsWith('#')).toBe(false);
		}
		expect(list.has('password')).toBe(true);
	});

	it('is parsed once', () => {
		expect(commonPasswords()).toBe(commonPasswords());
	});
});

describe('passwordSchema', () => {
	it('passes a good password through unchanged, spaces included', () => {
		expect(passwordSchema.parse(' river stones, quietly ')).toBe(' river stones, quietly ');
	});

	it('reports the same words checkPassword gives, without the password', () => {
		const result = passwordSchema.safeParse('Tinkerbell');
		expect(result.success).toBe(false);
		const issue = result.error?.issues[0];
		expect(issue?.message).toBe(
			(checkPassword('Tinkerbell') as { ok: false; message: string }).message
		);
		expect(JSON.stringify(result.error?.issues)).not.toMatch(/tinkerbell/i);
	});

	it('refuses something that is not text with a plain message', () => {
		const result = passwordSchema.safeParse(undefined);
		expect(result.error?.issues[0]?.message).toBe('Please choose a password.');
	});

	it('checks the e-mail rule when built for an address', () => {
		const schema = passwordSchemaFor({ email: 'sam.okafor@example.org' });
		const result = schema.safeParse('sam.okafor');
		expect(result.error?.issues[0]?.message).toBe(
			(checkPassword('sam.okafor', { email: 'sam.okafor@example.org' }) as { message: string })
				.message
		);
	});
});
