import { existsSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './test-database';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';

describe.each(testDatabaseKinds)('migrations on %s', (kind) => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	it('runs every migration up on an empty database, once', async () => {
		current = await createTestDatabase(kind, { migrate: false });
		const applied = await migrateToLatest(current.db, { schema: current.schema });
		expect(applied).toEqual(Object.keys(migrations));
		// A second start finds nothing left to do.
		expect(await migrateToLatest(current.db, { schema: current.schema })).toEqual([]);
	});

	it('creates tables that accept and return rows', async () => {
		current = await createTestDatabase(kind);
		const now = '2026-11-29T15:00:00.000Z';
		await current.db
			.insertInto('practice')
			.values({
				id: 1,
				name: 'Steady',
				time_zone: 'Europe/London',
				contact_email: 'hello@example.org',
				created_at: now,
				updated_at: now
			})
			.execute();
		const row = await current.db.selectFrom('practice').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({ id: 1, time_zone: 'Europe/London', created_at: now });
	});

	it('refuses a second practice row', async () => {
		current = await createTestDatabase(kind);
		const now = '2026-11-29T15:00:00.000Z';
		const row = {
			name: 'x',
			time_zone: 'UTC',
			contact_email: 'a@b.co',
			created_at: now,
			updated_at: now
		};
		await expect(
			current.db
				.insertInto('practice')
				.values({ id: 2, ...row })
				.execute()
		).rejects.toThrow();
	});

	it('answers a ping while open and not after it is closed', async () => {
		current = await createTestDatabase(kind);
		expect(await current.ping()).toBe(true);
		const count = await sql<{ n: number }>`select count(*) as n from practice`.execute(current.db);
		expect(count.rows[0]?.n).toBe(0);
		await current.close();
		expect(await current.ping()).toBe(false);
	});
});

describe('SQLite health', () => {
	it('answers no to a ping once the database file is damaged under the open connection', async () => {
		const current = await createTestDatabase('sqlite');
		try {
			expect(await current.ping()).toBe(true);
			const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(
				current.db
			);
			const file = rows.find((r) => r.name === 'main')?.file;
			expect(file).toBeTruthy();
			// As a failing disk would: the file and its write-ahead log overwritten with noise.
			for (const suffix of ['', '-wal', '-shm']) {
				const target = `${file}${suffix}`;
				if (!existsSync(target)) continue;
				writeFileSync(target, Buffer.alloc(Math.max(statSync(target).size, 65_536), 0x5a), {
					flag: 'r+'
				});
			}
			await expect(sql`select count(*) from practice`.execute(current.db)).rejects.toThrow();
			expect(await current.ping()).toBe(false);
		} finally {
			await current.destroy();
		}
	});
});

describe('SQLite settings', () => {
	it('uses WAL, full synchronous writes, foreign keys and a busy timeout', async () => {
		const current = await createTestDatabase('sqlite');
		try {
			const read = async (name: string) =>
				Object.values(
					(await sql.raw(`pragma ${name}`).execute(current.db)).rows[0] as Record<string, unknown>
				)[0];
			expect(await read('journal_mode')).toBe('wal');
			expect(await read('synchronous')).toBe(2);
			expect(await read('foreign_keys')).toBe(1);
			expect(await read('busy_timeout')).toBe(5000);
		} finally {
			await current.destroy();
		}
	});
});
