import { listPublishedArticles } from '$lib/server/content/articles';

export const prerender = true;

export function load() {
	return { articles: listPublishedArticles().slice(0, 3) };
}
