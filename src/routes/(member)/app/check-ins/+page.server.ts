import { instrumentIds, instruments, isInstrumentId } from '$lib/checkins/instruments';
import { aboutInstrument } from '$lib/checkins/about';
import { when, workbookMember, zoneOf } from '../workbook.server';
import { checkins } from './checkins.server';
import { scoreOutOf } from '$lib/checkins/scoring';

export const csr = false;

export async function load(event) {
	const user = await workbookMember(event);
	const zone = zoneOf(user);
	const service = checkins();
	const questionnaires = await Promise.all(
		instrumentIds.map(async (id) => {
			const instrument = instruments[id];
			const [taken, draft] = await Promise.all([
				service.list(user.id, id),
				service.draft(user.id, id)
			]);
			const latest = taken.at(-1);
			return {
				id,
				name: instrument.name,
				shortName: instrument.shortName,
				items: instrument.items.length,
				looksAt: aboutInstrument[id].looksAt,
				time: aboutInstrument[id].time,
				taken: taken.length,
				latest: latest
					? {
							id: latest.id,
							when: when(latest.completedAt, zone),
							score: latest.score === null ? null : scoreOutOf(instrument, latest.score)
						}
					: null,
				draft: draft ? { answered: draft.answered, when: when(draft.updatedAt, zone) } : null
			};
		})
	);
	const kept = event.url.searchParams.get('kept');
	return {
		questionnaires,
		kept: isInstrumentId(kept) ? instruments[kept].name : null,
		deleted: event.url.searchParams.has('deleted'),
		discarded: event.url.searchParams.has('discarded')
	};
}
