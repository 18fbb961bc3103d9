import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const href = z
	.string()
	.regex(/^(tel:|sms:)[0-9+]+$|^https:\/\/[^\s"<>]+$/, 'a tel:, sms: or https: address');

const schema = z.object({
	updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	notice: z.string().min(1),
	emergency: z.object({
		title: z.string().min(1),
		text: z.string().min(1),
		numbers: z
			.array(
				z.object({
					where: z.string().min(1),
					number: z.string().min(1),
					tel: z.string().regex(/^[0-9+]+$/)
				})
			)
			.min(1)
	}),
	lines: z
		.array(
			z.object({
				where: z.string().min(1),
				name: z.string().min(1),
				how: z.string().min(1),
				actions: z.array(z.object({ label: z.string().min(1), href })).min(1)
			})
		)
		.min(1),
	elsewhere: z.object({
		title: z.string().min(1),
		text: z.string().min(1),
		link: z.object({ label: z.string().min(1), href })
	})
});

export type CrisisResources = z.infer<typeof schema>;

/** Reads the practice's crisis resources; a mistake in the file names its place. */
export function loadCrisisResources(
	file = path.resolve('content', 'crisis-resources.json')
): CrisisResources {
	const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		throw new Error(
			`${file}: ${first?.path.join('.') || '(top level)'} — ${first?.message ?? 'is not valid'}`
		);
	}
	return parsed.data;
}
