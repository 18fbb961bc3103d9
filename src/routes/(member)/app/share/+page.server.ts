import { when, workbookMember } from '../workbook.server';
import { consultationTime, describeState, summaries, summaryMember } from './share.server';

// Plain links and lists: nothing here needs a script.
export const csr = false;

export async function load(event) {
	const member = summaryMember(await workbookMember(event));
	const zone = member.timeZone;
	const service = summaries();
	const [list, reads, consultations] = await Promise.all([
		service.list(member),
		service.reads(member),
		service.consultations(member)
	]);
	// Arriving from a booking's page: which consultation a summary could be shared for.
	const asked = event.url.searchParams.get('consultation');
	const forConsultation = consultations.find((c) => c.id === asked) ?? null;
	return {
		summaries: list.map((s) => ({
			id: s.id,
			title: s.title,
			prepared: when(s.preparedAt, zone),
			...describeState(s, zone)
		})),
		reads: reads.map((r) => ({
			at: when(r.at, zone),
			reader: r.reader,
			title: r.title,
			summaryId: r.summaryId
		})),
		forConsultation: forConsultation
			? { id: forConsultation.id, time: consultationTime(forConsultation.start, zone) }
			: null,
		deleted: event.url.searchParams.has('deleted')
	};
}
