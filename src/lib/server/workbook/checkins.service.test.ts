import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import type { DatabaseKind } from '../db/database';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createDataKeyRing, parseDataKeys } from '../privacy/data-keys';
import { createCheckinsRepository } from './checkins.repository';
import { createCheckinsService } from './checkins.service';
import { keyEntry, member } from './workbook.test-setup';

// RSES answers worked by hand (see src/lib/checkins/scoring.test.ts): 20 and 24.
const twenty = [2, 1, 3, 2, 1, 2, 2, 1, 1, 2];
const twentyFour = [3, 1, 3, 2, 1, 1, 2, 1, 0, 3];
// SCS-SF: 42 / 12 = 3.5.
const threeAndAHalf = [2, 4, 3, 3, 4, 3, 4, 2, 3, 3, 2, 3];

async function checkinsTestBed(kind: DatabaseKind) {
	const database: TestDatabase = await createTestDatabase(kind);
	const clock = fixedClock('2026-11-29T15:00:00.000Z');
	const keys = createDataKeyRing(parseDataKeys(keyEntry('k1')));
	const logged: { details: object; message?: string }[] = [];
	const logger = {
		warn: (details: object, message?: string) => logged.push({ details, message }),
		error: (details: object, message?: string) => logged.push({ details, message })
	};
	const repository = createCheckinsRepository(database.db);
	const checkins = createCheckinsService({ repository, keys, clock, logger });
	return { database, db: database.db, clock, keys, logged, repository, checkins };
}

type Bed = Awaited<ReturnType<typeof checkinsTestBed>>;

const rowsOf = (bed: Bed, userId: string) =>
	bed.db
		.selectFrom('workbook_checkin')
		.selectAll()
		.where('user_id', '=', userId)
		.orderBy('created_at')
		.execute();

describe.each(testDatabaseKinds)('check-ins on %s', (kind) => {
	let bed: Bed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	it('keeps partial answers as one draft per questionnaire, updated as the member goes', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const first = kept(
			await bed.checkins.saveDraft(ada, 'rses', [3, 1, null, null, null, ...nulls(5)])
		);
		bed.clock.advance(60_000);
		const again = await bed.checkins.saveDraft(ada, 'rses', [3, 1, 2, null, 0, ...nulls(5)]);
		expect(again).toEqual({ ok: true, id: first });
		const other = kept(await bed.checkins.saveDraft(ada, 'scs-sf', [5, ...nulls(11)]));
		expect(other).not.toBe(first);

		expect(await bed.checkins.draft(ada, 'rses')).toEqual({
			id: first,
			answers: [3, 1, 2, null, 0, ...nulls(5)],
			answered: 4,
			createdAt: '2026-11-29T15:00:00.000Z',
			updatedAt: '2026-11-29T15:01:00.000Z'
		});
		expect((await bed.checkins.draft(ada, 'scs-sf'))?.answers).toEqual([5, ...nulls(11)]);
		const rows = await rowsOf(bed, ada);
		expect(rows.map((r) => [r.instrument, r.completed_at])).toEqual([
			['rses', null],
			['scs-sf', null]
		]);
		// Nothing chosen and no draft yet: nothing is kept.
		const grace = await member(bed, 'Grace');
		expect(await bed.checkins.saveDraft(grace, 'rses', nulls(10))).toEqual({ ok: true, id: null });
		expect(await rowsOf(bed, grace)).toEqual([]);
		// A draft is not a result, and is in no history.
		expect(await bed.checkins.get(ada, first)).toBeNull();
		expect(await bed.checkins.list(ada, 'rses')).toEqual([]);
		expect(await bed.checkins.history(ada)).toEqual({ rses: [], 'scs-sf': [] });

		// Letting a draft go removes that one only.
		await bed.checkins.discardDraft(grace, 'rses');
		expect(await bed.checkins.draft(ada, 'rses')).not.toBeNull();
		await bed.checkins.discardDraft(ada, 'rses');
		expect(await bed.checkins.draft(ada, 'rses')).toBeNull();
		expect(await bed.checkins.draft(ada, 'scs-sf')).not.toBeNull();
	});

	it('completes a check-in with its score, and the draft becomes the result', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const draft = kept(
			await bed.checkins.saveDraft(ada, 'rses', [...twenty.slice(0, 5), ...nulls(5)])
		);
		bed.clock.advance(5 * 60_000);
		const done = await bed.checkins.complete(ada, 'rses', twenty);
		expect(done).toEqual({ ok: true, id: draft, score: 20 });
		expect(await bed.checkins.draft(ada, 'rses')).toBeNull();
		expect(await bed.checkins.list(ada, 'rses')).toEqual([
			{ id: draft, completedAt: '2026-11-29T15:05:00.000Z', score: 20 }
		]);
		expect(await bed.checkins.get(ada, draft)).toEqual({
			id: draft,
			instrument: 'rses',
			completedAt: '2026-11-29T15:05:00.000Z',
			previous: null,
			readable: true,
			answers: twenty,
			score: 20
		});

		const scs = await bed.checkins.complete(ada, 'scs-sf', threeAndAHalf);
		expect(scs).toMatchObject({ ok: true, score: 3.5 });
		// The next taking starts a new draft rather than changing the result.
		const next = kept(await bed.checkins.saveDraft(ada, 'rses', [0, ...nulls(9)]));
		expect(next).not.toBe(draft);
		expect(await bed.checkins.get(ada, draft)).toMatchObject({ readable: true, score: 20 });
	});

	it('refuses to complete with items unanswered, names each, and keeps the answers', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const partial = [2, null, 3, 2, 1, 2, 2, null, 1, null];
		const refused = await bed.checkins.complete(ada, 'rses', partial);
		expect(refused).toMatchObject({ ok: false, draftId: expect.any(String) });
		if (refused.ok) throw new Error('completed');
		expect(Object.keys(refused.errors)).toEqual(['item-2', 'item-8', 'item-10']);
		expect(refused.errors['item-2']).toMatch(/no answer yet/);
		const draft = await bed.checkins.draft(ada, 'rses');
		expect(draft).toMatchObject({ id: refused.draftId, answers: partial, answered: 7 });
		expect(await bed.checkins.list(ada, 'rses')).toEqual([]);
		expect((await rowsOf(bed, ada)).map((r) => r.completed_at)).toEqual([null]);

		// Once the rest are answered, the same draft completes.
		const done = await bed.checkins.complete(ada, 'rses', twentyFour);
		expect(done).toEqual({ ok: true, id: refused.draftId, score: 24 });
	});

	it('refuses values outside the options and answers of the wrong length, saving nothing', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const notAnOption = await bed.checkins.saveDraft(ada, 'rses', [4, ...nulls(9)]);
		expect(notAnOption).toEqual({
			ok: false,
			errors: { 'item-1': expect.stringMatching(/not one of the choices/) }
		});
		// 0 is an RSES option, not an SCS-SF one.
		expect(await bed.checkins.complete(ada, 'scs-sf', [...threeAndAHalf.slice(0, 11), 0])).toEqual({
			ok: false,
			errors: { 'item-12': expect.any(String) }
		});
		expect(await bed.checkins.complete(ada, 'rses', [...twenty, 2])).toMatchObject({
			ok: false,
			errors: { form: expect.any(String) }
		});
		expect(await bed.checkins.saveDraft(ada, 'rses', [3, 3])).toMatchObject({
			ok: false,
			errors: { form: expect.any(String) }
		});
		expect(await rowsOf(bed, ada)).toEqual([]);
	});

	it('lets only the owner read, list or delete a check-in or a draft', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed, 'Ada');
		const grace = await member(bed, 'Grace');
		const done = await bed.checkins.complete(ada, 'rses', twenty);
		if (!done.ok) throw new Error('refused');
		const draft = kept(await bed.checkins.saveDraft(ada, 'scs-sf', [1, ...nulls(11)]));

		expect(await bed.checkins.get(grace, done.id)).toBeNull();
		expect(await bed.checkins.list(grace, 'rses')).toEqual([]);
		expect(await bed.checkins.draft(grace, 'scs-sf')).toBeNull();
		expect(await bed.checkins.history(grace)).toEqual({ rses: [], 'scs-sf': [] });
		expect(await bed.checkins.exportAll(grace)).toEqual([]);
		expect(await bed.checkins.remove(grace, done.id)).toBe(false);
		expect(await bed.checkins.remove(grace, draft)).toBe(false);
		// Grace's own draft is hers alone: it does not touch Ada's.
		const hers = kept(await bed.checkins.saveDraft(grace, 'scs-sf', [2, ...nulls(11)]));
		expect(hers).not.toBe(draft);

		expect(await bed.checkins.get(ada, done.id)).toMatchObject({ readable: true, score: 20 });
		expect((await bed.checkins.draft(ada, 'scs-sf'))?.answers[0]).toBe(1);
		expect(await bed.checkins.remove(ada, done.id)).toBe(true);
		expect(await bed.checkins.get(ada, done.id)).toBeNull();
		expect(await bed.checkins.list(ada, 'rses')).toEqual([]);
	});

	it('knows the check-in before each one, and gives the whole history oldest first', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const first = await bed.checkins.complete(ada, 'rses', twenty);
		bed.clock.advance(14 * 86_400_000);
		const scs = await bed.checkins.complete(ada, 'scs-sf', threeAndAHalf);
		bed.clock.advance(7 * 86_400_000);
		const second = await bed.checkins.complete(ada, 'rses', twentyFour);
		if (!first.ok || !second.ok || !scs.ok) throw new Error('refused');

		expect((await bed.checkins.get(ada, first.id))?.previous).toBeNull();
		expect((await bed.checkins.get(ada, second.id))?.previous).toEqual({
			id: first.id,
			completedAt: '2026-11-29T15:00:00.000Z',
			score: 20
		});
		expect((await bed.checkins.get(ada, scs.id))?.previous).toBeNull();
		expect(await bed.checkins.history(ada)).toEqual({
			rses: [
				{ id: first.id, completedAt: '2026-11-29T15:00:00.000Z', score: 20 },
				{ id: second.id, completedAt: '2026-12-20T15:00:00.000Z', score: 24 }
			],
			'scs-sf': [{ id: scs.id, completedAt: '2026-12-13T15:00:00.000Z', score: 3.5 }]
		});
	});

	it('keeps one draft even when two saves were sent at the same moment', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const saved = kept(await bed.checkins.saveDraft(ada, 'rses', [1, ...nulls(9)]));
		// A second draft row, as a racing save could have left.
		await bed.db
			.insertInto('workbook_checkin')
			.values({
				id: randomUUID(),
				user_id: ada,
				instrument: 'rses',
				created_at: '2026-11-29T14:00:00.000Z',
				updated_at: '2026-11-29T14:00:00.000Z',
				completed_at: null,
				answers: null,
				score: null
			})
			.execute();
		bed.clock.advance(1000);
		const again = await bed.checkins.saveDraft(ada, 'rses', [1, 2, ...nulls(8)]);
		expect(again).toEqual({ ok: true, id: saved });
		expect((await rowsOf(bed, ada)).map((r) => r.id)).toEqual([saved]);
	});

	it('keeps answers and scores sealed: nothing of them is readable in the row or the files', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const done = await bed.checkins.complete(ada, 'rses', twenty);
		if (!done.ok) throw new Error('refused');
		await bed.checkins.saveDraft(ada, 'scs-sf', [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, null, null]);

		const rows = await rowsOf(bed, ada);
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			for (const column of [row.answers, row.score]) {
				expect(column).toMatch(/^k1:v1\./);
				expect(column).not.toContain('[');
				expect(Number.isNaN(Number(column))).toBe(true);
			}
		}
		// The owner reads them; without the key nobody does.
		expect(await bed.checkins.get(ada, done.id)).toMatchObject({ answers: twenty, score: 20 });
		const stranger = createCheckinsService({
			repository: bed.repository,
			keys: createDataKeyRing(parseDataKeys(keyEntry('k1'))),
			clock: bed.clock
		});
		expect(await stranger.get(ada, done.id)).toMatchObject({ readable: false });

		const needles = [JSON.stringify(twenty), '[5,4,3,2,1,5,4,3,2,1,null,null]'];
		let searched = 0;
		if (kind === 'sqlite') {
			const file = (
				await sql<{
					file: string;
				}>`select file from pragma_database_list where name = 'main'`.execute(bed.db)
			).rows[0]!.file;
			const dir = path.dirname(file);
			for (const name of readdirSync(dir).filter((f) => f.startsWith(path.basename(file)))) {
				const bytes = readFileSync(path.join(dir, name));
				searched += bytes.length;
				for (const needle of needles) expect(bytes.includes(Buffer.from(needle)), name).toBe(false);
			}
		} else {
			const dump = execFileSync(
				'pg_dump',
				['--schema', bed.database.schema!, '--data-only', process.env.TEST_DATABASE_URL!],
				{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
			);
			searched = dump.length;
			expect(dump).toContain('workbook_checkin');
			for (const needle of needles) expect(dump).not.toContain(needle);
		}
		expect(searched).toBeGreaterThan(1000);
	});

	it('shows a changed value as one that could not be opened, and logs only ids', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		const a = await bed.checkins.complete(ada, 'rses', twenty);
		bed.clock.advance(60_000);
		const b = await bed.checkins.complete(ada, 'rses', twentyFour);
		if (!a.ok || !b.ok) throw new Error('refused');
		// A's score copied onto B: bound to A's row, it does not open there.
		const row = await bed.db
			.selectFrom('workbook_checkin')
			.select('score')
			.where('id', '=', a.id)
			.executeTakeFirstOrThrow();
		await bed.db
			.updateTable('workbook_checkin')
			.set({ score: row.score })
			.where('id', '=', b.id)
			.execute();

		expect(await bed.checkins.get(ada, b.id)).toMatchObject({ id: b.id, readable: false });
		expect(await bed.checkins.list(ada, 'rses')).toEqual([
			{ id: a.id, completedAt: '2026-11-29T15:00:00.000Z', score: 20 },
			{ id: b.id, completedAt: '2026-11-29T15:01:00.000Z', score: null }
		]);
		expect((await bed.checkins.history(ada)).rses.map((c) => c.id)).toEqual([a.id]);
		expect(bed.logged[0]).toMatchObject({
			message: 'a workbook entry could not be opened',
			details: { table: 'workbook_checkin', entryId: b.id, column: 'score' }
		});
		expect(JSON.stringify(bed.logged)).not.toMatch(/\b24\b/);
	});

	it('exports every check-in and draft with each statement, answer and score', async () => {
		bed = await checkinsTestBed(kind);
		const ada = await member(bed);
		await bed.checkins.complete(ada, 'rses', twenty);
		bed.clock.advance(60_000);
		await bed.checkins.saveDraft(ada, 'scs-sf', [3, ...nulls(11)]);
		const exported = await bed.checkins.exportAll(ada);
		expect(exported).toHaveLength(2);
		expect(exported[0]).toMatchObject({
			instrument: 'rses',
			questionnaire: 'Rosenberg Self-Esteem Scale',
			completedAt: '2026-11-29T15:00:00.000Z',
			score: 20
		});
		const answers = (exported[0] as { answers: unknown[] }).answers;
		expect(answers).toHaveLength(10);
		expect(answers[0]).toEqual({
			statement: 'On the whole, I am satisfied with myself.',
			answer: 'Agree',
			value: 2
		});
		expect(exported[1]).toMatchObject({ instrument: 'scs-sf', completedAt: null, score: null });
		expect((exported[1] as { answers: { answer: string | null }[] }).answers[1]).toMatchObject({
			answer: null,
			value: null
		});
	});
});

/** The id of a draft that was kept, or the test fails. */
function kept(result: { ok: true; id: string | null } | { ok: false }): string {
	if (!result.ok || result.id === null) throw new Error(`not kept: ${JSON.stringify(result)}`);
	return result.id;
}

function nulls(count: number): null[] {
	return Array(count).fill(null);
}
