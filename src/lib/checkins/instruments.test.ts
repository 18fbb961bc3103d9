import { describe, expect, it } from 'vitest';
import rsesFile from '../../../content/instruments/rses.json';
import { instrumentIds, instruments, isInstrumentId, parseInstrument } from './instruments';

describe('the questionnaires', () => {
	it('keeps the items, options, citation and licence word for word', () => {
		const rses = instruments.rses;
		expect(rses.items).toHaveLength(10);
		expect(rses.items[6]?.text).toBe(
			"I feel that I'm a person of worth, at least on an equal plane with others."
		);
		expect(rses.options.map((o) => [o.label, o.value])).toEqual([
			['Strongly agree', 3],
			['Agree', 2],
			['Disagree', 1],
			['Strongly disagree', 0]
		]);
		expect(rses.citation).toMatch(/^Rosenberg, M\. \(1965\)\. Society and the adolescent/);
		expect(rses.licence).toMatch(/Item wording must not be changed\.$/);

		const scs = instruments['scs-sf'];
		expect(scs.items).toHaveLength(12);
		expect(scs.items[0]?.text).toBe(
			'When I fail at something important to me I become consumed by feelings of inadequacy.'
		);
		expect(scs.options.map((o) => o.label)).toEqual([
			'Almost never',
			'Rarely',
			'Sometimes',
			'Often',
			'Almost always'
		]);
		expect(scs.optionsNote).toMatch(/the middle labels are ours/);
		expect(scs.instructions).toMatch(/^How I typically act towards myself in difficult times\./);
	});

	it('knows each questionnaire by its id and nothing else', () => {
		expect(instrumentIds.map((id) => instruments[id].id)).toEqual(['rses', 'scs-sf']);
		expect(isInstrumentId('rses')).toBe(true);
		expect(isInstrumentId('scs-sf')).toBe(true);
		expect(isInstrumentId('phq-9')).toBe(false);
		expect(isInstrumentId('constructor')).toBe(false);
	});

	it('derives the reverse rule from the options and checks it against the file’s words', () => {
		expect(instruments.rses.scoring.reverseFrom).toBe(3);
		expect(instruments['scs-sf'].scoring.reverseFrom).toBe(6);
	});

	it('refuses a file it could not score correctly, naming the place of the mistake', () => {
		const copy = () => JSON.parse(JSON.stringify(rsesFile));
		const wrongRule = copy();
		wrongRule.scoring.reverse_rule = 'for reverse items the value is 4 minus the chosen value';
		expect(() => parseInstrument(wrongRule, 'rses.json')).toThrow(
			/^rses\.json: scoring\.reverse_rule — reverse items should be scored as 3 minus/
		);
		const wrongRange = copy();
		wrongRange.scoring.range = [10, 40];
		expect(() => parseInstrument(wrongRange, 'rses.json')).toThrow(/scoring\.range/);
		const skipped = copy();
		skipped.items.splice(3, 1);
		expect(() => parseInstrument(skipped, 'rses.json')).toThrow(/items\.3\.n/);
		const emptyItem = copy();
		emptyItem.items[0].text = ' ';
		expect(() => parseInstrument(emptyItem, 'rses.json')).toThrow(/items\.0\.text/);
		const shortExample = copy();
		shortExample.worked_examples[0].answers.pop();
		expect(() => parseInstrument(shortExample, 'rses.json')).toThrow(/worked_examples\.0\.answers/);
		const twice = copy();
		twice.response_options[1].value = 3;
		expect(() => parseInstrument(twice, 'rses.json')).toThrow(/response_options/);
		expect(() => parseInstrument(copy(), 'rses.json')).not.toThrow();
	});
});
