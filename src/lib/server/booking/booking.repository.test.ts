import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../db/schema';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createBookingRepository } from './booking.repository';

const onPostgres = testDatabaseKinds.includes('postgres');

describe.skipIf(!onPostgres)('booking writes on PostgreSQL', () => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	it('runs a write again when PostgreSQL ends it in a deadlock', async () => {
		current = await createTestDatabase('postgres');
		const db = current.db as unknown as Kysely<Record<string, never>>;
		await sql`create table deadlock_probe (id integer primary key, n integer not null)`.execute(db);
		await sql`insert into deadlock_probe values (1, 0), (2, 0)`.execute(db);
		const repository = createBookingRepository(current.db, 'postgres');

		// Two transactions take the two rows in opposite orders. The write waits first, so when the
		// other one closes the circle PostgreSQL's check (after deadlock_timeout) ends the write.
		let attempts = 0;
		let tookRowTwo!: () => void;
		const rowTwoTaken = new Promise<void>((resolve) => (tookRowTwo = resolve));
		let otherTookRowOne!: () => void;
		const rowOneTaken = new Promise<void>((resolve) => (otherTookRowOne = resolve));

		const write = repository.write(async (trx: Kysely<DB>) => {
			attempts += 1;
			const probe = trx as unknown as Kysely<Record<string, never>>;
			await sql`update deadlock_probe set n = n + 1 where id = 2`.execute(probe);
			if (attempts === 1) {
				tookRowTwo();
				await rowOneTaken;
			}
			await sql`update deadlock_probe set n = n + 1 where id = 1`.execute(probe);
			return 'written';
		});
		const other = db.transaction().execute(async (trx) => {
			await rowTwoTaken;
			await sql`update deadlock_probe set n = n + 10 where id = 1`.execute(trx);
			otherTookRowOne();
			// Let the write start waiting for row 1 before this one waits for row 2.
			await new Promise((resolve) => setTimeout(resolve, 200));
			await sql`update deadlock_probe set n = n + 10 where id = 2`.execute(trx);
		});

		const [written] = await Promise.all([write, other]);
		expect(written).toBe('written');
		expect(attempts).toBe(2);
		const rows = await sql<{
			id: number;
			n: number;
		}>`select id, n from deadlock_probe order by id`.execute(db);
		// The other transaction's +10 and the write's second, whole attempt: nothing of the first.
		expect(rows.rows).toEqual([
			{ id: 1, n: 11 },
			{ id: 2, n: 11 }
		]);
	});
});
