import { formatArticleDate, listPublishedArticles } from '$lib/server/content/articles';
import type { PageServerLoad } from './$types';

export const prerender = true;
export const csr = false;

export const load: PageServerLoad = ({ url }) => ({
	articles: listPublishedArticles().map((article) => ({
		...article,
		displayDate: formatArticleDate(article.date)
	})),
	canonical: new URL('/articles', url.origin).href
});
