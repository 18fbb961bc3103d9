import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures';
import { startServer, type StartedServer } from './servers';

/**
 * The self-check keeps nothing: on a server of its own, logging everything it would log
 * (LOG_LEVEL=debug), a visitor's answers leave no trace in its output and no row in its database.
 */
const port = 4321;
const origin = `http://127.0.0.1:${port}`;
let server: StartedServer;

test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.use({ baseURL: origin });

test.beforeAll(async () => {
	// Another server already answering on this port would be checked in place of this one.
	await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
	server = await startServer(port, { LOG_LEVEL: 'debug' });
});

test.afterAll(async () => {
	await server?.stop();
});

/** Answers whose keys appear nowhere else, so that finding one anywhere means it leaked. */
const answers: Record<string, string> = {
	'question-worth-depends-on-partner': 'a-lot',
	'question-abandon-myself': 'a-little',
	'belief-perform-to-be-valued': 'a-lot',
	'belief-pulls-away-failing': 'not-at-all',
	'cycle-reassurance-not-absorbed': 'yes',
	'cycle-boundaries-threatening': 'yes'
};
const traces = [
	'worth-depends-on-partner',
	'abandon-myself',
	'perform-to-be-valued',
	'pulls-away-failing',
	'reassurance-not-absorbed',
	'boundaries-threatening',
	'a-lot',
	'a-little',
	'not-at-all',
	'tarbat-ness'
];

interface Snapshot {
	/** SHA-256 of the database file and its write-ahead log. */
	files: Record<string, string>;
	/** Rows in every table. */
	rows: Record<string, number>;
}

function snapshot(dataDir: string): Snapshot {
	const files: Record<string, string> = {};
	for (const name of ['steady.db', 'steady.db-wal']) {
		const file = path.join(dataDir, name);
		files[name] = existsSync(file)
			? createHash('sha256').update(readFileSync(file)).digest('hex')
			: 'absent';
	}
	const db = new Database(path.join(dataDir, 'steady.db'), { readonly: true, fileMustExist: true });
	try {
		const tables = (
			db
				.prepare(
					"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
				)
				.all() as { name: string }[]
		).map((t) => t.name);
		const rows = Object.fromEntries(
			tables.map((t) => [
				t,
				(db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n
			])
		);
		return { files, rows };
	} finally {
		db.close();
	}
}

/** The database once start-up has finished writing (two looks a second apart agree). */
async function settled(dataDir: string): Promise<Snapshot> {
	let last = snapshot(dataDir);
	for (let i = 0; i < 20; i += 1) {
		await new Promise((r) => setTimeout(r, 1000));
		const now = snapshot(dataDir);
		if (JSON.stringify(now) === JSON.stringify(last)) return now;
		last = now;
	}
	throw new Error('The database kept changing after start-up');
}

test('a self-check leaves nothing in the logs or the database', async ({ page, request }) => {
	const before = await settled(server.dataDir);
	expect(Object.keys(before.rows)).toContain('workbook_self_check');
	expect(Object.keys(before.rows).length).toBeGreaterThan(20);
	const addresses: string[] = [];
	page.on('request', (r) => addresses.push(r.url()));

	// Through the page, as a visitor would.
	await page.goto('/self-check');
	for (const [name, value] of Object.entries(answers)) {
		await page.locator(`input[name="${name}"][value="${value}"]`).check();
	}
	await page.getByRole('button', { name: 'Show my reflection' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your reflection');
	await expect(page.getByRole('main')).toContainText(
		'“Why does my self-worth depend so much on how my partner responds to me?” a lot'
	);
	await expect(page.getByRole('main')).toContainText('Boundaries feel threatening');
	// Pressing Save without an account keeps nothing either.
	await page.getByRole('button', { name: 'Save to my workbook' }).click();
	await expect(page.getByRole('alert')).toContainText('nothing was saved');
	await page.getByRole('button', { name: 'Change my answers' }).click();
	await expect(
		page.locator('input[name="question-abandon-myself"][value="a-little"]')
	).toBeChecked();

	// And a form that is refused: what it carried is not logged on the way out either.
	const refused = await request.post('/self-check?/reflect', {
		form: { ...answers, 'question-tarbat-ness': 'a-lot' },
		headers: { Origin: origin, Accept: 'text/html' }
	});
	expect(refused.status()).toBe(400);

	for (const address of addresses) {
		for (const trace of traces) expect(address, 'an address').not.toContain(trace);
	}

	// Every request was logged, and no log line holds an answer.
	await new Promise((r) => setTimeout(r, 1000));
	const lines = server.output().split('\n');
	const posts = lines.filter(
		(l) => l.includes('"method":"POST"') && l.includes('"route":"/(public)/self-check"')
	);
	expect(posts.length).toBeGreaterThanOrEqual(4);
	for (const trace of traces) {
		expect(
			lines.filter((l) => l.includes(trace)),
			`log lines holding "${trace}"`
		).toEqual([]);
	}

	// Nothing was written: not a row, not a byte of the database or its log.
	expect(snapshot(server.dataDir)).toEqual(before);
});
