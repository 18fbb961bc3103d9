import { instruments, isInstrumentId } from '../../checkins/instruments';
import { fullName, scoreOutOf } from '../../checkins/scoring';
import { randomUUID } from 'node:crypto';
import { dateIn, startOfDate } from '../../booking/calendar-days';
import type { FieldErrors } from '../../forms/parse';
import { beliefLabel } from '../../workbook/belief-form';
import { momentParts } from '../../workbook/moment-parts';
import { mondayOf, periodOverview } from '../../workbook/overview';
import {
	checkInsPerQuestionnaire,
	dateAndTime,
	longDate,
	type AnsweredQuestion,
	type SummaryChoice,
	type SummaryContent
} from '../../workbook/summary';
import {
	essayBeliefs,
	essayQuestions,
	howMuch,
	labelOf,
	painfulCycles,
	type WaitedOut
} from '../../workbook/vocabulary';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service';
import type { DB } from '../db/schema';
import type { Reader } from '../booking/booking.service';
import type { Clock } from '../clock';
import type { DataKeyRing } from '../privacy/data-keys';
import type { BeliefsService } from './beliefs.service';
import type { MomentsService } from './moments.service';
import type { SummariesRepository, SummaryRow } from './summaries.repository';
import { createSealer, reportUnreadable, type WorkbookLogger } from './workbook-seal';

/**
 * Summaries a member prepares from their workbook and may share with the practice. A summary is a
 * sealed snapshot of what the member chose and saw; sharing is a clear, revocable state of it. The
 * practice reaches a summary only while it is shared, and every reading is recorded in the audit
 * log (who, whose, which summary — never what it says) before anything is shown.
 */

export interface SummariesDeps {
	repository: SummariesRepository;
	keys: DataKeyRing;
	clock: Clock;
	audit: Pick<AuditService, 'record'>;
	moments: MomentsService;
	beliefs: BeliefsService;
	logger?: WorkbookLogger;
	newId?: () => string;
}

/** The signed-in member, as far as summaries need them. */
export interface SummaryMember {
	id: string;
	email: string;
	emailVerified: boolean;
	/** The zone dates are written in. */
	timeZone: string;
}

/** The member whose own summaries are asked for. */
type Owner = Pick<SummaryMember, 'id'>;

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
	ip?: string | null;
	userAgent?: string | null;
}

export type SummaryState = 'private' | 'shared' | 'taken-back';

export interface SummaryListItem {
	id: string;
	/** Null when the summary could not be opened. */
	title: string | null;
	preparedAt: string;
	state: SummaryState;
	sharedAt: string | null;
	revokedAt: string | null;
	/** The consultation it is shared for, when there is one. */
	consultation: { id: string; start: string } | null;
}

export interface SummaryView extends SummaryListItem {
	/** Null when the summary could not be opened. */
	content: SummaryContent | null;
}

export interface SharedSummaryView extends SummaryView {
	member: { id: string; name: string };
}

/** What a member may put in a summary, and the consultations they could share one for. */
export interface SummaryOptions {
	selfCheck: { savedOn: string } | null;
	checkIns: boolean;
	beliefs: { id: string; label: string; strength: number | null }[];
	moments: { id: string; on: string; glimpse: string }[];
	consultations: { id: string; start: string }[];
}

/** A reading by the practice, as the member sees it in their list. */
export interface SummaryRead {
	at: string;
	/** Null when the reader's account no longer exists. */
	reader: string | null;
	summaryId: string;
	/** Null when the summary has since been deleted (or cannot be opened). */
	title: string | null;
}

export type ShareResult = 'shared' | 'not-found' | 'not-your-consultation';

/** How many readings the member's list shows, newest first. */
export const readsListed = 200;

const table = 'workbook_summary';
const glimpseLength = 80;

interface SelfCheckAnswers {
	questions?: Record<string, string>;
	beliefs?: Record<string, string>;
	cycles?: string[];
}

export function createSummariesService(deps: SummariesDeps) {
	const { repository, clock, logger, audit } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;
	const now = () => clock.now().toISOString();

	function opened(row: SummaryRow): { title: string | null; content: SummaryContent | null } {
		try {
			return {
				title: sealer.open<string>(table, row.id, 'title', row.title),
				content: sealer.open<SummaryContent>(table, row.id, 'content', row.content)
			};
		} catch (error) {
			reportUnreadable(logger, error, row.user_id);
			return { title: null, content: null };
		}
	}

	function stateOf(row: SummaryRow): SummaryState {
		if (row.shared_at) return 'shared';
		return row.revoked_at ? 'taken-back' : 'private';
	}

	async function starts(rows: SummaryRow[]): Promise<Map<string, string>> {
		const ids = [...new Set(rows.map((r) => r.booking_id).filter((id) => id !== null))];
		const found = await repository.bookingStarts(ids);
		return new Map(found.map((b) => [b.id, b.start_at]));
	}

	function listItem(row: SummaryRow, title: string | null, bookings: Map<string, string>) {
		const start = row.booking_id ? bookings.get(row.booking_id) : undefined;
		return {
			id: row.id,
			title,
			preparedAt: row.created_at,
			state: stateOf(row),
			sharedAt: row.shared_at,
			revokedAt: row.revoked_at,
			consultation: row.booking_id && start ? { id: row.booking_id, start } : null
		} satisfies SummaryListItem;
	}

	async function view(row: SummaryRow): Promise<SummaryView> {
		const { title, content } = opened(row);
		return { ...listItem(row, title, await starts([row])), content };
	}

	/** The member's upcoming free consultations, booked with the (confirmed) address of the account. */
	async function consultationsOf(member: SummaryMember) {
		if (!member.emailVerified) return [];
		const rows = await repository.upcomingBookings(member.email.trim().toLowerCase(), now());
		return rows.map((r) => ({ id: r.id, start: r.start_at }));
	}

	function openSelfCheck(row: { id: string; answers: string | null }, userId: string) {
		try {
			return sealer.open<SelfCheckAnswers>('workbook_self_check', row.id, 'answers', row.answers);
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return null;
		}
	}

	const answered = (
		list: readonly { key: string; label: string }[],
		answers: Record<string, string> | undefined
	): AnsweredQuestion[] =>
		list
			.filter((item) => answers?.[item.key] && labelOf(howMuch, answers[item.key]!))
			.map((item) => ({ question: item.label, answer: labelOf(howMuch, answers![item.key]!)! }));

	/** Every part the member chose, opened now and written out in words. */
	async function snapshot(
		member: SummaryMember,
		choice: SummaryChoice
	): Promise<{ ok: true; content: SummaryContent } | { ok: false; errors: FieldErrors }> {
		const zone = member.timeZone;
		const today = dateIn(zone, clock.now().getTime());
		const content: SummaryContent = { version: 1, preparedOn: longDate(today) };
		const errors: FieldErrors = {};
		const chose = (key: SummaryChoice['section'][number]) => choice.section.includes(key);

		if (chose('self-check')) {
			const row = await repository.latestSelfCheck(member.id);
			const answers = row ? openSelfCheck(row, member.id) : null;
			if (!row || !answers) {
				errors.section = 'There is no saved self-check to include yet. Please untick it.';
			} else {
				content.selfCheck = {
					savedOn: longDate(dateIn(zone, Date.parse(row.created_at))),
					questions: answered(essayQuestions, answers.questions),
					beliefs: answered(essayBeliefs, answers.beliefs),
					cycles: (answers.cycles ?? [])
						.map((key) => labelOf(painfulCycles, key))
						.filter((label) => label !== undefined)
				};
			}
		}

		if (chose('check-ins')) {
			const perQuestionnaire = new Map<string, number>();
			const items: NonNullable<SummaryContent['checkIns']> = [];
			for (const row of await repository.completedCheckins(member.id)) {
				const taken = perQuestionnaire.get(row.instrument) ?? 0;
				if (taken >= checkInsPerQuestionnaire) continue;
				let score: number | null = null;
				try {
					score = sealer.open<number>('workbook_checkin', row.id, 'score', row.score);
				} catch (error) {
					reportUnreadable(logger, error, member.id);
				}
				if (score === null || !isInstrumentId(row.instrument)) continue;
				const instrument = instruments[row.instrument];
				perQuestionnaire.set(row.instrument, taken + 1);
				items.push({
					questionnaire: fullName(instrument),
					score: scoreOutOf(instrument, score),
					on: longDate(dateIn(zone, Date.parse(row.completed_at!)))
				});
			}
			if (items.length === 0) {
				errors.section = 'There are no finished check-ins to include yet. Please untick them.';
			} else content.checkIns = items;
		}

		if (chose('beliefs')) {
			const wanted = new Set(choice.belief);
			const found = (await deps.beliefs.list(member.id)).filter(
				(b) => wanted.has(b.id) && b.readable
			);
			if (found.length !== wanted.size) {
				errors.belief =
					'One of the beliefs you ticked is no longer there. Please look at the list again.';
			} else {
				content.beliefs = found.map((b) =>
					b.readable
						? { words: beliefLabel(b.content.statement), strength: b.content.strength }
						: { words: '', strength: null }
				);
			}
		}

		if (chose('moments')) {
			const wanted = new Set(choice.moment);
			const found = (await deps.moments.list(member.id)).filter(
				(m) => wanted.has(m.id) && m.readable
			);
			if (found.length !== wanted.size) {
				errors.moment =
					'One of the moments you ticked is no longer there. Please look at the list again.';
			} else {
				const ownBeliefs = await deps.moments.ownBeliefs(member.id);
				content.moments = found.map((m) => ({
					on: dateAndTime(m.createdAt, zone),
					parts: m.readable ? momentParts(m.content, ownBeliefs) : []
				}));
			}
		}

		if (chose('overview')) {
			content.overview = await overviewFor(member, Number(choice.weeks), today);
		}

		return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, content };
	}

	/** The counts of an overview, from the member's own rows, opened only as far as needed. */
	async function overviewFor(member: SummaryMember, weeks: number, today: string) {
		const zone = member.timeZone;
		const firstMonday = mondayOf(today);
		const since = new Date(
			startOfDate(firstMonday, zone) - (weeks - 1) * 7 * 86_400_000 - 86_400_000
		);
		const on = (iso: string) => dateIn(zone, Date.parse(iso));
		const open = <T>(
			tableName: 'workbook_moment' | 'workbook_win',
			id: string,
			column: string,
			value: string | null
		): T | null => {
			try {
				return sealer.open<T>(tableName, id, column, value);
			} catch (error) {
				reportUnreadable(logger, error, member.id);
				return null;
			}
		};
		const [moments, wins, entries] = await Promise.all([
			repository.momentsWaitedOut(member.id, since.toISOString()),
			repository.winDays(member.id),
			repository.practiceEntryTimes(member.id, since.toISOString())
		]);
		return periodOverview(
			{
				moments: moments.map((m) => ({
					on: on(m.created_at),
					waitedOut:
						open<WaitedOut>('workbook_moment', m.id, 'waited_out', m.waited_out) ?? 'not-asked'
				})),
				wins: wins
					.map((w) => ({ on: open<string>('workbook_win', w.id, 'happened_on', w.happened_on) }))
					.filter((w): w is { on: string } => typeof w.on === 'string'),
				practiceEntries: entries.map((e) => ({ on: on(e.created_at) }))
			},
			{ today, weeks }
		);
	}

	function glimpseOf(text: string): string {
		const line = text.trim().replace(/\s+/g, ' ');
		return line.length <= glimpseLength ? line : `${line.slice(0, glimpseLength - 1).trimEnd()}…`;
	}

	/** A member's own step with a summary, in the audit log, in the same transaction as the step. */
	async function recordOwn(
		action: 'summary.shared' | 'summary.revoked' | 'summary.deleted',
		member: Owner,
		id: string,
		origin: RequestOrigin,
		trx: Kysely<DB>
	) {
		await audit.record(
			{
				action,
				actorUserId: member.id,
				subjectUserId: member.id,
				target: id,
				ip: origin.ip ?? null,
				userAgent: origin.userAgent ?? null
			},
			trx
		);
	}

	async function recordRead(reader: Reader, row: SummaryRow) {
		await audit.record({
			action: 'summary.read',
			actorUserId: reader.userId,
			subjectUserId: row.user_id,
			target: row.id,
			ip: reader.ip ?? null,
			userAgent: reader.userAgent ?? null
		});
	}

	return {
		// The member's side

		/** What the member could include now, for the form that prepares a summary. */
		async options(member: SummaryMember): Promise<SummaryOptions> {
			const zone = member.timeZone;
			const [checkIns, beliefs, moments, consultations, selfCheck] = await Promise.all([
				repository.hasCompletedCheckin(member.id),
				deps.beliefs.list(member.id),
				deps.moments.list(member.id),
				consultationsOf(member),
				repository.latestSelfCheck(member.id)
			]);
			return {
				selfCheck: selfCheck
					? { savedOn: longDate(dateIn(zone, Date.parse(selfCheck.created_at))) }
					: null,
				checkIns,
				beliefs: beliefs
					.filter((b) => b.readable)
					.map((b) => ({
						id: b.id,
						label: b.readable ? beliefLabel(b.content.statement) : '',
						strength: b.readable ? b.content.strength : null
					})),
				moments: moments
					.filter((m) => m.readable)
					.map((m) => ({
						id: m.id,
						on: dateAndTime(m.createdAt, zone),
						glimpse: m.readable
							? glimpseOf(m.content.whatHappened) || 'Nothing written under “What happened”'
							: ''
					})),
				consultations
			};
		},

		/** Prepares a summary from what the member chose, sealed, and private until they share it. */
		async prepare(
			member: SummaryMember,
			choice: SummaryChoice
		): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
			const built = await snapshot(member, choice);
			if (!built.ok) return built;
			const id = newId();
			const at = now();
			await repository.insert({
				id,
				user_id: member.id,
				created_at: at,
				updated_at: at,
				shared_at: null,
				revoked_at: null,
				booking_id: null,
				title: sealer.seal(table, id, 'title', choice.title),
				content: sealer.seal(table, id, 'content', built.content)
			});
			return { ok: true, id };
		},

		async list(member: Owner): Promise<SummaryListItem[]> {
			const rows = await repository.list(member.id);
			const bookings = await starts(rows);
			return rows.map((row) => listItem(row, opened(row).title, bookings));
		},

		/** One of the member's own summaries; null for anyone else's or none. */
		async get(member: Owner, id: string): Promise<SummaryView | null> {
			const row = await repository.find(member.id, id);
			return row ? view(row) : null;
		},

		/** The member's upcoming free consultations, which a summary may be shared for. */
		consultations: consultationsOf,

		/**
		 * Shares the summary with the practice, for one of the member's upcoming consultations or
		 * none. Sharing one that is shared already only changes the consultation it is for.
		 */
		async share(
			member: SummaryMember,
			id: string,
			bookingId: string | null,
			origin: RequestOrigin = {}
		): Promise<ShareResult> {
			if (bookingId && !(await consultationsOf(member)).some((c) => c.id === bookingId)) {
				return (await repository.find(member.id, id)) ? 'not-your-consultation' : 'not-found';
			}
			return repository.transaction(async (trx) => {
				const row = await repository.find(member.id, id, trx);
				if (!row) return 'not-found';
				const at = now();
				await repository.setShared(
					member.id,
					id,
					{ sharedAt: row.shared_at ?? at, bookingId, at },
					trx
				);
				if (!row.shared_at) {
					await recordOwn('summary.shared', member, id, origin, trx);
				}
				return 'shared';
			});
		},

		/** Stops sharing: the practice cannot open it from this moment on. False when not shared. */
		async revoke(member: Owner, id: string, origin: RequestOrigin = {}): Promise<boolean> {
			return repository.transaction(async (trx) => {
				const revoked = await repository.setRevoked(member.id, id, now(), trx);
				if (revoked) {
					await recordOwn('summary.revoked', member, id, origin, trx);
				}
				return revoked;
			});
		},

		/**
		 * Deletes a summary. One that was shared is recorded as 'summary.deleted', so the record of who
		 * could read what shows when the practice's access ended.
		 */
		async remove(member: Owner, id: string, origin: RequestOrigin = {}): Promise<boolean> {
			return repository.transaction(async (trx) => {
				const removed = await repository.remove(member.id, id, trx);
				if (removed?.wasShared) {
					await recordOwn('summary.deleted', member, id, origin, trx);
				}
				return removed !== null;
			});
		},

		/** Who at the practice opened the member's summaries, and when, newest first. */
		async reads(member: Owner): Promise<SummaryRead[]> {
			const [rows, summaries] = await Promise.all([
				repository.reads(member.id, readsListed),
				repository.list(member.id)
			]);
			const titles = new Map(summaries.map((s) => [s.id, opened(s).title]));
			return rows.map((r) => ({
				at: r.at,
				reader: r.reader,
				summaryId: r.target ?? '',
				title: titles.get(r.target ?? '') ?? null
			}));
		},

		// The practice's side: only what is shared now, and every reading recorded

		sharingMembers: () => repository.sharingMembers(),

		/** The member's name and what they share now (titles only); null when they share nothing. */
		async sharedBy(memberId: string): Promise<{
			member: { id: string; name: string };
			summaries: SummaryListItem[];
		} | null> {
			const rows = await repository.sharedBy(memberId);
			if (rows.length === 0) return null;
			const bookings = await starts(rows);
			return {
				member: { id: memberId, name: rows[0]!.member_name },
				summaries: rows.map((row) => listItem(row, opened(row).title, bookings))
			};
		},

		/**
		 * One shared summary, read by the practice. The reading is recorded first; if it cannot be,
		 * nothing is shown. Null for anything not shared now.
		 */
		async read(reader: Reader, memberId: string, id: string): Promise<SharedSummaryView | null> {
			const row = await repository.findShared(memberId, id);
			if (!row) return null;
			await recordRead(reader, row);
			return { ...(await view(row)), member: { id: row.user_id, name: row.member_name } };
		},

		/** The shared summaries a member attached to a consultation, each reading recorded. */
		async readForConsultation(reader: Reader, bookingId: string): Promise<SharedSummaryView[]> {
			const rows = await repository.sharedForBooking(bookingId);
			const views: SharedSummaryView[] = [];
			for (const row of rows) {
				await recordRead(reader, row);
				views.push({ ...(await view(row)), member: { id: row.user_id, name: row.member_name } });
			}
			return views;
		}
	};
}

export type SummariesService = ReturnType<typeof createSummariesService>;
