import { error } from '@sveltejs/kit';
import { services } from '$lib/server/app';

/**
 * The practitioner's private calendar feed. The token in the address is the only key: an unknown
 * or revoked one answers 404, the same as any other missing page.
 */
export async function GET({ params }) {
	const calendar = await services().booking.feed(params.token);
	if (!calendar) error(404, 'Page not found');
	return new Response(calendar, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="consultations.ics"',
			'cache-control': 'no-store',
			'x-robots-tag': 'noindex'
		}
	});
}
