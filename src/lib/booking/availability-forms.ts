import { z } from 'zod';
import { isTimeOfDay, minutesOf, type WeeklyHours } from './availability';
import { topicMaxLength } from './booking-form';
import { isDate } from './calendar-days';
import { countriesWithRegions, isCountry, regionsByCountry } from './places';
import { isTimeZone } from './zones';

/**
 * The practitioner's availability forms: one schema each, run in the browser for quick hints and
 * always again on the server. Times of day are "HH:MM" in the practitioner's own zone.
 */

export const weekdays = [
	{ weekday: 1, name: 'Monday' },
	{ weekday: 2, name: 'Tuesday' },
	{ weekday: 3, name: 'Wednesday' },
	{ weekday: 4, name: 'Thursday' },
	{ weekday: 5, name: 'Friday' },
	{ weekday: 6, name: 'Saturday' },
	{ weekday: 7, name: 'Sunday' }
] as const;

export const dayField = (weekday: number) => `day-${weekday}`;

/** "9:00" or "09:00" → "09:00"; "24:00" allowed as an end; anything else → null. */
function timeOf(text: string): string | null {
	const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(text.trim());
	if (!match) return null;
	const value = `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}`;
	return isTimeOfDay(value) ? value : null;
}

/**
 * Reads one day's hours as typed: ranges like "9:00-12:00, 13:00-17:00" (any dash, or "to").
 * Empty means no hours that day. Returns the ranges, or a sentence saying what to fix.
 */
export function parseDayHours(
	text: string
): { ok: true; ranges: { start: string; end: string }[] } | { ok: false; message: string } {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, ranges: [] };
	const ranges: { start: string; end: string }[] = [];
	for (const piece of trimmed.split(/[,;\n]+/)) {
		if (piece.trim() === '') continue;
		const parts = piece.split(/\s*(?:-|–|—|\bto\b)\s*/);
		if (parts.length !== 2) {
			return {
				ok: false,
				message: `“${piece.trim()}” is not a range we can read. Please write it like 9:00-12:00.`
			};
		}
		const start = timeOf(parts[0]!);
		const end = timeOf(parts[1]!);
		if (!start || !end || start === '24:00') {
			return {
				ok: false,
				message: `“${piece.trim()}” has a time we cannot read. Please use the 24-hour clock, like 13:30.`
			};
		}
		if (minutesOf(start) >= minutesOf(end)) {
			return {
				ok: false,
				message: `In “${piece.trim()}” the end comes before the start. Hours that run past midnight go on two days.`
			};
		}
		ranges.push({ start, end });
	}
	ranges.sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
	for (let i = 1; i < ranges.length; i++) {
		if (minutesOf(ranges[i]!.start) < minutesOf(ranges[i - 1]!.end)) {
			return {
				ok: false,
				message: `${ranges[i - 1]!.start}-${ranges[i - 1]!.end} and ${ranges[i]!.start}-${ranges[i]!.end} overlap. Please join them or make them separate.`
			};
		}
	}
	if (ranges.length > 8) {
		return { ok: false, message: 'Please keep to eight ranges a day or fewer.' };
	}
	return { ok: true, ranges };
}

/** One day's ranges written back as text for the form. */
export function formatDayHours(ranges: readonly { start: string; end: string }[]): string {
	return ranges.map((r) => `${r.start}-${r.end}`).join(', ');
}

const dayText = z
	.string()
	.max(300, 'That is more than a day’s hours need. Could you shorten it?')
	.optional()
	.transform((value) => value ?? '');

export const hoursSchema = z
	.object({
		timeZone: z
			.string({ error: 'Please choose your time zone.' })
			.refine(isTimeZone, 'Please choose your time zone from the list.'),
		...Object.fromEntries(weekdays.map((d) => [dayField(d.weekday), dayText]))
	})
	.superRefine((value, ctx) => {
		for (const day of weekdays) {
			const field = dayField(day.weekday);
			const parsed = parseDayHours((value as Record<string, string>)[field] ?? '');
			if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [field], message: parsed.message });
		}
	});

export interface HoursForm {
	timeZone: string;
	weekly: WeeklyHours[];
}

/** The checked hours form as the zone and the list of weekly ranges. */
export function hoursFrom(value: z.infer<typeof hoursSchema>): HoursForm {
	const weekly: WeeklyHours[] = [];
	for (const day of weekdays) {
		const parsed = parseDayHours((value as Record<string, string>)[dayField(day.weekday)] ?? '');
		if (parsed.ok) {
			for (const range of parsed.ranges) weekly.push({ weekday: day.weekday, ...range });
		}
	}
	return { timeZone: value.timeZone, weekly };
}

/** A whole number typed into a box, within bounds, with the sentence to show when it is not. */
function wholeNumber(min: number, max: number, what: string) {
	const message = `Please give ${what} as a whole number from ${min} to ${max}.`;
	return z
		.string({ error: message })
		.trim()
		.regex(/^\d{1,6}$/, message)
		.transform(Number)
		.refine((n) => n >= min && n <= max, message);
}

export const maxReminders = 4;

/** "24, 1" or "2.5" hours before → minutes, largest first; empty → no reminders. */
export function parseReminderHours(
	text: string
): { ok: true; minutes: number[] } | { ok: false; message: string } {
	const pieces = text
		.split(/[,;\s]+/)
		.map((p) => p.trim())
		.filter(Boolean);
	const minutes = new Set<number>();
	for (const piece of pieces) {
		if (!/^\d{1,3}(\.\d{1,2})?$/.test(piece)) {
			return {
				ok: false,
				message: `“${piece}” is not a number of hours. Please write them like 24, 1.`
			};
		}
		const value = Math.round(Number(piece) * 60);
		if (value < 15 || value > 14 * 24 * 60) {
			return {
				ok: false,
				message:
					'Each reminder can be from a quarter of an hour (0.25) to 336 hours (two weeks) before.'
			};
		}
		minutes.add(value);
	}
	if (minutes.size > maxReminders) {
		return { ok: false, message: `Please keep to ${maxReminders} reminders or fewer.` };
	}
	return { ok: true, minutes: [...minutes].sort((a, b) => b - a) };
}

/** Minutes → hours as typed, e.g. [1440, 30] → "24, 0.5". */
export function formatReminderHours(minutes: readonly number[]): string {
	return minutes.map((m) => String(Math.round((m / 60) * 100) / 100)).join(', ');
}

export const rulesSchema = z.object({
	intervalMinutes: wholeNumber(5, 240, 'the time between start times (minutes)'),
	bufferBeforeMinutes: wholeNumber(0, 240, 'the break before (minutes)'),
	bufferAfterMinutes: wholeNumber(0, 240, 'the break after (minutes)'),
	minimumNoticeHours: wholeNumber(0, 720, 'the notice (hours)'),
	horizonDays: wholeNumber(1, 365, 'how far ahead (days)'),
	dailyCap: z
		.string()
		.trim()
		.optional()
		.transform((value) => value ?? '')
		.refine(
			(value) =>
				value === '' || (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 50),
			'Please give a whole number from 1 to 50, or leave it empty for no limit.'
		)
		.transform((value) => (value === '' ? null : Number(value))),
	cancellationCutoffHours: wholeNumber(0, 336, 'the cut-off (hours)'),
	reminderHours: z
		.string()
		.max(100, 'Please keep to a few reminders.')
		.optional()
		.transform((value) => value ?? '')
		.superRefine((value, ctx) => {
			const parsed = parseReminderHours(value);
			if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
		})
		.transform((value) => {
			const parsed = parseReminderHours(value);
			return parsed.ok ? parsed.minutes : [];
		})
});

export type RulesForm = z.infer<typeof rulesSchema>;

export const exceptionKinds = {
	'closed-day': 'Closed all day',
	'closed-hours': 'Closed for some hours',
	open: 'Open for extra hours'
} as const;

export type ExceptionKind = keyof typeof exceptionKinds;

const optionalTime = z
	.string()
	.trim()
	.optional()
	.transform((value) => value ?? '');

export const exceptionSchema = z
	.object({
		date: z
			.string({ error: 'Please choose a date.' })
			.trim()
			.refine(isDate, 'Please choose a date (for example 2026-12-24).'),
		kind: z.enum(['closed-day', 'closed-hours', 'open'], {
			error: 'Please choose what changes on that day.'
		}),
		start: optionalTime,
		end: optionalTime,
		note: z
			.string()
			.max(120, 'Please keep the note to 120 characters or fewer.')
			.optional()
			.transform((value) => value?.trim() ?? '')
	})
	.superRefine((value, ctx) => {
		if (value.kind === 'closed-day') return;
		const start = timeOf(value.start);
		const end = timeOf(value.end);
		if (!start || start === '24:00') {
			ctx.addIssue({
				code: 'custom',
				path: ['start'],
				message: 'Please give a start time, like 9:00.'
			});
		}
		if (!end) {
			ctx.addIssue({
				code: 'custom',
				path: ['end'],
				message: 'Please give an end time, like 12:30.'
			});
		}
		if (start && end && start !== '24:00' && minutesOf(start) >= minutesOf(end)) {
			ctx.addIssue({
				code: 'custom',
				path: ['end'],
				message: 'The end time needs to come after the start time.'
			});
		}
	});

export interface ExceptionForm {
	date: string;
	kind: 'open' | 'closed';
	start: string | null;
	end: string | null;
	note: string;
}

/** The checked exception form as the row the slot engine reads. */
export function exceptionFrom(value: z.infer<typeof exceptionSchema>): ExceptionForm {
	return {
		date: value.date,
		kind: value.kind === 'open' ? 'open' : 'closed',
		start: value.kind === 'closed-day' ? null : timeOf(value.start),
		end: value.kind === 'closed-day' ? null : timeOf(value.end),
		note: value.note
	};
}

const rowId = z
	.string({ error: 'We could not tell which one you meant. Please try again.' })
	.regex(/^[A-Za-z0-9-]{1,64}$/, 'We could not tell which one you meant. Please try again.');

export const removeExceptionSchema = z.object({ id: rowId });

export const placeSchema = z
	.object({
		country: z
			.string({ error: 'Please choose a country.' })
			.refine(isCountry, 'Please choose a country.'),
		region: z
			.string()
			.max(10)
			.optional()
			.transform((value) => value ?? '')
	})
	.superRefine((value, ctx) => {
		const regions = regionsByCountry[value.country];
		if (regions) {
			const code = value.region.split('-')[1] ?? '';
			if (!value.region.startsWith(`${value.country}-`) || !(code in regions)) {
				ctx.addIssue({
					code: 'custom',
					path: ['region'],
					message:
						'Licences there are given state by state: please choose the state, province or territory.'
				});
			}
		}
	});

/** The checked place form as stored: region '' for a whole country. */
export function placeFrom(value: z.infer<typeof placeSchema>): { country: string; region: string } {
	return {
		country: value.country,
		region: countriesWithRegions.includes(value.country) ? (value.region.split('-')[1] ?? '') : ''
	};
}

export const removePlaceSchema = z.object({
	country: z.string().regex(/^[A-Z]{2}$/, 'We could not tell which place you meant.'),
	region: z
		.string()
		.regex(/^[A-Z]{0,3}$/, 'We could not tell which place you meant.')
		.optional()
		.transform((value) => value ?? '')
});

export const maxQuestions = 8;

export const questionSchema = z.object({
	id: z
		.string()
		.regex(/^[a-z0-9-]{0,40}$/, 'We could not tell which question you meant. Please try again.')
		.optional()
		.transform((value) => value ?? ''),
	label: z
		.string({ error: 'Please write the question.' })
		.trim()
		.min(1, 'Please write the question.')
		.max(200, 'Please keep the question to 200 characters or fewer.'),
	hint: z
		.string()
		.max(300, 'Please keep the hint to 300 characters or fewer.')
		.optional()
		.transform((value) => value?.trim() ?? ''),
	required: z
		.literal('yes')
		.optional()
		.transform((value) => value === 'yes'),
	maxLength: z
		.string({ error: `Please give a length from 20 to ${topicMaxLength}.` })
		.trim()
		.regex(/^\d{1,5}$/, `Please give a length from 20 to ${topicMaxLength}.`)
		.transform(Number)
		.refine(
			(n) => n >= 20 && n <= topicMaxLength,
			`Please give a length from 20 to ${topicMaxLength}.`
		)
});

export type QuestionForm = z.infer<typeof questionSchema>;

export const removeQuestionSchema = z.object({
	id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'We could not tell which question you meant.')
});

export const meetingSchema = z.object({
	meetingDetails: z
		.string({ error: 'Please say how people will join.' })
		.trim()
		.min(1, 'Please say how people will join — by video, by phone, or either.')
		.max(1000, 'Please keep this to 1,000 characters or fewer.'),
	meetingUrl: z
		.string()
		.trim()
		.max(500, 'That link is longer than we can keep. Could you shorten it?')
		.optional()
		.transform((value) => value ?? '')
		.refine((value) => {
			if (value === '') return true;
			try {
				return new URL(value).protocol === 'https:';
			} catch {
				return false;
			}
		}, 'Please give a full video link starting with https://, or leave it empty.')
		.transform((value) => (value === '' ? null : value))
});

export type MeetingForm = z.infer<typeof meetingSchema>;
