import { listPublishedArticles } from '$lib/server/content/articles';
import { buildSitemap } from '$lib/server/content/feeds';
import type { RequestHandler } from './$types';

export const prerender = true;

export const GET: RequestHandler = ({ url }) =>
	new Response(buildSitemap(url.origin, listPublishedArticles()), {
		headers: { 'content-type': 'application/xml; charset=utf-8' }
	});
