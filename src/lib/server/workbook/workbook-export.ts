import type { AccountExporter } from '../accounts/account-data.service';
import type { BeliefsService } from './beliefs.service';
import type { MomentsService } from './moments.service';
import type { SummariesService } from './summaries.service';

/**
 * The workbook's part of "Download my data": every moment, draft and belief with its ratings over
 * time, opened, as the member wrote them. An entry that cannot be opened is listed by id and date
 * with a note, never left out silently.
 */
export function workbookExporters(
	moments: MomentsService,
	beliefs: BeliefsService
): AccountExporter[] {
	const unreadable = (entry: { id: string; createdAt: string; updatedAt: string }) => ({
		id: entry.id,
		createdAt: entry.createdAt,
		updatedAt: entry.updatedAt,
		couldNotBeOpened: true
	});
	return [
		{
			key: 'moments',
			about:
				'Your moments, newest first: what happened, who it involved, what you felt and how strongly, the story you told yourself, the urge, what you did, what helped and how strong the feeling was afterwards. Beliefs are named as "essay:<name>" for the essay’s words or "own:<id>" for one of yours (see beliefs).',
			async collect({ userId }) {
				return (await moments.list(userId)).map((m) =>
					m.readable
						? { id: m.id, createdAt: m.createdAt, updatedAt: m.updatedAt, ...m.content }
						: unreadable(m)
				);
			}
		},
		{
			key: 'momentDrafts',
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
 * Summaries in "Download my data": each as it was prepared (the snapshot the practice would read),
 * whether it is shared, and every time someone at the practice opened one.
 */
export function summariesExporters(summaries: SummariesService): AccountExporter[] {
	return [
		{
			key: 'summaries',
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
