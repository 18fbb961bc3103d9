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

export interface InsightsDeps {
	repository: InsightsRepository;
	keys: DataKeyRing;
	clock: Clock;
	logger?: WorkbookLogger;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const isLevel = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/**
 * The member's insights for a period. Reads only the member's own rows of the period, opens only
 * the sealed values a picture needs, and hands plain facts to the arithmetic in
 * `$lib/workbook/insights`. Nothing opened outlives the call.
 */
export function createInsightsService(deps: InsightsDeps) {
	const { repository, clock, logger } = deps;
	const sealer = createSealer(deps.keys);

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

			let unreadable = 0;
			/** Opens what one row gives; a row that does not open is reported and left out. */
			const each = <R, F>(rows: R[], open: (row: R) => F | null): F[] => {
				const facts: F[] = [];
				for (const row of rows) {
					try {
						const fact = open(row);
						if (fact !== null) facts.push(fact);
					} catch (error) {
						reportUnreadable(logger, error, userId);
						unreadable += 1;
					}
				}
				return facts;
			};

			const moments = each(momentRows, (row): MomentFact => {
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
			});

			const beliefs = each(beliefRows, (row): BeliefFact | null => {
				const statement = sealer.open<BeliefStatement>(
					'workbook_belief',
					row.id,
					'statement',
					row.statement
				);
				if (!statement) return null;
				return { id: row.id, label: beliefLabel(statement), essay: statement.essay };
			});

			const ratings = each(ratingRows, (row): RatingFact | null => {
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
			});

			const checkins = each(checkinRows, (row): CheckinFact | null => {
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
			});

			const practiceWeeks = each(weekRows, (row) => {
				const chosen = sealer.open<string[]>(
					'workbook_practice_week',
					row.id,
					'practices',
					row.practices
				);
				return { week: row.week, chosen: Array.isArray(chosen) ? chosen.length : 0 };
			});

			const wins = each(winRows, (row) => {
				const day = sealer.open<string>('workbook_win', row.id, 'happened_on', row.happened_on);
				return typeof day === 'string' && dayPattern.test(day) ? day : null;
			});

			return buildInsights({
				period,
				today,
				checkins,
				moments,
				beliefs,
				ratings,
				practiceWeeks,
				practiceEntries: entryRows.map((row) => localDay(row.created_at, timeZone)),
				wins,
				unreadable
			});
		}
	};
}

export type InsightsService = ReturnType<typeof createInsightsService>;
