import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	ArticleError,
	createArticleStore,
	formatArticleDate,
	getPublishedArticle,
	listPublishedArticles,
	loadArticles,
	parseArticle,
	renderMarkdown
} from './articles';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const contentDir = fileURLToPath(new URL('../../../../content/articles', import.meta.url));

function decodeEntities(text: string): string {
	return text
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&#39;', "'")
		.replaceAll('&amp;', '&');
}

/** Roughly what a reader sees: tags dropped, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
	return decodeEntities(html.replace(/<[^>]*>/g, ' '))
		.replace(/\s+/g, ' ')
		.trim();
}

function parseFixture(name: string) {
	return parseArticle(name, readFileSync(fixture(name), 'utf8'));
}

function errorFrom(run: () => unknown): ArticleError {
	try {
		run();
	} catch (error) {
		if (error instanceof ArticleError) return error;
		throw error;
	}
	throw new Error('expected an ArticleError, but nothing was thrown');
}

describe('loadArticles', () => {
	const articles = loadArticles(fixture('articles'));

	it('parses front matter and fills in defaults', () => {
		const older = articles.find((article) => article.slug === 'an-older-note');
		expect(older).toMatchObject({
			title: 'An older note',
			date: '2025-03-01',
			summary: 'The oldest published fixture, with only the required fields.',
			draft: false,
			consultationButton: false
		});

		const steadiness = articles.find((article) => article.slug === 'what-steadiness-feels-like');
		expect(steadiness).toMatchObject({
			title: 'What steadiness feels like: a first look',
			draft: false,
			consultationButton: true
		});
		expect(articles.find((article) => article.slug === 'a-draft-in-progress')?.draft).toBe(true);
	});

	it('returns every article, drafts included, newest first', () => {
		expect(articles.map((article) => article.date)).toEqual([
			'2026-02-10',
			'2025-11-20',
			'2025-06-01',
			'2025-03-01'
		]);
	});

	it('renders the body as HTML', () => {
		const older = articles.find((article) => article.slug === 'an-older-note')!;
		expect(older.html).toContain('<strong>bold</strong>');
		expect(older.html).toContain('<a href="https://example.org/about">link to the practice</a>');
	});

	it('gives headings stable, unique ids and keeps the title as the only h1', () => {
		const { html, headings } = parseFixture('articles/2025-11-20-what-steadiness-feels-like.md');
		expect(headings).toEqual([
			{ id: 'a-heading-written-as-h1', text: 'A heading written as h1' },
			{ id: 'why-it-matters', text: 'Why it matters' },
			{ id: 'why-it-matters-2', text: 'Why it matters' },
			{ id: 'someones-own-pace', text: 'Someone’s own pace' }
		]);
		expect(html).not.toMatch(/<h1/);
		expect(html).toContain('<h2 id="a-heading-written-as-h1">A heading written as h1</h2>');
		expect(html).toContain('<h3 id="a-smaller-heading">A smaller heading</h3>');
		expect(html).toContain('<h2 id="someones-own-pace">Someone’s <em>own</em> pace</h2>');
	});

	it('refuses two files that claim the same slug', () => {
		const error = errorFrom(() => loadArticles(fixture('duplicate-slug')));
		expect(error.field).toBe('slug');
		expect(error.message).toContain('2026-02-01-same-name.md');
		expect(error.message).toContain('2026-01-01-same-name.md');
	});

	it('names the first bad file in a folder', () => {
		expect(() => loadArticles(fixture('invalid'))).toThrow(/2026-01-01-missing-title\.md.*title/);
	});
});

describe('published articles', () => {
	const store = createArticleStore(fixture('articles'));

	it('leaves drafts out of the list, newest first, as summaries', () => {
		expect(store.listPublished()).toEqual([
			{
				slug: 'what-steadiness-feels-like',
				title: 'What steadiness feels like: a first look',
				date: '2025-11-20',
				summary: 'A published fixture that asks for the consultation button.'
			},
			{
				slug: 'hostile-markup',
				title: 'Hostile markup',
				date: '2025-06-01',
				summary: 'Everything someone could type to try to add markup to a page.'
			},
			{
				slug: 'an-older-note',
				title: 'An older note',
				date: '2025-03-01',
				summary: 'The oldest published fixture, with only the required fields.'
			}
		]);
	});

	it('never hands out a draft by slug', () => {
		expect(store.getPublished('a-draft-in-progress')).toBeUndefined();
		expect(store.getPublished('no-such-article')).toBeUndefined();
		expect(store.getPublished('an-older-note')?.title).toBe('An older note');
	});

	it('reads content/articles by default', () => {
		expect(listPublishedArticles().map((article) => article.slug)).toContain(
			'building-self-esteem'
		);
		expect(getPublishedArticle('building-self-esteem')?.consultationButton).toBe(true);
	});
});

describe('invalid articles', () => {
	it.each([
		['2026-01-01-missing-title.md', 'title', 'is required'],
		['2026-01-02-impossible-date.md', 'date', 'not a real calendar date'],
		['2026-01-03-badly-written-date.md', 'date', 'YYYY-MM-DD'],
		['2026-01-04-bad-slug.md', 'slug', 'lower-case'],
		['2026-01-05-draft-not-boolean.md', 'draft', 'true or false'],
		['2026-01-06-unknown-field.md', 'drafts', 'not a known front matter field'],
		['2026-01-07-empty-summary.md', 'summary', 'must not be empty'],
		['2026-01-08-slug-mismatch.md', 'slug', 'does not match the file name'],
		['2026-01-10-consultation-button-text.md', 'consultationButton', 'true or false']
	])('%s names the file and the field "%s"', (name, field, problem) => {
		const error = errorFrom(() => parseFixture(`invalid/${name}`));
		expect(error.field).toBe(field);
		expect(error.message).toContain(name);
		expect(error.message).toContain(`"${field}"`);
		expect(error.message).toContain(problem);
	});

	it('names a file without front matter', () => {
		const error = errorFrom(() => parseFixture('invalid/2026-01-09-no-front-matter.md'));
		expect(error.message).toMatch(/2026-01-09-no-front-matter\.md: .*front matter/);
	});

	it('names a file whose name carries no date', () => {
		const error = errorFrom(() => parseFixture('invalid/undated-article.md'));
		expect(error.message).toMatch(/undated-article\.md: file name must look like YYYY-MM-DD/);
	});

	it('names a file with an empty body', () => {
		const source = '---\ntitle: T\ndate: 2026-01-12\nsummary: S\nslug: empty-body\n---\n\n  \n';
		const error = errorFrom(() => parseArticle('2026-01-12-empty-body.md', source));
		expect(error.field).toBe('body');
	});

	it('names a file whose front matter is not YAML', () => {
		const source = '---\ntitle: [unclosed\n---\n\nBody.\n';
		const error = errorFrom(() => parseArticle('2026-01-13-broken-yaml.md', source));
		expect(error.message).toMatch(/2026-01-13-broken-yaml\.md: front matter is not valid YAML/);
	});
});

describe('raw HTML in a body', () => {
	const { html } = parseFixture('articles/2025-06-01-hostile-markup.md');

	it('is shown as text, never passed through as markup', () => {
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
		expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
		expect(html).toContain('&lt;div onclick=&quot;alert(6)&quot;&gt;');
		expect(html).not.toMatch(/<(script|img|b|div)[\s>]/i);
	});

	it('drops links and images that could run code, keeping their words', () => {
		expect(html).not.toMatch(/javascript:|href="\s*javascript/i);
		expect(html).not.toContain('data:text/html');
		expect(visibleText(html)).toContain('A script link and a mixed-case one.');
		expect(visibleText(html)).toContain('A data image');
	});

	it('escapes script inside headings and list items too', () => {
		const { html: rendered } = renderMarkdown('## Hi <script>x()</script>\n\n- <iframe src=x>');
		expect(rendered).not.toMatch(/<(script|iframe)/i);
		expect(rendered).toContain('&lt;script&gt;');
		expect(rendered).toContain('&lt;iframe src=x&gt;');
	});

	it('cannot break out of an image’s alt or title attribute', () => {
		const { html: rendered } = renderMarkdown(
			'![x" onerror="alert(1) <b>b</b>](/photo.png "t\\"><script>")'
		);
		expect(rendered).toBe(
			'<p><img src="/photo.png" alt="x&quot; onerror=&quot;alert(1) &lt;b&gt;b&lt;/b&gt;" title="t&quot;&gt;&lt;script&gt;"></p>\n'
		);
	});

	it('drops script URLs however the link is written', () => {
		const { html: rendered } = renderMarkdown(
			'<javascript:alert(1)> [ref][1] [safe][2] [tab](< java\tscript:alert(3)>)\n\n' +
				'[1]: javascript:alert(2)\n[2]: /consultation'
		);
		expect(rendered).toBe('<p>javascript:alert(1) ref <a href="/consultation">safe</a> tab</p>\n');
	});

	it('escapes a code block’s language name', () => {
		const { html: rendered } = renderMarkdown('```"><script>\nhi\n```');
		expect(rendered).not.toContain('<script');
	});
});

describe('the essay "Building Self-Esteem In and Outside of Relationships"', () => {
	const essay = loadArticles(contentDir).find(
		(article) => article.slug === 'building-self-esteem'
	)!;
	const seed = readFileSync(fixture('building-self-esteem.seed.txt'), 'utf8');
	const [seedTitle, ...seedRest] = seed.split('\n');
	const seedParagraphs = seedRest
		.join('\n')
		.split(/\n[ \t]*\n/)
		.map((paragraph) =>
			paragraph
				.replace(/^\s*•\s*/, '')
				.replace(/\s+/g, ' ')
				.trim()
		)
		.filter(Boolean);

	it('loads with its front matter', () => {
		expect(essay).toMatchObject({
			title: seedTitle,
			date: '2026-11-29',
			draft: false,
			consultationButton: true
		});
		expect(essay.summary.length).toBeGreaterThan(40);
		expect(formatArticleDate(essay.date)).toBe('29 November 2026');
	});

	it('has exactly the five section headings', () => {
		expect(essay.headings).toEqual([
			{ id: 'self-esteem-is-often-relational', text: 'Self-esteem is often relational' },
			{
				id: 'relationships-cannot-fully-repair-self-worth-for-us',
				text: 'Relationships cannot fully repair self-worth for us'
			},
			{
				id: 'building-self-esteem-inside-relationships',
				text: 'Building self-esteem inside relationships'
			},
			{
				id: 'building-self-esteem-outside-relationships',
				text: 'Building self-esteem outside relationships'
			},
			{ id: 'therapy-and-self-esteem-work', text: 'Therapy and self-esteem work' }
		]);
		expect(essay.html.match(/<h\d/g)).toHaveLength(5);
	});

	it('lists the seven beliefs as bullet points', () => {
		const afterIntro = essay.html.slice(essay.html.indexOf('internalize beliefs such as:'));
		const list = /<ul>([\s\S]*?)<\/ul>/.exec(afterIntro)?.[1] ?? '';
		const items = [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) =>
			visibleText(match[1]!)
		);
		expect(items).toEqual([
			'“I am too much.”',
			'“I am not enough.”',
			'“I need to earn love.”',
			'“My needs are a burden.”',
			'“If someone pulls away, it means I am failing.”',
			'“Conflict means rejection.”',
			'“I have to perform, achieve, caretaking, or accommodate to be valued.”'
		]);
	});

	it('quotes the two differentiation lines as blockquotes', () => {
		const quotes = [...essay.html.matchAll(/<blockquote>([\s\S]*?)<\/blockquote>/g)].map((match) =>
			visibleText(match[1]!)
		);
		expect(quotes).toEqual([
			'“I only feel okay if the relationship feels okay”',
			'“The relationship matters deeply to me, but I can remain grounded in myself even during discomfort.”'
		]);
	});

	it('keeps the five short lines as separate lines of one paragraph', () => {
		expect(essay.html).toMatch(
			/<p>A text goes unanswered and anxiety spirals\.<br>\s*Conflict feels unbearable\.<br>\s*Criticism feels devastating\.<br>\s*Reassurance never fully lasts\.<br>\s*Disconnection quickly becomes self-doubt\.<\/p>/
		);
	});

	it('contains every paragraph of the seed, word for word', () => {
		const text = visibleText(essay.html);
		expect(seedParagraphs).toHaveLength(92);
		for (const paragraph of seedParagraphs) expect(text).toContain(paragraph);
	});

	it('adds and drops nothing: the rendered words are the seed’s words in order', () => {
		expect(visibleText(essay.html)).toBe(seedParagraphs.join(' '));
	});
});
