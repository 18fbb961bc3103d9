import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/forms/parse';
import {
	answeringSignedOutForm,
	notFound,
	when,
	workbookActor,
	workbookMember
} from '../../workbook.server';
import {
	consultationTime,
	describeState,
	originOf,
	summaries,
	summaryMember
} from '../share.server';

export const csr = false;

// Without an upcoming consultation the form has no choice to make, and sends nothing.
const shareSchema = z.object({
	consultation: z
		.union([
			z.literal(''),
			z.uuid('Please choose one of the consultations listed, or the practice in general.')
		])
		.default('')
});

const notices = ['prepared', 'shared', 'stopped', 'attached'] as const;

export async function load(event) {
	if (answeringSignedOutForm(event)) {
		return { summary: null, consultations: [], chosen: '', reads: [], notice: null };
	}
	const member = summaryMember(await workbookMember(event));
	const zone = member.timeZone;
	const service = summaries();
	const summary = await service.get(member, event.params.id);
	if (!summary) notFound();
	const [consultations, reads] = await Promise.all([
		service.consultations(member),
		service.reads(member)
	]);
	const asked = event.url.searchParams.get('consultation');
	const chosen = summary.consultation?.id ?? consultations.find((c) => c.id === asked)?.id ?? '';
	return {
		summary: {
			id: summary.id,
			title: summary.title,
			content: summary.content,
			prepared: when(summary.preparedAt, zone),
			...describeState(summary, zone)
		},
		consultations: consultations.map((c) => ({ id: c.id, time: consultationTime(c.start, zone) })),
		chosen,
		reads: reads
			.filter((r) => r.summaryId === summary.id)
			.map((r) => ({ at: when(r.at, zone), reader: r.reader })),
		notice: notices.find((n) => event.url.searchParams.has(n)) ?? null
	};
}

export const actions = {
	share: async (event) => {
		const parsed = parseForm(shareSchema, await event.request.formData());
		const actor = await workbookActor(event, parsed.values);
		if ('refused' in actor) return actor.refused;
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const member = summaryMember(actor.user);
		const before = await summaries().get(member, event.params.id);
		const result = await summaries().share(
			member,
			event.params.id,
			parsed.data.consultation || null,
			originOf(event)
		);
		if (result === 'not-found') notFound();
		if (result === 'not-your-consultation') {
			return fail(400, {
				errors: {
					consultation:
						'That consultation is not one of your upcoming ones any more. Please choose again.'
				},
				values: parsed.values
			});
		}
		redirect(
			303,
			`/app/share/${event.params.id}?${before?.state === 'shared' ? 'attached' : 'shared'}=1`
		);
	},

	stop: async (event) => {
		await event.request.formData();
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		const member = summaryMember(actor.user);
		const stopped = await summaries().revoke(member, event.params.id, originOf(event));
		// Not shared (any more): nothing to stop, as long as the summary is the member's.
		if (!stopped && !(await summaries().get(member, event.params.id))) notFound();
		redirect(303, `/app/share/${event.params.id}?stopped=1`);
	},

	delete: async (event) => {
		await event.request.formData();
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		const removed = await summaries().remove(
			summaryMember(actor.user),
			event.params.id,
			originOf(event)
		);
		if (!removed) notFound();
		redirect(303, '/app/share?deleted=1');
	}
};
