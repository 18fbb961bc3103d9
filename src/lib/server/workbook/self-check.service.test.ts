import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { SelfCheckAnswers } from '../../self-check/answers';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createDataKeyRing, parseDataKeys } from '../privacy/data-keys';
import { createSelfCheckRepository } from './self-check.repository';
import { createSelfCheckService } from './self-check.service';
import { keyEntry, member } from './workbook.test-setup';

const answers: SelfCheckAnswers = {
	questions: { 'worth-depends-on-partner': 'a-lot', 'okay-alone': 'not-at-all' },
	beliefs: { 'perform-to-be-valued': 'a-little' },
	cycles: ['boundaries-threatening', 'reassurance-not-absorbed']
};
/** Words of the answers above that must never be readable in the database. */
const chosenKeys = ['worth-depends-on-partner', 'perform-to-be-valued', 'reassurance-not-absorbed'];

describe.each(testDatabaseKinds)('kept self-checks on %s', (kind) => {
	let database: TestDatabase | undefined;
	afterEach(async () => {
		await database?.destroy();
		database = undefined;
	});

	async function setUp() {
		database = await createTestDatabase(kind);
		const clock = fixedClock('2026-11-29T15:00:00.000Z');
		const logged: { details: object; message?: string }[] = [];
		const logger = {
			warn: (details: object, message?: string) => logged.push({ details, message }),
			error: (details: object, message?: string) => logged.push({ details, message })
		};
		const keys = createDataKeyRing(parseDataKeys(keyEntry('k1')));
		const service = createSelfCheckService({
			repository: createSelfCheckRepository(database.db),
			keys,
			clock,
			logger
		});
		const bed = { db: database.db, database };
		return { db: database.db, database, clock, logged, service, bed, keys };
	}

	it('keeps a self-check sealed, and gives it back to its owner, newest first', async () => {
		const { db, clock, service, bed } = await setUp();
		const ada = await member(bed);
		const first = await service.save(ada, answers);
		expect(first.ok).toBe(true);
		clock.advance(86_400_000);
		const second = await service.save(ada, { questions: {}, beliefs: {}, cycles: [] });
		if (!first.ok || !second.ok) throw new Error('refused');

		expect(await service.get(ada, first.id)).toEqual({
			id: first.id,
			createdAt: '2026-11-29T15:00:00.000Z',
			updatedAt: '2026-11-29T15:00:00.000Z',
			readable: true,
			answers: {
				...answers,
				// Stored in the form's order, whatever order they came in.
				cycles: ['reassurance-not-absorbed', 'boundaries-threatening']
			}
		});
		expect((await service.list(ada)).map((s) => [s.id, s.createdAt])).toEqual([
			[second.id, '2026-11-30T15:00:00.000Z'],
			[first.id, '2026-11-29T15:00:00.000Z']
		]);

		const row = await db
			.selectFrom('workbook_self_check')
			.selectAll()
			.where('id', '=', first.id)
			.executeTakeFirstOrThrow();
		expect(row.user_id).toBe(ada);
		expect(row.answers).toMatch(/^k1:/);
		for (const word of [...chosenKeys, 'a-lot', 'questions'])
			expect(row.answers).not.toContain(word);
	});

	it('lets only the owner read or delete a kept self-check', async () => {
		const { service, bed } = await setUp();
		const ada = await member(bed, 'Ada');
		const grace = await member(bed, 'Grace');
		const saved = await service.save(ada, answers);
		if (!saved.ok) throw new Error('refused');

		expect(await service.get(grace, saved.id)).toBeNull();
		expect(await service.list(grace)).toEqual([]);
		expect(await service.remove(grace, saved.id)).toBe(false);
		expect(await service.get(ada, 'not-an-id')).toBeNull();
		expect((await service.get(ada, saved.id))?.readable).toBe(true);

		expect(await service.remove(ada, saved.id)).toBe(true);
		expect(await service.get(ada, saved.id)).toBeNull();
		expect(await service.remove(ada, saved.id)).toBe(false);
	});

	it('refuses answers the self-check does not ask, plainly, and keeps nothing', async () => {
		const { db, service, bed } = await setUp();
		const ada = await member(bed);
		for (const bad of [
			undefined,
			'a-lot',
			{ ...answers, questions: { 'am-i-unlovable': 'a-lot' } },
			{ ...answers, beliefs: { 'too-much': 'always' } },
			{ ...answers, cycles: ['reassurance-not-absorbed', 'reassurance-not-absorbed'] },
			{ ...answers, cycles: ['<script>'] },
			{ ...answers, note: 'anything else' }
		]) {
			const result = await service.save(ada, bad);
			expect(result, JSON.stringify(bad)).toEqual({
				ok: false,
				message: expect.stringMatching(/not ones the self-check asks, so they were not saved/)
			});
		}
		const count = await db
			.selectFrom('workbook_self_check')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(0);
	});

	it('shows a moved value, or one that is no longer a self-check, as unreadable; logs ids', async () => {
		const { db, service, logged, bed, keys } = await setUp();
		const ada = await member(bed);
		const a = await service.save(ada, answers);
		const b = await service.save(ada, { questions: {}, beliefs: {}, cycles: [] });
		if (!a.ok || !b.ok) throw new Error('refused');
		const sealed = (
			await db
				.selectFrom('workbook_self_check')
				.select('answers')
				.where('id', '=', a.id)
				.executeTakeFirstOrThrow()
		).answers!;
		// Copied onto another row, it must not open there.
		await db
			.updateTable('workbook_self_check')
			.set({ answers: sealed })
			.where('id', '=', b.id)
			.execute();
		expect(await service.get(ada, b.id)).toMatchObject({ id: b.id, readable: false });
		expect(await service.get(ada, a.id)).toMatchObject({ id: a.id, readable: true });
		expect(logged).toEqual([
			{
				message: 'a workbook entry could not be opened',
				details: {
					table: 'workbook_self_check',
					entryId: b.id,
					column: 'answers',
					reason: 'damaged',
					userId: ada
				}
			}
		]);
		// Sealed properly, but not answers the self-check asks (as if its words had changed).
		await db
			.updateTable('workbook_self_check')
			.set({
				answers: keys.seal(
					JSON.stringify({
						questions: { 'worth-depends-on-what': 'a-lot' },
						beliefs: {},
						cycles: []
					}),
					`workbook_self_check:${a.id}:answers`
				)
			})
			.where('id', '=', a.id)
			.execute();
		expect(await service.list(ada)).toMatchObject([{ readable: false }, { readable: false }]);
		expect(logged).toContainEqual({
			message: 'a workbook entry could not be opened',
			details: expect.objectContaining({ entryId: a.id, reason: 'malformed' })
		});
		expect(JSON.stringify(logged)).not.toContain('worth-depends');
	});

	it('keeps none of the answers in clear in the database files', async () => {
		const { db, database, service, bed } = await setUp();
		const ada = await member(bed);
		for (let i = 0; i < 3; i += 1) expect((await service.save(ada, answers)).ok).toBe(true);
		expect(JSON.stringify(await service.list(ada))).toContain('worth-depends-on-partner');

		let searched = 0;
		if (kind === 'sqlite') {
			const file = (
				await sql<{
					file: string;
				}>`select file from pragma_database_list where name = 'main'`.execute(db)
			).rows[0]!.file;
			const dir = path.dirname(file);
			const files = readdirSync(dir).filter((f) => f.startsWith(path.basename(file)));
			expect(files).toContain(`${path.basename(file)}-wal`);
			for (const name of files) {
				const bytes = readFileSync(path.join(dir, name));
				searched += bytes.length;
				for (const word of chosenKeys) expect(bytes.includes(Buffer.from(word)), name).toBe(false);
			}
		} else {
			const dump = execFileSync(
				'pg_dump',
				['--schema', database.schema!, '--data-only', process.env.TEST_DATABASE_URL!],
				{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
			);
			searched = dump.length;
			expect(dump).toContain('workbook_self_check');
			for (const word of chosenKeys) expect(dump).not.toContain(word);
		}
		expect(searched).toBeGreaterThan(1000);
	});
});
