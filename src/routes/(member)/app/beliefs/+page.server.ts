import { fail, redirect } from '@sveltejs/kit';
import { beliefFields } from '$lib/workbook/belief-form';
import { readMomentFields } from '$lib/workbook/moment-form';
import { essayBeliefs } from '$lib/workbook/vocabulary';
import { beliefLabel } from '$lib/workbook/belief-form';
import {
	answeringSignedOutForm,
	when,
	workbook,
	workbookActor,
	workbookMember,
	zoneOf
} from '../workbook.server';

export async function load(event) {
	if (answeringSignedOutForm(event)) {
		return { beliefs: [], start: null, deleted: false };
	}
	const user = await workbookMember(event);
	const zone = zoneOf(user);
	const list = await workbook().beliefs.list(user.id);
	const start = event.url.searchParams.get('start');
	return {
		beliefs: list.map((b) =>
			b.readable
				? {
						id: b.id,
						readable: true as const,
						label: beliefLabel(b.content.statement),
						strength: b.content.strength,
						alternative: b.content.alternative,
						alternativeStrength: b.content.alternativeStrength,
						fired: b.fired.count,
						lastFired: b.fired.moments[0] ? when(b.fired.moments[0].at, zone) : null
					}
				: { id: b.id, readable: false as const }
		),
		start: essayBeliefs.some((b) => b.key === start) ? start : null,
		deleted: event.url.searchParams.has('deleted')
	};
}

export const actions = {
	create: async (event) => {
		const { values, errors } = readMomentFields(await event.request.formData(), beliefFields);
		const actor = await workbookActor(event, values);
		if ('refused' in actor) return actor.refused;
		if (Object.keys(errors).length > 0) return fail(400, { errors, values });
		const result = await workbook().beliefs.create(actor.user.id, values);
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/app/beliefs/${result.id}?added=1${result.crisis ? '&help=1' : ''}`);
	}
};
