import { error, fail, redirect } from '@sveltejs/kit';
import { rescheduleSchema } from '$lib/booking/booking-form';
import { describeTime } from '$lib/booking/format';
import { isTimeZone } from '$lib/booking/zones';
import { parseForm } from '$lib/forms/parse';
import { services } from '$lib/server/app';
import type { Actions, PageServerLoad } from './$types';
import { clientAddressOf, describeChoices, weekOfTimes } from '../../visitor-zone';

const perIp = { max: 30, windowMs: 60 * 60_000 };

export const load: PageServerLoad = async ({ params, url, setHeaders, locals }) => {
	// The address is a key to someone's booking: never cached, never indexed.
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const { booking, practice } = services();
	const found = await booking.findByToken(params.token);
	if (!found) {
		error(404, 'This link does not open a booking. It may have been mistyped or cut short.');
	}
	const settings = await booking.settings();
	const asked = url.searchParams.get('tz');
	const zone = asked && isTimeZone(asked) ? asked : found.visitorTimeZone;
	const theirs = describeTime(found.start, zone);
	const practiceTime =
		zone === found.practiceTimeZone ? null : describeTime(found.start, found.practiceTimeZone);
	const times = found.canChange
		? await weekOfTimes({ url, zone, exceptBookingId: found.id })
		: null;
	const done = url.searchParams.get('done');
	return {
		token: params.token,
		booking: {
			status: found.status,
			canChange: found.canChange,
			firstName: found.name.split(/\s+/)[0] ?? found.name,
			email: found.email
		},
		zone,
		theirs,
		practiceTime,
		changeableUntil: describeTime(found.changeableUntil, zone).full,
		meetingDetails: settings.meetingDetails,
		meetingUrl: settings.meetingUrl,
		practiceEmail: practice.contactEmail,
		slotMinutes: settings.rules.slotMinutes,
		times: times
			? {
					...times,
					days: times.days
						.map((d) => ({ ...d, times: d.times.filter((t) => t.iso !== found.start) }))
						.filter((d) => d.times.length > 0)
				}
			: null,
		done: done === 'booked' || done === 'moved' || done === 'cancelled' ? done : null,
		// A member signed in with the confirmed address this was booked with may share a summary for it.
		shareLink:
			found.status === 'confirmed' &&
			locals.user?.role === 'member' &&
			locals.user.emailVerified &&
			locals.user.email.trim().toLowerCase() === found.email
				? `/app/share?consultation=${found.id}`
				: null
	};
};

async function allowed(event: Parameters<typeof clientAddressOf>[0]): Promise<boolean> {
	const verdict = await services().limiter.hit(
		`booking-manage:ip:${clientAddressOf(event)}`,
		perIp
	);
	return verdict.allowed;
}

const tooMany =
	'There have been a lot of changes from here in the last hour. Please wait a little and try again.';

export const actions: Actions = {
	reschedule: async (event) => {
		const { params, request } = event;
		if (!(await allowed(event))) return fail(429, { message: tooMany });
		const parsed = parseForm(rescheduleSchema, await request.formData(), { allowExtra: ['tz'] });
		if (!parsed.ok) {
			return fail(400, { message: parsed.errors.start ?? 'Please choose one of the times shown.' });
		}
		const result = await services().booking.reschedule(params.token, parsed.data.start);
		const zone = parsed.values.tz;
		switch (result.kind) {
			case 'rescheduled':
				redirect(303, `/consultation/manage/${params.token}?done=moved`);
				break;
			case 'taken':
				return fail(409, {
					message:
						'That time was just taken — we’re sorry. Here are the nearest free times; your consultation has not moved.',
					alternatives: describeChoices(
						result.alternatives.map((s) => s.start),
						zone && isTimeZone(zone) ? zone : 'UTC'
					)
				});
			case 'too-late':
				return fail(400, { message: 'It is now too close to the consultation to change it here.' });
			case 'not-active':
				return fail(400, { message: 'This consultation is cancelled, so it cannot be moved.' });
			case 'not-found':
				error(404, 'This link does not open a booking.');
		}
	},

	cancel: async (event) => {
		const { params } = event;
		if (!(await allowed(event))) return fail(429, { message: tooMany });
		const result = await services().booking.cancel(params.token);
		switch (result.kind) {
			case 'cancelled':
				redirect(303, `/consultation/manage/${params.token}?done=cancelled`);
				break;
			case 'too-late':
				return fail(400, { message: 'It is now too close to the consultation to cancel it here.' });
			case 'not-active':
				redirect(303, `/consultation/manage/${params.token}`);
				break;
			default:
				error(404, 'This link does not open a booking.');
		}
	}
};
