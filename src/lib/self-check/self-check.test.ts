import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../server/content/articles';
import {
	essayBeliefs,
	essayQuestions,
	howMuch,
	painfulCycles,
	practiceList
} from '../workbook/vocabulary';
import {
	answerFields,
	checkAnswers,
	emptyAnswers,
	readSelfCheckForm,
	unexpectedAnswers,
	type SelfCheckAnswers
} from './answers';
import { essayPath, essaySections, essayWords, reflect, startingPractices } from './reflection';

function formOf(fields: [string, string][]): FormData {
	const form = new FormData();
	for (const [name, value] of fields) form.append(name, value);
	return form;
}

describe('reading the self-check form', () => {
	it('reads each answer, leaves unanswered ones out, and keeps "not at all"', () => {
		const read = readSelfCheckForm(
			formOf([
				['question-need-reassurance', 'a-lot'],
				['question-okay-alone', 'not-at-all'],
				['belief-earn-love', 'a-little'],
				['cycle-worth-fluctuates', 'yes'],
				['cycle-over-accommodate', 'yes']
			])
		);
		expect(read).toEqual({
			ok: true,
			answers: {
				questions: { 'need-reassurance': 'a-lot', 'okay-alone': 'not-at-all' },
				beliefs: { 'earn-love': 'a-little' },
				cycles: ['worth-fluctuates', 'over-accommodate']
			}
		});
	});

	it('takes an empty form as an empty self-check, not a mistake', () => {
		expect(readSelfCheckForm(new FormData())).toEqual({ ok: true, answers: emptyAnswers() });
	});

	it('refuses what the form never sends, with a plain message, keeping the rest', () => {
		for (const odd of [
			['question-am-i-unlovable', 'a-lot'],
			['belief-too-much', 'completely'],
			['cycle-worth-fluctuates', 'on'],
			['question-lose-confidence', 'a-lot']
		] as [string, string][]) {
			const read = readSelfCheckForm(
				formOf([['question-lose-confidence', 'a-lot'], odd, ['belief-not-enough', 'a-little']])
			);
			expect(read.ok, odd.join('=')).toBe(false);
			if (read.ok) continue;
			expect(read.message).toBe(unexpectedAnswers);
			expect(read.answers.beliefs).toEqual({ 'not-enough': 'a-little' });
		}
	});

	it('sends the same answers on as hidden fields, in the form’s order', () => {
		const answers: SelfCheckAnswers = {
			questions: { 'abandon-myself': 'a-little', 'lose-confidence': 'a-lot' },
			beliefs: { 'perform-to-be-valued': 'not-at-all' },
			cycles: ['over-accommodate', 'criticism-catastrophic']
		};
		const fields = answerFields(answers);
		expect(fields).toEqual([
			['question-lose-confidence', 'a-lot'],
			['question-abandon-myself', 'a-little'],
			['belief-perform-to-be-valued', 'not-at-all'],
			['cycle-criticism-catastrophic', 'yes'],
			['cycle-over-accommodate', 'yes']
		]);
		const again = readSelfCheckForm(formOf(fields));
		expect(again).toEqual({
			ok: true,
			answers: { ...answers, cycles: ['criticism-catastrophic', 'over-accommodate'] }
		});
	});
});

const answersArbitrary: fc.Arbitrary<SelfCheckAnswers> = fc.record({
	questions: fc.record(
		Object.fromEntries(
			essayQuestions.map((q) => [q.key, fc.constantFrom(...howMuch.map((h) => h.key))])
		),
		{ requiredKeys: [] }
	),
	beliefs: fc.record(
		Object.fromEntries(
			essayBeliefs.map((b) => [b.key, fc.constantFrom(...howMuch.map((h) => h.key))])
		),
		{ requiredKeys: [] }
	),
	cycles: fc.subarray(painfulCycles.map((c) => c.key))
}) as fc.Arbitrary<SelfCheckAnswers>;

describe('checking answers before they are kept', () => {
	it('accepts every shape the form can make, and stores it in the form’s order', () => {
		fc.assert(
			fc.property(answersArbitrary, (answers) => {
				const checked = checkAnswers(answers);
				expect(checked.ok).toBe(true);
				const read = readSelfCheckForm(formOf(answerFields(answers)));
				expect(read.ok && read.answers).toEqual(checked.ok && checked.answers);
			})
		);
	});

	it('refuses keys and answers the self-check does not ask', () => {
		const base = emptyAnswers();
		for (const bad of [
			null,
			'a-lot',
			[],
			{},
			{ ...base, extra: true },
			{ ...base, questions: { 'am-i-unlovable': 'a-lot' } },
			{ ...base, beliefs: { 'too-much': 'always' } },
			{ ...base, beliefs: { 'lose-confidence': 'a-lot' } },
			{ ...base, cycles: ['not-a-cycle'] },
			{ ...base, cycles: ['worth-fluctuates', 'worth-fluctuates'] },
			{ ...base, cycles: 'worth-fluctuates' }
		]) {
			const checked = checkAnswers(bad);
			expect(checked.ok, JSON.stringify(bad)).toBe(false);
			if (!checked.ok) expect(checked.message).toMatch(/not ones the self-check asks/);
		}
	});
});

describe('the reflection', () => {
	it('gives an empty self-check a gentle result with somewhere to begin', () => {
		const result = reflect(emptyAnswers());
		expect(result.kind).toBe('empty');
		expect(result.questions).toEqual([]);
		expect(result.sections.map((s) => s.href)).toEqual([
			`${essayPath}#self-esteem-is-often-relational`
		]);
		expect(result.practices.map((p) => p.key)).toEqual(startingPractices);
		expect(result.practices.every((p) => p.speaksTo === null)).toBe(true);
	});

	it('takes answers that are all "not at all" as answered, with nothing reflected back', () => {
		const result = reflect({
			questions: { 'lose-confidence': 'not-at-all' },
			beliefs: { 'too-much': 'not-at-all' },
			cycles: []
		});
		expect(result.kind).toBe('quiet');
		expect([...result.questions, ...result.beliefs]).toEqual([]);
		expect(result.practices).toHaveLength(2);
	});

	it('reflects back what was chosen, what sounds a lot like them first', () => {
		const result = reflect({
			questions: {
				'lose-confidence': 'a-little',
				'need-reassurance': 'a-lot',
				'okay-alone': 'not-at-all'
			},
			beliefs: { 'conflict-rejection': 'a-lot' },
			cycles: ['reassurance-not-absorbed']
		});
		expect(result.kind).toBe('some');
		expect(result.questions).toEqual([
			{
				key: 'need-reassurance',
				label: 'Why do I need so much reassurance?',
				howMuch: 'a-lot',
				howMuchLabel: 'a lot'
			},
			{
				key: 'lose-confidence',
				label: 'Why do I lose confidence so quickly in relationships?',
				howMuch: 'a-little',
				howMuchLabel: 'a little'
			}
		]);
		expect(result.beliefs.map((b) => b.label)).toEqual(['Conflict means rejection']);
		expect(result.cycles).toEqual([
			{
				key: 'reassurance-not-absorbed',
				label: 'Reassurance is constantly needed but never fully absorbed'
			}
		]);
		// The sections come in the essay's order.
		expect(result.sections.map((s) => s.id)).toEqual([
			'self-esteem-is-often-relational',
			'relationships-cannot-fully-repair-self-worth-for-us',
			'building-self-esteem-inside-relationships'
		]);
		// Reassurance was chosen twice over: staying with uncertainty leads.
		expect(result.practices[0]).toEqual({
			key: 'tolerate-uncertainty',
			label: 'Staying with uncertainty before seeking reassurance',
			href: '/app/practices/tolerate-uncertainty',
			speaksTo: 'Why do I need so much reassurance?'
		});
		expect(result.practices.map((p) => p.key)).toContain('conflict-not-rejection');
	});

	it('lets a belief that sounds a lot like them outweigh one that sounds a little', () => {
		const a = reflect({
			questions: {},
			beliefs: { 'needs-burden': 'a-lot', 'conflict-rejection': 'a-little' },
			cycles: []
		});
		const b = reflect({
			questions: {},
			beliefs: { 'needs-burden': 'a-little', 'conflict-rejection': 'a-lot' },
			cycles: []
		});
		expect(a.practices[0]?.key).toBe('express-needs');
		expect(b.practices[0]?.key).toBe('conflict-not-rejection');
	});

	it('always suggests two or three practices of the essay’s, and links only real sections', () => {
		const practiceKeys = new Set(practiceList.map((p) => p.key));
		const order = essaySections.map((s) => s.id);
		fc.assert(
			fc.property(answersArbitrary, (answers) => {
				const result = reflect(answers);
				expect(result.practices.length).toBeGreaterThanOrEqual(2);
				expect(result.practices.length).toBeLessThanOrEqual(3);
				const keys = result.practices.map((p) => p.key);
				expect(new Set(keys).size).toBe(keys.length);
				for (const p of result.practices) {
					expect(practiceKeys.has(p.key)).toBe(true);
					expect(p.href).toBe(`/app/practices/${p.key}`);
				}
				const ids = result.sections.map((s) => s.id);
				expect(ids.length).toBeGreaterThan(0);
				expect([...ids].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(ids);
				// Every chosen item is reflected back, and nothing that was not chosen.
				const chosenCount =
					Object.values(answers.questions).filter((v) => v !== 'not-at-all').length +
					Object.values(answers.beliefs).filter((v) => v !== 'not-at-all').length;
				expect(result.questions.length + result.beliefs.length).toBe(chosenCount);
				expect(result.cycles.map((c) => c.key).sort()).toEqual([...answers.cycles].sort());
				expect(reflect(answers)).toEqual(result);
			})
		);
	});
});

describe('the essay the result links to', () => {
	const essay = loadArticles(path.resolve('content/articles')).find(
		(a) => `/articles/${a.slug}` === essayPath
	);

	it('has a heading with an id for every section the result links', () => {
		expect(essay).toBeDefined();
		expect(essay!.draft).toBe(false);
		expect(essaySections.map(({ id, title }) => ({ id, text: title }))).toEqual(essay!.headings);
		for (const section of essaySections) {
			expect(essay!.html).toContain(`<h2 id="${section.id}">`);
		}
	});

	it('holds every line the result quotes, word for word', () => {
		const seed = readFileSync(
			path.resolve('src/lib/server/content/fixtures/building-self-esteem.seed.txt'),
			'utf8'
		).replace(/\s+/g, ' ');
		const quoted = [
			essayWords.questions,
			essayWords.beliefs,
			essayWords.cycles,
			...essayWords.closing
		];
		for (const line of quoted) expect(seed).toContain(line);
	});
});
