import {
	essayBeliefs,
	essayQuestions,
	howMuch,
	labelOf,
	painfulCycles,
	practiceList,
	winKinds
} from '../../workbook/vocabulary';
import { momentPicksInWords } from '../../workbook/moment-parts';
import type { AccountExporter } from '../accounts/account-data.service';
import type { BeliefsService } from './beliefs.service';
import type { CheckinsService } from './checkins.service';
import type { MomentsService } from './moments.service';
import type { SelfCheckService } from './self-check.service';
import { fieldsOf } from '../../workbook/practice-form';
import type { PracticesService } from './practices.service';
import type { WinsService } from './wins.service';
import type { SummariesService } from './summaries.service';

/** An entry that cannot be opened: listed by id and dates, never left out silently. */
const unreadable = (entry: { id: string; createdAt: string; updatedAt: string }) => ({
	id: entry.id,
	createdAt: entry.createdAt,
	updatedAt: entry.updatedAt,
	couldNotBeOpened: true
});

/**
 * The workbook's part of "Download my data": every moment, draft and belief with its ratings over
 * time, opened, as the member wrote them. An entry that cannot be opened is listed by id and date
 * with a note, never left out silently.
 */
export function workbookExporters(
	moments: MomentsService,
	beliefs: BeliefsService
): AccountExporter[] {
	return [
		{
			key: 'moments',
			title: 'Your moments',
			about:
				'Your moments, newest first: what happened, who it involved, what you felt and how strongly, the story you told yourself, the urge, what you did, what helped and how strong the feeling was afterwards. What you chose from a list is kept by its key, with its words beside it.',
			async collect({ userId }) {
				const [list, ownBeliefs] = await Promise.all([
					moments.list(userId),
					moments.ownBeliefs(userId)
				]);
				return list.map((m) => {
					if (!m.readable) return unreadable(m);
					const words = momentPicksInWords(m.content, ownBeliefs);
					return {
						id: m.id,
						createdAt: m.createdAt,
						updatedAt: m.updatedAt,
						...m.content,
						happenedPicksName: words.happenedPicks,
						peopleName: words.people,
						beliefsName: words.beliefs,
						urgesName: words.urges,
						waitedOutName: words.waitedOut
					};
				});
			}
		},
		{
			key: 'momentDrafts',
			title: 'Moments you started',
			about: 'Moments you started and have not saved yet, exactly as you typed them.',
			async collect({ userId }) {
				return (await moments.drafts(userId)).map((d) => ({
					id: d.id,
					changesMoment: d.momentId,
					createdAt: d.createdAt,
					updatedAt: d.updatedAt,
					lastStep: d.step,
					typed: d.values
				}));
			}
		},
		{
			key: 'beliefs',
			title: 'Your beliefs',
			about:
				'Your beliefs: the words, how strongly you believed each and its kinder alternative every time you rated them, where they may come from, the evidence you noted, and how many of your moments they came up in.',
			async collect({ userId }) {
				const list = await beliefs.list(userId);
				const ratings = await beliefs.allRatings(userId);
				return list.map((b) =>
					b.readable
						? {
								id: b.id,
								createdAt: b.createdAt,
								updatedAt: b.updatedAt,
								...b.content,
								cameUpInMoments: b.fired.moments.map((m) => m.id),
								ratings: ratings
									.filter((r) => r.beliefId === b.id)
									.map(({ at, strength, alternativeStrength }) => ({
										at,
										strength,
										alternativeStrength
									}))
							}
						: unreadable(b)
				);
			}
		}
	];
}

/**
 * The self-checks a member kept, each answer with the essay's words beside its key, so the file
 * reads on its own.
 */
export function selfCheckExporter(selfChecks: SelfCheckService): AccountExporter {
	const answered = (list: typeof essayQuestions | typeof essayBeliefs, answers: object) =>
		Object.entries(answers).map(([key, value]) => ({
			key,
			words: labelOf(list, key) ?? key,
			howMuch: labelOf(howMuch, value as string) ?? value
		}));
	return {
		key: 'selfChecks',
		title: 'Self-checks you kept',
		about:
			'The self-checks you kept, newest first: how much each of the essay’s questions and beliefs sounded like you (not at all, a little, a lot; ones you left unanswered are not listed) and the painful cycles you recognised.',
		async collect({ userId }) {
			return (await selfChecks.list(userId)).map((s) =>
				s.readable
					? {
							id: s.id,
							savedAt: s.createdAt,
							questions: answered(essayQuestions, s.answers.questions),
							beliefs: answered(essayBeliefs, s.answers.beliefs),
							cycles: s.answers.cycles.map((key) => ({
								key,
								words: labelOf(painfulCycles, key) ?? key
							}))
						}
					: { id: s.id, savedAt: s.createdAt, couldNotBeOpened: true }
			);
		}
	};
}

/**
 * Check-ins in "Download my data": each taking of a questionnaire, finished or not, with every
 * statement, the answer chosen and the score.
 */
export function checkinsExporter(checkins: CheckinsService): AccountExporter {
	return {
		key: 'checkins',
		title: 'Check-ins',
		about:
			'Your check-ins with the Rosenberg Self-Esteem Scale and the Self-Compassion Scale (short form), oldest first: when you started and finished each, every statement with the answer you chose (and the value it counts for), and the score. One you started and have not finished has no finishing date and no score yet.',
		collect: ({ userId }) => checkins.exportAll(userId)
	};
}

/**
 * Practices and quiet wins in "Download my data": the practices chosen for each week, everything
 * written in a practice (each answer beside the words it answered), and every quiet win.
 */
export function practiceAndWinExporters(
	practices: PracticesService,
	wins: WinsService
): AccountExporter[] {
	return [
		{
			key: 'practiceWeeks',
			title: 'Practices chosen for a week',
			about:
				'The practices you chose for a week, by the Monday the week began on (in your time zone).',
			async collect({ userId }) {
				return (await practices.weeks(userId)).map((w) => ({
					week: w.week,
					practices: w.practices.map((key) => ({ key, name: labelOf(practiceList, key) })),
					createdAt: w.createdAt,
					updatedAt: w.updatedAt
				}));
			}
		},
		{
			key: 'practiceEntries',
			title: 'What you wrote in the practices',
			about:
				'What you wrote in the practices, newest first: each answer with the words of the exercise or prompt it answers.',
			async collect({ userId }) {
				return (await practices.entries(userId)).map((e) => {
					if (!e.readable) return unreadable(e);
					const guide = practices.guide(e.practice);
					const places = guide ? fieldsOf(guide) : [];
					return {
						id: e.id,
						createdAt: e.createdAt,
						updatedAt: e.updatedAt,
						practice: e.practice,
						practiceName: guide?.label ?? e.practice,
						answers: Object.entries(e.answers).map(([id, text]) => ({
							id,
							answering: places.find((p) => p.id === id)?.label ?? null,
							text
						}))
					};
				});
			}
		},
		{
			key: 'quietWins',
			title: 'Quiet wins',
			about:
				'Your quiet wins, newest day first: which sign of self-esteem it was, your note and the day.',
			async collect({ userId }) {
				return (await wins.list(userId)).map((w) =>
					w.readable
						? {
								id: w.id,
								createdAt: w.createdAt,
								updatedAt: w.updatedAt,
								kind: w.content.kind,
								kindName: labelOf(winKinds, w.content.kind) ?? w.content.kind,
								note: w.content.note,
								happenedOn: w.content.happenedOn
							}
						: unreadable(w)
				);
			}
		}
	];
}

/**
 * Summaries in "Download my data": each as it was prepared (the snapshot the practice would read),
 * whether it is shared, and every time someone at the practice opened one.
 */
export function summariesExporters(summaries: SummariesService): AccountExporter[] {
	return [
		{
			key: 'summaries',
			title: 'Summaries for the practice',
			about:
				'The summaries you prepared for the practice, newest first: the title, exactly what each holds, whether it is private, shared (since when, and for which consultation) or taken back (when).',
			async collect({ userId }) {
				const list = await summaries.list({ id: userId });
				const views = await Promise.all(list.map((s) => summaries.get({ id: userId }, s.id)));
				return views
					.filter((v) => v !== null)
					.map((v) =>
						v.content === null
							? { id: v.id, preparedAt: v.preparedAt, couldNotBeOpened: true }
							: {
									id: v.id,
									title: v.title,
									preparedAt: v.preparedAt,
									state: v.state,
									sharedAt: v.sharedAt,
									takenBackAt: v.revokedAt,
									forConsultationAt: v.consultation?.start ?? null,
									content: v.content
								}
					);
			}
		},
		{
			key: 'summaryReads',
			title: 'When the practice opened a summary',
			about:
				'Each time someone at the practice opened one of your shared summaries: who, when, and which summary.',
			async collect({ userId }) {
				return (await summaries.reads({ id: userId })).map((r) => ({
					at: r.at,
					readBy: r.reader,
					summaryId: r.summaryId
				}));
			}
		}
	];
}
