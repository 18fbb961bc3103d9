import { redirect } from '@sveltejs/kit';
import {
	answeringSignedOutForm,
	notFound,
	when,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../../../workbook.server';
import { checkins, instrumentOf } from '../../../checkins.server';
import { scoreOutOf } from '$lib/checkins/scoring';

export const csr = false;

export async function load(event) {
	const instrument = instrumentOf(event.params.instrument);
	const back = `/app/check-ins/${instrument.id}/${event.params.id}`;
	if (answeringSignedOutForm(event)) {
		return { name: instrument.name, when: null, score: null, back };
	}
	const user = await workbookMember(event);
	const checkin = await checkins().get(user.id, event.params.id);
	if (!checkin || checkin.instrument !== instrument.id) notFound();
	return {
		name: instrument.name,
		when: when(checkin.completedAt, zoneOf(user)),
		score: checkin.readable ? scoreOutOf(instrument, checkin.score) : null,
		back
	};
}

export const actions = {
	default: async (event) => {
		const instrument = instrumentOf(event.params.instrument);
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		const checkin = await checkins().get(actor.user.id, event.params.id);
		if (!checkin || checkin.instrument !== instrument.id) notFound();
		await checkins().remove(actor.user.id, checkin.id);
		redirect(303, '/app/check-ins?deleted=1');
	}
};
