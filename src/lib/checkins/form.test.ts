import { describe, expect, it } from 'vitest';
import { parseForm } from '../forms/parse';
import { checkinFormSchema, errorsFor, itemField, readAnswers, valuesOf } from './form';
import { instruments } from './instruments';

const rses = instruments.rses;

function formData(entries: [string, string][]): FormData {
	const form = new FormData();
	for (const [name, value] of entries) form.append(name, value);
	return form;
}

describe('the check-in form', () => {
	it('reads the chosen options in item order, empty where nothing was chosen', () => {
		const { answers, errors } = readAnswers(rses, { 'item-1': '3', 'item-3': '0', 'item-10': '2' });
		expect(answers).toEqual([3, null, 0, null, null, null, null, null, null, 2]);
		expect(errors).toEqual({});
	});

	it('refuses a value that is not one of the options, beside its item', () => {
		const { answers, errors } = readAnswers(rses, { 'item-1': '4', 'item-2': 'x', 'item-3': '1' });
		expect(answers.slice(0, 3)).toEqual([null, null, 1]);
		expect(Object.keys(errors)).toEqual(['item-1', 'item-2']);
		expect(errors['item-1']).toMatch(/not one of the choices/);
		// 0 is an RSES option but not an SCS-SF one.
		expect(readAnswers(instruments['scs-sf'], { 'item-1': '0' }).errors).toHaveProperty('item-1');
	});

	it('refuses fields it does not know and items sent twice', () => {
		const schema = checkinFormSchema(rses);
		expect(parseForm(schema, formData([['item-1', '3']])).ok).toBe(true);
		expect(parseForm(schema, formData([['item-11', '3']]))).toMatchObject({
			ok: false,
			errors: { form: expect.any(String) }
		});
		expect(
			parseForm(
				schema,
				formData([
					['item-2', '3'],
					['item-2', '1']
				])
			)
		).toMatchObject({ ok: false, errors: { 'item-2': expect.any(String) } });
	});

	it('gives each problem its own message, and shows answers chosen again', () => {
		const errors = errorsFor([
			{ item: 2, reason: 'missing' },
			{ item: 5, reason: 'not-an-option' }
		]);
		expect(errors[itemField(2)]).toMatch(/no answer yet/);
		expect(errors[itemField(5)]).toMatch(/not one of the choices/);
		expect(valuesOf(rses, [3, null, 0])).toEqual({ 'item-1': '3', 'item-3': '0' });
	});
});
