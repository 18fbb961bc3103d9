import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import {
	dayField,
	exceptionFrom,
	exceptionSchema,
	formatDayHours,
	formatReminderHours,
	hoursFrom,
	hoursSchema,
	meetingSchema,
	placeFrom,
	placeSchema,
	questionSchema,
	removeExceptionSchema,
	removePlaceSchema,
	removeQuestionSchema,
	rulesSchema,
	weekdays
} from '$lib/booking/availability-forms';
import { countries, placeName, regionsByCountry } from '$lib/booking/places';
import { zoneGroups } from '$lib/booking/zones';
import { parseForm } from '$lib/forms/parse';
import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export async function load(event) {
	await requireRole(event, 'practitioner');
	const overview = await services().availability.overview();
	return {
		overview: {
			...overview,
			places: overview.places.map((p) => ({ ...p, name: placeName(p) }))
		},
		days: weekdays.map((d) => ({
			...d,
			field: dayField(d.weekday),
			text: formatDayHours(overview.weekly.filter((w) => w.weekday === d.weekday))
		})),
		rules: {
			intervalMinutes: String(overview.intervalMinutes),
			bufferBeforeMinutes: String(overview.bufferBeforeMinutes),
			bufferAfterMinutes: String(overview.bufferAfterMinutes),
			minimumNoticeHours: String(Math.round((overview.minimumNoticeMinutes / 60) * 100) / 100),
			horizonDays: String(overview.horizonDays),
			dailyCap: overview.dailyCap === null ? '' : String(overview.dailyCap),
			cancellationCutoffHours: String(
				Math.round((overview.cancellationCutoffMinutes / 60) * 100) / 100
			),
			reminderHours: formatReminderHours(overview.reminderOffsetsMinutes)
		},
		zoneGroups: zoneGroups(),
		countries: countries(),
		regions: Object.entries(regionsByCountry).map(([country, regions]) => ({
			country,
			regions: Object.entries(regions).map(([code, name]) => ({ code, name }))
		}))
	};
}

/** Parses one form for the practitioner; a problem comes back beside its field, nothing lost. */
async function read<S extends z.ZodObject>(
	event: RequestEvent,
	form: string,
	schema: S,
	allowExtra: string[] = []
) {
	await requireRole(event, 'practitioner');
	const parsed = parseForm(schema, await event.request.formData(), { allowExtra });
	if (!parsed.ok) {
		return {
			ok: false as const,
			failure: fail(400, { form, errors: parsed.errors, values: parsed.values })
		};
	}
	return { ok: true as const, data: parsed.data, values: parsed.values };
}

const refused = (form: string, values: Record<string, string>, errors: Record<string, string>) =>
	fail(400, { form, errors, values });

export const actions = {
	hours: async (event) => {
		const input = await read(event, 'hours', hoursSchema);
		if (!input.ok) return input.failure;
		await services().availability.saveHours(hoursFrom(input.data));
		return { form: 'hours', saved: true };
	},

	rules: async (event) => {
		const input = await read(event, 'rules', rulesSchema);
		if (!input.ok) return input.failure;
		await services().availability.saveRules(input.data);
		return { form: 'rules', saved: true };
	},

	addException: async (event) => {
		const input = await read(event, 'exception', exceptionSchema);
		if (!input.ok) return input.failure;
		await services().availability.addException(exceptionFrom(input.data));
		return { form: 'exception', saved: true };
	},

	removeException: async (event) => {
		const input = await read(event, 'exception-list', removeExceptionSchema);
		if (!input.ok) return input.failure;
		await services().availability.removeException(input.data.id);
		// Already gone (another tab) is the same outcome as removed.
		return { form: 'exception-list', saved: true };
	},

	addPlace: async (event) => {
		const input = await read(event, 'place', placeSchema);
		if (!input.ok) return input.failure;
		const place = placeFrom(input.data);
		const added = await services().availability.addPlace(place);
		if (!added) {
			return refused('place', input.values, {
				country: `${placeName({ country: place.country, region: place.region || null })} is already on the list.`
			});
		}
		return { form: 'place', saved: true };
	},

	removePlace: async (event) => {
		const input = await read(event, 'place-list', removePlaceSchema);
		if (!input.ok) return input.failure;
		await services().availability.removePlace(input.data);
		return { form: 'place-list', saved: true };
	},

	saveQuestion: async (event) => {
		const input = await read(event, 'question', questionSchema);
		if (!input.ok) return input.failure;
		const result = await services().availability.saveQuestion(input.data);
		if (result === 'too-many') {
			return refused('question', input.values, {
				label:
					'There are already eight questions. Please remove one before adding another — a short form is kinder to fill in.'
			});
		}
		if (result === 'not-found') {
			return refused('question', input.values, {
				label: 'That question was removed in the meantime. You can add it again below.'
			});
		}
		return { form: 'question', saved: true, id: input.data.id };
	},

	removeQuestion: async (event) => {
		// Sent by the Remove button inside a question's own form, with its fields beside the id.
		const input = await read(event, 'question-list', removeQuestionSchema, [
			'label',
			'hint',
			'maxLength',
			'required'
		]);
		if (!input.ok) return input.failure;
		await services().availability.removeQuestion(input.data.id);
		return { form: 'question-list', saved: true };
	},

	meeting: async (event) => {
		const input = await read(event, 'meeting', meetingSchema);
		if (!input.ok) return input.failure;
		await services().availability.saveMeeting(input.data);
		return { form: 'meeting', saved: true };
	}
};
