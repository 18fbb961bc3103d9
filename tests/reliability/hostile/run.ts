/**
 * npm run test:reliability:hostile — the hostile-input crawler on its own (also run by
 * `npm run test:reliability -- --only hostile`).
 *
 *   npm run build && npm run test:reliability:hostile
 *
 * Ports 4420 (the server on SQLite) and 4421 (the server on PostgreSQL whose schema is dropped,
 * for the 500 page); HOSTILE_PORT moves them. PostgreSQL is TEST_DATABASE_URL, or
 * postgres://postgres@127.0.0.1:5432/test; when it cannot be reached, that part is skipped with a
 * note. Prints its figures and every failure; exits non-zero on any.
 */
import { sqliteDatabase } from '../databases';
import { buildIsMissing, cleanUpAll } from '../processes';
import type { Report } from '../report';
import { hostileInput } from './hostile';

const print = (line = '') => process.stdout.write(`${line}\n`);
const port = Number(process.env.HOSTILE_PORT || 4420);
const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function main(): Promise<number> {
	const missing = buildIsMissing();
	if (missing) {
		console.error(missing);
		return 1;
	}
	print(
		'▶ Hostile input: a crawl of every page and form, as a visitor, a member and a practitioner'
	);
	let report: Report;
	const database = sqliteDatabase('hostile');
	try {
		report = await hostileInput(
			database,
			{ port, postgresPort: port + 1, postgresUrl, maxPages: 400 },
			print
		);
	} catch (error) {
		report = { figures: [], problems: [`stopped: ${(error as Error).stack ?? error}`] };
	} finally {
		await database.close();
	}
	const width = Math.max(0, ...report.figures.map(([label]) => label.length));
	for (const [label, value] of report.figures) print(`  ${label.padEnd(width)}  ${value}`);
	for (const problem of report.problems) print(`  ✗ ${problem}`);
	print(report.problems.length === 0 ? '  ✓ passed' : `  ${report.problems.length} failures`);
	return report.problems.length === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		print(`\nStopping (${signal}); cleaning up what this run started.`);
		void cleanUpAll().finally(() => process.exit(130));
	});
}

const code = await main().finally(cleanUpAll);
process.exit(code);
