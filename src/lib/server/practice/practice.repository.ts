import type { Kysely, Selectable } from 'kysely';
import type { DB, PracticeTable } from '../db/schema';

export type PracticeRow = Selectable<PracticeTable>;

export function createPracticeRepository(db: Kysely<DB>) {
	return {
		find(): Promise<PracticeRow | undefined> {
			return db.selectFrom('practice').selectAll().where('id', '=', 1).executeTakeFirst();
		},

		/** Inserts the practice row unless one exists; safe when several processes start at once. */
		async insertIfMissing(row: Omit<PracticeRow, 'id'>): Promise<void> {
			await db
				.insertInto('practice')
				.values({ id: 1, ...row })
				.onConflict((oc) => oc.column('id').doNothing())
				.execute();
		}
	};
}

export type PracticeRepository = ReturnType<typeof createPracticeRepository>;
