import { redirect } from '@sveltejs/kit';
import { services } from '$lib/server/app';
import { reflect } from '$lib/self-check/reflection';
import {
	answeringSignedOutForm,
	notFound,
	when,
	workbookActor,
	workbookMember,
	zoneOf
} from '../../workbook.server';

export const csr = false;

export async function load(event) {
	if (answeringSignedOutForm(event)) {
		return { id: event.params.id, when: null, at: null, saved: false, reflection: null };
	}
	const user = await workbookMember(event);
	const kept = await services().selfChecks.get(user.id, event.params.id);
	if (!kept) notFound();
	return {
		id: kept.id,
		when: when(kept.createdAt, zoneOf(user)),
		at: kept.createdAt,
		saved: event.url.searchParams.has('saved'),
		reflection: kept.readable ? reflect(kept.answers) : null
	};
}

export const actions = {
	delete: async (event) => {
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		if (!(await services().selfChecks.remove(actor.user.id, event.params.id))) notFound();
		redirect(303, '/app/self-check?deleted=1');
	}
};
