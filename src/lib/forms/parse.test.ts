import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { maxFieldLength, parseForm } from './parse';

const schema = z.object({
	email: z.string().trim().email('That e-mail address looks incomplete — could you check it?'),
	password: z.string().min(1, 'Please enter your password.')
});

function form(entries: [string, string | Blob][]): FormData {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
}

describe('parseForm', () => {
	it('returns the data when it is right', () => {
		const result = parseForm(
			schema,
			form([
				['email', ' a@example.org '],
				['password', 'x']
			])
		);
		expect(result).toMatchObject({ ok: true, data: { email: 'a@example.org', password: 'x' } });
	});

	it('gives each error beside its field and keeps what was typed, except secrets', () => {
		const result = parseForm(
			schema,
			form([
				['email', 'nope'],
				['password', 'hunter2']
			]),
			{
				secret: ['password']
			}
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.email).toMatch(/looks incomplete/);
		expect(result.values).toEqual({ email: 'nope' });
	});

	it('refuses unknown, repeated, oversized and file fields with messages', () => {
		const result = parseForm(
			schema,
			form([
				['email', 'a@example.org'],
				['email', 'b@example.org'],
				['password', 'x'.repeat(maxFieldLength + 1)],
				['__proto__', 'x'],
				['role', 'owner']
			])
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.email).toMatch(/twice/);
		expect(result.errors.password).toMatch(/longer/);
		expect(result.errors.form).toMatch(/did not expect/);
		expect(Object.getPrototypeOf(result.values)).toBe(Object.prototype);
	});

	it('refuses a file where text is expected', () => {
		const result = parseForm(
			schema,
			form([
				['email', new Blob(['x'])],
				['password', 'x']
			])
		);
		expect(result.ok).toBe(false);
	});
});
