import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/server/clock';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { openDatabase, type Database } from '../src/lib/server/db/database';
import { createTestDatabase, testDatabaseKinds } from '../src/lib/server/db/test-database';
import { createDataKeyRing, parseDataKeys } from '../src/lib/server/privacy/data-keys';
import { detectCrisis } from '../src/lib/server/safety/crisis';
import { createMomentsService } from '../src/lib/server/workbook/moments.service';
import { createWorkbookRepository } from '../src/lib/server/workbook/workbook.repository';
import { keyEntry, member } from '../src/lib/server/workbook/workbook.test-setup';

const run = promisify(execFile);

/** `npm run keys:rotate` as an operator runs it, against a database the test filled. */
async function rotate(env: Record<string, string>) {
	try {
		const { stdout, stderr } = await run('npx', ['tsx', 'scripts/rotate-keys.ts'], {
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }
		});
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, output: e.stdout + e.stderr };
	}
}

describe.each(testDatabaseKinds)('npm run keys:rotate on %s', (kind) => {
	let cleanup: (() => Promise<void>) | undefined;
	afterEach(async () => {
		await cleanup?.();
		cleanup = undefined;
	});

	it('moves every value to the first key, and a second run finds nothing to do', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'steady-rotate-'));
		let database: Database;
		let env: Record<string, string>;
		if (kind === 'sqlite') {
			database = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'steady.db') });
			await migrateToLatest(database.db);
			env = { DATA_DIR: dataDir };
		} else {
			const test = await createTestDatabase('postgres');
			database = test;
			const url = new URL(process.env.TEST_DATABASE_URL!);
			url.searchParams.set('options', `-c search_path=${test.schema}`);
			env = {
				DATA_DIR: dataDir,
				DATABASE_URL: url.toString(),
				AUTH_SECRET: 'x'.repeat(40),
				BOOKING_KEY: 'y'.repeat(40)
			};
		}
		cleanup = async () => {
			await database.close();
			rmSync(dataDir, { recursive: true, force: true });
		};

		const oldKey = keyEntry('old');
		const newKey = keyEntry('new');
		const moments = createMomentsService({
			repository: createWorkbookRepository(database.db),
			keys: createDataKeyRing(parseDataKeys(oldKey)),
			clock: fixedClock('2026-11-29T15:00:00.000Z'),
			detectCrisis
		});
		const userId = await member({ database, db: database.db });
		for (let i = 0; i < 3; i += 1) {
			await moments.saveFromPause(userId, { whatHappened: `moment ${i}` });
		}

		const first = await rotate({ ...env, STEADY_DATA_KEYS: `${newKey},${oldKey}` });
		expect(first.output).toContain('Re-sealed 30 values under the key "new"; 0 were already');
		expect(first.output).toContain('no longer needed');
		expect(first.output).not.toContain('moment 0');
		expect(first.code).toBe(0);

		const rows = await database.db.selectFrom('workbook_moment').selectAll().execute();
		expect(rows.every((r) => r.what_happened?.startsWith('new:'))).toBe(true);
		const withNewOnly = createMomentsService({
			repository: createWorkbookRepository(database.db),
			keys: createDataKeyRing(parseDataKeys(newKey)),
			clock: fixedClock('2026-11-29T15:00:00.000Z'),
			detectCrisis
		});
		const opened = await withNewOnly.list(userId);
		expect(opened.map((m) => (m.readable ? m.content.whatHappened : '')).sort()).toEqual([
			'moment 0',
			'moment 1',
			'moment 2'
		]);

		const second = await rotate({ ...env, STEADY_DATA_KEYS: `${newKey},${oldKey}` });
		expect(second.output).toContain('Re-sealed 0 values under the key "new"; 30 were already');

		// A ring without the key the values are under: named by id, and the command says so.
		const lost = await rotate({ ...env, STEADY_DATA_KEYS: keyEntry('other') });
		expect(lost.code).toBe(2);
		expect(lost.output).toContain('30 values could not be opened');
	}, 60_000);
});
