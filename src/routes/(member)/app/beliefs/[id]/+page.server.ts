import { fail, redirect } from '@sveltejs/kit';
import { beliefFields, beliefLabel, beliefToValues, ratingFields } from '$lib/workbook/belief-form';
import { readMomentFields } from '$lib/workbook/moment-form';
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

const day = (iso: string, timeZone: string) =>
	new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(
		new Date(iso)
	);

export async function load(event) {
	if (answeringSignedOutForm(event)) {
		return { id: event.params.id, added: false, saved: null, help: undefined, belief: null };
	}
	const user = await workbookMember(event);
	const belief = await workbook().beliefs.get(user.id, event.params.id);
	if (!belief) notFound();
	const zone = zoneOf(user);
	const params = event.url.searchParams;
	const common = {
		id: belief.id,
		added: params.has('added'),
		saved: params.get('saved'),
		help: params.has('help') ? crisisHelp() : undefined
	};
	if (!belief.readable) return { ...common, belief: null };
	return {
		...common,
		belief: {
			label: beliefLabel(belief.content.statement),
			content: belief.content,
			values: beliefToValues(belief.content),
			history: belief.history.map((r) => ({
				when: when(r.at, zone),
				day: day(r.at, zone),
				strength: r.strength,
				alternativeStrength: r.alternativeStrength
			})),
			fired: {
				count: belief.fired.count,
				moments: belief.fired.moments
					.slice(0, 10)
					.map((m) => ({ id: m.id, when: when(m.at, zone) }))
			}
		}
	};
}

export const actions = {
	rate: async (event) => {
		const { values, errors } = readMomentFields(await event.request.formData(), ratingFields);
		const actor = await workbookActor(event, values);
		if ('refused' in actor) return actor.refused;
		if (Object.keys(errors).length > 0) return fail(400, { form: 'rate', errors, values });
		const result = await workbook().beliefs.rate(actor.user.id, event.params.id, values);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) return fail(400, { form: 'rate', errors: result.errors, values });
		redirect(303, `/app/beliefs/${event.params.id}?saved=rating#history`);
	},

	update: async (event) => {
		const fields = beliefFields.filter((f) => !ratingFields.includes(f));
		const { values, errors } = readMomentFields(await event.request.formData(), fields);
		const actor = await workbookActor(event, values);
		if ('refused' in actor) return actor.refused;
		if (Object.keys(errors).length > 0) return fail(400, { form: 'notes', errors, values });
		const result = await workbook().beliefs.update(actor.user.id, event.params.id, values);
		if (!result.ok && 'notFound' in result) notFound();
		if (!result.ok) return fail(400, { form: 'notes', errors: result.errors, values });
		redirect(303, `/app/beliefs/${event.params.id}?saved=notes${result.crisis ? '&help=1' : ''}`);
	},

	delete: async (event) => {
		const actor = await workbookActor(event, {});
		if ('refused' in actor) return actor.refused;
		if (!(await workbook().beliefs.remove(actor.user.id, event.params.id))) notFound();
		redirect(303, '/app/beliefs?deleted=1');
	}
};
