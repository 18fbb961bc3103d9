/**
 * npm run bench:insights — how long the insights page takes for a member with two years of daily
 * entries (bench/workbook-seed.ts: 730 moments, 734 belief ratings, 106 check-ins, 104 weeks of
 * practices, about 500 practice entries and 560 quiet wins).
 *
 * 1. The insights service, on a fresh SQLite database (and on PostgreSQL, in a schema of its own,
 *    when TEST_DATABASE_URL is set or `--postgres <url>` is given), for each period: a first visit
 *    (every value of the period opened) and a visit again (the facts kept, sealed, from the last
 *    one; docs/decisions/011-insights-sealed-memo.md). Their reference, in the same rounds: opening
 *    1,000 sealed workbook values, which is most of what a first visit does, so a ratio reads "as
 *    long as opening N × 1,000 values".
 * 2. The rendered page, from the built server (`npm run build` first; skipped when there is no
 *    build), signed in as the member, one request at a time. Its reference, in alternating rounds:
 *    /healthz of the same server (docs/decisions/006-measuring-speed.md).
 *
 * Prints medians and 99th percentiles; asserts no time.
 *
 *   npm run bench:insights [-- --postgres postgres://user@host/db] [--quick]
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/lib/server/clock';
import { openDatabase, type Database } from '../src/lib/server/db/database';
import { createTestDatabase } from '../src/lib/server/db/test-database';
import {
	createDataKeyRing,
	parseDataKeys,
	resolveDataKeys,
	type DataKeyRing
} from '../src/lib/server/privacy/data-keys';
import { createInsightsRepository } from '../src/lib/server/workbook/insights.repository';
import { createInsightsService } from '../src/lib/server/workbook/insights.service';
import { member } from '../src/lib/server/workbook/workbook.test-setup';
import { periods, type Period } from '../src/lib/workbook/insights';
import { postgresSchema } from './booking';
import { median, percentile } from './measure';
import { buildIsMissing, rawGet, startServer, stopAll } from './server';
import { signedInMember } from './weight';
import { seedWorkbook, type SeedCounts } from './workbook-seed';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = 4361;
const zone = 'America/New_York';
const days = 730;
const print = (line = '') => process.stdout.write(`${line}\n`);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const postgresAt = args.indexOf('--postgres');
const postgresUrl =
	(postgresAt >= 0 ? args[postgresAt + 1] : undefined) || process.env.TEST_DATABASE_URL || '';
const rounds = quick ? 8 : 40;

interface Figures {
	medianMs: number;
	p99Ms: number;
}

export interface Row {
	label: string;
	measured: Figures;
	reference: Figures;
	ratio: number;
}

const figures = (times: number[]): Figures => ({
	medianMs: median(times),
	p99Ms: percentile(times, 99)
});

/**
 * Times each runner once per round, the order turning by one each round (A B C, B C A, …), after
 * a warm-up of all, so that load from elsewhere on the machine tends to land on each alike.
 */
async function alternate(runners: (() => Promise<unknown>)[], count: number): Promise<number[][]> {
	for (let i = 0; i < 3; i++) for (const run of runners) await run();
	const times = runners.map(() => [] as number[]);
	for (let round = 0; round < count; round++) {
		for (let k = 0; k < runners.length; k++) {
			const which = (round + k) % runners.length;
			const started = performance.now();
			await runners[which]!();
			times[which]!.push(performance.now() - started);
		}
	}
	return times;
}

/** Opening 1,000 sealed values of the same size as the workbook's: the reference for the service. */
function openingReference(keys: DataKeyRing): () => Promise<void> {
	const sealed = Array.from({ length: 1000 }, (_, i) => ({
		context: `workbook_moment:${i}:feelings`,
		value: keys.seal(
			JSON.stringify([{ key: 'anxious', name: 'Anxious', level: i % 100 }]),
			`workbook_moment:${i}:feelings`
		)
	}));
	return async () => {
		for (const { context, value } of sealed) JSON.parse(keys.open(value, context));
	};
}

function describeCounts(counts: SeedCounts): string {
	return `${counts.moments} moments, ${counts.ratings} belief ratings, ${counts.checkins} check-ins, ${counts.practiceWeeks} weeks of practices, ${counts.practiceEntries} practice entries, ${counts.wins} quiet wins`;
}

/**
 * The insights service for a member with two years of entries, each period on a first visit and
 * again, against opening 1,000 sealed values in the same rounds. Also used by `npm run bench`.
 */
export async function measureService(
	kind: 'sqlite' | 'postgres',
	options: { rounds: number; postgresUrl?: string; print?: (line?: string) => void } = {
		rounds,
		postgresUrl
	}
): Promise<Row[]> {
	const say = options.print ?? print;
	let database: Database & { destroy?: () => Promise<void> };
	let drop: (() => Promise<void>) | undefined;
	if (kind === 'sqlite') {
		database = await createTestDatabase('sqlite');
	} else {
		if (!options.postgresUrl) throw new Error('No PostgreSQL address was given');
		const schema = await postgresSchema(options.postgresUrl);
		drop = schema.drop;
		database = openDatabase({ kind: 'postgres', url: schema.url }, { max: 4 });
	}
	try {
		const keys = createDataKeyRing(parseDataKeys(`k1:${randomBytes(32).toString('base64')}`));
		const userId = await member({ db: database.db, database: { kind } }, 'Robin');
		const started = performance.now();
		const counts = await seedWorkbook(database.db, keys, userId, { days });
		say(
			`${kind}: seeded ${describeCounts(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`
		);
		const repository = createInsightsRepository(database.db);
		// A first visit opens every value of the period; later visits open the sealed facts kept
		// from the last one and whatever changed since (docs/decisions/011-insights-sealed-memo.md).
		const first = createInsightsService({ repository, keys, clock: systemClock, remember: false });
		const again = createInsightsService({ repository, keys, clock: systemClock });
		const reference = openingReference(keys);
		const rows: Row[] = [];
		for (const { key, label } of periods) {
			const [cold, warm, ref] = await alternate(
				[
					() => first.forMember(userId, key as Period, zone),
					() => again.forMember(userId, key as Period, zone),
					reference
				],
				options.rounds
			);
			const refFigures = figures(ref!);
			for (const [visit, times] of [
				['first visit', cold!],
				['again', warm!]
			] as const) {
				const measured = figures(times);
				rows.push({
					label: `service on ${kind}, ${label.toLowerCase()}, ${visit}`,
					measured,
					reference: refFigures,
					ratio: measured.medianMs / refFigures.medianMs
				});
			}
		}
		return rows;
	} finally {
		if (database.destroy) await database.destroy();
		else await database.close();
		await drop?.();
	}
}

async function measurePage(): Promise<Row[]> {
	const server = await startServer(root, port);
	try {
		const cookie = await signedInMember(server);
		const database = openDatabase({
			kind: 'sqlite',
			file: path.join(server.dataDir, 'steady.db')
		});
		try {
			const user = await database.db
				.selectFrom('user')
				.select('id')
				.where('role', '=', 'member')
				.executeTakeFirstOrThrow();
			// The server made its data key at start; the seed seals with the same one.
			const keys = resolveDataKeys(undefined, server.dataDir);
			const counts = await seedWorkbook(database.db, keys, user.id, { days });
			print(`page: seeded ${describeCounts(counts)} into the built server's database`);
		} finally {
			await database.close();
		}
		const rows: Row[] = [];
		for (const { key, label } of periods) {
			const url = `${server.origin}/app/insights?period=${key}`;
			const page = async () => {
				const response = await rawGet(url, { Cookie: cookie });
				if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
				if (!response.body.includes('Where beliefs come up')) throw new Error(`${url}: no page`);
			};
			const healthz = async () => {
				const response = await rawGet(`${server.origin}/healthz`);
				if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
			};
			// For context: the member's home, the plainest page behind the same sign-in.
			const home = async () => {
				const response = await rawGet(`${server.origin}/app`, { Cookie: cookie });
				if (response.status !== 200) throw new Error(`/app answered ${response.status}`);
			};
			const [pageTimes, healthzTimes, homeTimes] = await alternate([page, healthz, home], rounds);
			const measured = figures(pageTimes!);
			const ref = figures(healthzTimes!);
			const plain = figures(homeTimes!);
			print(
				`page, ${label.toLowerCase()}: /app beside it, median ${plain.medianMs.toFixed(1)} ms (p99 ${plain.p99Ms.toFixed(1)} ms)`
			);
			rows.push({
				label: `page, ${label.toLowerCase()}, again`,
				measured,
				reference: ref,
				ratio: measured.medianMs / ref.medianMs
			});
		}
		const html = await rawGet(`${server.origin}/app/insights?period=all`, { Cookie: cookie });
		print(`page: ${(html.body.length / 1024).toFixed(1)} KB of HTML for everything`);
		return rows;
	} finally {
		await server.stop();
	}
}

async function main() {
	print(
		`insights for ${days} days of entries; ${os.cpus().length} cores, load average ${os
			.loadavg()
			.map((n) => n.toFixed(1))
			.join(' ')}; ${rounds} alternating rounds each`
	);
	const rows: Row[] = [...(await measureService('sqlite'))];
	if (postgresUrl) rows.push(...(await measureService('postgres')));
	else print('PostgreSQL: skipped (set TEST_DATABASE_URL or pass --postgres <url>)');
	const missing = buildIsMissing(root);
	if (missing) print(`page: skipped. ${missing}`);
	else rows.push(...(await measurePage()));

	print();
	const ms = (n: number) => `${n.toFixed(1)} ms`;
	print('| measured | median | p99 | reference median (p99) | ratio of medians |');
	print('| --- | --- | --- | --- | --- |');
	for (const row of rows) {
		const reference = row.label.startsWith('page') ? '/healthz' : 'opening 1,000 sealed values';
		print(
			`| ${row.label} | ${ms(row.measured.medianMs)} | ${ms(row.measured.p99Ms)} | ${reference}: ${ms(row.reference.medianMs)} (${ms(row.reference.p99Ms)}) | ${row.ratio.toFixed(1)}× |`
		);
	}
}

// Run as a script (not when `npm run bench` imports measureService).
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
	process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
	main().catch(async (error) => {
		console.error(error);
		await stopAll();
		process.exit(1);
	});
}
