import { redirect } from '@sveltejs/kit';
import {
	answeringSignedOutForm,
	crisisHelp,
	notFound,
	when,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../workbook.server';

export async function load(event) {
	if (answeringSignedOutForm(event)) {
		const blank = { id: event.params.id, when: 'earlier', changed: null, content: null };
		return { ...blank, ownBeliefs: [], saved: false, help: undefined };
	}
	const user = await workbookMember(event);
	const { moments } = workbook();
	const moment = await moments.get(user.id, event.params.id);
	if (!moment) notFound();
	const zone = zoneOf(user);
	const showHelp = event.url.searchParams.has('help');
	return {
		id: moment.id,
		when: when(moment.createdAt, zone),
		changed: moment.updatedAt !== moment.createdAt ? when(moment.updatedAt, zone) : null,
		content: moment.readable ? moment.content : null,
		ownBeliefs: await moments.ownBeliefs(user.id),
		saved: event.url.searchParams.has('saved'),
		help: showHelp ? crisisHelp() : undefined
	};
}

export const actions = {
	delete: async (event) => {
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		const removed = await workbook().moments.remove(actor.user.id, event.params.id);
		if (!removed) notFound();
		redirect(303, '/app/moments?deleted=1');
	}
};
