import { services } from '$lib/server/app';
import { when, workbookMember, zoneOf } from '../workbook.server';

export const csr = false;

/** "2 questions, 1 belief and 1 cycle": what sounded like the member, counted, never scored. */
function chosenWords(answers: {
	questions: Record<string, string>;
	beliefs: Record<string, string>;
	cycles: string[];
}): string {
	const count = (values: string[]) => values.filter((v) => v !== 'not-at-all').length;
	const parts = [
		[count(Object.values(answers.questions)), 'question', 'questions'],
		[count(Object.values(answers.beliefs)), 'belief', 'beliefs'],
		[answers.cycles.length, 'cycle', 'cycles']
	] as const;
	const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
	if (said.length === 0) return 'Nothing in it sounded much like you that day.';
	const list = said.length === 1 ? said[0] : `${said.slice(0, -1).join(', ')} and ${said.at(-1)}`;
	return `${list} sounded like you.`;
}

export async function load(event) {
	const user = await workbookMember(event);
	const zone = zoneOf(user);
	const kept = await services().selfChecks.list(user.id);
	return {
		deleted: event.url.searchParams.has('deleted'),
		selfChecks: kept.map((s) => ({
			id: s.id,
			when: when(s.createdAt, zone),
			at: s.createdAt,
			words: s.readable ? chosenWords(s.answers) : null
		}))
	};
}
