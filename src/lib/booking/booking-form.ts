import { z } from 'zod';
import { countriesWithRegions, isCountry, regionsByCountry } from './places';

/** One of the practitioner's own questions on the booking form. */
export interface IntakeQuestion {
	/** Short and stable: letters, digits and dashes; the field is named `question-<id>`. */
	id: string;
	label: string;
	hint?: string;
	required: boolean;
	/** At most this many characters (and never more than topicMaxLength). */
	maxLength: number;
}

export const topicMaxLength = 2000;

/** The version of the privacy notice a visitor agrees to; stored with each booking. */
export const privacyNoticeVersion = '1 (29 November 2026)';

export const questionField = (id: string) => `question-${id}`;

/** Filled in only by programs that fill in every field; a person never sees it. */
export const honeypotField = 'leaveEmpty';

const questionIdPattern = /^[a-z0-9-]{1,40}$/;

/** Reads the practitioner's questions from their stored JSON, dropping any that are malformed. */
export function parseIntakeQuestions(json: string): IntakeQuestion[] {
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch {
		return [];
	}
	if (!Array.isArray(raw)) return [];
	const seen = new Set<string>();
	const questions: IntakeQuestion[] = [];
	for (const item of raw as Record<string, unknown>[]) {
		if (!item || typeof item.id !== 'string' || typeof item.label !== 'string') continue;
		if (!questionIdPattern.test(item.id) || seen.has(item.id) || item.label.trim() === '') continue;
		seen.add(item.id);
		questions.push({
			id: item.id,
			label: item.label,
			...(typeof item.hint === 'string' && item.hint ? { hint: item.hint } : {}),
			required: item.required === true,
			maxLength:
				typeof item.maxLength === 'number' && item.maxLength > 0
					? Math.min(Math.floor(item.maxLength), topicMaxLength)
					: 500
		});
	}
	return questions;
}

const email = z
	.string({ error: 'Please type your e-mail address.' })
	.trim()
	.min(1, 'Please type your e-mail address.')
	.max(254, 'That e-mail address is longer than any we can use. Could you check it?')
	.pipe(z.email('That e-mail address looks incomplete — could you check it?'));

const optionalText = (max: number, tooLong: string) =>
	z
		.string()
		.max(max, tooLong)
		.optional()
		.transform((value) => value?.trim() ?? '');

const instant = z
	.string({ error: 'Please choose a time.' })
	.min(1, 'Please choose a time.')
	.refine(
		(value) =>
			/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) &&
			!Number.isNaN(Date.parse(value)),
		{
			message: 'Please choose one of the times shown.'
		}
	)
	.transform((value) => new Date(value).toISOString());

/** The booking form, for the practitioner's current questions. */
export function bookingFormSchema(
	questions: readonly IntakeQuestion[],
	isTimeZone: (zone: string) => boolean
) {
	const questionShape: Record<string, z.ZodType<string>> = {};
	for (const question of questions) {
		const tooLong = `Please keep this to ${question.maxLength.toLocaleString('en')} characters or fewer.`;
		questionShape[questionField(question.id)] = question.required
			? z
					.string({ error: 'Please answer this one — a few words are enough.' })
					.trim()
					.min(1, 'Please answer this one — a few words are enough.')
					.max(question.maxLength, tooLong)
			: optionalText(question.maxLength, tooLong);
	}
	return z
		.object({
			idempotencyKey: z
				.string()
				.regex(/^[A-Za-z0-9-]{16,64}$/, 'This form has expired. Please choose a time again.'),
			start: instant,
			timeZone: z.string().refine(isTimeZone, 'Please choose your time zone from the list.'),
			name: z
				.string({ error: 'Please tell us what to call you.' })
				.trim()
				.min(1, 'Please tell us what to call you.')
				.max(120, 'That name is longer than we can show. Could you shorten it?'),
			email,
			phone: optionalText(
				40,
				'That phone number is longer than any we can call. Could you check it?'
			).refine(
				(value) => value === '' || /^[+()\d\s.-]{5,40}$/.test(value),
				'That phone number has characters we cannot dial. Digits, spaces, + and - are fine.'
			),
			preferredContact: z.enum(['email', 'phone'], {
				error: 'Please choose how we should reach you.'
			}),
			country: z
				.string({ error: 'Please choose the country you will be in.' })
				.refine(isCountry, 'Please choose the country you will be in.'),
			region: z
				.string()
				.max(10)
				.optional()
				.transform((value) => value ?? ''),
			topic: optionalText(
				topicMaxLength,
				`Please keep this to ${topicMaxLength.toLocaleString('en')} characters or fewer — you can say more in the consultation.`
			),
			consent: z.literal('yes', {
				error:
					'Please confirm that you have read the privacy notice. We need this before we can book.'
			}),
			[honeypotField]: z.string().optional(),
			...questionShape
		})
		.superRefine((value, ctx) => {
			if (value.preferredContact === 'phone' && value.phone === '') {
				ctx.addIssue({
					code: 'custom',
					path: ['phone'],
					message: 'You asked us to phone you: please add a number, or choose e-mail instead.'
				});
			}
			const regions = regionsByCountry[value.country];
			if (regions && !(regionCode(value) in regions)) {
				ctx.addIssue({
					code: 'custom',
					path: ['region'],
					message: 'Please choose the state, province or territory you will be in.'
				});
			}
		});
}

/**
 * The region chosen, without its country ("US-NY" → "NY"), or '' when the country is not one asked
 * by region (a region picked before changing the country is ignored).
 */
export function regionCode(value: { country: string; region: string }): string {
	if (!countriesWithRegions.includes(value.country)) return '';
	const [country, code] = value.region.split('-');
	return country === value.country && code ? code : '';
}

/** The answers to the practitioner's questions, by question id. */
export function answersFrom(
	data: Record<string, unknown>,
	questions: readonly IntakeQuestion[]
): Record<string, string> {
	return Object.fromEntries(
		questions.map((q) => [q.id, String(data[questionField(q.id)] ?? '').trim()])
	);
}

export type BookingForm = z.infer<ReturnType<typeof bookingFormSchema>>;

/** Moving a booking to another time, from its manage page. */
export const rescheduleSchema = z.object({ start: instant });
