import { randomUUID } from 'node:crypto';
import type { FieldErrors } from '../../forms/parse';
import {
	emptyMoment,
	freeTextOf,
	parseMoment,
	textOf,
	type MomentContent,
	type MomentStep,
	type MomentValues
} from '../../workbook/moment-form';
import type { Clock } from '../clock';
import type { DataKeyRing } from '../privacy/data-keys';
import {
	createSealer,
	reportUnreadable,
	UnreadableEntryError,
	type WorkbookLogger
} from './workbook-seal';
import type { MomentRow, SealedMoment, WorkbookRepository } from './workbook.repository';
import { beliefLabel, type BeliefStatement } from '../../workbook/belief-form';

/** Checks what a member wrote for crisis language (safety/crisis.ts). */
export type DetectCrisis = (text: string) => { match: boolean };

export interface WorkbookDeps {
	repository: WorkbookRepository;
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

export type MomentView =
	(Stamped & { readable: true; content: MomentContent }) | (Stamped & { readable: false });

export interface DraftView {
	id: string;
	momentId: string | null;
	step: string;
	values: MomentValues;
	createdAt: string;
	updatedAt: string;
}

export interface MomentFilter {
	/** 'essay:<key>' or 'own:<belief id>'. */
	belief?: string;
	/** A person key (partner, friend …), or `label:<token>` for one of the member's own labels. */
	person?: string;
	urge?: string;
}

/** What a save tells the page: whether to show help at once. */
export interface Saved {
	crisis: boolean;
}

export type FinishResult =
	| ({ ok: true; momentId: string } & Saved)
	| { ok: false; errors: FieldErrors; crisis: boolean }
	| { ok: false; notFound: true };

const table = 'workbook_moment';

export function createMomentsService(deps: WorkbookDeps) {
	const { repository, clock, logger } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;
	const now = () => clock.now().toISOString();

	const anyCrisis = (texts: string[]) => texts.some((text) => deps.detectCrisis(text).match);

	function sealMoment(id: string, c: MomentContent): SealedMoment {
		const seal = (column: string, value: unknown) => sealer.seal(table, id, column, value);
		return {
			what_happened: seal('what_happened', c.whatHappened),
			happened_picks: seal('happened_picks', c.happenedPicks),
			people: seal('people', { known: c.people, own: c.peopleOwn }),
			feelings: seal('feelings', c.feelings),
			beliefs: seal('beliefs', c.beliefs),
			urges: seal('urges', { known: c.urges, other: c.urgeOther }),
			what_i_did: seal('what_i_did', c.whatIDid),
			what_helped: seal('what_helped', c.whatHelped),
			intensity_now: seal('intensity_now', c.intensityNow),
			waited_out: seal('waited_out', c.waitedOut)
		};
	}

	function openMoment(row: MomentRow): MomentContent {
		const open = <T>(column: keyof SealedMoment) =>
			sealer.open<T>(table, row.id, column, row[column]);
		const people = open<{ known: string[]; own: string[] }>('people');
		const urges = open<{ known: string[]; other: string }>('urges');
		return {
			whatHappened: open<string>('what_happened') ?? '',
			happenedPicks: open<string[]>('happened_picks') ?? [],
			people: people?.known ?? [],
			peopleOwn: people?.own ?? [],
			feelings: open<MomentContent['feelings']>('feelings') ?? [],
			beliefs: open<MomentContent['beliefs']>('beliefs') ?? [],
			urges: urges?.known ?? [],
			urgeOther: urges?.other ?? '',
			whatIDid: open<string>('what_i_did') ?? '',
			whatHelped: open<string>('what_helped') ?? '',
			intensityNow: open<number>('intensity_now'),
			waitedOut: open<MomentContent['waitedOut']>('waited_out') ?? 'not-asked'
		};
	}

	function view(row: MomentRow, userId: string): MomentView {
		const stamped = { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
		try {
			return { ...stamped, readable: true, content: openMoment(row) };
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return { ...stamped, readable: false };
		}
	}

	function openDraft(userId: string, row: { id: string; content: string }) {
		try {
			return sealer.open<{ step: string; values: MomentValues }>(
				'workbook_draft',
				row.id,
				'content',
				row.content
			);
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return null;
		}
	}

	function draftView(userId: string, row: Parameters<typeof openDraft>[1] & DraftRowStamp) {
		const content = openDraft(userId, row);
		return content
			? {
					id: row.id,
					momentId: row.moment_id,
					step: content.step,
					values: content.values,
					createdAt: row.created_at,
					updatedAt: row.updated_at
				}
			: null;
	}

	/** The ids of the member's own beliefs, which a moment may name. */
	async function ownBeliefIds(userId: string): Promise<Set<string>> {
		return new Set((await repository.listBeliefs(userId)).map((b) => b.id));
	}

	async function insertMoment(userId: string, content: MomentContent): Promise<string> {
		const id = newId();
		const at = now();
		await repository.insertMoment({
			id,
			user_id: userId,
			created_at: at,
			updated_at: at,
			...sealMoment(id, content)
		});
		return id;
	}

	// A member's own labels for people ("my sister") never go into a link: a keyed token does.
	const personToken = (label: string) => deps.keys.token('person', label.toLocaleLowerCase());

	const matches = (content: MomentContent, filter: MomentFilter) => {
		if (filter.belief && !content.beliefs.includes(filter.belief as never)) return false;
		if (filter.urge && !content.urges.includes(filter.urge)) return false;
		if (filter.person) {
			const own = content.peopleOwn.map((label) => `label:${personToken(label)}`);
			if (!content.people.includes(filter.person) && !own.includes(filter.person)) return false;
		}
		return true;
	};

	return {
		/**
		 * The member's moments, newest first. Filters are applied here, after opening the member's
		 * own rows: the database holds nothing it could filter on (docs/decisions/005).
		 */
		async list(userId: string, filter: MomentFilter = {}): Promise<MomentView[]> {
			const views = (await repository.listMoments(userId)).map((row) => view(row, userId));
			const filtering = Boolean(filter.belief || filter.person || filter.urge);
			return filtering ? views.filter((v) => v.readable && matches(v.content, filter)) : views;
		},

		/** The filter value that stands for one of the member's own labels for people. */
		personFilter(label: string): string {
			return `label:${personToken(label)}`;
		},

		/** One moment of the member's own; null for anyone else's or none at all. */
		async get(userId: string, id: string): Promise<MomentView | null> {
			const row = await repository.findMoment(userId, id);
			return row ? view(row, userId) : null;
		},

		async remove(userId: string, id: string): Promise<boolean> {
			return repository.deleteMoment(userId, id);
		},

		/** Changes a saved moment from the whole form (the edit page). */
		async update(
			userId: string,
			id: string,
			values: MomentValues
		): Promise<
			({ ok: true } & Saved) | { ok: false; errors: FieldErrors } | { ok: false; notFound: true }
		> {
			const existing = await repository.findMoment(userId, id);
			if (!existing) return { ok: false, notFound: true };
			const parsed = parseMoment(values, await ownBeliefIds(userId));
			if (!parsed.ok) return { ok: false, errors: parsed.errors };
			await repository.updateMoment(userId, id, sealMoment(id, parsed.content), now());
			return { ok: true, crisis: anyCrisis(freeTextOf(parsed.content)) };
		},

		/**
		 * A moment recorded elsewhere in Steady (for example at the end of a pause), saved at once.
		 * Fields not given are left empty.
		 */
		async saveFromPause(
			userId: string,
			record: Partial<MomentContent>
		): Promise<{ momentId: string } & Saved> {
			const content: MomentContent = { ...emptyMoment, ...record };
			const momentId = await insertMoment(userId, content);
			return { momentId, crisis: anyCrisis(freeTextOf(content)) };
		},

		// Drafts: what is typed, kept as the member goes, exactly as typed.

		async drafts(userId: string): Promise<DraftView[]> {
			const rows = await repository.listDrafts(userId);
			return rows.map((row) => draftView(userId, row)).filter((d) => d !== null);
		},

		async draft(userId: string, id: string): Promise<DraftView | null> {
			const row = await repository.findDraft(userId, id);
			return row ? draftView(userId, row) : null;
		},

		/** The draft of changes to a saved moment, if one is being written. */
		async draftFor(userId: string, momentId: string): Promise<DraftView | null> {
			const rows = await repository.listDrafts(userId);
			const row = rows.find((r) => r.moment_id === momentId);
			return row ? draftView(userId, row) : null;
		},

		/**
		 * Keeps what was typed in some fields. `draftId` null starts a new draft (of a new moment,
		 * or of changes to `momentId`). Fields named in `fields` replace what the draft held for
		 * them; others stay. Returns the draft's id, or null when the draft or moment is not the
		 * member's.
		 */
		async saveDraft(
			userId: string,
			input: {
				draftId: string | null;
				momentId?: string | null;
				step: MomentStep | 'review' | 'edit';
				values: MomentValues;
				fields: string[];
			}
		): Promise<({ draftId: string } & Saved) | null> {
			const typed = input.fields.map((f) => textOf(input.values, f)).filter((t) => t !== '');
			const crisis = anyCrisis(typed);
			const at = now();
			if (input.draftId) {
				const row = await repository.findDraft(userId, input.draftId);
				if (!row) return null;
				const before = openDraft(userId, row);
				const values = { ...(before?.values ?? {}) };
				for (const field of input.fields) {
					if (field in input.values) values[field] = input.values[field]!;
					else delete values[field];
				}
				const content = sealer.seal('workbook_draft', row.id, 'content', {
					step: input.step,
					values
				});
				await repository.updateDraft(userId, row.id, content, at);
				return { draftId: row.id, crisis };
			}
			if (input.momentId && !(await repository.findMoment(userId, input.momentId))) return null;
			const id = newId();
			await repository.insertDraft({
				id,
				user_id: userId,
				moment_id: input.momentId ?? null,
				content: sealer.seal('workbook_draft', id, 'content', {
					step: input.step,
					values: Object.fromEntries(
						input.fields.filter((f) => f in input.values).map((f) => [f, input.values[f]!])
					)
				}),
				created_at: at,
				updated_at: at
			});
			return { draftId: id, crisis };
		},

		/** Saves a draft as a moment (new, or the changes to the one it names) and lets it go. */
		async finishDraft(userId: string, draftId: string): Promise<FinishResult> {
			const row = await repository.findDraft(userId, draftId);
			if (!row) return { ok: false, notFound: true };
			const draft = openDraft(userId, row);
			if (!draft) return { ok: false, notFound: true };
			const parsed = parseMoment(draft.values, await ownBeliefIds(userId));
			const crisis = anyCrisis(freeTextOf(parsed.content));
			if (!parsed.ok) return { ok: false, errors: parsed.errors, crisis };
			if (row.moment_id) {
				await repository.finishDraft(userId, draftId, {
					update: {
						id: row.moment_id,
						values: sealMoment(row.moment_id, parsed.content),
						at: now()
					}
				});
				return { ok: true, momentId: row.moment_id, crisis };
			}
			const id = newId();
			const at = now();
			await repository.finishDraft(userId, draftId, {
				insert: {
					id,
					user_id: userId,
					created_at: at,
					updated_at: at,
					...sealMoment(id, parsed.content)
				}
			});
			return { ok: true, momentId: id, crisis };
		},

		async discardDraft(userId: string, draftId: string): Promise<void> {
			await repository.deleteDraft(userId, draftId);
		},

		/** The member's own beliefs, as the story step offers them. */
		async ownBeliefs(
			userId: string
		): Promise<{ id: string; label: string; essay: string | null }[]> {
			const options: { id: string; label: string; essay: string | null }[] = [];
			for (const row of await repository.listBeliefs(userId)) {
				try {
					const statement = sealer.open<BeliefStatement>(
						'workbook_belief',
						row.id,
						'statement',
						row.statement
					);
					if (statement) {
						options.push({ id: row.id, label: beliefLabel(statement), essay: statement.essay });
					}
				} catch (error) {
					if (!(error instanceof UnreadableEntryError)) throw error;
					reportUnreadable(logger, error, userId);
				}
			}
			return options;
		}
	};
}

interface DraftRowStamp {
	moment_id: string | null;
	created_at: string;
	updated_at: string;
}

export type MomentsService = ReturnType<typeof createMomentsService>;
