/**
 * npm run bench — Steady's speed and weight, against references measured in the same run.
 *
 * Every speed figure is a ratio to something running beside it on the same machine at the same
 * time (a bare node:http server, the cheapest route, a trivial loop), taken in alternating rounds;
 * no absolute time is asserted, because the machines this runs on are shared and noisy.
 *
 * It builds nothing: run `npm run build` first. It starts the built server (node server.js) on a
 * fresh SQLite folder, and on PostgreSQL too when TEST_DATABASE_URL or `--postgres <url>` is given
 * (in a schema of its own, dropped afterwards). Writes bench/results/latest.json, prints a table,
 * and exits non-zero when a page-weight budget is exceeded or a measurement could not be taken.
 *
 *   npm run bench [-- --postgres postgres://user@host/db] [--quick] [--only booking,weight,…]
 *
 * --quick and --only (parts: memory, weight, article, consultation, lighthouse, booking, slots,
 * insights)
 * are for checking the script; their figures go to a temporary file, not to the record.
 * Type-check with `npx tsc -p bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	benchmarkBookings,
	openPracticeHours,
	postgresSchema,
	type BookingFigures
} from './booking';
import { measureService as measureInsights, type Row as InsightsRow } from './insights';
import { lighthouseGoals, runLighthouse, type LighthouseReport } from './lighthouse';
import { kilobytes, megabytes } from './measure';
import { measureMemory, type MemoryFigures } from './memory';
import { buildIsMissing, rawGet, startServer, stopAll, type RunningServer } from './server';
import { measureSlots, type SlotReport } from './slots';
import {
	compare,
	medianRps,
	startReplayServer,
	type Comparison,
	type LoadSettings
} from './throughput';
import { measureWeights, type WeightReport } from './weight';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ports = { sqlite: 4241, replay: 4242, postgres: 4243, chromium: 4248 };
const print = (line = '') => process.stdout.write(`${line}\n`);
let interrupted = false;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const postgresAt = args.indexOf('--postgres');
const onlyAt = args.indexOf('--only');
/** `--only booking,weight` runs just those parts (for checking one of them; not for the record). */
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
const wanted = (part: string) => !only || only.has(part);
const postgresUrl =
	(postgresAt >= 0 ? args[postgresAt + 1] : undefined) || process.env.TEST_DATABASE_URL || '';

const load: LoadSettings = quick
	? { connections: 10, durationSeconds: 2, rounds: 1, warmUpSeconds: 1 }
	: { connections: 10, durationSeconds: 5, rounds: 3, warmUpSeconds: 2 };
const bookingLoad = quick
	? { count: 60, concurrency: 4, contendEvery: 10 }
	: { count: 300, concurrency: 8, contendEvery: 10 };
const memoryRequests = quick ? 2000 : 10_000;
const lighthousePaths = [
	'/',
	'/articles/building-self-esteem',
	'/consultation',
	'/pause',
	'/self-check'
];

interface Results {
	when: string;
	machine: {
		cpus: number;
		cpuModel: string;
		loadAverage: number[];
		node: string;
		platform: string;
	};
	settings: { quick: boolean; load: LoadSettings; booking: typeof bookingLoad };
	throughput: { article?: Comparison; consultation?: Comparison };
	booking: BookingFigures[];
	slots?: SlotReport;
	/** The insights service, two years of daily entries: first visits and visits again. */
	insights: InsightsRow[];
	weight?: WeightReport;
	lighthouse?: LighthouseReport;
	memory?: MemoryFigures;
	notes: string[];
	failures: string[];
}

const results: Results = {
	when: new Date().toISOString(),
	machine: {
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`
	},
	settings: { quick, load, booking: bookingLoad },
	throughput: {},
	booking: [],
	insights: [],
	notes: [],
	failures: []
};

/** Runs one measurement; a failure is recorded and printed, and the others still run. */
async function step<T>(
	part: string,
	title: string,
	work: () => Promise<T>
): Promise<T | undefined> {
	if (!wanted(part)) return undefined;
	print(`\n${title}`);
	try {
		return await work();
	} catch (error) {
		const message = `${title}: ${(error as Error).message}`;
		results.failures.push(message);
		print(`  FAILED — ${(error as Error).message}`);
		return undefined;
	}
}

async function main(): Promise<number> {
	const missing = buildIsMissing(root);
	if (missing) {
		console.error(missing);
		return 2;
	}
	print(
		`Steady benchmarks — ${results.machine.cpus} CPUs (${results.machine.cpuModel}), load average ` +
			`${results.machine.loadAverage.join(' ')}, Node ${process.version}${quick ? ', quick mode' : ''}`
	);
	print('Speed is reported as ratios to references measured beside it in the same run.');

	const server: RunningServer = await startServer(root, ports.sqlite);
	try {
		results.memory = await step(
			'memory',
			`Memory: resident set after start and after ${memoryRequests.toLocaleString('en')} mixed requests`,
			async () => {
				const figures = await measureMemory(server, memoryRequests);
				print(
					`  ${megabytes(figures.rssAfterStartBytes)} after start, ${megabytes(figures.rssAfterRequestsBytes)} after ${figures.requests} requests (${Object.entries(
						figures.byStatus
					)
						.map(([s, n]) => `${n}× ${s}`)
						.join(', ')})`
				);
				return figures;
			}
		);

		results.weight = await step('weight', 'Page weight', async () => {
			const report = await measureWeights(server);
			for (const skipped of report.skipped) print(`  ${skipped.path}: skipped, ${skipped.reason}`);
			return report;
		});

		results.throughput.article = await step(
			'article',
			'Article page throughput against a bare node:http server sending the same response',
			async () => {
				const essay = '/articles/building-self-esteem';
				const recorded = await rawGet(`${server.origin}${essay}`);
				if (recorded.status !== 200) throw new Error(`${essay} answered ${recorded.status}`);
				const replay = await startReplayServer(root, ports.replay, essay, recorded);
				try {
					return await compare(
						{ label: 'Steady', url: `${server.origin}${essay}` },
						{ label: 'bare node:http', url: replay.url },
						0.7,
						load,
						print
					);
				} finally {
					await replay.stop();
				}
			}
		);

		results.throughput.consultation = await step(
			'consultation',
			'/consultation (times computed per request) against /healthz of the same server',
			() =>
				compare(
					{ label: '/consultation', url: `${server.origin}/consultation` },
					{ label: '/healthz', url: `${server.origin}/healthz` },
					0.5,
					load,
					print
				)
		);

		results.lighthouse = await step(
			'lighthouse',
			'Lighthouse (mobile, default config)',
			async () => {
				const report = await runLighthouse(
					server.origin,
					lighthousePaths,
					ports.chromium,
					{ runs: quick ? 1 : 3 },
					print
				);
				for (const skipped of report.skipped)
					print(`  ${skipped.path}: skipped, ${skipped.reason}`);
				if (!report.ran) print(`  Lighthouse could not run: ${report.reason}`);
				for (const f of report.failed ?? []) {
					results.failures.push(`Lighthouse on ${f.path}: ${f.reason}`);
				}
				return report;
			}
		);

		const sqliteBooking = await step('booking', 'Booking submissions on SQLite', async () => {
			await openPracticeHours(server);
			return benchmarkBookings(server, 'sqlite', bookingLoad, print);
		});
		if (sqliteBooking) results.booking.push(sqliteBooking);
	} finally {
		await server.stop();
	}

	if (postgresUrl) {
		const pgBooking = await step(
			'booking',
			'Booking submissions on PostgreSQL (a schema of its own)',
			async () => {
				const schema = await postgresSchema(postgresUrl);
				try {
					const pgServer = await startServer(root, ports.postgres, {
						DATABASE_URL: schema.url,
						AUTH_SECRET: 'bench-auth-secret-0123456789abcdef0123456789abcdef',
						BOOKING_KEY: 'bench-booking-key-0123456789abcdef0123456789abcdef',
						// Every process on PostgreSQL must be given the keys that seal the workbook.
						STEADY_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`
					});
					try {
						await openPracticeHours(pgServer, { url: schema.url });
						return await benchmarkBookings(pgServer, 'postgres', bookingLoad, print);
					} finally {
						await pgServer.stop();
					}
				} finally {
					await schema.drop();
				}
			}
		);
		if (pgBooking) results.booking.push(pgBooking);
	} else {
		results.notes.push(
			'PostgreSQL not measured: set TEST_DATABASE_URL or pass --postgres <url> to include it.'
		);
	}

	results.slots = await step('slots', 'bench:slots (30 days, 200 bookings)', async () =>
		measureSlots(quick ? 300 : 2000)
	);

	// Two years of daily entries: bench:insights' service measurement, fewer rounds.
	const insightsRounds = quick ? 5 : 15;
	for (const kind of postgresUrl ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
		const rows = await step(
			'insights',
			`bench:insights on ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (two years of entries)`,
			() =>
				measureInsights(kind, {
					rounds: insightsRounds,
					postgresUrl,
					print: (line = '') => print(`  ${line}`)
				})
		);
		if (rows) results.insights.push(...rows);
	}

	// An interrupted run records nothing: its figures would be half of a run.
	if (interrupted) return 130;
	report();
	// Only a complete run replaces the record the README quotes.
	const file =
		quick || only
			? path.join(os.tmpdir(), 'steady-bench-partial.json')
			: path.join(root, 'bench', 'results', 'latest.json');
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
	print(`\nWritten to ${quick || only ? file : path.relative(process.cwd(), file)}`);

	const overBudget = results.weight?.overBudget ?? [];
	if (overBudget.length > 0) {
		print(`\nPage-weight budget exceeded: ${overBudget.join(', ')}`);
		return 1;
	}
	if (results.failures.length > 0) {
		print(`\n${results.failures.length} measurement(s) could not be taken.`);
		return 1;
	}
	return 0;
}

const yesNo = (ok: boolean) => (ok ? 'meets goal' : 'BELOW GOAL');

function table(header: string[], rows: string[][]) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
	print(line(header));
	print(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
	for (const row of rows) print(line(row));
}

function report() {
	print('\n=== Results ===\n');
	const speed: string[][] = [];
	const { article, consultation } = results.throughput;
	for (const [name, c] of [
		['Article page vs bare node:http', article],
		['/consultation vs /healthz', consultation]
	] as const) {
		if (!c) continue;
		speed.push([
			name,
			`${medianRps(c.measured.rounds).toFixed(0)} / ${medianRps(c.reference.rounds).toFixed(0)} rps`,
			c.ratio.toFixed(2),
			`≥ ${c.goal}`,
			yesNo(c.meetsGoal)
		]);
	}
	for (const b of results.booking) {
		const errors = Object.entries(b.outcomes)
			.filter(([kind]) => kind !== 'booked' && kind !== 'just taken')
			.map(([kind, n]) => `${n}× ${kind}`);
		speed.push([
			`Booking on ${b.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${b.submissions} forms, ${b.concurrency} at once)`,
			`${b.rps.toFixed(1)} rps, p50 ${b.p50Ms.toFixed(0)} ms, p99 ${b.p99Ms.toFixed(0)} ms`,
			`${b.ratioToHealthz.toFixed(3)} of /healthz (${b.healthzRps.toFixed(0)} rps); ${b.outcomes.booked ?? 0} booked, ${b.outcomes['just taken'] ?? 0} just taken${errors.length ? `, ${errors.join(', ')}` : ''}`,
			'0 other errors',
			yesNo(b.meetsGoal)
		]);
	}
	if (results.slots) {
		for (const s of results.slots.scenarios) {
			speed.push([
				`Slots: ${s.label}`,
				`median ${s.medianMs.toFixed(3)} ms, p99 ${s.p99Ms.toFixed(3)} ms`,
				`${s.ratio.toFixed(1)}× reference loop`,
				'< 1 ms median',
				yesNo(s.medianMs < 1)
			]);
		}
	}
	for (const row of results.insights.filter((r) => r.label.includes('first visit'))) {
		speed.push([
			`Insights, ${row.label
				.replace('service on sqlite, ', '')
				.replace('service on postgres, ', 'PostgreSQL, ')}`,
			`median ${row.measured.medianMs.toFixed(1)} ms, p99 ${row.measured.p99Ms.toFixed(1)} ms`,
			`${row.ratio.toFixed(1)}× opening 1,000 values (${row.reference.medianMs.toFixed(1)} ms)`,
			'< 100 ms median',
			yesNo(row.measured.medianMs < 100)
		]);
	}
	table(['speed', 'figures (this run)', 'ratio / outcome', 'goal', ''], speed);

	if (results.weight) {
		print('');
		table(
			['page', 'HTML raw / gzip', 'CSS raw / gzip', 'JS raw / gzip', 'HTML as served', 'budget'],
			results.weight.pages.map((p) => [
				`${p.path}${p.audience === 'member' ? ' (member)' : ''}`,
				`${kilobytes(p.html.raw)} / ${kilobytes(p.html.gzip)}`,
				`${kilobytes(p.css.raw)} / ${kilobytes(p.css.gzip)}`,
				`${kilobytes(p.js.raw)} / ${kilobytes(p.js.gzip)}`,
				`${p.servedEncoding}, ${kilobytes(p.servedBytes)}`,
				p.budget ? `${p.budget.note}: ${p.withinBudget ? 'ok' : 'EXCEEDED'}` : '—'
			])
		);
		for (const s of results.weight.skipped) print(`  ${s.path}: skipped, ${s.reason}`);
	}

	if (results.lighthouse) {
		print('');
		const lh = results.lighthouse;
		if (lh.pages.length > 0) {
			const ids = Object.keys(lighthouseGoals);
			table(
				['Lighthouse (mobile)', ...ids, 'performance, every run', 'CPU index', ''],
				lh.pages.map((p) => [
					p.path,
					...ids.map((id) => (p.scores[id] == null ? '—' : p.scores[id]!.toFixed(2))),
					p.performanceRuns.map((score) => (score == null ? '—' : score.toFixed(2))).join(', '),
					p.benchmarkIndex == null ? '—' : String(Math.round(p.benchmarkIndex)),
					yesNo(p.meetsGoal)
				])
			);
			const ms = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v)} ms`);
			print('');
			table(
				[
					'Lighthouse, median run',
					'first paint',
					'largest paint',
					'blocking',
					'layout shift',
					'bytes'
				],
				lh.pages.map((p) => {
					const m = p.metrics ?? {};
					const bytes = m['bytes transferred'];
					return [
						p.path,
						ms(m['first contentful paint']),
						ms(m['largest contentful paint']),
						ms(m['total blocking time']),
						m['cumulative layout shift'] == null ? '—' : m['cumulative layout shift']!.toFixed(3),
						bytes == null ? '—' : `${(bytes / 1024).toFixed(1)} KB`
					];
				})
			);
			for (const p of lh.pages) {
				for (const [id, titles] of Object.entries(p.failing)) {
					print(
						`  ${p.path} ${id}: ${titles.length ? titles.join('; ') : '(no single audit below goal)'}`
					);
				}
			}
		}
		for (const s of lh.skipped) print(`  ${s.path}: skipped, ${s.reason}`);
		for (const f of lh.failed ?? []) print(`  ${f.path}: Lighthouse failed: ${f.reason}`);
		if (!lh.ran) print(`  Lighthouse could not run: ${lh.reason}`);
	}

	if (results.memory) {
		const m = results.memory;
		print(
			`\nMemory (VmRSS): ${megabytes(m.rssAfterStartBytes)} after start, ${megabytes(m.rssAfterRequestsBytes)} after ${m.requests.toLocaleString('en')} mixed requests`
		);
	}
	for (const note of results.notes) print(`Note: ${note}`);
	for (const failure of results.failures) print(`FAILED: ${failure}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (interrupted) return;
		interrupted = true;
		print(`\n${signal}: stopping the servers this run started`);
		void stopAll().finally(() => process.exit(130));
	});
}

main()
	.then(async (code) => {
		await stopAll();
		process.exit(code);
	})
	.catch(async (error) => {
		console.error(error);
		await stopAll();
		process.exit(1);
	});
