/**
 * A member's workbook of many days, for measuring the insights page and for looking at it full:
 * a moment every day (feelings, the story, who and what happened, the urge, how strong it was
 * afterwards), a belief rated every day, both check-ins every two weeks, practices chosen every
 * week, and practice entries and quiet wins on most days. Moments and beliefs are written through
 * their services; the other tables in the shapes every part of Steady reads. The same seed gives
 * the same workbook.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fixedClock } from '../src/lib/server/clock';
import type { DB } from '../src/lib/server/db/schema';
import type { DataKeyRing } from '../src/lib/server/privacy/data-keys';
import { createBeliefsService } from '../src/lib/server/workbook/beliefs.service';
import { createMomentsService } from '../src/lib/server/workbook/moments.service';
import { createSealer } from '../src/lib/server/workbook/workbook-seal';
import { createWorkbookRepository } from '../src/lib/server/workbook/workbook.repository';
import type { BeliefRef, Feeling } from '../src/lib/workbook/moment-form';
import { happenedPicks, peoplePicks, practiceList, winKinds } from '../src/lib/workbook/vocabulary';

export interface SeedCounts {
	moments: number;
	ratings: number;
	checkins: number;
	practiceWeeks: number;
	practiceEntries: number;
	wins: number;
}

const dayMs = 86_400_000;
const rsesReversed = new Set([2, 5, 6, 8, 9]);
const scsReversed = new Set([1, 4, 8, 9, 11, 12]);

/** `days` days of a workbook ending with the day of `until` (UTC), for the member `userId`. */
export async function seedWorkbook(
	db: Kysely<DB>,
	keys: DataKeyRing,
	userId: string,
	{ days, until = new Date(), seed = 11 }: { days: number; until?: Date; seed?: number }
): Promise<SeedCounts> {
	let state = seed;
	const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const between = (low: number, high: number) => Math.round(low + random() * (high - low));
	const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

	const clock = fixedClock(until.toISOString());
	const deps = {
		repository: createWorkbookRepository(db),
		keys,
		clock,
		detectCrisis: () => ({ match: false })
	};
	const moments = createMomentsService(deps);
	const beliefs = createBeliefsService(deps);
	const sealer = createSealer(keys);
	const first =
		Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate()) - (days - 1) * dayMs;
	const at = (day: number, hour: number) =>
		new Date(first + day * dayMs + hour * 3_600_000 + between(0, 59) * 60_000);
	const counts: SeedCounts = {
		moments: 0,
		ratings: 0,
		checkins: 0,
		practiceWeeks: 0,
		practiceEntries: 0,
		wins: 0
	};

	clock.set(at(0, 8).toISOString());
	const made: { id: string; start: number }[] = [];
	for (const [values, start] of [
		[{ essay: 'too-much', words: '', strength: '85' }, 85],
		[{ essay: 'pulls-away-failing', words: 'If they go quiet, I have done something wrong' }, 80],
		[{ essay: '', words: 'I have to be useful to be loved' }, 75],
		[{ essay: 'needs-burden', words: '' }, 70]
	] as const) {
		const created = await beliefs.create(userId, { ...values, strength: String(start) });
		if (!created.ok) throw new Error(`a belief was refused: ${JSON.stringify(created.errors)}`);
		made.push({ id: created.id, start });
		counts.ratings += 1;
	}
	const refs: BeliefRef[] = [
		...made.map((b) => `own:${b.id}` as const),
		'essay:not-enough',
		'essay:conflict-rejection'
	];

	const insert = async (
		table:
			'workbook_checkin' | 'workbook_practice_week' | 'workbook_practice_entry' | 'workbook_win',
		when: Date,
		clear: Record<string, string | null>,
		sealed: Record<string, unknown>
	) => {
		const id = randomUUID();
		const stamp = when.toISOString();
		const values: Record<string, string | null> = {
			id,
			user_id: userId,
			created_at: stamp,
			updated_at: stamp,
			...clear
		};
		for (const [column, value] of Object.entries(sealed)) {
			values[column] = sealer.seal(table, id, column, value);
		}
		await db
			.insertInto(table)
			.values(values as never)
			.execute();
	};

	for (let day = 0; day < days; day++) {
		const progress = day / Math.max(1, days - 1);
		const date = new Date(first + day * dayMs).toISOString().slice(0, 10);

		// A moment a day; the feelings ease a little over the months.
		const before = clamp(between(55, 95) - 15 * progress);
		const feelings: Feeling[] = [
			{ key: 'anxious', name: 'Anxious', level: before },
			{ key: 'hurt', name: 'Hurt', level: clamp(before - between(5, 30)) }
		];
		if (random() < 0.2) feelings.push({ name: 'Small', level: null });
		const waited = random();
		const chosenRefs = [pick(refs)];
		if (random() < 0.4) chosenRefs.push(pick(refs));
		clock.set(at(day, 19).toISOString());
		await moments.saveFromPause(userId, {
			whatHappened: 'I sent a message in the afternoon and heard nothing back until the evening.',
			happenedPicks: [pick(happenedPicks).key],
			people: [pick(peoplePicks).key],
			peopleOwn: random() < 0.3 ? [pick(['Sam', 'my sister', 'Alex'])] : [],
			feelings,
			beliefs: [...new Set(chosenRefs)],
			urges: ['seek-reassurance'],
			whatIDid: 'I put the phone in the other room and made tea.',
			whatHelped: 'Naming the story, and a walk around the block.',
			intensityNow: random() < 0.85 ? clamp(before - between(5, 45)) : null,
			waitedOut: waited < 0.45 ? 'yes' : waited < 0.7 ? 'no' : 'not-asked'
		});
		counts.moments += 1;

		// A belief rated every day, in turn; its hold loosens slowly, not evenly.
		const belief = made[day % made.length]!;
		clock.set(at(day, 21).toISOString());
		await beliefs.rate(userId, belief.id, {
			strength: String(clamp(belief.start - 35 * progress + between(-8, 8))),
			alternative_strength: String(clamp(20 + 40 * progress + between(-8, 8)))
		});
		counts.ratings += 1;

		// Both check-ins every two weeks.
		if (day % 14 === 0) {
			const rses = Array.from({ length: 10 }, () => between(1, 2) + (random() < progress ? 1 : 0));
			const rsesScore = rses.reduce((s, v, i) => s + (rsesReversed.has(i + 1) ? 3 - v : v), 0);
			const scs = Array.from(
				{ length: 12 },
				() => between(2, 4) + (random() < progress / 2 ? 1 : 0)
			);
			const scsScore =
				scs.reduce((s, v, i) => s + (scsReversed.has(i + 1) ? 6 - v : v), 0) / scs.length;
			for (const [instrument, answers, score] of [
				['rses', rses, rsesScore],
				['scs-sf', scs, scsScore]
			] as const) {
				const when = at(day, 9);
				await insert(
					'workbook_checkin',
					when,
					{ instrument, completed_at: when.toISOString() },
					{ answers, score }
				);
				counts.checkins += 1;
			}
		}

		// Practices chosen each Monday; entries and quiet wins on most days.
		if (new Date(first + day * dayMs).getUTCDay() === 1) {
			const chosen = [
				...new Set(Array.from({ length: between(2, 4) }, () => pick(practiceList).key))
			];
			await insert('workbook_practice_week', at(day, 7), { week: date }, { practices: chosen });
			counts.practiceWeeks += 1;
		}
		if (random() < 0.7) {
			const practice = pick(practiceList).key;
			await insert(
				'workbook_practice_entry',
				at(day, 12),
				{},
				{ practice, answers: { noticed: 'I said what I needed, and the room stayed calm.' } }
			);
			counts.practiceEntries += 1;
		}
		if (random() < 0.8) {
			await insert(
				'workbook_win',
				at(day, 20),
				{},
				{
					kind: pick(winKinds).key,
					note: random() < 0.5 ? 'I asked for the evening I wanted.' : null,
					happened_on: date
				}
			);
			counts.wins += 1;
		}
	}
	return counts;
}
