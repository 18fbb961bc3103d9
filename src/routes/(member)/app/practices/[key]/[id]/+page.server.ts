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
} from '../../../workbook.server';
import { entrySections } from './entry-sections';

export const csr = false;

export async function load(event) {
	const { practices } = workbook();
	const guide = practices.guide(event.params.key);
	if (!guide) notFound();
	const blank = {
		id: event.params.id,
		guide: { key: guide.key, label: guide.label },
		when: '',
		changed: null,
		readable: false,
		sections: [],
		saved: false,
		help: undefined
	};
	if (answeringSignedOutForm(event)) return blank;
	const user = await workbookMember(event);
	const entry = await practices.entry(user.id, event.params.id);
	if (!entry || (entry.readable && entry.practice !== guide.key)) notFound();
	const zone = zoneOf(user);
	const params = event.url.searchParams;
	return {
		...blank,
		when: when(entry.createdAt, zone),
		changed: entry.updatedAt !== entry.createdAt ? when(entry.updatedAt, zone) : null,
		readable: entry.readable,
		sections: entry.readable ? entrySections(guide, entry.answers) : [],
		saved: params.has('saved'),
		help: params.has('help') ? crisisHelp() : undefined
	};
}

export const actions = {
	delete: async (event) => {
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		const removed = await workbook().practices.removeEntry(actor.user.id, event.params.id);
		if (!removed) notFound();
		redirect(303, `/app/practices/${event.params.key}?deleted=1`);
	}
};
