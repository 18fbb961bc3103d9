import { startOfDate } from '../../booking/calendar-days';
import { beliefLabel, type BeliefStatement } from '../../workbook/belief-form';
import {
	buildInsights,
	localDay,
	periodStart,
	type BeliefFact,
	type CheckinFact,
	type Insights,
	type MomentFact,
	type Period,
	type RatingFact
} from '../../workbook/insights';
import type { Feeling } from '../../workbook/moment-form';
import type { Clock } from '../clock';
import type { DataKeyRing } from '../privacy/data-keys';
import type { InsightsRepository } from './insights.repository';
import { createSealer, reportUnreadable, type WorkbookLogger } from './workbook-seal';

/** How many members' opened facts a process keeps (sealed), and for how long after a visit. */
export interface Remembering {
	members: number;
	idleMs: number;
}

export const defaultRemembering: Remembering = { members: 64, idleMs: 10 * 60_000 };

export interface InsightsDeps {
	repository: InsightsRepository;
	keys: DataKeyRing;
	clock: Clock;
	logger?: WorkbookLogger;
	/** False to open every value on every visit (as a reference for measuring). */
	remember?: Remembering | false;
	/** Where the sealed facts are kept; a test passes its own to look inside. */
	memory?: Map<string, Remembered>;
}

export interface Remembered {
	sealed: string;
	/** The time zone the facts' days are in. */
	zone: string;
	usedAt: number;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const isLevel = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/**
 * A few characters of a sealed value's integrity tag. Every time a value is sealed it gets a new
 * random nonce and so a new tag: when these characters are unchanged, so is the value.
 */
const tagOf = (sealed: string | null) => (sealed === null ? '-' : sealed.slice(-8));

/** Row key → [what the row was when it was opened, what was opened from it]. */
type Facts = Map<string, [string, unknown]>;

/**
 * The member's insights for a period. Reads only the member's own rows of the period, opens only
 * the sealed values a picture needs, and hands plain facts to the arithmetic in
 * `$lib/workbook/insights`.
 *
 * What was opened is remembered between visits, sealed under the data keys like the rows
 * themselves (docs/decisions/011-insights-sealed-memo.md): a later visit opens that one value and
 * then only the rows that are new or changed since. No opened value outlives the request in clear.
 */
export function createInsightsService(deps: InsightsDeps) {
	const { repository, clock, logger, keys } = deps;
	const sealer = createSealer(keys);
	const remembering = deps.remember === undefined ? defaultRemembering : deps.remember;
	/** Per member: the sealed facts, the zone their days are in, and when they were last used. */
	const remembered = deps.memory ?? new Map<string, Remembered>();
	const memoContext = (userId: string) => `insights:${userId}:facts`;

	function recall(userId: string, zone: string): Facts {
		const kept = remembered.get(userId);
		if (!kept || kept.zone !== zone || !remembering) return new Map();
		if (clock.now().getTime() - kept.usedAt > remembering.idleMs) {
			remembered.delete(userId);
			return new Map();
		}
		try {
			return new Map(
				JSON.parse(keys.open(kept.sealed, memoContext(userId))) as [string, [string, unknown]][]
			);
		} catch {
			// A key that changed under a running process: start again from the rows.
			remembered.delete(userId);
			return new Map();
		}
	}

	function keep(userId: string, zone: string, facts: Facts) {
		if (!remembering) return;
		const now = clock.now().getTime();
		for (const [id, kept] of remembered) {
			if (now - kept.usedAt > remembering.idleMs) remembered.delete(id);
		}
		remembered.delete(userId);
		remembered.set(userId, {
			sealed: keys.seal(JSON.stringify([...facts]), memoContext(userId)),
			zone,
			usedAt: now
		});
		// The least recently used go first (a Map keeps the order things were set in).
		for (const id of remembered.keys()) {
			if (remembered.size <= remembering.members) break;
			remembered.delete(id);
		}
	}

	return {
		async forMember(userId: string, period: Period, timeZone: string): Promise<Insights> {
			const today = localDay(clock.now().toISOString(), timeZone);
			const startDay = periodStart(period, today);
			const since = startDay ? new Date(startOfDate(startDay, timeZone)).toISOString() : null;
			const [momentRows, beliefRows, ratingRows, checkinRows, weekRows, entryRows, winRows] =
				await Promise.all([
					repository.moments(userId, since),
					repository.beliefs(userId),
					repository.ratings(userId, since),
					repository.checkins(userId, since),
					repository.practiceWeeks(userId, startDay),
					repository.practiceEntries(userId, since),
					repository.wins(userId, since)
				]);

			const before = remembering ? recall(userId, timeZone) : new Map();
			// Everything is read for "everything": what was not read then is gone, and forgotten.
			const facts: Facts = period === 'all' ? new Map() : new Map(before);
			let changed = false;
			let unreadable = 0;

			/**
			 * The facts of some rows: remembered when the row is as it was, opened otherwise. A row
			 * that does not open is reported, left out and not remembered.
			 */
			const each = <R extends { id: string }, F>(
				table: string,
				rows: R[],
				state: (row: R) => string,
				open: (row: R) => F | null
			): F[] => {
				const found: F[] = [];
				for (const row of rows) {
					const key = `${table}:${row.id}`;
					const now = state(row);
					const known = before.get(key);
					let fact: F | null;
					if (known && known[0] === now) {
						fact = known[1] as F | null;
						facts.set(key, known);
					} else {
						try {
							fact = open(row);
						} catch (error) {
							reportUnreadable(logger, error, userId);
							unreadable += 1;
							continue;
						}
						facts.set(key, [now, fact]);
						changed = true;
					}
					if (fact !== null) found.push(fact);
				}
				return found;
			};

			const moments = each(
				'moment',
				momentRows,
				// A moment's instant never changes; what it holds may.
				(row) =>
					[
						row.feelings,
						row.intensity_now,
						row.waited_out,
						row.beliefs,
						row.people,
						row.happened_picks
					]
						.map(tagOf)
						.join(''),
				(row): MomentFact => {
					const open = <T>(column: keyof typeof row & string) =>
						sealer.open<T>('workbook_moment', row.id, column, row[column]);
					const levels = (open<Feeling[]>('feelings') ?? []).map((f) => f.level).filter(isLevel);
					const after = open<number>('intensity_now');
					const waited = open<string>('waited_out');
					const beliefs = open<string[]>('beliefs') ?? [];
					// Who and what happened matter only where a belief fired (the matrix).
					const people =
						beliefs.length > 0 ? open<{ known: string[]; own: string[] }>('people') : null;
					const happened = beliefs.length > 0 ? (open<string[]>('happened_picks') ?? []) : [];
					return {
						day: localDay(row.created_at, timeZone),
						before: levels.length ? Math.max(...levels) : null,
						after: isLevel(after) ? after : null,
						waitedOut: waited === 'yes' || waited === 'no' ? waited : 'not-asked',
						beliefs,
						people: people?.known ?? [],
						peopleOwn: people?.own ?? [],
						happened
					};
				}
			);

			const beliefs = each(
				'belief',
				beliefRows,
				(row) => tagOf(row.statement),
				(row): BeliefFact | null => {
					const statement = sealer.open<BeliefStatement>(
						'workbook_belief',
						row.id,
						'statement',
						row.statement
					);
					if (!statement) return null;
					return { id: row.id, label: beliefLabel(statement), essay: statement.essay };
				}
			);

			const ratings = each(
				'rating',
				ratingRows,
				// A rating is never changed, only added or removed.
				(row) => tagOf(row.strength),
				(row): RatingFact | null => {
					const strength = sealer.open<number>(
						'workbook_belief_rating',
						row.id,
						'strength',
						row.strength
					);
					if (!isLevel(strength)) return null;
					return {
						beliefId: row.belief_id,
						day: localDay(row.created_at, timeZone),
						at: row.created_at,
						strength
					};
				}
			);

			const checkins = each(
				'checkin',
				checkinRows,
				(row) => `${row.instrument}${row.completed_at}${tagOf(row.score)}`,
				(row): CheckinFact | null => {
					if ((row.instrument !== 'rses' && row.instrument !== 'scs-sf') || !row.completed_at) {
						return null;
					}
					const score = sealer.open<number>('workbook_checkin', row.id, 'score', row.score);
					if (typeof score !== 'number' || !Number.isFinite(score)) return null;
					return {
						instrument: row.instrument,
						day: localDay(row.completed_at, timeZone),
						score
					};
				}
			);

			const practiceWeeks = each(
				'week',
				weekRows,
				(row) => row.week + tagOf(row.practices),
				(row) => {
					const chosen = sealer.open<string[]>(
						'workbook_practice_week',
						row.id,
						'practices',
						row.practices
					);
					return { week: row.week, chosen: Array.isArray(chosen) ? chosen.length : 0 };
				}
			);

			const practiceEntries = each(
				'entry',
				entryRows,
				() => '',
				(row) => localDay(row.created_at, timeZone)
			);

			const wins = each(
				'win',
				winRows,
				(row) => tagOf(row.happened_on),
				(row) => {
					const day = sealer.open<string>('workbook_win', row.id, 'happened_on', row.happened_on);
					return typeof day === 'string' && dayPattern.test(day) ? day : null;
				}
			);

			if (facts.size !== before.size) changed = true;
			if (remembering && changed) keep(userId, timeZone, facts);
			else if (remembering) {
				const kept = remembered.get(userId);
				if (kept) kept.usedAt = clock.now().getTime();
			}

			return buildInsights({
				period,
				today,
				checkins,
				moments,
				beliefs,
				ratings,
				practiceWeeks,
				practiceEntries,
				wins,
				unreadable
			});
		}
	};
}

export type InsightsService = ReturnType<typeof createInsightsService>;
