import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, test } from './fixtures';
import { startServer, type StartedServer } from './servers';

/**
 * Two server processes on one database, and many people pressing "Book this time" for the same
 * time at once, through HTTP like real browsers: exactly one booking, everyone else told kindly.
 */
const basePort = Number(process.env.E2E_PORT || 4173);
const requests = 60;
const secrets = {
	AUTH_SECRET: randomBytes(32).toString('base64url'),
	BOOKING_KEY: randomBytes(32).toString('base64url'),
	STEADY_DATA_KEYS: `race:${randomBytes(32).toString('base64')}`
};

test.describe.configure({ mode: 'serial', timeout: 240_000 });

interface Outcome {
	status: number;
	location: string;
	body: string;
	ms: number;
}

/** Reads the hidden fields and the chosen time from a booking form page. */
function hiddenFields(html: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
		fields[match[1]!] = match[2]!;
	}
	return fields;
}

/** A made-up client address per request, so that no rate limit meant for one person applies. */
const address = (i: number) => `10.77.${Math.floor(i / 200)}.${(i % 200) + 1}`;

/**
 * Opens one booking form per person (half from each server, as a browser would), then sends them
 * all at once and returns what each person got back.
 */
async function race(servers: StartedServer[]): Promise<{ start: string; outcomes: Outcome[] }> {
	const [first] = servers;
	const page = await (await fetch(`${first!.baseURL}/consultation?tz=America%2FNew_York`)).text();
	const starts = [...page.matchAll(/class="slot-time[^"]*"[^>]*value="([^"]+)"/g)].map(
		(m) => m[1]!
	);
	expect(starts.length).toBeGreaterThan(5);
	const start = starts[3]!;

	const forms = await Promise.all(
		Array.from({ length: requests }, async (_, i) => {
			const server = servers[i % servers.length]!;
			const response = await fetch(
				`${server.baseURL}/consultation/book?tz=America%2FNew_York&start=${encodeURIComponent(start)}`,
				{ headers: { 'X-Forwarded-For': address(i) } }
			);
			expect(response.status).toBe(200);
			const hidden = hiddenFields(await response.text());
			expect(hidden.start).toBe(start);
			expect(hidden.idempotencyKey).toMatch(/^[A-Za-z0-9-]{16,64}$/);
			return { server, hidden, i };
		})
	);
	const outcomes = await Promise.all(
		forms.map(async ({ server, hidden, i }) => {
			const body = new URLSearchParams({
				...hidden,
				name: `Person ${i}`,
				email: `race-${i}-${Date.now()}@example.org`,
				phone: '',
				preferredContact: 'email',
				country: 'US',
				region: 'US-NY',
				consent: 'yes',
				topic: 'Hoping to talk about trusting myself',
				leaveEmpty: ''
			});
			const began = performance.now();
			const response = await fetch(`${server.baseURL}/consultation/book`, {
				method: 'POST',
				body,
				redirect: 'manual',
				headers: {
					// As a browser sends it: an HTML page back, not the JSON that enhanced forms get.
					Accept: 'text/html',
					'Content-Type': 'application/x-www-form-urlencoded',
					Origin: server.baseURL,
					'X-Forwarded-For': address(i)
				}
			});
			return {
				status: response.status,
				location: response.headers.get('location') ?? '',
				body: await response.text(),
				ms: performance.now() - began
			};
		})
	);
	return { start, outcomes };
}

function checkOutcomes(outcomes: Outcome[]) {
	expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
	const confirmed = outcomes.filter(
		(o) => o.status === 303 && /^\/consultation\/manage\/[\w-]{43}\?done=booked$/.test(o.location)
	);
	const seen = [...new Set(outcomes.map((o) => `${o.status} ${o.location}`.trim()))].join('; ');
	expect(confirmed, `answers: ${seen}`).toHaveLength(1);
	const others = outcomes.filter((o) => !confirmed.includes(o));
	expect(others).toHaveLength(requests - 1);
	for (const o of others) {
		expect(o.status).toBe(409);
		expect(o.body).toContain('That time was just taken');
	}
	const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
	test.info().annotations.push({
		type: 'timing',
		description: `${requests} simultaneous POSTs: median ${Math.round(times[times.length >> 1]!)} ms, slowest ${Math.round(times.at(-1)!)} ms`
	});
}

interface Rows {
	bookings: { id: string; start_at: string }[];
	mails: { kind: string; to_address: string }[];
}

function checkRows(rows: Rows, start: string) {
	expect(rows.bookings).toHaveLength(1);
	expect(rows.bookings[0]!.start_at).toBe(start);
	expect(rows.mails.map((m) => m.kind).sort()).toEqual([
		'booking-confirmed',
		'booking-notice',
		'booking-reminder',
		'booking-reminder'
	]);
}

test('SQLite: 60 simultaneous bookings of one time through two servers sharing one data folder', async () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'steady-e2e-race-'));
	const env = {
		...secrets,
		DATA_DIR: dataDir,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1'
	};
	const servers: StartedServer[] = [];
	try {
		servers.push(await startServer(basePort + 2, env));
		servers.push(await startServer(basePort + 3, env));
		const { start, outcomes } = await race(servers);
		checkOutcomes(outcomes);
		const db = new Database(path.join(dataDir, 'steady.db'), { readonly: true });
		try {
			checkRows(
				{
					bookings: db.prepare('select id, start_at from booking').all() as Rows['bookings'],
					mails: db
						.prepare("select kind, to_address from mail_outbox where kind like 'booking-%'")
						.all() as Rows['mails']
				},
				start
			);
		} finally {
			db.close();
		}
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('PostgreSQL: the same race, in a schema of its own', async () => {
	const url = process.env.TEST_DATABASE_URL;
	test.skip(!url, 'TEST_DATABASE_URL is not set');
	const schema = `e2e_race_${randomBytes(5).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	// PostgreSQL reads the schema to use from the address itself.
	const separator = url!.includes('?') ? '&' : '?';
	const env = {
		...secrets,
		DATABASE_URL: `${url}${separator}options=-c%20search_path%3D${schema}`,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1'
	};
	const servers: StartedServer[] = [];
	try {
		servers.push(await startServer(basePort + 4, env));
		servers.push(await startServer(basePort + 5, env));
		const { start, outcomes } = await race(servers);
		checkOutcomes(outcomes);
		const bookings = await admin.query<{ id: string; start_at: string }>(
			`select id, start_at from ${schema}.booking`
		);
		const mails = await admin.query<{ kind: string; to_address: string }>(
			`select kind, to_address from ${schema}.mail_outbox where kind like 'booking-%'`
		);
		checkRows({ bookings: bookings.rows, mails: mails.rows }, start);
		// Nothing was written outside the test's own schema.
		const elsewhere = await admin.query(
			"select 1 from information_schema.tables where table_schema = 'public' and table_name = 'booking'"
		);
		expect(elsewhere.rowCount).toBe(0);
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
		await admin.query(`drop schema if exists ${schema} cascade`);
		await admin.end();
	}
});
