/**
 * Booking submissions per second: real form POSTs to /consultation/book, each prepared the way a
 * visitor's browser does it (open the booking page for a time, send back its hidden fields with
 * what the visitor typed), spread over many free times, e-mail addresses and client addresses.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/lib/server/db/database';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { percentile } from './measure';
import type { RunningServer } from './server';

export interface BookingFigures {
	database: 'sqlite' | 'postgres';
	submissions: number;
	concurrency: number;
	/** Submissions aimed at a time another submission of this run also asks for. */
	contended: number;
	seconds: number;
	rps: number;
	/** /healthz of the same server at the same concurrency, just before and just after. */
	healthzRps: number;
	/** Booking submissions per second over /healthz requests per second. */
	ratioToHealthz: number;
	p50Ms: number;
	p99Ms: number;
	outcomes: Record<string, number>;
	/** Answers other than a booking or "That time was just taken", as a share of all. */
	errorShare: number;
	meetsGoal: boolean;
	errorSamples: string[];
}

/**
 * The hours the practice is open during the benchmark: every day 07:00–21:00 and no daily cap,
 * so there are several hundred distinct free times to spread the submissions over (the default
 * hours, weekdays 9–17 with six a day, offer about 130 in a month).
 */
const openHours = { start: '07:00', end: '21:00' };

const widenSql = {
	cap: 'update booking_settings set daily_cap = null where id = 1',
	clear: 'delete from availability_weekly'
};

export async function openPracticeHours(
	server: RunningServer,
	postgres?: { url: string }
): Promise<void> {
	const rows = [1, 2, 3, 4, 5, 6, 7].map((weekday) => [randomUUID(), weekday] as const);
	if (postgres) {
		const client = new pg.Client({ connectionString: postgres.url });
		await client.connect();
		try {
			await client.query('begin');
			await client.query(widenSql.cap);
			await client.query(widenSql.clear);
			for (const [id, weekday] of rows) {
				await client.query(
					'insert into availability_weekly (id, weekday, start_time, end_time) values ($1, $2, $3, $4)',
					[id, weekday, openHours.start, openHours.end]
				);
			}
			await client.query('commit');
		} finally {
			await client.end();
		}
		return;
	}
	const db = new Database(path.join(server.dataDir, 'steady.db'), { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		db.transaction(() => {
			db.prepare(widenSql.cap).run();
			db.prepare(widenSql.clear).run();
			const insert = db.prepare(
				'insert into availability_weekly (id, weekday, start_time, end_time) values (?, ?, ?, ?)'
			);
			for (const [id, weekday] of rows) insert.run(id, weekday, openHours.start, openHours.end);
		})();
	} finally {
		db.close();
	}
}

/** Every bookable time the consultation page offers, week by week. */
async function offeredTimes(origin: string): Promise<string[]> {
	const times = new Set<string>();
	const today = new Date();
	for (let week = 0; week < 7; week++) {
		const day = new Date(today.getTime() + week * 7 * 86_400_000).toISOString().slice(0, 10);
		const html = await (await fetch(`${origin}/consultation?week=${day}`)).text();
		for (const match of html.matchAll(/data-start="([^"]+)"/g)) times.add(match[1]!);
	}
	return [...times].sort();
}

const clientAddress = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${(n & 255) + 1}`;

function hiddenInputs(html: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const match of html.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
		const name = match[0].match(/\bname="([^"]*)"/)?.[1];
		const value = match[0].match(/\bvalue="([^"]*)"/)?.[1];
		if (name && value !== undefined) fields[name] = value.replace(/&amp;/g, '&');
	}
	return fields;
}

interface Submission {
	url: string;
	address: string;
	body: string;
}

/** Opens the booking page for `start` and fills in its form as a visitor would. */
async function prepare(origin: string, start: string, n: number, run: string): Promise<Submission> {
	const address = clientAddress(n);
	const url = `${origin}/consultation/book?tz=America%2FNew_York&start=${encodeURIComponent(start)}`;
	const response = await fetch(url, { headers: { 'X-Forwarded-For': address } });
	const html = await response.text();
	const hidden = hiddenInputs(html);
	if (!hidden.idempotencyKey || hidden.start !== start) {
		throw new Error(`The booking page for ${start} did not offer that time (${response.status})`);
	}
	const body = new URLSearchParams({
		...hidden,
		name: `Visitor ${n}`,
		email: `visitor-${run}-${n}@example.org`,
		phone: '',
		preferredContact: 'email',
		country: 'US',
		region: 'US-NY',
		topic: 'I keep doubting myself at work and would like to talk about it.',
		consent: 'yes',
		leaveEmpty: ''
	});
	return { url, address, body: body.toString() };
}

/** A same-run reference: the cheapest route of the same server, at the same concurrency. */
async function healthzRate(origin: string, connections: number): Promise<number> {
	const result = await autocannon({ url: `${origin}/healthz`, connections, duration: 3 });
	return result['2xx'] / result.duration;
}

function classify(status: number, location: string | null, html: string): string {
	if (status === 303 && location?.includes('/consultation/manage/')) return 'booked';
	if (status === 409 && html.includes('That time was just taken')) return 'just taken';
	if (status >= 500) return `server error ${status}`;
	if (status === 429) return 'rate limited';
	const message =
		html.match(/<div class="card problems"[\s\S]*?<li><a[^>]*>([^<]+)</)?.[1] ??
		html.match(/<h2 id="times">([^<]+)</)?.[1];
	return `refused ${status}${message ? `: ${message.trim()}` : ''}`;
}

/**
 * Sends `count` bookings (one in `contendEvery` for a time another submission also asks for) with
 * `concurrency` in flight, and counts what came back.
 */
export async function benchmarkBookings(
	server: RunningServer,
	database: 'sqlite' | 'postgres',
	options: { count: number; concurrency: number; contendEvery: number },
	progress: (line: string) => void = () => {}
): Promise<BookingFigures> {
	const times = await offeredTimes(server.origin);
	if (times.length < 10) throw new Error(`Only ${times.length} free times were offered`);
	const run = randomUUID().slice(0, 8);
	const targets: string[] = [];
	let contended = 0;
	let fresh = 0;
	for (let n = 0; n < options.count; n++) {
		if ((n + 1) % options.contendEvery === 0 && targets.length >= 3) {
			// A time asked for by a submission that is in flight at about the same moment.
			targets.push(targets[targets.length - 3]!);
			contended++;
		} else if (fresh < times.length) {
			targets.push(times[fresh++]!);
		} else {
			targets.push(times[n % times.length]!);
			contended++;
		}
	}
	progress(
		`  ${times.length} free times offered; preparing ${options.count} forms (${contended} for an already chosen time)`
	);
	const submissions: Submission[] = [];
	for (let n = 0; n < targets.length; n += 4) {
		submissions.push(
			...(await Promise.all(
				targets.slice(n, n + 4).map((start, i) => prepare(server.origin, start, n + i, run))
			))
		);
	}

	const healthzBefore = await healthzRate(server.origin, options.concurrency);
	const latencies: number[] = [];
	const outcomes: Record<string, number> = {};
	const errorSamples: string[] = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: options.concurrency }, async () => {
			for (;;) {
				const submission = submissions[next++];
				if (!submission) return;
				const sent = performance.now();
				let kind: string;
				try {
					const response = await fetch(submission.url, {
						method: 'POST',
						redirect: 'manual',
						headers: {
							// What a browser sends; without text/html SvelteKit answers a form with JSON.
							Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
							Origin: server.origin,
							'Content-Type': 'application/x-www-form-urlencoded',
							'X-Forwarded-For': submission.address
						},
						body: submission.body
					});
					const html = await response.text();
					kind = classify(response.status, response.headers.get('location'), html);
				} catch (error) {
					kind = `network error: ${(error as Error).message}`;
				}
				latencies.push(performance.now() - sent);
				outcomes[kind] = (outcomes[kind] ?? 0) + 1;
				if (kind !== 'booked' && kind !== 'just taken' && errorSamples.length < 5) {
					errorSamples.push(kind);
				}
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	const healthzAfter = await healthzRate(server.origin, options.concurrency);
	const healthzRps = (healthzBefore + healthzAfter) / 2;
	const errors = Object.entries(outcomes)
		.filter(([kind]) => kind !== 'booked' && kind !== 'just taken')
		.reduce((sum, [, n]) => sum + n, 0);
	return {
		database,
		submissions: submissions.length,
		concurrency: options.concurrency,
		contended,
		seconds,
		rps: submissions.length / seconds,
		healthzRps,
		ratioToHealthz: submissions.length / seconds / healthzRps,
		p50Ms: percentile(latencies, 50),
		p99Ms: percentile(latencies, 99),
		outcomes,
		errorShare: errors / submissions.length,
		meetsGoal: errors === 0,
		errorSamples
	};
}

/** A PostgreSQL schema of its own for one run, and the URL that puts the server in it. */
export async function postgresSchema(
	url: string
): Promise<{ url: string; drop: () => Promise<void> }> {
	const schema = `steady_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(`create schema ${schema}`);
	} finally {
		await admin.end();
	}
	// Migrated here, naming the schema, as the database tests do: the server's own migration at
	// start cannot be told the schema, and Kysely then finds the bookkeeping tables of any other
	// schema on the server (another run's) and skips creating its own.
	const opened = openDatabase({ kind: 'postgres', url }, { schema, max: 2 });
	try {
		await migrateToLatest(opened.db, { schema });
	} finally {
		await opened.close();
	}
	const withSchema = new URL(url);
	withSchema.searchParams.set('options', `-c search_path=${schema}`);
	return {
		url: withSchema.href,
		drop: async () => {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			try {
				await client.query(`drop schema if exists ${schema} cascade`);
			} finally {
				await client.end();
			}
		}
	};
}
