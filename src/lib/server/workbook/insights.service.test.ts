import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MomentContent } from '../../workbook/moment-form';
import { testDatabaseKinds } from '../db/test-database';
import { createInsightsRepository } from './insights.repository';
import { createInsightsService, type Remembered } from './insights.service';
import type { DataKeyRing } from '../privacy/data-keys';
import { createSealer } from './workbook-seal';
import { member, workbookTestBed, type WorkbookTestBed } from './workbook.test-setup';

// The test bed's clock reads 29 November 2026, 15:00 UTC: 10:00 in New York, a Sunday. Four weeks
// there begin on Monday 2 November at midnight, 05:00 UTC (summer time ended on 1 November).
const zone = 'America/New_York';

describe.each(testDatabaseKinds)('insights on %s', (kind) => {
	let bed: WorkbookTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	function insightsOf(
		b: WorkbookTestBed,
		options: {
			keys?: DataKeyRing;
			memory?: Map<string, Remembered>;
			remember?: { members: number; idleMs: number };
		} = {}
	) {
		return createInsightsService({
			repository: createInsightsRepository(b.db),
			keys: options.keys ?? b.keys,
			clock: b.clock,
			logger: { warn: () => {}, error: (details, message) => b.logged.push({ details, message }) },
			memory: options.memory,
			remember: options.remember
		});
	}

	/** The test bed's keys, counting every value opened with them. */
	function counted(keys: DataKeyRing) {
		const count = { opened: 0 };
		const ring: DataKeyRing = {
			...keys,
			open: (sealed, context) => {
				count.opened += 1;
				return keys.open(sealed, context);
			}
		};
		return { ring, count };
	}

	/** Writes the part-two rows in the agreed shapes, sealed as every workbook value is. */
	function partTwo(b: WorkbookTestBed) {
		const sealer = createSealer(b.keys);
		const stamp = (at: string) => ({ id: randomUUID(), created_at: at, updated_at: at });
		return {
			async checkin(userId: string, instrument: string, at: string | null, score: number | null) {
				const row = stamp(at ?? '2026-11-20T12:00:00.000Z');
				const answers = Array.from({ length: instrument === 'rses' ? 10 : 12 }, () => 2);
				await b.db
					.insertInto('workbook_checkin')
					.values({
						...row,
						user_id: userId,
						instrument,
						completed_at: at,
						answers: sealer.seal('workbook_checkin', row.id, 'answers', answers),
						score: sealer.seal('workbook_checkin', row.id, 'score', score)
					})
					.execute();
			},
			async week(userId: string, week: string, practices: string[]) {
				const row = stamp(`${week}T14:00:00.000Z`);
				await b.db
					.insertInto('workbook_practice_week')
					.values({
						...row,
						user_id: userId,
						week,
						practices: sealer.seal('workbook_practice_week', row.id, 'practices', practices)
					})
					.execute();
			},
			async entry(userId: string, at: string) {
				const row = stamp(at);
				await b.db
					.insertInto('workbook_practice_entry')
					.values({
						...row,
						user_id: userId,
						practice: sealer.seal('workbook_practice_entry', row.id, 'practice', 'self-trust'),
						answers: sealer.seal('workbook_practice_entry', row.id, 'answers', {
							noticed: 'I kept my plan for the evening.'
						})
					})
					.execute();
			},
			async win(userId: string, at: string, happenedOn: string, sealedFor?: string) {
				const row = stamp(at);
				await b.db
					.insertInto('workbook_win')
					.values({
						...row,
						user_id: userId,
						kind: sealer.seal('workbook_win', row.id, 'kind', 'took-up-space'),
						note: sealer.seal('workbook_win', row.id, 'note', null),
						// `sealedFor` seals it for another row: it will not open here.
						happened_on: sealer.seal('workbook_win', sealedFor ?? row.id, 'happened_on', happenedOn)
					})
					.execute();
			}
		};
	}

	async function momentAt(
		b: WorkbookTestBed,
		userId: string,
		at: string,
		c: Partial<MomentContent>
	) {
		b.clock.set(at);
		return (await b.moments.saveFromPause(userId, c)).momentId;
	}

	/** Four weeks of Ada's workbook (the numbers of insights.test.ts), and some of Bo's. */
	async function seed(b: WorkbookTestBed) {
		const ada = await member(b, 'Ada');
		const bo = await member(b, 'Bo');
		const rows = partTwo(b);

		b.clock.set('2026-10-01T12:00:00.000Z');
		const made = await b.beliefs.create(ada, { essay: 'too-much', words: '', strength: '90' });
		if (!made.ok) throw new Error('belief not made');
		const b1 = made.id;
		for (const [at, strength] of [
			['2026-11-02T12:00:00.000Z', '80'],
			['2026-11-20T12:00:00.000Z', '65'],
			['2026-11-28T12:00:00.000Z', '55']
		] as const) {
			b.clock.set(at);
			await b.beliefs.rate(ada, b1, { strength, alternative_strength: '' });
		}

		await momentAt(b, ada, '2026-11-03T14:00:00.000Z', {
			whatHappened: 'No answer all afternoon.',
			feelings: [
				{ key: 'anxious', name: 'Anxious', level: 80 },
				{ key: 'hurt', name: 'Hurt', level: 55 }
			],
			intensityNow: 30,
			waitedOut: 'yes',
			beliefs: ['essay:too-much'],
			people: ['partner'],
			peopleOwn: ['Sam'],
			happenedPicks: ['no-reply']
		});
		const second = await momentAt(b, ada, '2026-11-05T14:00:00.000Z', {
			feelings: [{ name: 'Small', level: 60 }],
			intensityNow: 50,
			waitedOut: 'no',
			beliefs: [`own:${b1}`],
			people: ['partner'],
			happenedPicks: ['criticism']
		});
		// 23:30 on Sunday 1 November in New York: the day before the four weeks.
		await momentAt(b, ada, '2026-11-02T04:30:00.000Z', {
			feelings: [{ key: 'afraid', name: 'Afraid', level: 100 }],
			intensityNow: 0,
			waitedOut: 'yes',
			beliefs: ['essay:conflict-rejection'],
			people: ['work'],
			happenedPicks: ['conflict']
		});
		// 22:00 on Monday 16 November in New York, though already the 17th in UTC.
		await momentAt(b, ada, '2026-11-17T03:00:00.000Z', {
			feelings: [{ key: 'sad', name: 'Sad', level: 90 }],
			intensityNow: 40,
			waitedOut: 'yes',
			beliefs: ['essay:not-enough', `own:${b1}`],
			people: ['friend'],
			peopleOwn: ['sam'],
			happenedPicks: ['no-reply']
		});
		await momentAt(b, ada, '2026-11-24T14:00:00.000Z', {
			feelings: [{ key: 'lonely', name: 'Lonely', level: 70 }]
		});
		// What a moment says in words is never opened here: a damaged one leaves the picture whole.
		const elsewhere = createSealer(b.keys).seal(
			'workbook_moment',
			randomUUID(),
			'what_happened',
			'x'
		);
		await b.db
			.updateTable('workbook_moment')
			.set({ what_happened: elsewhere })
			.where('id', '=', second)
			.execute();

		await rows.checkin(ada, 'rses', '2026-11-04T12:00:00.000Z', 15);
		await rows.checkin(ada, 'rses', '2026-11-18T12:00:00.000Z', 18);
		await rows.checkin(ada, 'scs-sf', '2026-11-18T12:30:00.000Z', 41 / 12);
		await rows.checkin(ada, 'rses', null, null); // a draft
		await rows.checkin(ada, 'rses', '2026-10-21T12:00:00.000Z', 9);

		await rows.week(ada, '2026-10-26', ['self-trust', 'identity', 'purpose', 'autonomy']);
		await rows.week(ada, '2026-11-02', ['self-trust', 'express-needs', 'be-seen']);
		await rows.week(ada, '2026-11-16', ['identity', 'purpose']);
		for (const at of ['2026-10-30', '2026-11-03', '2026-11-04', '2026-11-17']) {
			await rows.entry(ada, `${at}T15:00:00.000Z`);
		}
		await rows.win(ada, '2026-11-10T20:00:00.000Z', '2026-11-10');
		// Noted a day late: it counts on the day it happened.
		await rows.win(ada, '2026-11-12T20:00:00.000Z', '2026-11-11');
		await rows.win(ada, '2026-11-24T20:00:00.000Z', '2026-11-24');
		// Noted in the period, but it happened the day before it.
		await rows.win(ada, '2026-11-02T15:00:00.000Z', '2026-11-01');
		await rows.win(ada, '2026-11-25T20:00:00.000Z', '2026-11-25', randomUUID());

		// Bo's workbook, in the same weeks: none of it is Ada's.
		b.clock.set('2026-11-10T12:00:00.000Z');
		const bosBelief = await b.beliefs.create(bo, { essay: 'too-much', words: '', strength: '10' });
		if (!bosBelief.ok) throw new Error('belief not made');
		await momentAt(b, bo, '2026-11-10T13:00:00.000Z', {
			feelings: [{ key: 'angry', name: 'Angry', level: 5 }],
			intensityNow: 95,
			waitedOut: 'no',
			beliefs: ['essay:too-much'],
			people: ['family'],
			happenedPicks: ['rejection']
		});
		await rows.checkin(bo, 'rses', '2026-11-10T12:00:00.000Z', 30);
		await rows.week(bo, '2026-11-09', ['community']);
		await rows.entry(bo, '2026-11-10T15:00:00.000Z');
		await rows.win(bo, '2026-11-10T20:00:00.000Z', '2026-11-10');
		b.clock.set('2026-11-29T15:00:00.000Z');
		return { ada, bo, b1 };
	}

	it('shows four weeks of a member’s own workbook, worked out from the sealed rows', async () => {
		bed = await workbookTestBed(kind);
		const { ada, b1 } = await seed(bed);
		const insights = await insightsOf(bed).forMember(ada, '4w', zone);

		expect(insights.buckets.map((b) => b.key)).toEqual([
			'2026-11-02',
			'2026-11-09',
			'2026-11-16',
			'2026-11-23'
		]);
		expect(insights.checkins.series.map((s) => s.points.map((p) => p.shown))).toEqual([
			['15', '18'],
			['3.4']
		]);
		// (80 + 60 + 90) / 3 = 76.7 → 77 at the time; (30 + 50 + 40) / 3 = 40 afterwards. The moment
		// of 24 November has no strength afterwards; the one late on 1 November is outside.
		expect(insights.intensity).toMatchObject({ moments: 4, pairs: 3, before: 77, after: 40 });
		expect(insights.intensity.rows.map((r) => [r.count, r.before, r.after])).toEqual([
			[2, 70, 40],
			[0, null, null],
			[1, 90, 40],
			[0, null, null]
		]);
		// Yes, no, yes: 2 of 3, 67%.
		expect(insights.waited).toMatchObject({ asked: 3, yes: 2, share: 67 });
		// The rating of 90 (1 October) is before the period.
		expect(insights.beliefs.series).toHaveLength(1);
		expect(insights.beliefs.series[0]).toMatchObject({
			id: b1,
			label: 'I am too much',
			first: 80,
			last: 55,
			ratings: 3
		});
		expect(insights.beliefs.series[0]!.points.map((p) => p.strength)).toEqual([80, 65, 55]);
		expect(insights.matrix.people.map((p) => p.label)).toEqual(['Partner', 'Friend', 'Sam']);
		expect(insights.matrix.happened.map((h) => h.label)).toEqual(['No reply', 'Criticism']);
		expect(insights.matrix.rows.map((r) => [r.label, r.total, r.byPerson, r.byHappened])).toEqual([
			['I am too much', 3, [2, 1, 2], [2, 1]],
			['I am not enough', 1, [0, 1, 1], [1, 0]]
		]);
		expect(insights.practice.rows.map((r) => [r.chosen, r.entries, r.wins])).toEqual([
			[3, 2, 0],
			[0, 0, 2],
			[2, 1, 0],
			[0, 0, 1]
		]);
		// The win sealed for another row does not open: it is left out, and said so.
		expect(insights.unreadable).toBe(1);
		expect(bed.logged).toEqual([
			{
				details: expect.objectContaining({ table: 'workbook_win', column: 'happened_on' }),
				message: 'a workbook entry could not be opened'
			}
		]);
		expect(JSON.stringify(bed.logged)).not.toContain('2026-11-25');
	});

	it('reads everything for “everything”, and only ever the member’s own rows', async () => {
		bed = await workbookTestBed(kind);
		const { ada, bo } = await seed(bed);
		const insights = insightsOf(bed);

		const all = await insights.forMember(ada, 'all', zone);
		// From the belief's first rating on Thursday 1 October: within 13 weeks, so week by week
		// from that week's Monday, 28 September, to the week of 23 November: 9 weeks.
		expect(all.range).toEqual({ start: '2026-09-28', end: '2026-11-29', grain: 'week' });
		expect(all.buckets).toHaveLength(9);
		// The moment of late 1 November joins the rest: (80 + 60 + 100 + 90) / 4 = 82.5 → 83; (30 +
		// 50 + 0 + 40) / 4 = 30. Waited out: yes, no, yes, yes = 3 of 4.
		expect(all.intensity).toMatchObject({ moments: 5, pairs: 4, before: 83, after: 30 });
		expect(all.waited).toMatchObject({ asked: 4, yes: 3, share: 75 });
		expect(all.checkins.series[0]!.points.map((p) => p.score)).toEqual([9, 15, 18]);
		expect(all.beliefs.series[0]!.points.map((p) => p.strength)).toEqual([90, 80, 65, 55]);
		// The week of 26 October: 4 chosen, an entry on 30 October, and the win of Sunday 1 November.
		expect(all.practice.rows.map((r) => [r.chosen, r.entries, r.wins])).toEqual([
			[0, 0, 0],
			[0, 0, 0],
			[0, 0, 0],
			[0, 0, 0],
			[4, 1, 1],
			[3, 2, 0],
			[0, 0, 2],
			[2, 1, 0],
			[0, 0, 1]
		]);

		const bos = await insights.forMember(bo, 'all', zone);
		expect(bos.intensity).toMatchObject({ moments: 1, pairs: 1, before: 5, after: 95 });
		expect(bos.checkins.series[0]!.points.map((p) => p.score)).toEqual([30]);
		expect(bos.matrix.rows.map((r) => [r.label, r.total])).toEqual([['I am too much', 1]]);
		expect(bos.matrix.people.map((p) => p.key)).toEqual(['family']);
		// Bo began on 10 November: the weeks of 9, 16 and 23 November.
		expect(bos.practice.rows.map((r) => [r.chosen, r.entries, r.wins])).toEqual([
			[1, 1, 1],
			[0, 0, 0],
			[0, 0, 0]
		]);
		expect(bos.beliefs.series.map((s) => s.first)).toEqual([10]);
		expect(bos.unreadable).toBe(0);

		const nobody = await insights.forMember(randomUUID(), '3m', zone);
		expect(nobody.empty).toBe(true);
	});

	it('remembers what it opened, sealed, and then opens only what is new or changed', async () => {
		bed = await workbookTestBed(kind);
		const { ada, bo } = await seed(bed);
		const { ring, count } = counted(bed.keys);
		const memory = new Map<string, Remembered>();
		const insights = insightsOf(bed, { keys: ring, memory });

		const first = await insights.forMember(ada, 'all', zone);
		// 5 moments × 6 values (the one of 24 November names no belief: 4), 1 belief, 4 ratings,
		// 4 completed check-ins, 3 weeks, 5 wins: 4 × 6 + 4 + 1 + 4 + 4 + 3 + 5 = 45.
		expect(count.opened).toBe(45);
		// What is kept is one sealed value: none of what Ada wrote or chose is in it in clear.
		expect([...memory.keys()]).toEqual([ada]);
		const kept = memory.get(ada)!.sealed;
		// (Quoted where a short word could turn up in base64 by chance; a sealed value has no quotes.)
		for (const clear of ['"Sam"', 'partner', 'no-reply', 'too-much', '2026-11-24', '"after"']) {
			expect(kept).not.toContain(clear);
		}

		// Again: the kept facts, and the win that does not open (tried each time, never kept).
		count.opened = 0;
		const again = await insights.forMember(ada, 'all', zone);
		expect(count.opened).toBe(1 + 1);
		expect(again).toEqual(first);

		// A new moment: the kept facts, and the new moment's six values.
		await momentAt(bed, ada, '2026-11-29T14:00:00.000Z', {
			feelings: [{ key: 'anxious', name: 'Anxious', level: 60 }],
			intensityNow: 20,
			waitedOut: 'yes',
			beliefs: ['essay:not-enough'],
			people: ['family'],
			happenedPicks: ['comparison']
		});
		count.opened = 0;
		const added = await insights.forMember(ada, '4w', zone);
		expect(count.opened).toBe(1 + 1 + 6);
		// (80 + 60 + 90 + 60) / 4 = 72.5 → 73 at the time; (30 + 50 + 40 + 20) / 4 = 35 afterwards.
		expect(added.intensity).toMatchObject({ pairs: 4, before: 73, after: 35 });
		expect(added.waited).toMatchObject({ asked: 4, yes: 3, share: 75 });

		// A changed moment is opened again (now without a belief: four values); a deleted one is gone.
		const [latest] = await bed.moments.list(ada);
		await bed.moments.update(ada, latest!.id, { feel_anxious: '100', intensity_now: '0' });
		count.opened = 0;
		const changed = await insights.forMember(ada, '4w', zone);
		expect(count.opened).toBe(1 + 1 + 4);
		// (80 + 60 + 90 + 100) / 4 = 82.5 → 83 at the time; (30 + 50 + 40 + 0) / 4 = 30 afterwards.
		expect(changed.intensity).toMatchObject({ moments: 5, pairs: 4, before: 83, after: 30 });
		// The change did not say whether the urge was waited out: yes, no, yes again.
		expect(changed.waited).toMatchObject({ asked: 3, yes: 2 });
		await bed.moments.remove(ada, latest!.id);
		expect((await insights.forMember(ada, '4w', zone)).intensity.moments).toBe(4);

		// Another zone puts moments on other days: everything is opened afresh.
		count.opened = 0;
		await insights.forMember(ada, '4w', 'Asia/Kolkata');
		expect(count.opened).toBeGreaterThan(20);

		// Each member's facts are their own.
		await insights.forMember(bo, 'all', zone);
		expect([...memory.keys()].sort()).toEqual([ada, bo].sort());
		expect(memory.get(bo)!.sealed).not.toEqual(memory.get(ada)!.sealed);
	});

	it('forgets a member after a while, and keeps only so many', async () => {
		bed = await workbookTestBed(kind);
		const { ada, bo } = await seed(bed);
		const { ring, count } = counted(bed.keys);
		const memory = new Map<string, Remembered>();
		const insights = insightsOf(bed, {
			keys: ring,
			memory,
			remember: { members: 1, idleMs: 60_000 }
		});

		await insights.forMember(ada, '4w', zone);
		bed.clock.advance(59_000);
		count.opened = 0;
		await insights.forMember(ada, '4w', zone);
		// The kept facts, and the win that never opens.
		expect(count.opened).toBe(1 + 1);
		bed.clock.advance(61_000);
		count.opened = 0;
		await insights.forMember(ada, '4w', zone);
		expect(count.opened).toBeGreaterThan(20);

		// Room for one member: Bo's visit lets Ada's facts go.
		await insights.forMember(bo, '4w', zone);
		expect([...memory.keys()]).toEqual([bo]);
	});
});
