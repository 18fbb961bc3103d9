import { z } from 'zod';
import rsesFile from '../../../content/instruments/rses.json';
import scsSfFile from '../../../content/instruments/scs-sf.json';

/**
 * The validated questionnaires a member can take as a check-in. Each comes from one file in
 * content/instruments/, kept exactly as published (item wording must never change), and is checked
 * here when Steady is built: a file that does not describe a questionnaire Steady can score
 * correctly stops the build with the place of the mistake, rather than scoring anyone wrongly.
 */

export const instrumentIds = ['rses', 'scs-sf'] as const;
export type InstrumentId = (typeof instrumentIds)[number];

export function isInstrumentId(value: unknown): value is InstrumentId {
	return typeof value === 'string' && (instrumentIds as readonly string[]).includes(value);
}

const text = z.string().trim().min(1);

const fileSchema = z
	.object({
		id: z.string().regex(/^[a-z0-9-]+$/),
		name: text,
		short_name: text,
		citation: text,
		license: text,
		instructions: text,
		response_options: z.array(z.object({ label: text, value: z.number().int() })).min(2),
		response_options_note: text.optional(),
		items: z
			.array(
				z.object({
					n: z.number().int().positive(),
					text,
					reverse: z.boolean(),
					subscale: text.optional()
				})
			)
			.min(1),
		scoring: z.object({
			method: z.enum(['sum', 'mean']),
			reverse_rule: text,
			range: z.tuple([z.number(), z.number()]),
			all_items_required: z.literal(true),
			interpretation_note: text
		}),
		worked_examples: z.array(
			z.object({ answers: z.array(z.number().int()), meaning: text, score: z.number() })
		)
	})
	.superRefine((file, ctx) => {
		const values = file.response_options.map((o) => o.value);
		if (new Set(values).size !== values.length) {
			ctx.addIssue({
				code: 'custom',
				path: ['response_options'],
				message: 'two options share a value'
			});
		}
		file.items.forEach((item, i) => {
			if (item.n !== i + 1) {
				ctx.addIssue({
					code: 'custom',
					path: ['items', i, 'n'],
					message: `items must be numbered 1, 2, 3 … in order (expected ${i + 1})`
				});
			}
		});
		const lowest = Math.min(...values);
		const highest = Math.max(...values);
		// A reverse item is scored from the other end of the options: lowest + highest − value. The
		// file says the same rule in words; if the two disagree, the file is refused.
		const base = lowest + highest;
		if (!new RegExp(`\\b${base} minus\\b`).test(file.scoring.reverse_rule)) {
			ctx.addIssue({
				code: 'custom',
				path: ['scoring', 'reverse_rule'],
				message: `reverse items should be scored as ${base} minus the value`
			});
		}
		const count = file.items.length;
		const range: [number, number] =
			file.scoring.method === 'sum' ? [lowest * count, highest * count] : [lowest, highest];
		if (file.scoring.range[0] !== range[0] || file.scoring.range[1] !== range[1]) {
			ctx.addIssue({
				code: 'custom',
				path: ['scoring', 'range'],
				message: `a ${file.scoring.method} of these options runs from ${range[0]} to ${range[1]}`
			});
		}
		file.worked_examples.forEach((example, i) => {
			if (example.answers.length !== count) {
				ctx.addIssue({
					code: 'custom',
					path: ['worked_examples', i, 'answers'],
					message: `should answer all ${count} items`
				});
			}
		});
	})
	.transform((file) => {
		const values = file.response_options.map((o) => o.value);
		return {
			id: file.id,
			name: file.name,
			shortName: file.short_name,
			citation: file.citation,
			licence: file.license,
			instructions: file.instructions,
			options: file.response_options,
			optionsNote: file.response_options_note ?? null,
			items: file.items.map((item) => ({
				n: item.n,
				text: item.text,
				reverse: item.reverse,
				subscale: item.subscale ?? null
			})),
			scoring: {
				method: file.scoring.method,
				range: file.scoring.range,
				/** A reverse item's value is this minus the chosen option's value. */
				reverseFrom: Math.min(...values) + Math.max(...values),
				note: file.scoring.interpretation_note
			},
			workedExamples: file.worked_examples
		};
	});

export type Instrument = z.output<typeof fileSchema> & { id: InstrumentId };
export type InstrumentItem = Instrument['items'][number];

/** Checks one instrument file; a mistake is named by its place in the file. */
export function parseInstrument(raw: unknown, source: string): z.output<typeof fileSchema> {
	const parsed = fileSchema.safeParse(raw);
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		throw new Error(
			`${source}: ${first?.path.join('.') || '(top level)'} — ${first?.message ?? 'is not valid'}`
		);
	}
	return parsed.data;
}

function load(id: InstrumentId, raw: unknown): Instrument {
	const source = `content/instruments/${id}.json`;
	const instrument = parseInstrument(raw, source);
	if (instrument.id !== id) throw new Error(`${source}: id — should be "${id}"`);
	return { ...instrument, id };
}

export const instruments: Record<InstrumentId, Instrument> = {
	rses: load('rses', rsesFile),
	'scs-sf': load('scs-sf', scsSfFile)
};
