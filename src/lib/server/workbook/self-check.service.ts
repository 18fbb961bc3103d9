import { randomUUID } from 'node:crypto';
import { checkAnswers, type SelfCheckAnswers } from '../../self-check/answers';
import type { Clock } from '../clock';
import type { DataKeyRing } from '../privacy/data-keys';
import type { SelfCheckRepository, SelfCheckRow } from './self-check.repository';
import {
	createSealer,
	reportUnreadable,
	UnreadableEntryError,
	type WorkbookLogger
} from './workbook-seal';

/**
 * The self-checks a member chose to keep. The answers are sealed as one value
 * (`{ questions, beliefs, cycles }`, see self-check/answers.ts) and checked both ways: nothing but
 * the self-check's own questions and answers is kept, and a kept value that no longer reads as one
 * is shown as unreadable rather than guessed at.
 */

export interface SelfCheckDeps {
	repository: SelfCheckRepository;
	keys: DataKeyRing;
	clock: Clock;
	logger?: WorkbookLogger;
	newId?: () => string;
}

interface Stamped {
	id: string;
	createdAt: string;
	updatedAt: string;
}

export type SelfCheckView =
	(Stamped & { readable: true; answers: SelfCheckAnswers }) | (Stamped & { readable: false });

const table = 'workbook_self_check';

export function createSelfCheckService(deps: SelfCheckDeps) {
	const { repository, clock, logger } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;

	function open(row: SelfCheckRow): SelfCheckAnswers {
		const checked = checkAnswers(sealer.open<unknown>(table, row.id, 'answers', row.answers));
		if (!checked.ok) throw new UnreadableEntryError(table, row.id, 'answers', 'malformed');
		return checked.answers;
	}

	function view(row: SelfCheckRow, userId: string): SelfCheckView {
		const stamped = { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
		try {
			return { ...stamped, readable: true, answers: open(row) };
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return { ...stamped, readable: false };
		}
	}

	return {
		/** Keeps a self-check for the member; answers it does not ask are refused, with why. */
		async save(
			userId: string,
			answers: unknown
		): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
			const checked = checkAnswers(answers);
			if (!checked.ok) return checked;
			const id = newId();
			const at = clock.now().toISOString();
			await repository.insert({
				id,
				user_id: userId,
				created_at: at,
				updated_at: at,
				answers: sealer.seal(table, id, 'answers', checked.answers)
			});
			return { ok: true, id };
		},

		/** The member's kept self-checks, newest first. */
		async list(userId: string): Promise<SelfCheckView[]> {
			return (await repository.list(userId)).map((row) => view(row, userId));
		},

		/** One of the member's own; null for anyone else's, or one that does not exist. */
		async get(userId: string, id: string): Promise<SelfCheckView | null> {
			const row = await repository.find(userId, id);
			return row ? view(row, userId) : null;
		},

		async remove(userId: string, id: string): Promise<boolean> {
			return repository.remove(userId, id);
		}
	};
}

export type SelfCheckService = ReturnType<typeof createSelfCheckService>;
