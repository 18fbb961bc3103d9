import { randomBytes, randomUUID } from 'node:crypto';
import type { DatabaseKind } from '../db/database';
import { createTestDatabase, type TestDatabase } from '../db/test-database';
import { fixedClock } from '../clock';
import { createDataKeyRing, parseDataKeys, type DataKeyRing } from '../privacy/data-keys';
import { detectCrisis } from '../safety/crisis';
import { createBeliefsService } from './beliefs.service';
import { createMomentsService } from './moments.service';
import { createWorkbookRepository } from './workbook.repository';

export const keyEntry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/** Words the crisis check matches, so a test can see what follows one. */
export const crisisWords = 'I do not want to be here any more';

/** The workbook services on a fresh test database, with a fixed clock and a key ring of its own. */
export async function workbookTestBed(kind: DatabaseKind, keys?: DataKeyRing) {
	const database: TestDatabase = await createTestDatabase(kind);
	const { db } = database;
	const clock = fixedClock('2026-11-29T15:00:00.000Z');
	const ring = keys ?? createDataKeyRing(parseDataKeys(keyEntry('k1')));
	const logged: { details: object; message?: string }[] = [];
	const logger = {
		warn: (details: object, message?: string) => logged.push({ details, message }),
		error: (details: object, message?: string) => logged.push({ details, message })
	};
	const repository = createWorkbookRepository(db);
	const deps = { repository, keys: ring, clock, detectCrisis, logger };
	return {
		database,
		db,
		clock,
		keys: ring,
		logged,
		repository,
		deps,
		moments: createMomentsService(deps),
		beliefs: createBeliefsService(deps)
	};
}

export type WorkbookTestBed = Awaited<ReturnType<typeof workbookTestBed>>;

/** A member row, as better-auth would have written it. */
export async function member(
	bed: { db: WorkbookTestBed['db']; database: { kind: DatabaseKind } },
	name = 'Ada'
): Promise<string> {
	const id = randomUUID();
	const postgres = bed.database.kind === 'postgres';
	const now = new Date();
	await bed.db
		.insertInto('user')
		.values({
			id,
			name,
			email: `${id}@example.org`,
			emailVerified: postgres ? true : 1,
			image: null,
			createdAt: postgres ? now : now.toISOString(),
			updatedAt: postgres ? now : now.toISOString(),
			twoFactorEnabled: postgres ? false : 0,
			role: 'member',
			timeZone: null
		})
		.execute();
	return id;
}

/** The part-two tables a test fills with one row per member, sealed values or not. */
export const partTwoTables = [
	'workbook_checkin',
	'workbook_practice_week',
	'workbook_practice_entry',
	'workbook_win',
	'workbook_self_check',
	'workbook_summary'
] as const;

/**
 * One row in each part-two table for a member, written straight to the database, so that a test of
 * what goes with the account covers every table whichever service writes it.
 */
export async function partTwoRows(db: WorkbookTestBed['db'], userId: string): Promise<void> {
	const now = '2026-11-29T15:00:00.000Z';
	const row = () => ({ id: randomUUID(), user_id: userId, created_at: now, updated_at: now });
	await db
		.insertInto('workbook_checkin')
		.values({ ...row(), instrument: 'rses', completed_at: null })
		.execute();
	await db
		.insertInto('workbook_practice_week')
		.values({ ...row(), week: '2026-11-23' })
		.execute();
	await db.insertInto('workbook_practice_entry').values(row()).execute();
	await db.insertInto('workbook_win').values(row()).execute();
	await db.insertInto('workbook_self_check').values(row()).execute();
	await db.insertInto('workbook_summary').values(row()).execute();
}
