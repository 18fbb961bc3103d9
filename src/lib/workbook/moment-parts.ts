import type { MomentContent } from './moment-form';
import {
	essayBeliefs,
	happenedPicks,
	labelOf,
	peoplePicks,
	urgePicks,
	waitedOutChoices
} from './vocabulary';

export interface MomentPart {
	title: string;
	items: string[];
}

/** A part of a moment as its owner's page shows it: `step` is where it is changed, if it can be. */
export interface MomentPartWithStep extends MomentPart {
	step: string | null;
}

/** The picks of a moment that are kept as keys, in words: the same words its owner chose from. */
export function momentPicksInWords(
	content: MomentContent,
	ownBeliefs: { id: string; label: string }[]
) {
	const labels = (list: readonly { key: string; label: string }[], keys: string[]) =>
		keys.map((k) => labelOf(list, k) ?? k);
	const beliefName = (ref: string) =>
		ref.startsWith('essay:')
			? (labelOf(essayBeliefs, ref.slice(6)) ?? 'A belief')
			: (ownBeliefs.find((b) => `own:${b.id}` === ref)?.label ?? 'One of my beliefs');
	return {
		happenedPicks: labels(happenedPicks, content.happenedPicks),
		people: labels(peoplePicks, content.people),
		beliefs: content.beliefs.map(beliefName),
		urges: labels(
			urgePicks,
			content.urges.filter((u) => u !== 'other' || !content.urgeOther)
		),
		waitedOut:
			content.waitedOut === 'not-asked'
				? null
				: (labelOf(waitedOutChoices, content.waitedOut) ?? null)
	};
}

/**
 * Every part of a moment, titled in the member's own voice, each item in words. Parts left empty
 * are kept, with no items, for the member's page to say so; "Waited out the urge" only when it
 * was asked.
 */
export function allMomentParts(
	content: MomentContent,
	ownBeliefs: { id: string; label: string }[]
): MomentPartWithStep[] {
	const words = momentPicksInWords(content, ownBeliefs);
	const parts: MomentPartWithStep[] = [
		{
			step: 'happened',
			title: 'What happened',
			items: [content.whatHappened, words.happenedPicks.join(', ')]
		},
		{
			step: 'who',
			title: 'Who it involved',
			items: [[...words.people, ...content.peopleOwn].join(', ')]
		},
		{
			step: 'felt',
			title: 'What I felt',
			items: [
				content.feelings.map((f) => (f.level === null ? f.name : `${f.name} ${f.level}`)).join(', ')
			]
		},
		{
			step: 'story',
			title: 'The story I told myself',
			items: words.beliefs.map((name) => `“${name}”`)
		},
		{
			step: 'urge',
			title: 'The urge',
			items: [words.urges.join(', '), content.urgeOther]
		},
		{ step: 'did', title: 'What I did', items: [content.whatIDid] },
		{ step: 'helped', title: 'What helped', items: [content.whatHelped] },
		{
			step: 'now',
			title: 'How strong the feeling was afterwards',
			items: [content.intensityNow === null ? '' : `${content.intensityNow} out of 100`]
		}
	];
	if (content.waitedOut !== 'not-asked') {
		parts.push({ step: null, title: 'Waited out the urge', items: [words.waitedOut ?? ''] });
	}
	return parts.map((p) => ({ ...p, items: p.items.map((i) => i.trim()).filter((i) => i !== '') }));
}

/** The parts of a moment that hold something, as a shared summary shows them. */
export function momentParts(
	content: MomentContent,
	ownBeliefs: { id: string; label: string }[]
): MomentPart[] {
	return allMomentParts(content, ownBeliefs)
		.filter((p) => p.items.length > 0)
		.map(({ title, items }) => ({ title, items }));
}
