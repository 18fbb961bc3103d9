// `npm run db:migrate`: brings the configured database to the latest schema and says what ran.
import { config, ConfigError } from '../src/lib/server/env';
import { openDatabase, DatabaseStartError } from '../src/lib/server/db/database';
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
	if (error instanceof ConfigError || error instanceof DatabaseStartError)
		console.error(error.message);
	else console.error(`The migration did not finish: ${(error as Error).message}`);
	process.exit(1);
}
