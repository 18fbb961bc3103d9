import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Marked, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface ArticleHeading {
	id: string;
	text: string;
}

export interface Article {
	slug: string;
	title: string;
	/** Publication day as YYYY-MM-DD; a day, not an instant, so it never shifts with time zones. */
	date: string;
	summary: string;
	draft: boolean;
	consultationButton: boolean;
	html: string;
	/** The article's sections (its `##` headings), in order, for linking and contents lists. */
	headings: ArticleHeading[];
}

export type ArticleSummary = Pick<Article, 'slug' | 'title' | 'date' | 'summary'>;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FILE_NAME_PATTERN = /^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const FRONT_MATTER_PATTERN = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function isCalendarDate(value: string): boolean {
	const [year, month, day] = value.split('-').map(Number);
	const date = new Date(Date.UTC(year!, month! - 1, day!));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day
	);
}

const frontMatterSchema = z.strictObject({
	title: z.string({ error: 'is required and must be text' }).trim().min(1, 'must not be empty'),
	// A YAML 1.1 parser would turn an unquoted date into a Date; accept that too, as the same day.
	date: z.preprocess(
		(value) =>
			value instanceof Date && !Number.isNaN(value.getTime())
				? value.toISOString().slice(0, 10)
				: value,
		z
			.string({ error: 'is required and must be a date written as YYYY-MM-DD' })
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD')
			.refine(isCalendarDate, 'is not a real calendar date')
	),
	summary: z.string({ error: 'is required and must be text' }).trim().min(1, 'must not be empty'),
	slug: z
		.string({ error: 'is required and must be text' })
		.regex(SLUG_PATTERN, 'must be lower-case letters and digits joined by single hyphens'),
	draft: z.boolean({ error: 'must be true or false' }).default(false),
	consultationButton: z.boolean({ error: 'must be true or false' }).default(false)
});

export class ArticleError extends Error {
	constructor(
		readonly file: string,
		readonly field: string | undefined,
		problem: string
	) {
		super(field ? `${file}: field "${field}" ${problem}` : `${file}: ${problem}`);
		this.name = 'ArticleError';
	}
}

// Character references the writer typed (&amp;, &eacute;) are left alone, as marked does with
// text: they cannot form markup, and escaping them twice would show "&amp;" to readers.
function escapeHtml(text: string): string {
	return text
		.replace(/&(?!#\d{1,7};|#x[\da-f]{1,6};|\w+;)/gi, '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

// Relative links and these schemes are all an article needs; anything else (javascript:, data:,
// vbscript:) could run code in a reader's browser.
const SAFE_URL_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

function isSafeUrl(href: string): boolean {
	// Browsers ignore control characters and whitespace inside a scheme, so we must too.
	// eslint-disable-next-line no-control-regex
	const compact = href.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
	const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
	return scheme === undefined || SAFE_URL_SCHEMES.has(scheme);
}

function plainText(tokens: readonly Token[]): string {
	return tokens
		.map((token) => {
			if ('tokens' in token && token.tokens) return plainText(token.tokens);
			if (token.type === 'br') return ' ';
			return 'text' in token && typeof token.text === 'string' ? token.text : '';
		})
		.join('');
}

export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/**
 * Markdown to HTML for text the practitioner types. Raw HTML is shown as text rather than
 * passed through, so nothing typed into an article can add markup or script to the page.
 */
export function renderMarkdown(markdown: string): { html: string; headings: ArticleHeading[] } {
	const headings: ArticleHeading[] = [];
	const usedIds = new Map<string, number>();

	// A fresh instance per call keeps the heading-id bookkeeping local to this one document.
	const marked = new Marked({
		gfm: true,
		async: false,
		renderer: {
			html({ text, block }: Tokens.HTML | Tokens.Tag) {
				return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
			},
			heading({ tokens, depth }: Tokens.Heading) {
				const text = plainText(tokens).trim();
				const base = slugify(text) || 'section';
				const seen = usedIds.get(base) ?? 0;
				usedIds.set(base, seen + 1);
				const id = seen === 0 ? base : `${base}-${seen + 1}`;
				// The page renders the title as the only h1, so a body heading starts at h2.
				const level = Math.max(depth, 2);
				if (level === 2) headings.push({ id, text });
				return `<h${level} id="${id}">${this.parser.parseInline(tokens)}</h${level}>\n`;
			},
			link({ href, tokens }: Tokens.Link) {
				return isSafeUrl(href) ? false : this.parser.parseInline(tokens);
			},
			// Written out in full because marked puts the alt text into the attribute unescaped.
			image({ href, title, text, tokens }: Tokens.Image) {
				const alt = escapeHtml(tokens ? plainText(tokens) : text);
				if (!isSafeUrl(href)) return alt;
				let src: string;
				try {
					src = escapeHtml(encodeURI(href).replaceAll('%25', '%'));
				} catch {
					return alt;
				}
				const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
				return `<img src="${src}" alt="${alt}"${titleAttribute}>`;
			}
		}
	});

	const html = marked.parse(markdown) as string;
	return { html, headings };
}

function describeIssue(issue: z.core.$ZodIssue): { field: string | undefined; problem: string } {
	if (issue.code === 'unrecognized_keys') {
		return {
			field: issue.keys[0],
			problem: 'is not a known front matter field (check its spelling)'
		};
	}
	return { field: issue.path.map(String).join('.') || undefined, problem: issue.message };
}

/** Parses one article file; `fileName` is used for the slug/date check and in error messages. */
export function parseArticle(fileName: string, source: string): Article {
	const name = path.basename(fileName);
	const nameParts = FILE_NAME_PATTERN.exec(name);
	if (!nameParts) {
		throw new ArticleError(fileName, undefined, 'file name must look like YYYY-MM-DD-slug.md');
	}

	const frontMatterMatch = FRONT_MATTER_PATTERN.exec(source);
	if (!frontMatterMatch) {
		throw new ArticleError(
			fileName,
			undefined,
			'must start with front matter between two "---" lines'
		);
	}

	let raw: unknown;
	try {
		raw = parseYaml(frontMatterMatch[1]!);
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new ArticleError(fileName, undefined, `front matter is not valid YAML: ${reason}`);
	}
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		throw new ArticleError(fileName, undefined, 'front matter must be a list of "field: value"');
	}

	const result = frontMatterSchema.safeParse(raw);
	if (!result.success) {
		const { field, problem } = describeIssue(result.error.issues[0]!);
		throw new ArticleError(fileName, field, problem);
	}
	const meta = result.data;

	// The file name is what a person sees in a folder listing; it must not tell a different story.
	if (meta.date !== nameParts[1]) {
		throw new ArticleError(fileName, 'date', `(${meta.date}) does not match the file name`);
	}
	if (meta.slug !== nameParts[2]) {
		throw new ArticleError(fileName, 'slug', `(${meta.slug}) does not match the file name`);
	}

	const body = source.slice(frontMatterMatch[0].length);
	if (body.trim() === '') {
		throw new ArticleError(fileName, 'body', 'is empty');
	}

	return { ...meta, ...renderMarkdown(body) };
}

function newestFirst(a: Article, b: Article): number {
	if (a.date !== b.date) return a.date < b.date ? 1 : -1;
	return a.slug.localeCompare(b.slug);
}

/** Every article in `dir`, drafts included, newest first. Throws on the first bad file. */
export function loadArticles(dir: string): Article[] {
	const files = readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
		.map((entry) => entry.name)
		.sort();

	const articles: Article[] = [];
	const slugs = new Map<string, string>();
	for (const name of files) {
		const file = path.join(dir, name);
		const label = path.relative(process.cwd(), file) || file;
		const article = parseArticle(label, readFileSync(file, 'utf8'));
		const other = slugs.get(article.slug);
		if (other) {
			throw new ArticleError(label, 'slug', `"${article.slug}" is already used by ${other}`);
		}
		slugs.set(article.slug, label);
		articles.push(article);
	}
	return articles.sort(newestFirst);
}

export interface ArticleStore {
	listPublished(): ArticleSummary[];
	getPublished(slug: string): Article | undefined;
}

/**
 * Published articles from `dir`, read once on first use: the files are the same for every visitor
 * and only change with a new deploy.
 */
export function createArticleStore(dir: string): ArticleStore {
	let published: Article[] | undefined;
	const load = () => (published ??= loadArticles(dir).filter((article) => !article.draft));

	return {
		listPublished: () =>
			load().map(({ slug, title, date, summary }) => ({ slug, title, date, summary })),
		getPublished: (slug) => load().find((article) => article.slug === slug)
	};
}

let defaultStore: ArticleStore | undefined;

// Resolved on first use rather than at import, so the working directory is the one the
// server or prerenderer actually runs in.
function articleStore(): ArticleStore {
	defaultStore ??= createArticleStore(path.resolve(process.cwd(), 'content/articles'));
	return defaultStore;
}

export function listPublishedArticles(): ArticleSummary[] {
	return articleStore().listPublished();
}

export function getPublishedArticle(slug: string): Article | undefined {
	return articleStore().getPublished(slug);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** "29 November 2026" for a YYYY-MM-DD day. */
export function formatArticleDate(date: string): string {
	return dateFormat.format(new Date(`${date}T00:00:00Z`));
}
