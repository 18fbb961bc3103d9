import { z } from 'zod';

/** The practitioner's forms on one consultation: one schema each, for browser and server. */

export const practiceMessageMaxLength = 1000;

const message = z
	.string()
	.max(
		practiceMessageMaxLength,
		`Please keep the message to ${practiceMessageMaxLength.toLocaleString('en')} characters or fewer.`
	)
	.optional()
	.transform((value) => value?.trim() || null);

export const practiceCancelSchema = z.object({ message });

export const practiceRescheduleSchema = z.object({
	start: z
		.string({ error: 'Please choose the new time.' })
		.min(1, 'Please choose the new time.')
		.refine(
			(value) =>
				/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) &&
				!Number.isNaN(Date.parse(value)),
			'Please choose one of the times in the list.'
		)
		.transform((value) => new Date(value).toISOString()),
	message
});

export const consultationFilters = {
	when: ['upcoming', 'past'] as const,
	status: ['all', 'confirmed', 'cancelled', 'no-show'] as const
};

export type ConsultationWhen = (typeof consultationFilters.when)[number];
export type ConsultationStatusFilter = (typeof consultationFilters.status)[number];

/** The list's filters from the address, falling back to upcoming and every status. */
export function readFilters(params: URLSearchParams): {
	when: ConsultationWhen;
	status: ConsultationStatusFilter;
} {
	const when = params.get('when');
	const status = params.get('status');
	return {
		when: (consultationFilters.when as readonly string[]).includes(when ?? '')
			? (when as ConsultationWhen)
			: 'upcoming',
		status: (consultationFilters.status as readonly string[]).includes(status ?? '')
			? (status as ConsultationStatusFilter)
			: 'all'
	};
}
