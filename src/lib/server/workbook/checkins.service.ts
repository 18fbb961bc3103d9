import { randomUUID } from 'node:crypto';
import { errorsFor } from '../../checkins/form';
import {
	instrumentIds,
	instruments,
	isInstrumentId,
	type InstrumentId
} from '../../checkins/instruments';
import { answersFit, problemsWith, scoreOf, type Answers } from '../../checkins/scoring';
import type { FieldErrors } from '../../forms/parse';
import type { Clock } from '../clock';
import type { DataKeyRing } from '../privacy/data-keys';
import type { CheckinRow, CheckinsRepository } from './checkins.repository';
import { createSealer, reportUnreadable, type WorkbookLogger } from './workbook-seal';

/**
 * Check-ins: a member's takings of the validated questionnaires. The answers (the chosen options'
 * values in item order, null where unanswered) and the score are sealed like everything else in
 * the workbook; a member has at most one draft per questionnaire, which becomes a completed
 * check-in once every item has an answer.
 */

export interface CheckinsDeps {
	repository: CheckinsRepository;
	keys: DataKeyRing;
	clock: Clock;
	logger?: WorkbookLogger;
	newId?: () => string;
}

/** One completed check-in in a list; score null when it could not be opened. */
export interface CheckinEntry {
	id: string;
	completedAt: string;
	score: number | null;
}

/** A completed check-in whose score could be read. */
export interface CompletedCheckin {
	id: string;
	completedAt: string;
	score: number;
}

/** Every completed check-in of a member that could be read, oldest first, per questionnaire. */
export type CheckinHistory = Record<InstrumentId, CompletedCheckin[]>;

export interface CheckinDraft {
	id: string;
	answers: (number | null)[];
	/** How many items have an answer. */
	answered: number;
	createdAt: string;
	updatedAt: string;
}

export type CheckinDetail = {
	id: string;
	instrument: InstrumentId;
	completedAt: string;
	/** The completed check-in of the same questionnaire just before this one, if any. */
	previous: CompletedCheckin | null;
} & ({ readable: true; answers: (number | null)[]; score: number } | { readable: false });

type Refused = { ok: false; errors: FieldErrors };

const table = 'workbook_checkin';

const doesNotFit: FieldErrors = {
	form: 'These answers do not fit this questionnaire. Please choose again from the answers shown.'
};

export function createCheckinsService(deps: CheckinsDeps) {
	const { repository, clock, logger } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;
	const now = () => clock.now().toISOString();

	const openAnswers = (row: CheckinRow) =>
		sealer.open<(number | null)[]>(table, row.id, 'answers', row.answers) ?? [];
	const openScore = (row: CheckinRow) => sealer.open<number>(table, row.id, 'score', row.score);

	/** Refuses values outside the options (each beside its item) and answers of the wrong length. */
	function refusal(instrument: InstrumentId, answers: Answers): Refused | null {
		const questionnaire = instruments[instrument];
		if (answersFit(questionnaire, answers)) return null;
		const wrong = problemsWith(questionnaire, answers).filter((p) => p.reason !== 'missing');
		if (answers.length !== questionnaire.items.length || wrong.length === 0) {
			return { ok: false, errors: doesNotFit };
		}
		return { ok: false, errors: errorsFor(wrong) };
	}

	function write(
		userId: string,
		instrument: InstrumentId,
		answers: Answers,
		score: number | null
	): Promise<string> {
		const at = now();
		return repository.writeDraft({
			userId,
			instrument,
			at,
			completedAt: score === null ? null : at,
			newId: newId(),
			seal: (id) => ({
				answers: sealer.seal(table, id, 'answers', answers),
				score: sealer.seal(table, id, 'score', score)
			})
		});
	}

	/** The member's completed check-ins of one questionnaire, opened, oldest first. */
	async function completed(userId: string, instrument: InstrumentId): Promise<CheckinEntry[]> {
		const rows = await repository.listCompleted(userId, instrument);
		return rows.map((row) => {
			let score: number | null = null;
			try {
				score = openScore(row);
			} catch (error) {
				reportUnreadable(logger, error, userId);
			}
			return { id: row.id, completedAt: row.completed_at!, score };
		});
	}

	const readable = (entry: CheckinEntry): entry is CompletedCheckin => entry.score !== null;

	return {
		/**
		 * Keeps the answers given so far as the member's draft of the questionnaire. With nothing
		 * answered and no draft yet, there is nothing to keep: id is null.
		 */
		async saveDraft(
			userId: string,
			instrument: InstrumentId,
			answers: Answers
		): Promise<{ ok: true; id: string | null } | Refused> {
			const refused = refusal(instrument, answers);
			if (refused) return refused;
			if (answers.every((a) => a === null) && !(await repository.findDraft(userId, instrument))) {
				return { ok: true, id: null };
			}
			return { ok: true, id: await write(userId, instrument, answers, null) };
		},

		/** Lets the member's draft of a questionnaire go. */
		async discardDraft(userId: string, instrument: InstrumentId): Promise<void> {
			const row = await repository.findDraft(userId, instrument);
			if (row) await repository.remove(userId, row.id);
		},

		/**
		 * Completes the check-in with these answers. With any item unanswered it is refused with a
		 * message for each, and the answers are kept in the draft all the same.
		 */
		async complete(
			userId: string,
			instrument: InstrumentId,
			answers: Answers
		): Promise<{ ok: true; id: string; score: number } | (Refused & { draftId?: string })> {
			const refused = refusal(instrument, answers);
			if (refused) return refused;
			const scored = scoreOf(instruments[instrument], answers);
			if (!scored.ok) {
				const draftId = await write(userId, instrument, answers, null);
				return { ok: false, errors: errorsFor(scored.problems), draftId };
			}
			const id = await write(userId, instrument, answers, scored.score);
			return { ok: true, id, score: scored.score };
		},

		/** The member's draft of a questionnaire, if one was started (and can be opened). */
		async draft(userId: string, instrument: InstrumentId): Promise<CheckinDraft | null> {
			const row = await repository.findDraft(userId, instrument);
			if (!row) return null;
			try {
				const answers = openAnswers(row);
				return {
					id: row.id,
					answers,
					answered: answers.filter((a) => a !== null).length,
					createdAt: row.created_at,
					updatedAt: row.updated_at
				};
			} catch (error) {
				// The next save replaces it.
				reportUnreadable(logger, error, userId);
				return null;
			}
		},

		/** The member's completed check-ins of one questionnaire, oldest first. */
		list: completed,

		/** One completed check-in of the member's own; null for anyone else's, or for a draft. */
		async get(userId: string, id: string): Promise<CheckinDetail | null> {
			const row = await repository.find(userId, id);
			if (!row || row.completed_at === null || !isInstrumentId(row.instrument)) return null;
			const all = await completed(userId, row.instrument);
			const earlier = all
				.slice(
					0,
					all.findIndex((c) => c.id === id)
				)
				.filter(readable);
			const stamped = {
				id: row.id,
				instrument: row.instrument,
				completedAt: row.completed_at,
				previous: earlier.at(-1) ?? null
			};
			try {
				const score = openScore(row);
				if (score === null) throw new Error('a completed check-in without a score');
				return { ...stamped, readable: true, answers: openAnswers(row), score };
			} catch (error) {
				reportUnreadable(logger, error, userId);
				return { ...stamped, readable: false };
			}
		},

		/** Deletes one check-in of the member's (completed or a draft). */
		async remove(userId: string, id: string): Promise<boolean> {
			return repository.remove(userId, id);
		},

		/**
		 * Every completed check-in of the member's that can be read, oldest first, per questionnaire:
		 * for pictures over time and summaries elsewhere in the workbook.
		 */
		async history(userId: string): Promise<CheckinHistory> {
			const history = { rses: [], 'scs-sf': [] } as CheckinHistory;
			for (const id of instrumentIds) {
				history[id] = (await completed(userId, id)).filter(readable);
			}
			return history;
		},

		/** Every check-in, drafts too, opened, for "Download my data". */
		async exportAll(userId: string) {
			const rows = await repository.listAll(userId);
			return rows
				.filter((row) => isInstrumentId(row.instrument))
				.map((row) => {
					const questionnaire = instruments[row.instrument as InstrumentId];
					const stamped = {
						id: row.id,
						instrument: questionnaire.id,
						questionnaire: questionnaire.name,
						createdAt: row.created_at,
						updatedAt: row.updated_at,
						completedAt: row.completed_at
					};
					try {
						const answers = openAnswers(row);
						return {
							...stamped,
							score: openScore(row),
							answers: questionnaire.items.map((item, index) => {
								const value = answers[index] ?? null;
								return {
									statement: item.text,
									answer: questionnaire.options.find((o) => o.value === value)?.label ?? null,
									value
								};
							})
						};
					} catch (error) {
						reportUnreadable(logger, error, userId);
						return { ...stamped, couldNotBeOpened: true };
					}
				});
		}
	};
}

export type CheckinsService = ReturnType<typeof createCheckinsService>;
