/**
 * The hostile requests sent for each form. Every one keeps the form's real hidden values (tokens,
 * ids, steps), so it reaches the form's own validation; a plain value is used wherever a field is
 * not the one under attack, so that the attack is what the server has to answer.
 */
import { isTextLike, type FormField, type FoundForm } from './html';

export interface Attack {
	/** What kind of hostile input it is, for the report. */
	kind: string;
	body: string | Buffer | FormData;
	contentType?: string;
	/** Markers that must never come back unescaped. */
	markers: string[];
}

let markerCounter = 0;

/** A marker unique to this run and attack: `window.__hostile_<n>`. */
export function nextMarker(): string {
	markerCounter++;
	return `__hostile_${markerCounter}`;
}

export const scriptPayload = (marker: string) => `<script>window.${marker}=1</script>`;
export const imagePayload = (marker: string) => `"><img src=x onerror="window.${marker}=1">`;

/** What would show that a payload came back as markup rather than as text. */
export const unescapedSigns = ['<script>window.__hostile', '<img src=x onerror'];

function today(): string {
	return new Date().toISOString().slice(0, 10);
}

/** A value a person might reasonably choose or type into the field. */
export function plainValue(field: FormField): string {
	switch (field.type) {
		case 'hidden':
			return field.value;
		case 'select':
		case 'radio':
			return field.value || field.options.find((o) => o !== '') || '';
		case 'checkbox':
			return field.value || 'on';
		case 'number':
		case 'range': {
			const min = Number(field.min ?? 0);
			const max = Number(field.max ?? min + 10);
			return String(Math.round((min + max) / 2));
		}
		case 'date':
			return today();
		case 'time':
			return '10:00';
		case 'email':
			return 'calm.reader@example.org';
		case 'tel':
			return '+1 212 555 0100';
		case 'password':
			return 'not the right password at all';
		default:
			return field.value || 'A calm walk after work';
	}
}

type Entries = [string, string][];

/** The form as a person would send it, with `text` in every text-like field. */
function entries(form: FoundForm, text?: (field: FormField) => string): Entries {
	const out: Entries = [];
	for (const field of form.fields) {
		if (field.type === 'checkbox' && !field.checked && !field.required) continue;
		const value = text && isTextLike(field) ? text(field) : plainValue(field);
		out.push([field.name, value]);
	}
	const submitter = form.submitters.find((s) => s.name && !s.formaction);
	if (submitter) out.push([submitter.name, submitter.value]);
	return out;
}

const urlencoded = (list: Entries) => new URLSearchParams(list).toString();
const formType = 'application/x-www-form-urlencoded';

function textAttack(kind: string, form: FoundForm, value: (marker: string) => string): Attack {
	const marker = nextMarker();
	return {
		kind,
		body: urlencoded(entries(form, () => value(marker))),
		contentType: formType,
		markers: [marker]
	};
}

/** Every hostile request for one form, in a fixed order. */
export function attacksFor(form: FoundForm): Attack[] {
	const attacks: Attack[] = [];
	const hasText = form.fields.some(isTextLike);
	const visible = form.fields.filter((f) => f.type !== 'hidden');

	if (hasText) {
		attacks.push(textAttack('overlong string (100 KB)', form, () => 'long '.repeat(20_480)));
		attacks.push(
			textAttack(
				'control characters and NUL',
				form,
				() => 'a\u0000b\u0001\u0007\b\u001b[31m\u007f\r\nc\u0085'
			)
		);
		attacks.push(
			textAttack('right-to-left marks', form, () => '\u202Etxt.exe\u202C \u200F\u200E\u2066x\u2069')
		);
		attacks.push(
			textAttack(
				'emoji and combining characters',
				form,
				() => '😀👩‍👩‍👧‍👦 e\u0301\u0301\u0301 Z\u0337\u0322\u034e\u0344a\u0338l \uFEFF\uD800'
			)
		);
		attacks.push(textAttack('script payload', form, scriptPayload));
		attacks.push(textAttack('img onerror payload', form, imagePayload));
		attacks.push(textAttack('SQL fragment OR 1=1', form, () => "' OR 1=1 --"));
		attacks.push(textAttack('SQL fragment DROP TABLE', form, () => "'; DROP TABLE user; --"));
	}

	// Keys that reach into an object's prototype when a parser builds objects from names.
	const proto: Entries = [
		...entries(form),
		['__proto__', 'polluted'],
		['__proto__[polluted]', '1'],
		['constructor[prototype][polluted]', '1'],
		['constructor', 'x']
	];
	attacks.push({
		kind: '__proto__ and constructor keys',
		body: urlencoded(proto),
		contentType: formType,
		markers: []
	});

	if (visible.length > 0) {
		const wrong = form.fields.map((field): [string, string] => {
			switch (field.type) {
				case 'number':
				case 'range':
					return [field.name, 'twelve'];
				case 'date':
					return [field.name, '2026-02-31'];
				case 'time':
					return [field.name, '25:61'];
				case 'select':
				case 'radio':
					return [field.name, 'not-one-of-the-choices'];
				case 'checkbox':
					return [field.name, 'maybe'];
				case 'email':
					return [field.name, 'not an address'];
				case 'hidden':
					return [field.name, field.value];
				default:
					return [field.name, '-1e309'];
			}
		});
		attacks.push({
			kind: 'wrong types',
			body: urlencoded(wrong),
			contentType: formType,
			markers: []
		});
		const impossible = form.fields.map((field): [string, string] =>
			field.type === 'hidden'
				? [field.name, field.value]
				: [field.name, field.type === 'date' ? '9999-99-99' : '1e999']
		);
		attacks.push({
			kind: 'impossible numbers and dates',
			body: urlencoded(impossible),
			contentType: formType,
			markers: []
		});
		// Every visible field twice, as an array where one value is expected.
		const twice = entries(form).flatMap((entry): Entries => {
			const field = form.fields.find((f) => f.name === entry[0]);
			return field && field.type !== 'hidden' ? [entry, [entry[0], 'second value']] : [entry];
		});
		attacks.push({
			kind: 'duplicated fields (arrays)',
			body: urlencoded(twice),
			contentType: formType,
			markers: []
		});
		const hiddenOnly = entries(form).filter(([name]) =>
			form.fields.some((f) => f.name === name && f.type === 'hidden')
		);
		attacks.push({
			kind: 'missing fields',
			body: urlencoded(hiddenOnly),
			contentType: formType,
			markers: []
		});
	}
	const hidden = form.fields.filter((f) => f.type === 'hidden');
	if (hidden.length > 0) {
		const duplicatedHidden: Entries = [
			...entries(form),
			...hidden.map((f): [string, string] => [f.name, f.value + 'x'])
		];
		attacks.push({
			kind: 'duplicated hidden token',
			body: urlencoded(duplicatedHidden),
			contentType: formType,
			markers: []
		});
	}
	attacks.push({ kind: 'empty body', body: '', contentType: formType, markers: [] });

	const jsonMarker = nextMarker();
	const asObject = Object.fromEntries(
		entries(form, () => scriptPayload(jsonMarker)).map(([k, v]) => [k, v])
	);
	attacks.push({
		kind: 'JSON body',
		body: JSON.stringify(asObject).replace(
			/^\{/,
			'{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},'
		),
		contentType: 'application/json',
		markers: [jsonMarker]
	});
	attacks.push({
		kind: 'text/plain body',
		body: entries(form)
			.map(([k, v]) => `${k}=${v}`)
			.join('\r\n'),
		contentType: 'text/plain',
		markers: []
	});
	attacks.push({
		kind: 'unknown content type',
		body: '<form><field>1</field></form>',
		contentType: 'application/xml',
		markers: []
	});
	attacks.push({
		kind: 'broken percent-encoding',
		body: `${urlencoded(entries(form))}&${form.fields[0]?.name ?? 'x'}=%E0%A4%A&%ZZ=%`,
		contentType: formType,
		markers: []
	});
	const multipart = new FormData();
	const multipartMarker = nextMarker();
	for (const [name, value] of entries(form, () => imagePayload(multipartMarker)))
		multipart.append(name, value);
	const firstText = form.fields.find(isTextLike);
	if (firstText) {
		multipart.set(
			firstText.name,
			new Blob([scriptPayload(multipartMarker)], { type: 'text/html' }),
			'note.html'
		);
	}
	attacks.push({ kind: 'multipart with a file', body: multipart, markers: [multipartMarker] });
	// Several megabytes in one field, sent as an ordinary form.
	const huge = Buffer.from(
		urlencoded([...entries(form), [firstText?.name ?? 'filler', 'x'.repeat(6 * 1024 * 1024)]])
	);
	attacks.push({ kind: 'huge body (6 MB)', body: huge, contentType: formType, markers: [] });
	return attacks;
}

/** The form filled in plainly, as a person would send it (for the member's own workbook data). */
export function plainSubmission(form: FoundForm, text: string): string {
	return urlencoded(entries(form, () => text));
}

/** One hostile address: a page's query with one or more parameters changed. */
export interface QueryAttack {
	kind: string;
	url: string;
}

/**
 * Hostile values in the address of a page that reads its query (a GET form's target, or a link
 * with parameters): each parameter in turn gets each value, the others keep their plain ones.
 * Overlong stops at 6 KB, under the 16 KB Node allows for a request's head.
 */
export function queryAttacksFor(address: string): QueryAttack[] {
	const base = new URL(address);
	const names = [...new Set(base.searchParams.keys())];
	const values: [string, (marker: string) => string][] = [
		['overlong value (6 KB)', () => 'long '.repeat(1_228)],
		['control characters and NUL', () => 'a\u0000b\u0007\u001b[31m\r\nc'],
		['right-to-left marks', () => '\u202Etxt.exe\u202C \u200F\u2066x\u2069'],
		['emoji and a lone surrogate', () => '😀👩‍👩‍👧‍👦 e\u0301 \uD800'],
		['script payload', scriptPayload],
		['img onerror payload', imagePayload],
		['SQL fragment', () => "' OR 1=1 --"],
		['impossible date', () => '9999-99-99'],
		['huge number', () => '1e999'],
		['path and scheme', () => '../../../etc/passwd?javascript:alert(1)']
	];
	const attacks: QueryAttack[] = [];
	for (const name of names) {
		for (const [kind, value] of values) {
			const url = new URL(base);
			url.searchParams.set(name, value(nextMarker()));
			attacks.push({ kind: `${name}: ${kind}`, url: url.href });
		}
		const twice = new URL(base);
		twice.searchParams.append(name, 'second value');
		attacks.push({ kind: `${name}: given twice`, url: twice.href });
		const broken = `${base.href}&${encodeURIComponent(name)}=%E0%A4%A&%ZZ=%`;
		attacks.push({ kind: `${name}: broken percent-encoding`, url: broken });
	}
	const proto = new URL(base);
	proto.searchParams.append('__proto__[polluted]', '1');
	proto.searchParams.append('constructor[prototype][polluted]', '1');
	attacks.push({ kind: '__proto__ and constructor keys', url: proto.href });
	return attacks;
}

/** Whether a form asks for an e-mail address, and so may send e-mail when it is accepted. */
export function asksForAddress(form: FoundForm): boolean {
	return form.fields.some((f) => f.type === 'email');
}

/**
 * A form that asks for an address, filled as a person would but with a script payload in every
 * text field: a fresh address where one is asked for, a plain value for a password or a telephone
 * number, every box ticked, and nothing in the field only robots see. Accepted, it puts the
 * payload into e-mails.
 */
export function mailCarryingSubmission(form: FoundForm): Attack {
	const marker = nextMarker();
	const list = entries(form, (field) => {
		// A field no person sees, which a booking form refuses when it is filled in.
		if (/^leave.?empty$/i.test(field.name)) return '';
		if (field.type === 'email') return `hostile.${marker}@example.org`;
		if (field.type === 'password' || field.type === 'tel') return plainValue(field);
		return scriptPayload(marker);
	});
	// Every box ticked, consent included, as someone who means to send it would.
	for (const field of form.fields) {
		if (field.type === 'checkbox' && !list.some(([name]) => name === field.name)) {
			list.push([field.name, plainValue(field)]);
		}
	}
	return {
		kind: 'markup bound for an e-mail',
		body: urlencoded(list),
		contentType: formType,
		markers: [marker]
	};
}
