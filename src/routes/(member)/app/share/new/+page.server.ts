import { fail, redirect } from '@sveltejs/kit';
import type { MomentValues } from '$lib/workbook/moment-form';
import { readSummaryForm } from '$lib/workbook/summary';
import { answeringSignedOutForm, workbookActor, workbookMember } from '../../workbook.server';
import { consultationTime, summaries, summaryMember } from '../share.server';

export const csr = false;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function load(event) {
	if (answeringSignedOutForm(event)) return { options: null, forConsultation: null };
	const member = summaryMember(await workbookMember(event));
	const options = await summaries().options(member);
	const asked = event.url.searchParams.get('consultation');
	const found = options.consultations.find((c) => c.id === asked);
	return {
		options: {
			selfCheck: options.selfCheck,
			checkIns: options.checkIns,
			beliefs: options.beliefs,
			moments: options.moments
		},
		forConsultation: found
			? { id: found.id, time: consultationTime(found.start, member.timeZone) }
			: null
	};
}

export const actions = {
	prepare: async (event) => {
		const read = readSummaryForm(await event.request.formData());
		const actor = await workbookActor(event, read.values as unknown as MomentValues);
		if ('refused' in actor) return actor.refused;
		if (!read.ok) return fail(400, { errors: read.errors, values: read.values });
		const result = await summaries().prepare(summaryMember(actor.user), read.choice);
		if (!result.ok) return fail(400, { errors: result.errors, values: read.values });
		const consultation = event.url.searchParams.get('consultation') ?? '';
		const forIt = uuid.test(consultation) ? `&consultation=${consultation}` : '';
		redirect(303, `/app/share/${result.id}?prepared=1${forIt}`);
	}
};
