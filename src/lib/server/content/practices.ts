import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fieldsOf, type PracticeExercise, type PracticeGuide } from '../../workbook/practice-form';
import { practiceList, type PracticeKey } from '../../workbook/vocabulary';
import { renderMarkdown } from './articles';

/**
 * The practices' words: one Markdown file per practice in content/practices/<key>.md, written and
 * edited by the practice. The front matter holds the exercises and prompts (each place to write has
 * an id, under which what a member writes is kept); the body says why the practice matters.
 *
 * The files are bundled into the build and checked as it loads them, so a mistake in one stops
 * `npm run build` with the file and field named, rather than showing a member a broken page.
 */

const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const FRONT_MATTER_PATTERN = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const text = z.string({ error: 'is required and must be text' }).trim().min(1, 'must not be empty');
const id = z
	.string({ error: 'is required and must be text' })
	.regex(ID_PATTERN, 'must be lower-case letters and digits joined by single hyphens');

const frontMatterSchema = z.strictObject({
	summary: text,
	exercises: z
		.array(
			z.strictObject({
				title: text,
				how: text,
				fields: z
					.array(
						z.strictObject({
							id,
							label: text,
							hint: text.optional(),
							lines: z
								.number({ error: 'must be a number of lines' })
								.int('must be a whole number')
								.min(1, 'must be at least 1')
								.max(12, 'must be at most 12')
								.default(3)
						})
					)
					.min(1, 'needs at least one place to write')
					.max(6, 'has more than six places to write; split the exercise in two')
			}),
			{ error: 'must be a list of exercises' }
		)
		.min(1, 'needs at least one exercise')
		.max(2, 'has more than two exercises'),
	prompts: z
		.array(z.strictObject({ id, text }), { error: 'must be a list of prompts' })
		.min(2, 'needs at least two prompts')
		.max(3, 'has more than three prompts')
});

export class PracticeContentError extends Error {
	constructor(
		readonly file: string,
		readonly field: string | undefined,
		problem: string
	) {
		super(field ? `${file}: field "${field}" ${problem}` : `${file}: ${problem}`);
		this.name = 'PracticeContentError';
	}
}

/** The HTML of a short piece of the practice's Markdown (raw HTML in it is shown as text). */
const html = (markdown: string) => renderMarkdown(markdown).html;

/** Parses one practice file; `file` names it in messages and its base name is the practice key. */
export function parsePracticeFile(file: string, source: string): PracticeGuide {
	const key = path.basename(file, '.md');
	const listed = practiceList.find((p) => p.key === key);
	if (!listed) {
		throw new PracticeContentError(
			file,
			undefined,
			`"${key}" is not a practice in src/lib/workbook/vocabulary.ts (the file name is its key)`
		);
	}
	const match = FRONT_MATTER_PATTERN.exec(source);
	if (!match) {
		throw new PracticeContentError(file, undefined, 'must start with front matter between "---"');
	}
	let raw: unknown;
	try {
		raw = parseYaml(match[1]!);
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new PracticeContentError(file, undefined, `front matter is not valid YAML: ${reason}`);
	}
	const result = frontMatterSchema.safeParse(raw);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		if (issue.code === 'unrecognized_keys') {
			const where = [...issue.path.map(String), issue.keys[0]].join('.');
			throw new PracticeContentError(file, where, 'is not a known field (check its spelling)');
		}
		throw new PracticeContentError(
			file,
			issue.path.map(String).join('.') || undefined,
			issue.message
		);
	}
	const why = source.slice(match[0].length).trim();
	if (why === '') throw new PracticeContentError(file, 'body', 'is empty: say why it matters');

	const exercises: PracticeExercise[] = result.data.exercises.map((exercise) => ({
		title: exercise.title,
		how: html(exercise.how),
		fields: exercise.fields.map((field) => ({
			id: field.id,
			label: field.label,
			...(field.hint ? { hint: field.hint } : {}),
			lines: field.lines
		}))
	}));
	const guide: PracticeGuide = {
		key: listed.key,
		label: listed.label,
		where: listed.where,
		summary: result.data.summary,
		why: html(why),
		exercises,
		prompts: result.data.prompts
	};
	// What a member writes is kept under these ids, so each names one place only.
	const seen = new Set<string>();
	for (const field of fieldsOf(guide)) {
		if (seen.has(field.id)) {
			throw new PracticeContentError(file, 'id', `"${field.id}" is used twice in this practice`);
		}
		seen.add(field.id);
	}
	return guide;
}

export type PracticeGuides = ReadonlyMap<PracticeKey, PracticeGuide>;

/** Every practice's guide from `files` (path → source); every practice listed must have one. */
export function loadPracticeGuides(files: Record<string, string>): PracticeGuides {
	const guides = new Map<PracticeKey, PracticeGuide>();
	for (const [file, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
		const guide = parsePracticeFile(file, source);
		guides.set(guide.key, guide);
	}
	const missing = practiceList.filter((p) => !guides.has(p.key)).map((p) => p.key);
	if (missing.length > 0) {
		throw new PracticeContentError(
			'content/practices',
			undefined,
			`has no file for ${missing.map((key) => `${key}.md`).join(', ')}`
		);
	}
	// In the order of the practices' list, not of the files.
	return new Map(practiceList.map((p) => [p.key, guides.get(p.key)!]));
}

const bundled = import.meta.glob<string>('/content/practices/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

/** The practices' guides, read and checked once, when the build loads this module. */
export const practiceGuides: PracticeGuides = loadPracticeGuides(
	Object.fromEntries(Object.entries(bundled).map(([file, source]) => [file.slice(1), source]))
);
