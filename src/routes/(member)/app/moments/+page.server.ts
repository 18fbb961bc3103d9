import { essayBeliefs, peoplePicks, urgePicks } from '$lib/workbook/vocabulary';
import { when, workbook, workbookMember, zoneOf } from '../workbook.server';

export async function load(event) {
	const user = await workbookMember(event);
	const { moments } = workbook();
	const params = event.url.searchParams;
	const filter = {
		belief: params.get('belief') || undefined,
		person: params.get('person') || undefined,
		urge: params.get('urge') || undefined
	};
	const zone = zoneOf(user);
	const [list, drafts, ownBeliefs] = await Promise.all([
		moments.list(user.id, filter),
		moments.drafts(user.id),
		moments.ownBeliefs(user.id)
	]);
	// Own labels for people, from the member's own moments, for the filter.
	const everyone = filter.person ? await moments.list(user.id) : list;
	const ownPeople = [...new Set(everyone.flatMap((m) => (m.readable ? m.content.peopleOwn : [])))]
		.filter(
			(label, i, all) =>
				all.findIndex((l) => l.toLocaleLowerCase() === label.toLocaleLowerCase()) === i
		)
		.sort((a, b) => a.localeCompare(b));
	return {
		filter,
		filtering: Boolean(filter.belief || filter.person || filter.urge),
		moments: list.map((m) => ({
			id: m.id,
			when: when(m.createdAt, zone),
			readable: m.readable,
			content: m.readable ? m.content : null
		})),
		drafts: drafts.map((d) => ({
			id: d.id,
			momentId: d.momentId,
			step: d.step,
			when: when(d.updatedAt, zone)
		})),
		options: {
			beliefs: [
				...essayBeliefs.map((b) => ({ value: `essay:${b.key}`, label: b.label })),
				...ownBeliefs.map((b) => ({ value: `own:${b.id}`, label: b.label }))
			],
			people: [
				...peoplePicks.map((p) => ({ value: p.key, label: p.label })),
				...ownPeople.map((p) => ({ value: moments.personFilter(p), label: p }))
			],
			urges: urgePicks.map((u) => ({ value: u.key, label: u.label }))
		},
		ownBeliefs,
		deleted: params.has('deleted'),
		discarded: params.has('discarded')
	};
}
