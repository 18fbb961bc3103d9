import { fieldsOf, type PracticeAnswers, type PracticeGuide } from '$lib/workbook/practice-form';

/** The first thing written in an entry, in the order of the page, shortened for a list. */
export function entryPreview(guide: PracticeGuide | undefined, answers: PracticeAnswers): string {
	const order = guide ? fieldsOf(guide).map((f) => f.id) : [];
	const first =
		order.map((id) => answers[id]).find((text) => text) ?? Object.values(answers)[0] ?? '';
	return first.length > 140 ? `${first.slice(0, 140).trimEnd()}…` : first;
}
