/**
 * Just enough of HTML to crawl Steady's own pages: links, forms with their fields, and every
 * address a page would load or send to. Svelte writes regular markup (quoted attributes, no
 * nested forms), so a tag scanner is enough; no page is trusted to be well formed beyond that.
 */

export type Attributes = Record<string, string>;

const entities: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0'
};

export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
		if (code[0] === '#') {
			const n =
				code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1));
			return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
		}
		return entities[code.toLowerCase()] ?? whole;
	});
}

export function attributesOf(tag: string): Attributes {
	const attributes: Attributes = {};
	const inner = tag.replace(/^<\/?[\w-]+/, '').replace(/\/?>$/, '');
	for (const match of inner.matchAll(
		/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g
	)) {
		const name = match[1]!.toLowerCase();
		if (name in attributes) continue;
		attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
	}
	return attributes;
}

/** Every opening tag of the given names, with its attributes, in document order. */
export function tags(html: string, names: string[]): { name: string; attributes: Attributes }[] {
	const found: { name: string; attributes: Attributes }[] = [];
	const pattern = new RegExp(`<(${names.join('|')})\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi');
	for (const match of withoutScripts(html).matchAll(pattern)) {
		found.push({ name: match[1]!.toLowerCase(), attributes: attributesOf(match[0]) });
	}
	return found;
}

/** The page without the contents of its scripts (SvelteKit's data, which holds no markup). */
function withoutScripts(html: string): string {
	return html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2');
}

export interface FormField {
	name: string;
	/** input type ("text", "hidden", "checkbox" …), or "select" / "textarea". */
	type: string;
	value: string;
	options: string[];
	required: boolean;
	checked: boolean;
	min?: string;
	max?: string;
}

export interface FoundForm {
	/** The page it was found on. */
	page: string;
	method: 'GET' | 'POST';
	/** Resolved against the page. */
	action: string;
	enctype: string;
	fields: FormField[];
	/** Named submit buttons, and buttons with a formaction of their own. */
	submitters: { name: string; value: string; formaction?: string }[];
	/** Its position among the page's forms, for the browser to find it again. */
	index: number;
}

const textLike = new Set(['text', 'email', 'search', 'url', 'tel', 'password', 'textarea', '']);

export function isTextLike(field: FormField): boolean {
	return textLike.has(field.type);
}

export function formsOf(html: string, pageUrl: string): FoundForm[] {
	const forms: FoundForm[] = [];
	const source = withoutScripts(html);
	let index = 0;
	for (const match of source.matchAll(/<form\b(?:[^>"']|"[^"]*"|'[^']*')*>([\s\S]*?)<\/form>/gi)) {
		const open = attributesOf(match[0].slice(0, match[0].length - match[1]!.length - 7));
		const body = match[1]!;
		const method = (open.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
		const action = new URL(open.action ?? '', pageUrl).href;
		const fields: FormField[] = [];
		const submitters: FoundForm['submitters'] = [];
		const pattern =
			/<(input|button)\b(?:[^>"']|"[^"]*"|'[^']*')*>|<select\b(?:[^>"']|"[^"]*"|'[^']*')*>([\s\S]*?)<\/select>|<textarea\b(?:[^>"']|"[^"]*"|'[^']*')*>([\s\S]*?)<\/textarea>/gi;
		for (const part of body.matchAll(pattern)) {
			const tag = part[0].slice(0, part[0].indexOf('>') + 1);
			const a = attributesOf(tag);
			const kind = tag.slice(1, tag.search(/[\s>]/)).toLowerCase();
			if (a.disabled !== undefined) continue;
			if (kind === 'button' || (kind === 'input' && ['submit', 'image'].includes(a.type ?? ''))) {
				if ((a.type ?? 'submit') !== 'submit' && kind === 'button') continue;
				if (a.name || a.formaction) {
					submitters.push({
						name: a.name ?? '',
						value: a.value ?? '',
						...(a.formaction ? { formaction: new URL(a.formaction, pageUrl).href } : {})
					});
				}
				continue;
			}
			if (!a.name) continue;
			if (kind === 'select') {
				const options = [...(part[2] ?? '').matchAll(/<option\b[^>]*>([\s\S]*?)<\/option>/gi)].map(
					(o) => {
						const oa = attributesOf(o[0].slice(0, o[0].indexOf('>') + 1));
						return oa.value ?? decodeEntities(o[1]!.trim());
					}
				);
				const selected = [...(part[2] ?? '').matchAll(/<option\b[^>]*\bselected\b[^>]*>/gi)][0];
				fields.push({
					name: a.name,
					type: 'select',
					value: selected ? (attributesOf(selected[0]).value ?? '') : (options[0] ?? ''),
					options,
					required: a.required !== undefined,
					checked: false
				});
			} else if (kind === 'textarea') {
				fields.push({
					name: a.name,
					type: 'textarea',
					value: decodeEntities(part[3] ?? ''),
					options: [],
					required: a.required !== undefined,
					checked: false
				});
			} else {
				const type = (a.type ?? 'text').toLowerCase();
				if (type === 'reset' || type === 'button') continue;
				fields.push({
					name: a.name,
					type,
					value: a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''),
					options: [],
					required: a.required !== undefined,
					checked: a.checked !== undefined,
					...(a.min !== undefined ? { min: a.min } : {}),
					...(a.max !== undefined ? { max: a.max } : {})
				});
			}
		}
		// Radio buttons of one name become one field with its choices.
		const merged: FormField[] = [];
		for (const field of fields) {
			const same = merged.find((f) => f.name === field.name && f.type === 'radio');
			if (field.type === 'radio' && same) {
				same.options.push(field.value);
				if (field.checked) same.checked = true;
				continue;
			}
			merged.push(field.type === 'radio' ? { ...field, options: [field.value] } : field);
		}
		forms.push({
			page: pageUrl,
			method,
			action,
			enctype: open.enctype ?? 'application/x-www-form-urlencoded',
			fields: merged,
			submitters,
			index: index++
		});
	}
	return forms;
}

/** Same-origin links to follow, resolved and without their fragment. */
export function linksOf(html: string, pageUrl: string): string[] {
	const origin = new URL(pageUrl).origin;
	const links: string[] = [];
	for (const { attributes } of tags(html, ['a'])) {
		if (!attributes.href || attributes.download !== undefined) continue;
		let url: URL;
		try {
			url = new URL(attributes.href, pageUrl);
		} catch {
			continue;
		}
		if (url.origin !== origin) continue;
		url.hash = '';
		links.push(url.href);
	}
	return links;
}

/** Attributes whose address a browser loads, sends to or navigates to. */
const addressAttributes = [
	'src',
	'href',
	'action',
	'formaction',
	'poster',
	'data',
	'srcset',
	'imagesrcset',
	'background',
	'ping',
	'manifest'
];

/**
 * Every address on the page that points to another host, other than a plain link a person may
 * follow (`<a href>`: crisis lines and the like) and a `<link rel="canonical|alternate">`, which
 * names the page's public address and is never loaded.
 */
export function foreignReferences(html: string, pageUrl: string): string[] {
	const origin = new URL(pageUrl).origin;
	const found: string[] = [];
	for (const { name, attributes } of tags(html, ['[a-z][\\w-]*'])) {
		for (const attribute of addressAttributes) {
			const value = attributes[attribute];
			if (value === undefined) continue;
			if (name === 'a' && attribute === 'href') continue;
			if (
				name === 'link' &&
				attribute === 'href' &&
				/\b(canonical|alternate)\b/i.test(attributes.rel ?? '')
			)
				continue;
			const addresses = attribute.endsWith('srcset')
				? value.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '')
				: [value.trim()];
			for (const address of addresses) {
				if (!/^(https?:)?\/\//i.test(address)) continue;
				if (new URL(address, pageUrl).origin !== origin)
					found.push(`<${name} ${attribute}="${address}">`);
			}
		}
		const style = attributes.style ?? '';
		for (const m of style.matchAll(/url\(\s*['"]?((?:https?:)?\/\/[^'")\s]+)/gi)) {
			if (new URL(m[1]!, pageUrl).origin !== origin) found.push(`<${name} style url(${m[1]})>`);
		}
	}
	for (const m of html.matchAll(/@import\s+(?:url\()?['"]?((?:https?:)?\/\/[^'")\s;]+)/gi)) {
		if (new URL(m[1]!, pageUrl).origin !== origin) found.push(`@import ${m[1]}`);
	}
	return found;
}

/** The words a person would read on the page. */
export function visibleText(html: string): string {
	return decodeEntities(
		html.replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ')
	)
		.replace(/\s+/g, ' ')
		.trim();
}
