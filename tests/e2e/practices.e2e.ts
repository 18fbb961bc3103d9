import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import { readDatabase, signedInMember, signInByApi } from './accounts';

/** Saves a picture of the page for a person to look at. */
const shot = (page: Page, name: string) =>
	page.screenshot({ path: `/tmp/practices-${name}.png`, fullPage: true });

/** axe runs as a script in the page, so it checks the pages in the runs with JavaScript. */
async function checked(page: Page, js: boolean) {
	if (js) await expectAccessible(page);
}

/** Opens a path and checks its status, and with `withAxe` the page too. */
async function open(page: Page, path: string, withAxe: boolean) {
	if (withAxe) return visit(page, path);
	expect((await page.goto(path))?.status(), `status of ${path}`).toBe(200);
}

const sealedRows = () =>
	readDatabase((db) => ({
		entries: db.prepare('select * from workbook_practice_entry').all(),
		weeks: db.prepare('select * from workbook_practice_week').all()
	}));

for (const javaScriptEnabled of [false, true]) {
	const how = javaScriptEnabled ? 'with' : 'without';

	test(`practices are chosen for the week, and an entry is written, changed and deleted (${how} JavaScript)`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(360_000);
		const context = await browser.newContext({ javaScriptEnabled, baseURL });
		const page = await context.newPage();
		await signedInMember(page);
		await open(page, '/app', javaScriptEnabled);
		await page.getByRole('link', { name: 'Practices' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practices');
		await expect(page.getByRole('heading', { name: 'This week' })).toBeVisible();
		await checked(page, javaScriptEnabled);
		if (!javaScriptEnabled) await shot(page, 'index-empty');

		// Four is more than a gentle week: said beside the choice, with the four still ticked.
		const week = page.getByRole('region', { name: 'This week' });
		for (const label of [
			'Expressing needs honestly',
			'Self-compassion',
			'Purpose and meaning',
			'Identity'
		]) {
			await week.getByLabel(label, { exact: true }).check();
		}
		await week.getByRole('button', { name: 'Keep these for this week' }).click();
		await expect(page.getByRole('alert')).toContainText('Please choose up to 3.');
		await expect(page.getByLabel('Identity', { exact: true })).toBeChecked();
		await expect(page.getByLabel('Purpose and meaning', { exact: true })).toBeChecked();
		await checked(page, javaScriptEnabled);
		await page.getByLabel('Identity', { exact: true }).uncheck();
		await page.getByRole('button', { name: 'Keep these for this week' }).click();
		await expect(page.getByRole('status')).toHaveText('Your practices for this week are chosen.');
		const chosen = page.getByRole('region', { name: 'Your practices this week' });
		await expect(chosen.getByRole('listitem')).toHaveCount(3);
		await expect(chosen).toContainText('For the week that began on Monday');
		await checked(page, javaScriptEnabled);
		await shot(page, `index-chosen-${how}-js`);

		// Changing the choice replaces it.
		await chosen.getByText('Change this week’s practices').click();
		await page.getByLabel('Self-compassion', { exact: true }).uncheck();
		await page.getByRole('button', { name: 'Keep these for this week' }).click();
		await expect(chosen.getByRole('listitem')).toHaveCount(2);

		// A practice: why it matters, the exercises and the prompts as one form.
		await chosen.getByRole('link', { name: 'Expressing needs honestly' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Expressing needs honestly');
		await expect(page.getByRole('main')).toContainText('one of your practices this week');
		await expect(page.getByRole('region', { name: 'Why it matters' })).toContainText(
			'“My needs are a burden”'
		);
		await checked(page, javaScriptEnabled);
		await shot(page, `practice-${how}-js`);

		// Nothing written: said, nothing lost.
		await page.getByRole('button', { name: 'Save what I wrote' }).click();
		await expect(page.getByRole('alert')).toContainText('There is nothing written yet.');
		await checked(page, javaScriptEnabled);

		await page
			.getByLabel('When …', { exact: true })
			.fill('When you looked at your phone at dinner');
		await page.getByLabel('I felt …', { exact: true }).fill('unimportant');
		await page
			.getByLabel('What I need is …', { exact: true })
			.fill('ten minutes of your full attention in the evening');
		await page
			.getByLabel('What usually stops me from saying what I need', { exact: false })
			.fill('I fear being too much.');
		await page.getByRole('button', { name: 'Save what I wrote' }).click();
		await expect(page).toHaveURL(/\/app\/practices\/express-needs\/[0-9a-f-]{36}\?saved=1$/);
		const entryUrl = page.url().split('?')[0]!;
		await expect(page.getByRole('status')).toContainText('Saved.');
		const exercise = page.getByRole('region', { name: 'Say it in three parts' });
		await expect(exercise).toContainText('When you looked at your phone at dinner');
		await expect(exercise).toContainText('unimportant');
		await expect(page.getByRole('region', { name: 'To reflect on' })).toContainText(
			'I fear being too much.'
		);
		await checked(page, javaScriptEnabled);
		await shot(page, `entry-${how}-js`);

		// Sealed at rest: the words and the practice are nowhere in clear.
		const rows = JSON.stringify(sealedRows());
		expect(rows).not.toContain('phone at dinner');
		expect(rows).not.toContain('express-needs');

		// Changed: the form opens with what was written.
		await page.getByRole('link', { name: 'Change what I wrote' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change what you wrote');
		await expect(page.getByLabel('I felt …', { exact: true })).toHaveValue('unimportant');
		await checked(page, javaScriptEnabled);
		await shot(page, `edit-${how}-js`);
		await page.getByLabel('I felt …', { exact: true }).fill('unimportant, and a little lonely');
		await page
			.getByLabel('What I noticed as I read it aloud')
			.fill('My voice shook, then steadied.');
		await page.getByRole('button', { name: 'Save the changes' }).click();
		await expect(page).toHaveURL(`${entryUrl}?saved=1`);
		await expect(page.getByRole('main')).toContainText('unimportant, and a little lonely');
		await expect(page.getByRole('region', { name: 'Read it aloud, then choose' })).toContainText(
			'My voice shook, then steadied.'
		);
		await expect(page.getByRole('main')).toContainText('last changed on');

		// Listed on the practice's page and on the practices page (both checked with axe above).
		await open(page, '/app/practices/express-needs', false);
		const earlier = page.getByRole('region', { name: 'What you wrote before' });
		await expect(earlier.getByRole('listitem')).toHaveCount(1);
		await expect(earlier).toContainText('When you looked at your phone at dinner');
		await open(page, '/app/practices', false);
		await expect(page.getByRole('region', { name: 'What you wrote lately' })).toContainText(
			'Expressing needs honestly'
		);

		// Deleted, after a second press.
		await open(page, entryUrl.replace(baseURL!, ''), false);
		await page.getByText('Delete this entry…').click();
		await page.getByRole('button', { name: 'Yes, delete it' }).click();
		await expect(page).toHaveURL(/\/app\/practices\/express-needs\?deleted=1$/);
		await expect(page.getByRole('status')).toHaveText('The entry is deleted.');
		await expect(page.getByRole('region', { name: 'What you wrote before' })).toContainText(
			'Nothing yet.'
		);
		expect((await page.goto(entryUrl))?.status()).toBe(404);
		await context.close();
	});
}

test('an entry sent after the session ended keeps every word, and saves once signed in again', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	const member = await signedInMember(page);
	await open(page, '/app/practices/tolerate-uncertainty', false);
	await page.getByLabel('What I wanted to check or ask').fill('Whether she was angry with me');
	await page.getByLabel('How long I waited').fill('Twenty minutes');
	await context.clearCookies();
	await page.getByRole('button', { name: 'Save what I wrote' }).click();
	await expect(page.getByRole('alert')).toContainText('You were signed out');
	await expect(page.getByLabel('What I wanted to check or ask')).toHaveValue(
		'Whether she was angry with me'
	);
	await expect(page.getByLabel('How long I waited')).toHaveValue('Twenty minutes');
	await shot(page, 'signed-out');
	await signInByApi(context, member);
	await page.getByRole('button', { name: 'Save what I wrote' }).click();
	await expect(page.getByRole('status')).toContainText('Saved.');
	await expect(page.getByRole('main')).toContainText('Whether she was angry with me');
	await context.close();
});

test('words of crisis in a practice bring up help at once, and the writing is kept', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signedInMember(page);
	await visit(page, '/app/practices/self-soothe');
	await page
		.getByLabel('How it felt before, in my own words')
		.fill('Tonight I want to end my life.');
	await page.getByRole('button', { name: 'Save what I wrote' }).click();
	const help = page.getByRole('region', { name: 'You don’t have to hold this alone' });
	await expect(help).toBeVisible();
	await expect(help).toContainText('What you wrote is saved.');
	await expect(page.getByRole('main')).toContainText('Tonight I want to end my life.');
	await expectAccessible(page);
	await shot(page, 'crisis-help');
});

test('every practice has its page, and an unknown one is not there', async ({ page }) => {
	test.setTimeout(240_000);
	await signedInMember(page);
	await open(page, '/app/practices', false);
	const links = page
		.getByRole('region', { name: /relationships$/ })
		.getByRole('heading', { level: 3 });
	await expect(links).toHaveCount(17);
	// Each answers with its form; axe has checked the practices' pages in the tests above, and checks
	// one more here, whose exercise links to Pause.
	for (const key of ['purpose', 'self-trust', 'community']) {
		await open(page, `/app/practices/${key}`, false);
		await expect(page.getByRole('button', { name: 'Save what I wrote' })).toBeVisible();
	}
	await visit(page, '/app/practices/tolerate-uncertainty');
	await expect(page.getByRole('link', { name: 'Pause' }).first()).toHaveAttribute('href', '/pause');
	await visit(page, '/app/practices/flying', 404);
});
