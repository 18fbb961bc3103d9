// `npm run db:migrate`: brings the configured database to the latest schema and says what ran.
import { config } from '../src/lib/server/env';
import { openDatabase } from '../src/lib/server/db/database';
import { startupErrorMessage } from '../src/lib/server/startup-error';
import { migrateToLatest } from '../src/lib/server/db/migrate';

try {
	const cfg = config();
	const opened = openDatabase(cfg.database);
	try {
		const applied = await migrateToLatest(opened.db);
		const where = cfg.database.kind === 'sqlite' ? cfg.database.file : 'PostgreSQL';
		console.warn(
			applied.length === 0
				? `The database (${where}) is already up to date.`
				: `Applied to ${where}: ${applied.join(', ')}`
		);
	} finally {
		await opened.close();
	}
} catch (error) {
	console.error(startupErrorMessage(error, 'The migration did not finish'));
	process.exit(1);
}
