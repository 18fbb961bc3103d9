import { error } from '@sveltejs/kit';
import { services } from '$lib/server/app';
import type { RequestHandler } from './$types';

/** The booking as a calendar file to open or import (the same UID and SEQUENCE as the e-mails). */
export const GET: RequestHandler = async ({ params }) => {
	const calendar = await services().booking.calendarFile(params.token);
	if (!calendar) error(404, 'This link does not open a booking.');
	return new Response(calendar, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'attachment; filename="consultation.ics"',
			'cache-control': 'no-store',
			'x-robots-tag': 'noindex'
		}
	});
};
