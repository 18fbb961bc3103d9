import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import {
	answersFrom,
	regionCode,
	bookingFormSchema,
	honeypotField,
	privacyNoticeVersion,
	topicMaxLength
} from '$lib/booking/booking-form';
import { countries, placeName, regionsByCountry } from '$lib/booking/places';
import { isTimeZone } from '$lib/booking/zones';
import { parseForm } from '$lib/forms/parse';
import { services } from '$lib/server/app';
import { upcomingPerEmail } from '$lib/server/booking/booking.service';
import type { Actions, PageServerLoad } from './$types';
import { clientAddressOf, describeChoices, visitorZone } from '../visitor-zone';

/** Booking attempts per address of the request, and per e-mail address, in an hour. */
const perIp = { max: 20, windowMs: 60 * 60_000 };
const perEmail = { max: 6, windowMs: 60 * 60_000 };

export const load: PageServerLoad = async ({ url, cookies, setHeaders }) => {
	const { booking } = services();
	const settings = await booking.settings();
	const { zone } = visitorZone(url, cookies, settings.rules.timeZone);
	const start = url.searchParams.get('start') ?? '';
	const at = Date.parse(start);
	const valid = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(start) && !Number.isNaN(at);
	// A rendered form carries its own key: the same page sent twice books once.
	setHeaders({ 'cache-control': 'no-store' });
	const offered = valid && (await booking.slotsBetween(at, at + 1)).some((s) => s.start === at);
	let alternatives: ReturnType<typeof describeChoices> = [];
	if (!offered) {
		const now = Date.now();
		const upcoming = await booking.slotsBetween(now, now + settings.rules.horizonDays * 86_400_000);
		const target = valid ? at : now;
		alternatives = describeChoices(
			upcoming
				.map((s) => s.start)
				.sort((a, b) => Math.abs(a - target) - Math.abs(b - target))
				.slice(0, 4)
				.sort((a, b) => a - b),
			zone
		);
	}
	return {
		zone,
		start: offered ? new Date(at).toISOString() : null,
		practiceZone: settings.rules.timeZone,
		alternatives,
		idempotencyKey: randomUUID(),
		questions: settings.intakeQuestions,
		countries: countries(),
		regions: Object.entries(regionsByCountry).map(([country, regions]) => ({
			country,
			regions: Object.entries(regions).map(([code, name]) => ({ code, name }))
		})),
		licensedPlaces: settings.licensedPlaces.map(placeName),
		meetingDetails: settings.meetingDetails,
		slotMinutes: settings.rules.slotMinutes,
		topicMaxLength,
		noticeVersion: privacyNoticeVersion
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, url, cookies } = event;
		const { booking, limiter } = services();
		const settings = await booking.settings();
		const form = await request.formData();
		const schema = bookingFormSchema(settings.intakeQuestions, isTimeZone);
		const parsed = parseForm(schema, form);
		const values = parsed.values;
		const zone = isTimeZone(values.timeZone ?? '')
			? values.timeZone!
			: visitorZone(url, cookies, settings.rules.timeZone).zone;

		if ((values[honeypotField] ?? '') !== '') {
			return fail(400, {
				values,
				errors: { form: 'Something in this form did not come through. Could you try once more?' }
			});
		}
		const ipVerdict = await limiter.hit(`booking:ip:${clientAddressOf(event)}`, perIp);
		if (!ipVerdict.allowed) {
			return fail(429, {
				values,
				errors: {
					form: 'There have been a lot of booking attempts from here in the last hour. Please wait a little and try again — everything you typed is still here.'
				}
			});
		}
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		const data = parsed.data;
		const emailVerdict = await limiter.hit(`booking:email:${data.email.toLowerCase()}`, perEmail);
		if (!emailVerdict.allowed) {
			return fail(429, {
				values,
				errors: {
					form: 'There have been several booking attempts for this e-mail address in the last hour. Please wait a little and try again — everything you typed is still here.'
				}
			});
		}

		const result = await booking.book({
			idempotencyKey: data.idempotencyKey,
			start: data.start,
			visitorTimeZone: data.timeZone,
			name: data.name,
			email: data.email,
			phone: data.phone,
			preferredContact: data.preferredContact,
			country: data.country,
			region: regionCode(data),
			topic: data.topic,
			answers: answersFrom(data, settings.intakeQuestions),
			noticeVersion: privacyNoticeVersion
		});
		switch (result.kind) {
			case 'booked':
				redirect(303, `/consultation/manage/${result.manageToken}?done=booked`);
				break;
			case 'taken':
				return fail(409, {
					values,
					taken: true,
					alternatives: describeChoices(
						result.alternatives.map((s) => s.start),
						zone
					)
				});
			case 'not-licensed':
				return fail(400, {
					values,
					notLicensed: {
						place: placeName(result.place),
						licensed: settings.licensedPlaces.map(placeName)
					}
				});
			case 'limit-reached':
				return fail(400, {
					values,
					errors: {
						email: `There are already ${upcomingPerEmail} upcoming consultations booked with this e-mail address. You can change or cancel one with the link in its e-mail, or write to the practice.`
					}
				});
			case 'form-used':
				return fail(400, {
					values,
					errors: {
						form: 'This form was already used for another booking. Please choose your time again — we have kept what you typed.'
					},
					freshKey: randomUUID()
				});
		}
	}
};
