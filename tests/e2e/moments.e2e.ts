import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import {
	mainSite,
	memberPassword,
	readDatabase,
	signedInMember,
	signInByApi,
	writeDatabase,
	type TestMember
} from './accounts';
import { startServer } from './servers';

const shots = '/tmp/shots-workbook';
mkdirSync(shots, { recursive: true });

async function shot(page: Page, name: string) {
	await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/**
 * axe runs as a script in the page, so it can only check pages where JavaScript is on; the same
 * pages are checked with it in the runs that have JavaScript.
 */
async function checked(page: Page, js: boolean) {
	if (js) await expectAccessible(page);
}

/** Opens a path and checks its status (and, with JavaScript, axe). */
async function open(page: Page, path: string, js: boolean) {
	if (js) return visit(page, path);
	const response = await page.goto(path);
	expect(response?.status(), `status of ${path}`).toBe(200);
	return response;
}

/** Every byte the server's SQLite database keeps (the file and its write-ahead log). */
function databaseHolds(text: string): string[] {
	const dir = mainSite().dataDir;
	return readdirSync(dir)
		.filter((name) => name.startsWith('steady.db'))
		.filter((name) => readFileSync(path.join(dir, name)).includes(Buffer.from(text)));
}

async function signInWithPassword(page: Page, member: TestMember) {
	await page.goto('/sign-in');
	const form = page.getByRole('form', { name: 'Sign in with your password' });
	await form.getByLabel('E-mail address').fill(member.email);
	await form.getByLabel('Password').fill(member.password);
	await form.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/app$/);
}

/** Walks through every step of a new moment, checking each page, and saves it. */
async function recordMoment(page: Page, sentence: string, js: boolean, screenshots = false) {
	await open(page, '/app', js);
	await page.getByRole('link', { name: 'Moments' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your moments');
	await checked(page, js);
	await page.getByRole('link', { name: 'Write down a moment' }).click();

	await expect(page.getByText('Step 1 of 8: What happened?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('What happened?').fill(sentence);
	await page.getByLabel('No reply').check();
	if (screenshots) await shot(page, 'moment-step-1');
	await page.getByRole('button', { name: 'Next' }).click();

	await expect(page.getByText('Step 2 of 8: Who was it with?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('Partner').check();
	await page.getByLabel('Anyone else, in your own words').fill('Sam');
	await page.getByRole('button', { name: 'Next' }).click();

	await expect(page.getByText('Step 3 of 8: What did you feel?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('Anxious').fill('80');
	await page.getByLabel('Hurt').fill('60');
	if (screenshots) await shot(page, 'moment-step-3');
	await page.getByRole('button', { name: 'Next' }).click();

	await expect(page.getByText('Step 4 of 8: What story did you tell yourself?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('“If someone pulls away, it means I am failing”').check();
	if (screenshots) await shot(page, 'moment-step-4');
	await page.getByRole('button', { name: 'Next' }).click();

	await expect(page.getByText('Step 5 of 8: What did you feel the urge to do?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('Seek reassurance').check();
	await page.getByRole('button', { name: 'Next' }).click();

	// This one is skipped: left empty.
	await expect(page.getByText('Step 6 of 8: What did you do?')).toBeVisible();
	await checked(page, js);
	await page.getByRole('button', { name: 'Next' }).click();

	await expect(page.getByText('Step 7 of 8: What helped?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('What helped, even a little?').fill('Breathing slowly by the window.');
	await page.getByRole('button', { name: 'Next' }).click();

	await expect(page.getByText('Step 8 of 8: How strong is the feeling now?')).toBeVisible();
	await checked(page, js);
	await page.getByLabel('How strong is the feeling now?').fill('30');
	await page.getByRole('button', { name: 'Look it over' }).click();

	await expect(page.getByText('Last step: look it over')).toBeVisible();
	await checked(page, js);
	const summary = page.getByRole('main');
	await expect(summary).toContainText(sentence);
	await expect(summary).toContainText('Anxious 80, Hurt 60');
	await expect(summary).toContainText('“If someone pulls away, it means I am failing”');
	await expect(summary).toContainText('Left empty');
	if (screenshots) await shot(page, 'moment-review');
	await page.getByRole('button', { name: 'Save this moment' }).click();

	await expect(page).toHaveURL(/\/app\/moments\/[0-9a-f-]{36}\?saved=1$/);
	await expect(page.getByRole('status')).toContainText('Saved.');
	await expect(page.getByRole('main')).toContainText(sentence);
	await expect(page.getByRole('main')).toContainText('30 out of 100');
	await checked(page, js);
	if (screenshots) await shot(page, 'moment-page');
	return page.url().match(/moments\/([0-9a-f-]{36})/)![1]!;
}

test('a moment recorded step by step without JavaScript is kept, and only sealed', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	await signedInMember(page);
	const sentence = `No reply from Sam since the harbour walk ${Date.now()}`;
	const id = await recordMoment(page, sentence, false, true);

	await open(page, '/app/moments', false);
	await expect(page.getByRole('link', { name: /\d{4}/ }).first()).toBeVisible();
	await expect(page.getByRole('main')).toContainText(sentence);
	await shot(page, 'moments-list');

	// The filters are a plain GET form.
	await page.getByLabel('An urge').selectOption('withdraw');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByText('No moment matches that.')).toBeVisible();
	await page.getByLabel('An urge').selectOption('seek-reassurance');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByRole('main')).toContainText(sentence);
	// A person of the member's own naming is chosen by a token: the name never goes in the link.
	await page.getByLabel('An urge').selectOption('');
	await page.getByLabel('A person').selectOption({ label: 'Sam' });
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByRole('main')).toContainText(sentence);
	expect(page.url()).toMatch(/person=label%3A[\w-]{22}/);
	expect(page.url()).not.toContain('Sam');

	// Edit without JavaScript; a number out of range is refused beside its field, nothing lost.
	await open(page, `/app/moments/${id}/edit`, false);
	await shot(page, 'moment-edit');
	await page.getByLabel('What did you do?').fill('Put the phone in another room.');
	await page.getByLabel('How strong is the feeling now?').fill('150');
	await page.getByRole('button', { name: 'Save the changes' }).click();
	await expect(page.getByText('Please give a whole number from 0')).toBeVisible();
	await expect(page.getByLabel('What did you do?')).toHaveValue('Put the phone in another room.');
	await expect(page.getByLabel('How strong is the feeling now?')).toHaveValue('150');
	await page.getByLabel('How strong is the feeling now?').fill('25');
	await page.getByRole('button', { name: 'Save the changes' }).click();
	await expect(page).toHaveURL(new RegExp(`/app/moments/${id}\\?saved=1$`));
	await expect(page.getByRole('main')).toContainText('Put the phone in another room.');
	await expect(page.getByRole('main')).toContainText('25 out of 100');

	// What was written is nowhere in the database file or its log.
	expect(databaseHolds('harbour walk')).toEqual([]);
	expect(databaseHolds('Put the phone in another room')).toEqual([]);

	// Deleting (without JavaScript, the button sends at once).
	await page.getByRole('button', { name: 'Delete this moment' }).click();
	await expect(page).toHaveURL(/\/app\/moments\?deleted=1$/);
	await expect(page.getByRole('main')).not.toContainText(sentence);
	expect((await page.request.get(`/app/moments/${id}`)).status()).toBe(404);
	await context.close();
});

test('a moment recorded step by step with JavaScript', async ({ page }) => {
	test.setTimeout(90_000);
	await signedInMember(page);
	const sentence = `Criticism at the team meeting ${Date.now()}`;
	const id = await recordMoment(page, sentence, true);
	await visit(page, `/app/moments/${id}/edit`);
	await page.getByLabel('What did you do?').fill('Waited ten minutes before replying.');
	await page.getByRole('button', { name: 'Save the changes' }).click();
	await expect(page.getByRole('main')).toContainText('Waited ten minutes before replying.');
	await expectAccessible(page);
	expect(databaseHolds('team meeting')).toEqual([]);
});

test('a draft typed with JavaScript survives a closed tab', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL });
	const first = await context.newPage();
	await signedInMember(first);
	await visit(first, '/app/moments/new');
	await first.getByLabel('What happened?').fill('They left me on read all evening.');
	await expect(first.getByText('Draft kept.')).toBeVisible({ timeout: 10_000 });
	await first.close();

	const second = await context.newPage();
	await visit(second, '/app/moments');
	await expect(second.getByRole('heading', { name: 'Started, not saved yet' })).toBeVisible();
	await shot(second, 'moments-list-with-draft');
	await second.getByRole('link', { name: /A new moment, last typed on/ }).click();
	await expect(second.getByLabel('What happened?')).toHaveValue(
		'They left me on read all evening.'
	);
	await expectAccessible(second);
	await context.close();
});

test('a draft survives signing out and in again, and a form sent after the session ended keeps its words', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	const member = await signedInMember(page);
	await open(page, '/app/moments/new', false);
	await page.getByLabel('What happened?').fill('My sister forgot my birthday.');
	await page.getByRole('button', { name: 'Next' }).click();
	await expect(page.getByText('Step 2 of 8')).toBeVisible();

	await page.goto('/sign-out');
	await page.getByRole('button', { name: 'Sign me out' }).click();
	await signInWithPassword(page, { ...member, password: memberPassword });
	await open(page, '/app/moments', false);
	await page.getByRole('link', { name: /A new moment, last typed on/ }).click();
	await expect(page.getByText('Step 2 of 8')).toBeVisible();
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByLabel('What happened?')).toHaveValue('My sister forgot my birthday.');

	// The session ends while the member is typing: the words come back with a way to sign in.
	await page.getByLabel('What happened?').fill('My sister forgot my birthday, again.');
	await context.clearCookies();
	await page.getByRole('button', { name: 'Next' }).click();
	await expect(page.getByRole('alert')).toContainText('You were signed out');
	await expect(page.getByLabel('What happened?')).toHaveValue(
		'My sister forgot my birthday, again.'
	);
	await shot(page, 'moment-signed-out');
	await signInByApi(context, member);
	await page.getByRole('button', { name: 'Next' }).click();
	await expect(page.getByText('Step 2 of 8')).toBeVisible();
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByLabel('What happened?')).toHaveValue(
		'My sister forgot my birthday, again.'
	);
	await context.close();
});

test('words of crisis bring up help at once, and the writing is kept', async ({ page }) => {
	await signedInMember(page);
	await visit(page, '/app/moments/new');
	await page.getByLabel('What happened?').fill('Tonight I want to end my life.');
	await page.getByRole('button', { name: 'Next' }).click();
	const help = page.getByRole('region', { name: 'You don’t have to hold this alone' });
	await expect(help).toBeVisible();
	await expect(help).toContainText('What you wrote is saved.');
	await expect(
		help.getByRole('link', { name: 'See every way to reach someone now' })
	).toBeVisible();
	await expectAccessible(page);
	await shot(page, 'moment-crisis-help');
	await page.getByRole('link', { name: 'Carry on to the next step' }).click();
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByLabel('What happened?')).toHaveValue('Tonight I want to end my life.');
});

test('a changed entry is shown as one that could not be opened, never as garbage', async ({
	page
}) => {
	await signedInMember(page);
	await visit(page, '/app/moments/new');
	await page.getByLabel('What happened?').fill('A quiet evening that went wrong.');
	await page.getByRole('button', { name: 'Skip to the end' }).click();
	await page.getByRole('button', { name: 'Save this moment' }).click();
	await expect(page).toHaveURL(/\/app\/moments\/[0-9a-f-]{36}\?saved=1$/);
	const id = page.url().match(/moments\/([0-9a-f-]{36})/)![1]!;
	const sealed = readDatabase(
		(db) =>
			(
				db.prepare('select what_happened from workbook_moment where id = ?').get(id) as {
					what_happened: string;
				}
			).what_happened
	);
	const at = sealed.length - 30;
	const changed = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
	writeDatabase((db) =>
		db.prepare('update workbook_moment set what_happened = ? where id = ?').run(changed, id)
	);
	await visit(page, `/app/moments/${id}`);
	await expect(page.getByText('This entry could not be opened.')).toBeVisible();
	await expect(page.getByRole('main')).not.toContainText('quiet evening');
	await visit(page, '/app/moments');
	await expect(page.getByText('This entry could not be opened.')).toBeVisible();
	await shot(page, 'moment-unreadable');
});

test('with no key configured, the first start makes one, readable only by the server, and says so', async () => {
	const port = Number(process.env.E2E_PORT || 4173) + 6;
	const server = await startServer(port);
	try {
		const file = path.join(server.dataDir, 'data.keys');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).toMatch(/^k\d{8}[0-9a-f]{4}:[A-Za-z0-9+/]+=*\n$/);
		expect(server.output()).toContain('made a data key for the workbook');
		expect(server.output()).toContain(file);
	} finally {
		await server.stop();
	}
	// The next start uses the same key and says nothing more about it.
	const again = await startServer(port, { DATA_DIR: server.dataDir });
	try {
		expect(again.output()).not.toContain('made a data key');
	} finally {
		await again.stop();
	}
});
