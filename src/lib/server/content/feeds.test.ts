import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from './articles';
import { buildRobotsTxt, buildRssFeed, buildSitemap, escapeXml, rfc822Date } from './feeds';

interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
	if (raw.includes('<')) throw new Error(`raw "<" in ${JSON.stringify(raw)}`);
	return raw.replace(/&([^;\s]*);?/g, (match, name: string) => {
		if (!match.endsWith(';')) throw new Error(`bare "&" in ${JSON.stringify(raw)}`);
		if (name in ENTITIES) return ENTITIES[name]!;
		const code = /^#(\d+)$/.exec(name)?.[1] ?? /^#x([\da-f]+)$/i.exec(name)?.[1];
		if (code === undefined) throw new Error(`unknown entity ${match}`);
		return String.fromCodePoint(parseInt(code, name[1] === 'x' ? 16 : 10));
	});
}

/**
 * A deliberately small XML reader: enough to prove the feeds are well-formed (one root, every tag
 * closed in order, quoted unique attributes, only known entities) without a new package.
 */
function parseXml(xml: string): XmlElement {
	const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
	if (!declaration.test(xml)) throw new Error('missing XML declaration');
	const source = xml.replace(declaration, '');

	const document: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
	const stack = [document];
	const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"]*")*)\s*(\/?)>/y;
	let position = 0;

	while (position < source.length) {
		const next = source.indexOf('<', position);
		const textEnd = next === -1 ? source.length : next;
		const text = source.slice(position, textEnd);
		const current = stack.at(-1)!;
		if (text.trim() !== '') {
			if (current === document) throw new Error(`text outside the root: ${text}`);
			current.text += decode(text);
		}
		if (next === -1) break;

		tag.lastIndex = next;
		const match = tag.exec(source);
		if (!match) throw new Error(`malformed tag at ${source.slice(next, next + 30)}`);
		const [whole, closing, name, rawAttributes, selfClosing] = match;
		position = next + whole.length;

		if (closing) {
			if (rawAttributes || selfClosing) throw new Error(`malformed closing tag ${whole}`);
			const open = stack.pop();
			if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
			continue;
		}
		if (current === document && document.children.length > 0) {
			throw new Error('more than one root element');
		}
		const attributes: Record<string, string> = {};
		for (const [, key, value] of rawAttributes!.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
			if (key! in attributes) throw new Error(`duplicate attribute ${key}`);
			attributes[key!] = decode(value!);
		}
		const element: XmlElement = { name: name!, attributes, children: [], text: '' };
		current.children.push(element);
		if (!selfClosing) stack.push(element);
	}

	if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
	const root = document.children[0];
	if (!root) throw new Error('no root element');
	return root;
}

function child(element: XmlElement, name: string): XmlElement {
	const found = element.children.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`<${element.name}> has no <${name}>`);
	return found;
}

function children(element: XmlElement, name: string): XmlElement[] {
	return element.children.filter((candidate) => candidate.name === name);
}

const ORIGIN = 'https://steady.example';
const TRICKY_TITLE = `Tom & Jerry <3 "quoted" and 'single' > all`;

const articles: ArticleSummary[] = [
	{
		slug: 'newest',
		title: TRICKY_TITLE,
		date: '2026-11-29',
		summary: 'Less than <b>bold</b> & more.'
	},
	{ slug: 'older', title: 'Older', date: '2025-02-03', summary: 'An earlier piece.' }
];

describe('the test XML reader', () => {
	it.each([
		['<a><b></a></b>', /closes/],
		['<a>&</a>', /bare "&"/],
		['<a>&nbsp;</a>', /unknown entity/],
		['<a>x', /never closed/],
		['<a b="1" b="2"/>', /duplicate attribute/],
		['<a/><b/>', /more than one root/],
		['<a b=1/>', /malformed tag/]
	])('rejects %s', (body, problem) => {
		expect(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`)).toThrow(problem);
	});
});

describe('buildRssFeed', () => {
	const xml = buildRssFeed(ORIGIN, articles);
	const rss = parseXml(xml);
	const channel = child(rss, 'channel');

	it('is RSS 2.0 with an atom self link', () => {
		expect(rss.name).toBe('rss');
		expect(rss.attributes).toEqual({
			version: '2.0',
			'xmlns:atom': 'http://www.w3.org/2005/Atom'
		});
		expect(child(channel, 'title').text).toBe('Steady');
		expect(child(channel, 'link').text).toBe('https://steady.example/articles');
		expect(child(channel, 'description').text).toMatch(/self-esteem/);
		expect(child(channel, 'atom:link').attributes).toEqual({
			href: 'https://steady.example/articles/rss.xml',
			rel: 'self',
			type: 'application/rss+xml'
		});
		expect(child(channel, 'lastBuildDate').text).toBe('Sun, 29 Nov 2026 00:00:00 GMT');
	});

	it('has one complete item per article, in the order given', () => {
		const items = children(channel, 'item');
		expect(items).toHaveLength(2);
		expect(items.map((item) => child(item, 'title').text)).toEqual([TRICKY_TITLE, 'Older']);

		const older = items[1]!;
		expect(child(older, 'link').text).toBe('https://steady.example/articles/older');
		expect(child(older, 'guid').text).toBe('https://steady.example/articles/older');
		expect(child(older, 'guid').attributes).toEqual({ isPermaLink: 'true' });
		expect(child(older, 'pubDate').text).toBe('Mon, 03 Feb 2025 00:00:00 GMT');
		expect(child(older, 'description').text).toBe('An earlier piece.');
	});

	it('escapes & < > " and apostrophes in text', () => {
		expect(xml).toContain(
			'<title>Tom &amp; Jerry &lt;3 &quot;quoted&quot; and &apos;single&apos; &gt; all</title>'
		);
		expect(xml).toContain(
			'<description>Less than &lt;b&gt;bold&lt;/b&gt; &amp; more.</description>'
		);
		expect(xml).not.toContain('<b>');
	});

	it('stays well-formed with no articles at all', () => {
		const empty = parseXml(buildRssFeed(ORIGIN, []));
		expect(children(child(empty, 'channel'), 'item')).toEqual([]);
	});

	it('drops characters XML cannot carry', () => {
		const feed = buildRssFeed(ORIGIN, [{ ...articles[1]!, title: 'Bell\u0007 and tab\t' }]);
		const item = child(child(parseXml(feed), 'channel'), 'item');
		expect(child(item, 'title').text).toBe('Bell and tab\t');
	});
});

describe('rfc822Date', () => {
	it('writes the day in the RFC 822 form feed readers expect', () => {
		expect(rfc822Date('2026-11-29')).toMatch(
			/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} 00:00:00 GMT$/
		);
	});
});

describe('escapeXml', () => {
	it('escapes the five XML special characters', () => {
		expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
	});
});

describe('buildSitemap', () => {
	const xml = buildSitemap(ORIGIN, articles);
	const urlset = parseXml(xml);

	it('lists the public pages and every article with absolute URLs', () => {
		expect(urlset.name).toBe('urlset');
		expect(urlset.attributes).toEqual({ xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' });
		expect(children(urlset, 'url').map((url) => child(url, 'loc').text)).toEqual([
			'https://steady.example/',
			'https://steady.example/articles',
			'https://steady.example/help',
			'https://steady.example/privacy',
			'https://steady.example/consultation',
			'https://steady.example/pause',
			'https://steady.example/self-check',
			'https://steady.example/articles/newest',
			'https://steady.example/articles/older'
		]);
	});

	it('gives each article its date as lastmod', () => {
		const lastmods = children(urlset, 'url').flatMap((url) =>
			children(url, 'lastmod').map((lastmod) => lastmod.text)
		);
		expect(lastmods).toEqual(['2026-11-29', '2025-02-03']);
	});
});

describe('buildRobotsTxt', () => {
	it('allows the public site, keeps private areas out and points to the sitemap', () => {
		expect(buildRobotsTxt(ORIGIN).split('\n')).toEqual([
			'User-agent: *',
			'Allow: /',
			'Disallow: /app',
			'Disallow: /admin',
			'Disallow: /api',
			'',
			'Sitemap: https://steady.example/sitemap.xml',
			''
		]);
	});
});
