import { buildRobotsTxt } from '$lib/server/content/feeds';
import type { RequestHandler } from './$types';

export const prerender = true;

export const GET: RequestHandler = ({ url }) =>
	new Response(buildRobotsTxt(url.origin), {
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
