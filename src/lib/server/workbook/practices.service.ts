import { randomUUID } from 'node:crypto';
import type { FieldErrors } from '../../forms/parse';
import { weekIn } from '../../workbook/days';
import {
	parseEntry,
	parseWeekChoice,
	type PracticeAnswers,
	type PracticeGuide
} from '../../workbook/practice-form';
import { keysOf, practiceList, type PracticeKey } from '../../workbook/vocabulary';
import type { Clock } from '../clock';
import type { PracticeGuides } from '../content/practices';
import type { DataKeyRing } from '../privacy/data-keys';
import type { DetectCrisis, Saved } from './moments.service';
import type {
	PracticeEntryRow,
	PracticesRepository,
	PracticeWeekRow
} from './practices.repository';
import { createSealer, reportUnreadable, type WorkbookLogger } from './workbook-seal';

/**
 * The practices: a member may choose a few for the week (the week starts on Monday in their own
 * time zone) and write in any practice at any time. A week without a choice, or without writing,
 * is simply a week: nothing here counts what was not done.
 */

export interface PracticesDeps {
	repository: PracticesRepository;
	guides: PracticeGuides;
	keys: DataKeyRing;
	clock: Clock;
	detectCrisis: DetectCrisis;
	logger?: WorkbookLogger;
	newId?: () => string;
}

interface Stamped {
	id: string;
	createdAt: string;
	updatedAt: string;
}

export type EntryView =
	| (Stamped & { readable: true; practice: string; answers: PracticeAnswers })
	| (Stamped & { readable: false });

export interface WeekView {
	/** The Monday, YYYY-MM-DD. */
	week: string;
	practices: PracticeKey[];
	createdAt: string;
	updatedAt: string;
}

type Refused = { ok: false; errors: FieldErrors };
type NotFound = { ok: false; notFound: true };

const known = keysOf(practiceList);

export function createPracticesService(deps: PracticesDeps) {
	const { repository, clock, logger, guides } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;
	const now = () => clock.now().toISOString();

	function openWeek(row: PracticeWeekRow, userId: string): WeekView | null {
		try {
			const practices =
				sealer.open<string[]>('workbook_practice_week', row.id, 'practices', row.practices) ?? [];
			return {
				week: row.week,
				// A practice since taken out of the list is quietly left out.
				practices: practices.filter((key) => known.has(key)) as PracticeKey[],
				createdAt: row.created_at,
				updatedAt: row.updated_at
			};
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return null;
		}
	}

	function openEntry(row: PracticeEntryRow, userId: string): EntryView {
		const stamped = { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
		try {
			const table = 'workbook_practice_entry';
			const practice = sealer.open<string>(table, row.id, 'practice', row.practice) ?? '';
			const answers = sealer.open<PracticeAnswers>(table, row.id, 'answers', row.answers) ?? {};
			return { ...stamped, readable: true, practice, answers };
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return { ...stamped, readable: false };
		}
	}

	const crisisIn = (answers: PracticeAnswers) =>
		Object.values(answers).some((text) => deps.detectCrisis(text).match);

	const sealAnswers = (id: string, answers: PracticeAnswers) =>
		sealer.seal('workbook_practice_entry', id, 'answers', answers);

	const guideOf = (key: string): PracticeGuide | undefined =>
		known.has(key) ? guides.get(key as PracticeKey) : undefined;

	return {
		/** The Monday of this week in `zone`, YYYY-MM-DD. */
		weekOf(zone: string): string {
			return weekIn(zone, clock.now());
		},

		/** This week's chosen practices in `zone` (none is a perfectly good answer). */
		async thisWeek(
			userId: string,
			zone: string
		): Promise<{ week: string; practices: PracticeKey[] }> {
			const week = weekIn(zone, clock.now());
			const row = await repository.findWeek(userId, week);
			return { week, practices: row ? (openWeek(row, userId)?.practices ?? []) : [] };
		},

		/**
		 * Chooses this week's practices (up to three), replacing any earlier choice for the week.
		 * Choosing none lets the week go without a choice.
		 */
		async chooseForWeek(
			userId: string,
			zone: string,
			keys: string[]
		): Promise<{ ok: true; week: string; practices: PracticeKey[] } | Refused> {
			const parsed = parseWeekChoice(keys);
			if (!parsed.ok) return parsed;
			const week = weekIn(zone, clock.now());
			const { practices } = parsed;
			if (practices.length === 0) {
				await repository.deleteWeek(userId, week);
				return { ok: true, week, practices };
			}
			const at = now();
			const seal = (id: string) =>
				sealer.seal('workbook_practice_week', id, 'practices', practices);
			const existing = await repository.findWeek(userId, week);
			if (existing) {
				await repository.updateWeek(userId, existing.id, seal(existing.id), at);
				return { ok: true, week, practices };
			}
			const id = newId();
			try {
				await repository.insertWeek({
					id,
					user_id: userId,
					week,
					practices: seal(id),
					created_at: at,
					updated_at: at
				});
			} catch (error) {
				// The same member chose in two tabs at once: the database kept one row for the week
				// (a unique index); this choice, the later one, replaces it.
				const raced = await repository.findWeek(userId, week);
				if (!raced) throw error;
				await repository.updateWeek(userId, raced.id, seal(raced.id), at);
			}
			return { ok: true, week, practices };
		},

		/** Every week the member chose practices for, newest first, opened (for insights and sharing). */
		async weeks(userId: string): Promise<WeekView[]> {
			return (await repository.listWeeks(userId))
				.map((row) => openWeek(row, userId))
				.filter((week) => week !== null);
		},

		/** The guide of a practice, or undefined for a key that is not one. */
		guide: guideOf,

		/** Every practice's guide, in the order of the list. */
		guidesInOrder(): PracticeGuide[] {
			return [...guides.values()];
		},

		/** Saves what was written for a practice; `crisis` says to show help at once. */
		async saveEntry(
			userId: string,
			practiceKey: string,
			values: Record<string, string | undefined>
		): Promise<({ ok: true; id: string } & Saved) | Refused | NotFound> {
			const guide = guideOf(practiceKey);
			if (!guide) return { ok: false, notFound: true };
			const parsed = parseEntry(guide, values);
			if (!parsed.ok) return parsed;
			const id = newId();
			const at = now();
			await repository.insertEntry({
				id,
				user_id: userId,
				practice: sealer.seal('workbook_practice_entry', id, 'practice', guide.key),
				answers: sealAnswers(id, parsed.answers),
				created_at: at,
				updated_at: at
			});
			return { ok: true, id, crisis: crisisIn(parsed.answers) };
		},

		/**
		 * The member's entries, newest first, opened (insights and sharing read them too). With a
		 * practice key, only that practice's (entries that cannot be opened are then left out).
		 */
		async entries(userId: string, practiceKey?: string): Promise<EntryView[]> {
			const views = (await repository.listEntries(userId)).map((row) => openEntry(row, userId));
			if (practiceKey === undefined) return views;
			return views.filter((entry) => entry.readable && entry.practice === practiceKey);
		},

		/** One entry of the member's own; null for anyone else's or none at all. */
		async entry(userId: string, id: string): Promise<EntryView | null> {
			const row = await repository.findEntry(userId, id);
			return row ? openEntry(row, userId) : null;
		},

		/**
		 * Changes what was written; the practice it belongs to stays the same. With `practiceKey`,
		 * an entry of another practice is not found (its address named the wrong practice).
		 */
		async updateEntry(
			userId: string,
			id: string,
			values: Record<string, string | undefined>,
			practiceKey?: string
		): Promise<({ ok: true } & Saved) | Refused | NotFound> {
			const row = await repository.findEntry(userId, id);
			if (!row) return { ok: false, notFound: true };
			const before = openEntry(row, userId);
			if (!before.readable) return { ok: false, notFound: true };
			if (practiceKey !== undefined && before.practice !== practiceKey) {
				return { ok: false, notFound: true };
			}
			const guide = guideOf(before.practice);
			if (!guide) return { ok: false, notFound: true };
			const parsed = parseEntry(guide, values, before.answers);
			if (!parsed.ok) return parsed;
			await repository.updateEntry(userId, id, sealAnswers(id, parsed.answers), now());
			return { ok: true, crisis: crisisIn(parsed.answers) };
		},

		async removeEntry(userId: string, id: string): Promise<boolean> {
			return repository.deleteEntry(userId, id);
		}
	};
}

export type PracticesService = ReturnType<typeof createPracticesService>;
