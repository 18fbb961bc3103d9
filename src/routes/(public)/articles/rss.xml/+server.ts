import { listPublishedArticles } from '$lib/server/content/articles';
import { buildRssFeed } from '$lib/server/content/feeds';
import type { RequestHandler } from './$types';

export const prerender = true;

export const GET: RequestHandler = ({ url }) =>
	new Response(buildRssFeed(url.origin, listPublishedArticles()), {
		headers: { 'content-type': 'application/rss+xml; charset=utf-8' }
	});
