/**
 * npm run test:reliability — Steady in scaled mode and through crashes, against the built server.
 *
 *   npm run build && npm run test:reliability [-- --bounded] [--only scaled|crash|crash-postgres|…]
 *
 * Scaled mode: two processes behind nginx (deploy/nginx.conf) on one SQLite folder, then on one
 * PostgreSQL schema, and 200 simultaneous bookings of one time. Crashes: a stream of bookings while
 * the server is killed with SIGKILL and started again, on SQLite and on PostgreSQL. PostgreSQL runs
 * when TEST_DATABASE_URL (or `--postgres <url>`) is set, in schemas of its own, dropped afterwards.
 * `--bounded` (or RELIABILITY_BOUNDED=1) runs fewer rounds, for CI. Ports: RELIABILITY_PORT
 * (default 4400) to +13, and +20, +21 for the hostile-input crawler (`--only hostile`, also
 * `npm run test:reliability:hostile`). Every test prints its figures; the run ends with "N passed, N failed".
 */
import { crashes } from './crash';
import { hostileInput } from './hostile/hostile';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from './databases';
import { buildIsMissing, cleanUpAll, nginxIsMissing } from './processes';
import type { Report } from './report';
import { scaledMode } from './scaled';

const args = process.argv.slice(2);
const bounded = args.includes('--bounded') || process.env.RELIABILITY_BOUNDED === '1';
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const postgresAt = args.indexOf('--postgres');
const postgresUrl =
	(postgresAt >= 0 ? args[postgresAt + 1] : undefined) || process.env.TEST_DATABASE_URL || '';
const base = Number(process.env.RELIABILITY_PORT || 4400);

const print = (line = '') => process.stdout.write(`${line}\n`);

const scaled = { attempts: 200, rounds: bounded ? 1 : 5 };
const crash = {
	bookings: bounded ? 100 : 500,
	concurrency: 8,
	answersBetweenKills: [6, 50] as [number, number],
	// Only a guard against a run that hangs: restarts take seconds each, far more on a busy machine.
	deadlineMs: bounded ? 600_000 : 2_400_000
};

interface ReliabilityTest {
	/** For --only: "scaled" or "crash", optionally followed by "-sqlite" or "-postgres". */
	id: string;
	name: string;
	part: 'scaled' | 'crash' | 'hostile';
	kind: TestDatabase['kind'];
	run: (database: TestDatabase) => Promise<Report>;
}

const tests: ReliabilityTest[] = [
	{
		id: 'scaled-sqlite',
		name: 'Scaled mode on SQLite: two processes, one data folder, behind nginx',
		part: 'scaled',
		kind: 'sqlite',
		run: (database) => scaledMode(database, { basePort: base, addressGroup: 10, ...scaled }, print)
	},
	{
		id: 'scaled-postgres',
		name: 'Scaled mode on PostgreSQL: two processes, one schema, behind nginx',
		part: 'scaled',
		kind: 'postgres',
		run: (database) =>
			scaledMode(database, { basePort: base + 4, addressGroup: 11, ...scaled }, print)
	},
	{
		id: 'crash-sqlite',
		name: 'Crashes on SQLite: SIGKILL during a stream of bookings',
		part: 'crash',
		kind: 'sqlite',
		run: (database) =>
			crashes(database, { port: base + 10, smtpPort: base + 11, addressGroup: 12, ...crash }, print)
	},
	{
		id: 'crash-postgres',
		name: 'Crashes on PostgreSQL: SIGKILL during a stream of bookings',
		part: 'crash',
		kind: 'postgres',
		run: (database) =>
			crashes(database, { port: base + 12, smtpPort: base + 13, addressGroup: 13, ...crash }, print)
	},
	{
		id: 'hostile',
		name: 'Hostile input: every page and form, as a visitor, a member and a practitioner',
		part: 'hostile',
		kind: 'sqlite',
		run: (database) =>
			hostileInput(
				database,
				{ port: base + 20, postgresPort: base + 21, postgresUrl, maxPages: 400 },
				print
			)
	}
];

let stopping = false;

async function main(): Promise<number> {
	const missingBuild = buildIsMissing();
	if (missingBuild) {
		console.error(missingBuild);
		return 1;
	}
	const chosen = tests.filter((t) => !only || t.id === only || t.part === only);
	if (chosen.some((t) => t.part === 'scaled')) {
		const missingNginx = nginxIsMissing();
		if (missingNginx) {
			console.error(missingNginx);
			return 1;
		}
	}
	print(
		`Steady reliability tests${bounded ? ' (bounded)' : ''}: scaled mode ${scaled.rounds} × ${scaled.attempts} attempts, crashes over ${crash.bookings} bookings`
	);
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	for (const test of chosen) {
		if (stopping) break;
		print();
		print(`▶ ${test.name}`);
		if (test.kind === 'postgres' && !postgresUrl) {
			print('  skipped: TEST_DATABASE_URL is not set');
			skipped++;
			continue;
		}
		let report: Report;
		try {
			const label = `${test.part}`;
			const database =
				test.kind === 'postgres'
					? await postgresDatabase(postgresUrl, label)
					: sqliteDatabase(label);
			try {
				report = await test.run(database);
			} finally {
				await database.close();
			}
		} catch (error) {
			report = { figures: [], problems: [`stopped: ${(error as Error).stack ?? error}`] };
		}
		const width = Math.max(0, ...report.figures.map(([label]) => label.length));
		for (const [label, value] of report.figures) print(`  ${label.padEnd(width)}  ${value}`);
		if (report.problems.length === 0) {
			print('  ✓ passed');
			passed++;
		} else {
			for (const problem of report.problems.slice(0, 40)) print(`  ✗ ${problem}`);
			if (report.problems.length > 40) print(`  ✗ … and ${report.problems.length - 40} more`);
			failed++;
		}
	}
	print();
	print(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

process.on('uncaughtException', (error) => {
	console.error(`Stopped by an unexpected error: ${error.stack ?? error}`);
	void cleanUpAll().finally(() => process.exit(1));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		stopping = true;
		print(`\nStopping (${signal}); cleaning up what this run started.`);
		void cleanUpAll().finally(() => process.exit(130));
	});
}

const code = await main().finally(cleanUpAll);
process.exit(code);
