import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type ParsedForm<T> =
	| { ok: true; data: T; values: Record<string, string> }
	| { ok: false; errors: FieldErrors; values: Record<string, string> };

/** No field of any Steady form is longer than this; a bigger value is refused, not truncated. */
export const maxFieldLength = 20_000;

/**
 * Reads a submitted form against its schema. Returns what the person typed (never passwords) so
 * the page can show it again beside each error; refuses unknown and repeated fields with a
 * message instead of ignoring or crashing on them.
 */
export function parseForm<S extends z.ZodObject>(
	schema: S,
	form: FormData,
	options: { secret?: string[]; allowExtra?: string[] } = {}
): ParsedForm<z.infer<S>> {
	const known = new Set([...Object.keys(schema.shape), ...(options.allowExtra ?? [])]);
	const secret = new Set(options.secret ?? []);
	const raw: Record<string, string> = {};
	const errors: FieldErrors = {};
	for (const [name, value] of form.entries()) {
		if (!known.has(name)) {
			errors.form = 'This form was sent with something we did not expect. Please try again.';
			continue;
		}
		if (typeof value !== 'string') {
			errors[name] = 'Please type this in rather than attaching a file.';
			continue;
		}
		if (name in raw) {
			errors[name] = 'This was sent twice. Please fill it in once.';
			continue;
		}
		if (value.length > maxFieldLength) {
			errors[name] = 'This is much longer than we can keep. Could you shorten it?';
			raw[name] = '';
			continue;
		}
		raw[name] = value;
	}
	const values = Object.fromEntries(Object.entries(raw).filter(([name]) => !secret.has(name)));
	if (Object.keys(errors).length > 0) return { ok: false, errors, values };
	const result = schema.safeParse(raw);
	if (!result.success) {
		for (const issue of result.error.issues) {
			const key = String(issue.path[0] ?? 'form');
			errors[key] ??= issue.message;
		}
		return { ok: false, errors, values };
	}
	return { ok: true, data: result.data, values };
}
