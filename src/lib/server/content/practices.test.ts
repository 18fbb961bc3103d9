import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../workbook/practice-form';
import { practiceList } from '../../workbook/vocabulary';
import {
	loadPracticeGuides,
	parsePracticeFile,
	PracticeContentError,
	practiceGuides
} from './practices';

const contentDir = fileURLToPath(new URL('../../../../content/practices', import.meta.url));

/** Every file of content/practices, as the build bundles them. */
function contentFiles(): Record<string, string> {
	return Object.fromEntries(
		readdirSync(contentDir)
			.filter((name) => name.endsWith('.md'))
			.map((name) => [`content/practices/${name}`, readFileSync(`${contentDir}/${name}`, 'utf8')])
	);
}

const visibleText = (html: string) =>
	html
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();

/** Sentences end with . ! or ?, perhaps followed by a closing quote, then a space or the end. */
const sentencesIn = (text: string) => text.match(/[.!?][”’"')]*(?=\s|$)/g)?.length ?? 0;

const minimal = (frontMatter: string, body = 'It matters because it does.') =>
	`---\n${frontMatter}\n---\n\n${body}\n`;

const validFrontMatter = [
	'summary: A line.',
	'exercises:',
	'  - title: Try it',
	'    how: Do the thing.',
	'    fields:',
	'      - id: first',
	'        label: First',
	'prompts:',
	'  - id: one',
	'    text: One?',
	'  - id: two',
	'    text: Two?'
].join('\n');

function problemOf(run: () => unknown): PracticeContentError {
	try {
		run();
	} catch (error) {
		if (error instanceof PracticeContentError) return error;
		throw error;
	}
	throw new Error('expected a PracticeContentError');
}

describe('the practices’ content', () => {
	it('has a guide for every practice in the vocabulary, in its order, and no other file', () => {
		expect([...practiceGuides.keys()]).toEqual(practiceList.map((p) => p.key));
		const names = readdirSync(contentDir).sort();
		expect(names).toEqual(practiceList.map((p) => `${p.key}.md`).sort());
		for (const practice of practiceList) {
			const guide = practiceGuides.get(practice.key)!;
			expect(guide.label).toBe(practice.label);
			expect(guide.where).toBe(practice.where);
		}
	});

	it.each(practiceList.map((p) => p.key))(
		'%s: why it matters in 2–4 sentences, one or two exercises, two or three prompts',
		(key) => {
			const guide = practiceGuides.get(key)!;
			const why = visibleText(guide.why);
			expect(sentencesIn(why), why).toBeGreaterThanOrEqual(2);
			expect(sentencesIn(why), why).toBeLessThanOrEqual(4);
			expect(why, 'tied to the essay').toMatch(/essay/);
			expect(guide.exercises.length).toBeGreaterThanOrEqual(1);
			expect(guide.exercises.length).toBeLessThanOrEqual(2);
			expect(guide.prompts.length).toBeGreaterThanOrEqual(2);
			expect(guide.prompts.length).toBeLessThanOrEqual(3);
			for (const exercise of guide.exercises) {
				expect(visibleText(exercise.how).length).toBeGreaterThan(40);
				expect(exercise.fields.length).toBeGreaterThan(0);
			}
			// Each place to write has its own id and its own label, so a reader (and a screen
			// reader) can tell them apart.
			const fields = fieldsOf(guide);
			expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
			expect(new Set(fields.map((f) => f.label)).size).toBe(fields.length);
			// The voice: no streaks, scores or guilt.
			const everything = [
				guide.summary,
				why,
				...guide.exercises.map((e) => `${e.title} ${visibleText(e.how)}`),
				...fields.map((f) => `${f.label} ${f.hint ?? ''}`)
			].join(' ');
			expect(everything).not.toMatch(/\b(streak|failed to|you should have|must|score)\b/i);
		}
	);

	it('writes the exercises’ Markdown as HTML, links included', () => {
		const uncertainty = practiceGuides.get('tolerate-uncertainty')!;
		expect(uncertainty.exercises[0]!.how).toContain('<a href="/pause">Pause</a>');
		const needs = practiceGuides.get('express-needs')!;
		expect(needs.exercises[0]!.how).toContain('<em>When ___ happened');
		expect(needs.exercises[0]!.fields.map((f) => f.id)).toEqual([
			'when-happened',
			'i-felt',
			'what-i-need'
		]);
	});

	it('reads the files the build bundles exactly as they are on disk', () => {
		const fromDisk = loadPracticeGuides(contentFiles());
		expect([...fromDisk.values()]).toEqual([...practiceGuides.values()]);
	});

	it('names the file and field of a mistake', () => {
		const file = 'content/practices/self-trust.md';
		expect(parsePracticeFile(file, minimal(validFrontMatter)).prompts).toHaveLength(2);

		expect(problemOf(() => parsePracticeFile('content/practices/x.md', '')).message).toMatch(
			/"x" is not a practice/
		);
		expect(problemOf(() => parsePracticeFile(file, 'no front matter')).message).toMatch(
			/must start with front matter/
		);
		expect(problemOf(() => parsePracticeFile(file, minimal('summary: [unclosed'))).message).toMatch(
			/not valid YAML/
		);
		const unknown = problemOf(() =>
			parsePracticeFile(file, minimal(`${validFrontMatter}\ncolour: blue`))
		);
		expect(unknown.field).toBe('colour');
		const noPrompts = problemOf(() =>
			parsePracticeFile(
				file,
				minimal(validFrontMatter.split('\nprompts:')[0] + '\nprompts:\n  - id: one\n    text: One?')
			)
		);
		expect(noPrompts.field).toBe('prompts');
		expect(noPrompts.message).toMatch(/at least two prompts/);
		const badId = problemOf(() =>
			parsePracticeFile(file, minimal(validFrontMatter.replace('id: first', 'id: First One')))
		);
		expect(badId.field).toBe('exercises.0.fields.0.id');
		const twice = problemOf(() =>
			parsePracticeFile(file, minimal(validFrontMatter.replace('id: two', 'id: first')))
		);
		expect(twice.message).toMatch(/"first" is used twice/);
		const empty = problemOf(() => parsePracticeFile(file, minimal(validFrontMatter, '')));
		expect(empty.field).toBe('body');
	});

	it('refuses a set of files with a practice missing, naming it', () => {
		const files = contentFiles();
		delete files['content/practices/purpose.md'];
		expect(problemOf(() => loadPracticeGuides(files)).message).toMatch(/no file for purpose\.md/);
	});

	it('shows raw HTML in the practice’s text as text', () => {
		const guide = parsePracticeFile(
			'content/practices/identity.md',
			minimal(validFrontMatter.replace('Do the thing.', 'Do <script>alert(1)</script> it.'))
		);
		expect(guide.exercises[0]!.how).not.toContain('<script>');
		expect(guide.exercises[0]!.how).toContain('&lt;script&gt;');
	});
});
