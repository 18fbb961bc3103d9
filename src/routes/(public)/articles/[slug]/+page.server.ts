import { error } from '@sveltejs/kit';
import {
	formatArticleDate,
	getPublishedArticle,
	listPublishedArticles
} from '$lib/server/content/articles';
import type { EntryGenerator, PageServerLoad } from './$types';

export const prerender = true;
export const csr = false;

export const entries: EntryGenerator = () =>
	listPublishedArticles().map((article) => ({ slug: article.slug }));

export const load: PageServerLoad = ({ params, url }) => {
	const article = getPublishedArticle(params.slug);
	if (!article) {
		error(404, 'We couldn’t find that article. It may have moved, or the link may be incomplete.');
	}
	return {
		article,
		displayDate: formatArticleDate(article.date),
		canonical: new URL(`/articles/${article.slug}`, url.origin).href
	};
};
