import {
	essayBeliefs,
	essayQuestions,
	howMuch,
	labelOf,
	painfulCycles,
	practiceList,
	type HowMuch,
	type PracticeKey
} from '../workbook/vocabulary';
import type { BeliefKey, CycleKey, QuestionKey, SelfCheckAnswers } from './answers';

/**
 * What a self-check's result reflects back: the questions and beliefs that sound like the reader
 * and the cycles they recognise, in their own choices' words; the essay's sections that speak to
 * them; and two or three practices to start with. It is never a score or a verdict: nothing is
 * added up for the reader, and nothing is said about them that they did not choose.
 */

/** The essay the self-check follows, where its sections are read. */
export const essaySlug = 'building-self-esteem';
export const essayPath = `/articles/${essaySlug}`;

/** The essay's sections, by the ids its page gives their headings. */
export const essaySections = [
	{
		id: 'self-esteem-is-often-relational',
		title: 'Self-esteem is often relational',
		about:
			'How our sense of self is shaped in relationships, and where beliefs like these are often first learned.'
	},
	{
		id: 'relationships-cannot-fully-repair-self-worth-for-us',
		title: 'Relationships cannot fully repair self-worth for us',
		about:
			'Why reassurance can fade so quickly, and the painful cycles that can follow when worth rests on how a relationship feels.'
	},
	{
		id: 'building-self-esteem-inside-relationships',
		title: 'Building self-esteem inside relationships',
		about:
			'Growing steadier within a relationship: saying what you need, disagreeing without collapsing, and staying connected to yourself.'
	},
	{
		id: 'building-self-esteem-outside-relationships',
		title: 'Building self-esteem outside relationships',
		about:
			'The relationship you build with yourself: self-trust, self-compassion, and a sense of who you are that does not wait for anyone’s approval.'
	},
	{
		id: 'therapy-and-self-esteem-work',
		title: 'Therapy and self-esteem work',
		about:
			'What this work can look like in therapy: slowly untangling the belief that your worth has to be earned.'
	}
] as const;
export type SectionId = (typeof essaySections)[number]['id'];

interface Leads {
	sections: SectionId[];
	/** The practices that speak most to it, closest first. */
	practices: PracticeKey[];
}

// Where each question, belief and cycle is taken up in the essay, and the practices that answer it.
const questionLeads: Record<QuestionKey, Leads> = {
	'lose-confidence': {
		sections: ['building-self-esteem-inside-relationships'],
		practices: ['stay-connected-to-self', 'self-trust', 'self-soothe']
	},
	'worth-depends-on-partner': {
		sections: [
			'relationships-cannot-fully-repair-self-worth-for-us',
			'building-self-esteem-inside-relationships'
		],
		practices: ['stay-connected-to-self', 'identity', 'self-trust']
	},
	'okay-alone': {
		sections: ['building-self-esteem-inside-relationships'],
		practices: ['be-seen', 'tolerate-uncertainty', 'self-soothe']
	},
	'need-reassurance': {
		sections: ['relationships-cannot-fully-repair-self-worth-for-us'],
		practices: ['tolerate-uncertainty', 'self-soothe', 'emotional-regulation']
	},
	'abandon-myself': {
		sections: [
			'building-self-esteem-inside-relationships',
			'building-self-esteem-outside-relationships'
		],
		practices: ['express-needs', 'boundaries-without-guilt', 'stay-connected-to-self']
	}
};

const beliefLeads: Record<BeliefKey, Leads> = {
	'too-much': {
		sections: ['self-esteem-is-often-relational', 'building-self-esteem-outside-relationships'],
		practices: ['be-seen', 'self-compassion', 'express-needs']
	},
	'not-enough': {
		sections: ['self-esteem-is-often-relational', 'building-self-esteem-outside-relationships'],
		practices: ['self-compassion', 'self-trust', 'purpose']
	},
	'earn-love': {
		sections: ['self-esteem-is-often-relational', 'therapy-and-self-esteem-work'],
		practices: ['self-compassion', 'be-seen', 'purpose']
	},
	'needs-burden': {
		sections: ['self-esteem-is-often-relational', 'building-self-esteem-inside-relationships'],
		practices: ['express-needs', 'boundaries-without-guilt', 'self-compassion']
	},
	'pulls-away-failing': {
		sections: [
			'self-esteem-is-often-relational',
			'relationships-cannot-fully-repair-self-worth-for-us'
		],
		practices: ['tolerate-uncertainty', 'self-soothe', 'stay-connected-to-self']
	},
	'conflict-rejection': {
		sections: ['self-esteem-is-often-relational', 'building-self-esteem-inside-relationships'],
		practices: ['conflict-not-rejection', 'tolerate-disagreement', 'emotional-regulation']
	},
	'perform-to-be-valued': {
		sections: ['self-esteem-is-often-relational', 'therapy-and-self-esteem-work'],
		practices: ['boundaries-without-guilt', 'identity', 'self-compassion']
	}
};

const cycleLeads: Record<CycleKey, Leads> = {
	'reassurance-not-absorbed': {
		sections: ['relationships-cannot-fully-repair-self-worth-for-us'],
		practices: ['tolerate-uncertainty', 'self-soothe', 'self-trust']
	},
	'criticism-catastrophic': {
		sections: ['relationships-cannot-fully-repair-self-worth-for-us'],
		practices: ['tolerate-disagreement', 'self-compassion', 'resilience']
	},
	'boundaries-threatening': {
		sections: ['relationships-cannot-fully-repair-self-worth-for-us'],
		practices: ['boundaries-without-guilt', 'boundary-setting', 'autonomy']
	},
	'conflict-destabilising': {
		sections: ['relationships-cannot-fully-repair-self-worth-for-us'],
		practices: ['conflict-not-rejection', 'emotional-regulation', 'tolerate-disagreement']
	},
	'worth-fluctuates': {
		sections: [
			'relationships-cannot-fully-repair-self-worth-for-us',
			'building-self-esteem-outside-relationships'
		],
		practices: ['stay-connected-to-self', 'identity', 'self-trust']
	},
	'over-accommodate': {
		sections: ['relationships-cannot-fully-repair-self-worth-for-us'],
		practices: ['express-needs', 'boundaries-without-guilt', 'autonomy']
	}
};

/** Gentle places to begin when nothing chosen points anywhere in particular. */
export const startingPractices: PracticeKey[] = ['self-compassion', 'self-soothe'];

export interface Chosen {
	key: string;
	label: string;
	howMuch: Exclude<HowMuch, 'not-at-all'>;
	/** "a lot" or "a little", for the page. */
	howMuchLabel: string;
}

export interface SectionLink {
	id: SectionId;
	title: string;
	about: string;
	href: string;
}

export interface SuggestedPractice {
	key: PracticeKey;
	label: string;
	href: string;
	/** What the reader chose that it speaks to, in its own words; null for a gentle default. */
	speaksTo: string | null;
}

export interface Reflection {
	/** 'empty': nothing answered; 'quiet': answered, but nothing sounded like them; 'some'. */
	kind: 'empty' | 'quiet' | 'some';
	questions: Chosen[];
	beliefs: Chosen[];
	cycles: { key: CycleKey; label: string }[];
	sections: SectionLink[];
	practices: SuggestedPractice[];
}

const weightOf: Record<HowMuch, number> = { 'not-at-all': 0, 'a-little': 1, 'a-lot': 2 };
/** A recognised cycle counts as much as a question or belief that sounds a lot like the reader. */
const cycleWeight = 2;

function chosen<K extends string>(
	list: readonly { key: K; label: string }[],
	answers: Partial<Record<K, HowMuch>>
): Chosen[] {
	const picked = list
		.map((item, order) => ({ item, order, answer: answers[item.key] }))
		.filter((c) => c.answer === 'a-little' || c.answer === 'a-lot');
	// What sounds a lot like the reader first, then in the essay's own order.
	picked.sort((a, b) => weightOf[b.answer!] - weightOf[a.answer!] || a.order - b.order);
	return picked.map(({ item, answer }) => ({
		key: item.key,
		label: item.label,
		howMuch: answer as Chosen['howMuch'],
		howMuchLabel: labelOf(howMuch, answer!)!.toLowerCase()
	}));
}

export const practicePath = (key: PracticeKey) => `/app/practices/${key}`;

/** Reflects the answers back: see Reflection. The same answers always give the same result. */
export function reflect(answers: SelfCheckAnswers): Reflection {
	const questions = chosen(essayQuestions, answers.questions);
	const beliefs = chosen(essayBeliefs, answers.beliefs);
	const cycles = painfulCycles
		.filter((c) => answers.cycles.includes(c.key))
		.map((c) => ({ key: c.key, label: c.label }));

	// Each chosen item leads to its sections and practices, weighted by how much it sounds like
	// the reader; a practice closer to the item counts for a little more.
	const leads: { label: string; weight: number; leads: Leads }[] = [
		...questions.map((q) => ({
			label: q.label,
			weight: weightOf[q.howMuch],
			leads: questionLeads[q.key as QuestionKey]
		})),
		...beliefs.map((b) => ({
			label: b.label,
			weight: weightOf[b.howMuch],
			leads: beliefLeads[b.key as BeliefKey]
		})),
		...cycles.map((c) => ({ label: c.label, weight: cycleWeight, leads: cycleLeads[c.key] }))
	];

	const reached = new Set<SectionId>();
	const practiceWeight = new Map<PracticeKey, { weight: number; best: number; label: string }>();
	for (const lead of leads) {
		for (const id of lead.leads.sections) reached.add(id);
		lead.leads.practices.forEach((key, closeness) => {
			const weight = lead.weight * (3 - closeness);
			const known = practiceWeight.get(key);
			if (!known) {
				practiceWeight.set(key, { weight, best: weight, label: lead.label });
			} else {
				known.weight += weight;
				if (weight > known.best) Object.assign(known, { best: weight, label: lead.label });
			}
		});
	}

	const ranked: SuggestedPractice[] = practiceList
		.map((p, order) => ({ p, order, found: practiceWeight.get(p.key) }))
		.filter((r) => r.found)
		.sort((a, b) => b.found!.weight - a.found!.weight || a.order - b.order)
		.slice(0, 3)
		.map(({ p, found }) => ({
			key: p.key,
			label: p.label,
			href: practicePath(p.key),
			speaksTo: found!.label
		}));
	for (const key of startingPractices) {
		if (ranked.length >= 2) break;
		if (ranked.some((r) => r.key === key)) continue;
		ranked.push({
			key,
			label: labelOf(practiceList, key)!,
			href: practicePath(key),
			speaksTo: null
		});
	}

	const answered =
		Object.keys(answers.questions).length +
		Object.keys(answers.beliefs).length +
		answers.cycles.length;
	const kind = leads.length > 0 ? 'some' : answered > 0 ? 'quiet' : 'empty';
	// With nothing to follow, the essay's first section is where anyone might begin.
	const sectionIds: SectionId[] =
		kind === 'some' ? essaySections.map((s) => s.id).filter((id) => reached.has(id)) : [];
	if (sectionIds.length === 0) sectionIds.push('self-esteem-is-often-relational');

	return {
		kind,
		questions,
		beliefs,
		cycles,
		sections: essaySections
			.filter((s) => sectionIds.includes(s.id))
			.map((s) => ({ id: s.id, title: s.title, about: s.about, href: `${essayPath}#${s.id}` })),
		practices: ranked
	};
}

/**
 * Lines of the essay, quoted as they are, that the result sets beside what the reader chose.
 * They are the practice's words; a test checks each against the essay.
 */
export const essayWords = {
	questions: 'These are deeply human questions.',
	beliefs:
		'These beliefs often become most visible in intimate relationships because relationships naturally activate vulnerability, attachment, and the desire for connection.',
	cycles:
		'This is not because someone is “needy” or broken. Often, it reflects attachment wounds, emotional survival strategies, and the very human longing to feel chosen, safe, and valued.',
	closing: [
		'Because healthy self-esteem is not about becoming someone who never feels insecure.',
		'It is about becoming someone who can experience insecurity, vulnerability, rejection, or conflict without losing their entire sense of self in the process.'
	]
} as const;
