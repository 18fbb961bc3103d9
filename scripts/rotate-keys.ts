// `npm run keys:rotate`: re-seals every workbook value under the first data key, so that an old
// key can then be removed from STEADY_DATA_KEYS (or DATA_DIR/data.keys). Safe to run again and
// beside a running server; prints counts and ids only, never what members wrote.
import { config } from '../src/lib/server/env';
import { openDatabase } from '../src/lib/server/db/database';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { resolveDataKeys } from '../src/lib/server/privacy/data-keys';
import { startupErrorMessage } from '../src/lib/server/startup-error';
import { rotateWorkbookKeys } from '../src/lib/server/workbook/key-rotation.service';
import { createWorkbookRepository } from '../src/lib/server/workbook/workbook.repository';

try {
	const cfg = config();
	const keys = resolveDataKeys(cfg.dataKeys, cfg.dataDir, (file) =>
		console.warn(`No data key was configured, so one was made in ${file}.`)
	);
	const opened = openDatabase(cfg.database);
	try {
		await migrateToLatest(opened.db);
		let rows = 0;
		const report = await rotateWorkbookKeys(createWorkbookRepository(opened.db), keys, {
			batchSize: 200,
			onBatch: (_table, count) => (rows += count)
		});
		console.warn(
			`Looked at ${rows} workbook rows. Re-sealed ${report.resealed} values under the key "${keys.currentKeyId}"; ${report.current} were already under it.`
		);
		if (report.skipped > 0) {
			console.warn(
				`${report.skipped} rows changed while this ran and were left for the next run: please run it again.`
			);
		}
		if (report.unreadable.length > 0) {
			console.warn(
				`${report.unreadable.length} values could not be opened with any configured key and were left as they are:`
			);
			for (const u of report.unreadable) console.warn(`  ${u.table} ${u.id} ${u.column}`);
			process.exitCode = 2;
		} else if (report.skipped === 0 && keys.keyIds.length > 1) {
			console.warn(
				`Every workbook value is now under "${keys.currentKeyId}"; the other keys (${keys.keyIds
					.slice(1)
					.join(', ')}) are no longer needed for the workbook.`
			);
		}
	} finally {
		await opened.close();
	}
} catch (error) {
	console.error(startupErrorMessage(error, 'The key rotation did not finish'));
	process.exit(1);
}
