import { aboutInstrument } from '$lib/checkins/about';
import { changeBetween, formatScore, scoreOutOf } from '$lib/checkins/scoring';
import { notFound, when, workbookMember, zoneOf } from '../../../workbook.server';
import { checkins, instrumentOf } from '../../checkins.server';

export const csr = false;

export async function load(event) {
	const instrument = instrumentOf(event.params.instrument);
	const user = await workbookMember(event);
	const service = checkins();
	const checkin = await service.get(user.id, event.params.id);
	if (!checkin || checkin.instrument !== instrument.id) notFound();
	const zone = zoneOf(user);
	const about = aboutInstrument[instrument.id];
	const format = (score: number) => formatScore(instrument, score);
	const previous = checkin.previous;

	let change = null;
	if (checkin.readable && previous) {
		const moved = changeBetween(previous.score, checkin.score);
		change = {
			direction: moved.direction,
			by: about.unit(format(Math.abs(moved.difference))),
			from: format(previous.score),
			to: format(checkin.score),
			when: when(previous.completedAt, zone),
			id: previous.id
		};
	}
	const all = await service.list(user.id, instrument.id);
	return {
		questionnaire: {
			id: instrument.id,
			name: instrument.name,
			shortName: instrument.shortName,
			range: instrument.scoring.range,
			citation: instrument.citation,
			licence: instrument.licence
		},
		checkin: {
			id: checkin.id,
			when: when(checkin.completedAt, zone),
			result: checkin.readable
				? {
						value: checkin.score,
						shown: format(checkin.score),
						outOf: scoreOutOf(instrument, checkin.score)
					}
				: null
		},
		previous:
			previous && checkin.readable
				? { value: previous.score, shown: format(previous.score) }
				: null,
		change,
		meaning: about.meaning,
		history: all
			.slice()
			.reverse()
			.map((entry) => ({
				id: entry.id,
				when: when(entry.completedAt, zone),
				score: entry.score === null ? null : format(entry.score),
				current: entry.id === checkin.id
			}))
	};
}
