import { randomUUID } from 'node:crypto';
import type { FieldErrors } from '../../forms/parse';
import { todayIn } from '../../workbook/days';
import { parseWin, type WinContent, type WinValues } from '../../workbook/win-form';
import type { Clock } from '../clock';
import type { DataKeyRing } from '../privacy/data-keys';
import type { DetectCrisis, Saved } from './moments.service';
import type { SealedWin, WinRow, WinsRepository } from './wins.repository';
import { createSealer, reportUnreadable, type WorkbookLogger } from './workbook-seal';

/**
 * Quiet wins: the essay's quieter signs of real self-esteem, noted as they happen. A win belongs
 * to a day in the member's own calendar; today is read in their time zone.
 */

export interface WinsDeps {
	repository: WinsRepository;
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

export type WinView =
	(Stamped & { readable: true; content: WinContent }) | (Stamped & { readable: false });

type Refused = { ok: false; errors: FieldErrors };
type NotFound = { ok: false; notFound: true };

const table = 'workbook_win';

export function createWinsService(deps: WinsDeps) {
	const { repository, clock, logger } = deps;
	const sealer = createSealer(deps.keys);
	const newId = deps.newId ?? randomUUID;
	const now = () => clock.now().toISOString();

	function sealWin(id: string, content: WinContent): SealedWin {
		return {
			kind: sealer.seal(table, id, 'kind', content.kind),
			note: sealer.seal(table, id, 'note', content.note),
			happened_on: sealer.seal(table, id, 'happened_on', content.happenedOn)
		};
	}

	function view(row: WinRow, userId: string): WinView {
		const stamped = { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
		try {
			const open = <T>(column: keyof SealedWin) =>
				sealer.open<T>(table, row.id, column, row[column]);
			const content: WinContent = {
				kind: open<WinContent['kind']>('kind')!,
				note: open<string>('note'),
				happenedOn: open<string>('happened_on') ?? row.created_at.slice(0, 10)
			};
			return { ...stamped, readable: true, content };
		} catch (error) {
			reportUnreadable(logger, error, userId);
			return { ...stamped, readable: false };
		}
	}

	const crisisIn = (content: WinContent) =>
		content.note !== null && deps.detectCrisis(content.note).match;

	/** Newest day first; on the same day, the one noted last first. Unreadable ones last. */
	const newestFirst = (a: WinView, b: WinView) => {
		if (a.readable !== b.readable) return a.readable ? -1 : 1;
		if (a.readable && b.readable && a.content.happenedOn !== b.content.happenedOn) {
			return a.content.happenedOn < b.content.happenedOn ? 1 : -1;
		}
		return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
	};

	return {
		/** Today in `zone`, YYYY-MM-DD: the day a win is given when none is named. */
		today(zone: string): string {
			return todayIn(zone, clock.now());
		},

		async add(
			userId: string,
			zone: string,
			values: WinValues
		): Promise<({ ok: true; id: string } & Saved) | Refused> {
			const parsed = parseWin(values, todayIn(zone, clock.now()));
			if (!parsed.ok) return parsed;
			const id = newId();
			const at = now();
			await repository.insertWin({
				id,
				user_id: userId,
				created_at: at,
				updated_at: at,
				...sealWin(id, parsed.content)
			});
			return { ok: true, id, crisis: crisisIn(parsed.content) };
		},

		/** The member's wins, newest day first, opened (insights and sharing read them too). */
		async list(userId: string): Promise<WinView[]> {
			const views = (await repository.listWins(userId)).map((row) => view(row, userId));
			return views.sort(newestFirst);
		},

		/** One win of the member's own; null for anyone else's or none at all. */
		async get(userId: string, id: string): Promise<WinView | null> {
			const row = await repository.findWin(userId, id);
			return row ? view(row, userId) : null;
		},

		async update(
			userId: string,
			id: string,
			zone: string,
			values: WinValues
		): Promise<({ ok: true } & Saved) | Refused | NotFound> {
			const row = await repository.findWin(userId, id);
			if (!row) return { ok: false, notFound: true };
			const before = view(row, userId);
			const today = todayIn(zone, clock.now());
			const parsed = parseWin(values, today, before.readable ? before.content.happenedOn : today);
			if (!parsed.ok) return parsed;
			await repository.updateWin(userId, id, sealWin(id, parsed.content), now());
			return { ok: true, crisis: crisisIn(parsed.content) };
		},

		async remove(userId: string, id: string): Promise<boolean> {
			return repository.deleteWin(userId, id);
		}
	};
}

export type WinsService = ReturnType<typeof createWinsService>;
