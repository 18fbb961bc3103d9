import type { PracticeAnswers, PracticeGuide } from '$lib/workbook/practice-form';

export interface EntrySection {
	title: string;
	answers: { label: string; text: string }[];
}

/**
 * What was written, under the exercise or prompt it answers, in the order of the page. Places left
 * empty are left out; writing for a place the practice no longer has comes last, kept as it was.
 */
export function entrySections(guide: PracticeGuide, answers: PracticeAnswers): EntrySection[] {
	const used = new Set<string>();
	const pick = (id: string, label: string) => {
		used.add(id);
		return answers[id] ? [{ label, text: answers[id] }] : [];
	};
	const sections: EntrySection[] = [
		...guide.exercises.map((exercise) => ({
			title: exercise.title,
			answers: exercise.fields.flatMap((field) => pick(field.id, field.label))
		})),
		{
			title: 'To reflect on',
			answers: guide.prompts.flatMap((prompt) => pick(prompt.id, prompt.text))
		}
	];
	const rest = Object.entries(answers).filter(([id]) => !used.has(id));
	if (rest.length > 0) {
		sections.push({
			title: 'Also written',
			answers: rest.map(([, text]) => ({
				label: 'For a part of this practice that has changed since',
				text
			}))
		});
	}
	return sections.filter((section) => section.answers.length > 0);
}
