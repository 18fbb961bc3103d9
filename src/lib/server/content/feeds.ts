import type { ArticleSummary } from './articles';

/** Pages that exist whatever articles are published, in the order a visitor meets them. */
export const STATIC_PAGES = [
	'/',
	'/articles',
	'/help',
	'/privacy',
	'/consultation',
	'/pause',
	'/self-check'
] as const;

const FEED_DESCRIPTION =
	'Writing from Steady, a psychotherapy practice, on building self-esteem in and outside of relationships.';

// XML 1.0 forbids most control characters outright, even escaped; one pasted from a word
// processor would make the whole feed unreadable.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
	return text
		.replace(INVALID_XML_CHARACTERS, '')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&apos;');
}

export function absoluteUrl(origin: string, pathname: string): string {
	return new URL(pathname, origin).href;
}

export function articlePath(slug: string): string {
	return `/articles/${slug}`;
}

/** RFC 822 date-time, as RSS 2.0 requires, for the start of a YYYY-MM-DD day in UTC. */
export function rfc822Date(date: string): string {
	return new Date(`${date}T00:00:00Z`).toUTCString();
}

function element(name: string, text: string): string {
	return `<${name}>${escapeXml(text)}</${name}>`;
}

/** RSS 2.0 feed of the given articles, which the caller has already limited to published ones. */
export function buildRssFeed(origin: string, articles: readonly ArticleSummary[]): string {
	const feedUrl = absoluteUrl(origin, '/articles/rss.xml');
	// The newest article's day rather than the build time, so the same content gives the same feed.
	const lastBuild = articles.reduce<string | undefined>(
		(latest, article) => (latest === undefined || article.date > latest ? article.date : latest),
		undefined
	);

	const items = articles.flatMap((article) => {
		const url = absoluteUrl(origin, articlePath(article.slug));
		return [
			'\t\t<item>',
			`\t\t\t${element('title', article.title)}`,
			`\t\t\t${element('link', url)}`,
			`\t\t\t<guid isPermaLink="true">${escapeXml(url)}</guid>`,
			`\t\t\t${element('pubDate', rfc822Date(article.date))}`,
			`\t\t\t${element('description', article.summary)}`,
			'\t\t</item>'
		];
	});

	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
		'\t<channel>',
		`\t\t${element('title', 'Steady')}`,
		`\t\t${element('link', absoluteUrl(origin, '/articles'))}`,
		`\t\t${element('description', FEED_DESCRIPTION)}`,
		`\t\t${element('language', 'en-gb')}`,
		`\t\t<atom:link href="${escapeXml(feedUrl)}" rel="self" type="application/rss+xml"/>`,
		...(lastBuild ? [`\t\t${element('lastBuildDate', rfc822Date(lastBuild))}`] : []),
		...items,
		'\t</channel>',
		'</rss>',
		''
	].join('\n');
}

/** sitemaps.org sitemap: the fixed public pages, then each published article. */
export function buildSitemap(origin: string, articles: readonly ArticleSummary[]): string {
	const urls = [
		...STATIC_PAGES.map(
			(pathname) => `\t<url>${element('loc', absoluteUrl(origin, pathname))}</url>`
		),
		...articles.map(
			(article) =>
				`\t<url>${element('loc', absoluteUrl(origin, articlePath(article.slug)))}${element('lastmod', article.date)}</url>`
		)
	];
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
		...urls,
		'</urlset>',
		''
	].join('\n');
}

/** Everyone may crawl the public site; the members' workbook, the practice area and the API are private. */
export function buildRobotsTxt(origin: string): string {
	return [
		'User-agent: *',
		'Allow: /',
		'Disallow: /app',
		'Disallow: /admin',
		'Disallow: /api',
		'',
		`Sitemap: ${absoluteUrl(origin, '/sitemap.xml')}`,
		''
	].join('\n');
}
