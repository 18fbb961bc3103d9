import { randomUUID } from 'node:crypto';
import type { FieldErrors } from '../../forms/parse';
import {
	beliefFreeText,
	parseBelief,
	parseRating,
	type BeliefContent
} from '../../workbook/belief-form';
import type { MomentValues } from '../../workbook/moment-form';
import { createSealer, reportUnreadable } from './workbook-seal';
import type { WorkbookDeps, Saved } from './moments.service';
import type { BeliefRow, RatingRow, SealedBelief } from './workbook.repository';

export { beliefLabel, type BeliefStatement } from '../../workbook/belief-form';

export interface Rating {
	at: string;
	strength: number | null;
	alternativeStrength: number | null;
}

interface Stamped {
	id: string;
	createdAt: string;
	updatedAt: string;
}

export type BeliefView =
	| (Stamped & {
			readable: true;
			content: BeliefContent;
			/** The moments it came up in: how many, and the newest first. */
			fired: { count: number; moments: { id: string; at: string }[] };
	  })
	| (Stamped & { readable: false });

export type BeliefDetail = BeliefView & { history: Rating[] };

type Refused = { ok: false; errors: FieldErrors };
type NotFound = { ok: false; notFound: true };

const table = 'workbook_belief';

export function createBeliefsService(deps: WorkbookDeps) {
	const { repository, clock, logger } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;
	const now = () => clock.now().toISOString();
	const anyCrisis = (texts: string[]) => texts.some((text) => deps.detectCrisis(text).match);

	function sealBelief(id: string, c: BeliefContent): SealedBelief {
		const seal = (column: string, value: unknown) => sealer.seal(table, id, column, value);
		return {
			statement: seal('statement', c.statement),
			strength: seal('strength', c.strength),
			origins: seal('origins', c.origins),
			evidence_for: seal('evidence_for', c.evidenceFor),
			evidence_against: seal('evidence_against', c.evidenceAgainst),
			alternative: seal('alternative', c.alternative),
			alternative_strength: seal('alternative_strength', c.alternativeStrength)
		};
	}

	function openBelief(row: BeliefRow): BeliefContent {
		const open = <T>(column: keyof SealedBelief) =>
			sealer.open<T>(table, row.id, column, row[column]);
		return {
			statement: open<BeliefContent['statement']>('statement') ?? { essay: null, words: '' },
			strength: open<number>('strength'),
			origins: open<string[]>('origins') ?? [],
			evidenceFor: open<string>('evidence_for') ?? '',
			evidenceAgainst: open<string>('evidence_against') ?? '',
			alternative: open<string>('alternative') ?? '',
			alternativeStrength: open<number>('alternative_strength')
		};
	}

	function sealRating(
		beliefId: string,
		userId: string,
		strength: number | null,
		alternativeStrength: number | null
	): RatingRow {
		const id = newId();
		return {
			id,
			belief_id: beliefId,
			user_id: userId,
			created_at: now(),
			strength: sealer.seal('workbook_belief_rating', id, 'strength', strength),
			alternative_strength: sealer.seal(
				'workbook_belief_rating',
				id,
				'alternative_strength',
				alternativeStrength
			)
		};
	}

	function openRating(row: RatingRow): Rating {
		return {
			at: row.created_at,
			strength: sealer.open<number>('workbook_belief_rating', row.id, 'strength', row.strength),
			alternativeStrength: sealer.open<number>(
				'workbook_belief_rating',
				row.id,
				'alternative_strength',
				row.alternative_strength
			)
		};
	}

	/** Which of the member's moments name each belief (by itself, or as the essay's words). */
	async function firings(userId: string) {
		const found: { id: string; at: string; refs: string[] }[] = [];
		for (const row of await repository.listMomentBeliefs(userId)) {
			try {
				const refs = sealer.open<string[]>('workbook_moment', row.id, 'beliefs', row.beliefs) ?? [];
				found.push({ id: row.id, at: row.created_at, refs });
			} catch (error) {
				reportUnreadable(logger, error, userId);
			}
		}
		return (belief: { id: string; content: BeliefContent }) => {
			const names = [`own:${belief.id}`];
			if (belief.content.statement.essay) names.push(`essay:${belief.content.statement.essay}`);
			const moments = found
				.filter((m) => m.refs.some((ref) => names.includes(ref)))
				.map((m) => ({ id: m.id, at: m.at }));
			return { count: moments.length, moments };
		};
	}

	function view(row: BeliefRow, userId: string, fired: Awaited<ReturnType<typeof firings>>) {
		const stamped = { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
		try {
			const content = openBelief(row);
			return {
				...stamped,
				readable: true as const,
				content,
				fired: fired({ id: row.id, content })
			};
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return { ...stamped, readable: false as const };
		}
	}

	return {
		async list(userId: string): Promise<BeliefView[]> {
			const fired = await firings(userId);
			return (await repository.listBeliefs(userId)).map((row) => view(row, userId, fired));
		},

		/** One belief of the member's own with its ratings over time; null for anyone else's. */
		async get(userId: string, id: string): Promise<BeliefDetail | null> {
			const row = await repository.findBelief(userId, id);
			if (!row) return null;
			const found = view(row, userId, await firings(userId));
			let history: Rating[] = [];
			try {
				history = (await repository.listRatings(userId, id)).map(openRating);
			} catch (error) {
				reportUnreadable(logger, error, userId);
			}
			return { ...found, history };
		},

		async create(
			userId: string,
			values: MomentValues
		): Promise<({ ok: true; id: string } & Saved) | Refused> {
			const parsed = parseBelief(values);
			if (!parsed.ok) return parsed;
			const id = newId();
			const at = now();
			const c = parsed.content;
			await repository.insertBelief(
				{ id, user_id: userId, created_at: at, updated_at: at, ...sealBelief(id, c) },
				sealRating(id, userId, c.strength, c.alternativeStrength)
			);
			return { ok: true, id, crisis: anyCrisis(beliefFreeText(c)) };
		},

		/**
		 * Changes a belief; a changed rating is added to its history. Ratings left out of `values`
		 * stay as they were.
		 */
		async update(
			userId: string,
			id: string,
			values: MomentValues
		): Promise<({ ok: true } & Saved) | Refused | NotFound> {
			const row = await repository.findBelief(userId, id);
			if (!row) return { ok: false, notFound: true };
			let before: BeliefContent | undefined;
			try {
				before = openBelief(row);
			} catch (error) {
				reportUnreadable(logger, error, userId);
			}
			// A form without the ratings (the notes form) leaves them as they are.
			const withRatings = { ...values };
			for (const [field, value] of [
				['strength', before?.strength],
				['alternative_strength', before?.alternativeStrength]
			] as const) {
				if (!(field in withRatings)) withRatings[field] = value == null ? '' : String(value);
			}
			const parsed = parseBelief(withRatings);
			if (!parsed.ok) return parsed;
			const c = parsed.content;
			const rerated =
				!before ||
				before.strength !== c.strength ||
				before.alternativeStrength !== c.alternativeStrength;
			await repository.updateBelief(
				userId,
				id,
				sealBelief(id, c),
				now(),
				rerated ? sealRating(id, userId, c.strength, c.alternativeStrength) : undefined
			);
			return { ok: true, crisis: anyCrisis(beliefFreeText(c)) };
		},

		/** "How strongly do I believe it now?": a new point in the belief's history. */
		async rate(
			userId: string,
			id: string,
			values: MomentValues
		): Promise<{ ok: true } | Refused | NotFound> {
			const row = await repository.findBelief(userId, id);
			if (!row) return { ok: false, notFound: true };
			const parsed = parseRating(values);
			if (!parsed.ok) return parsed;
			const changes: Partial<SealedBelief> = {};
			if (parsed.strength !== null) {
				changes.strength = sealer.seal(table, id, 'strength', parsed.strength);
			}
			if (parsed.alternativeStrength !== null) {
				changes.alternative_strength = sealer.seal(
					table,
					id,
					'alternative_strength',
					parsed.alternativeStrength
				);
			}
			await repository.updateBelief(
				userId,
				id,
				changes,
				now(),
				sealRating(id, userId, parsed.strength, parsed.alternativeStrength)
			);
			return { ok: true };
		},

		async remove(userId: string, id: string): Promise<boolean> {
			return repository.deleteBelief(userId, id);
		},

		/** Every rating of every belief of the member, opened (for the export). */
		async allRatings(userId: string): Promise<(Rating & { beliefId: string })[]> {
			const ratings: (Rating & { beliefId: string })[] = [];
			for (const row of await repository.listRatings(userId)) {
				try {
					ratings.push({ beliefId: row.belief_id, ...openRating(row) });
				} catch (error) {
					reportUnreadable(logger, error, userId);
				}
			}
			return ratings;
		}
	};
}

export type BeliefsService = ReturnType<typeof createBeliefsService>;
