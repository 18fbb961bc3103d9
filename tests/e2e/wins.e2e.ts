import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import { readDatabase, signedInMember, signInByApi } from './accounts';

/** Saves a picture of the page for a person to look at. */
const shot = (page: Page, name: string) =>
	page.screenshot({ path: `/tmp/wins-${name}.png`, fullPage: true });

async function checked(page: Page, js: boolean) {
	if (js) await expectAccessible(page);
}

/** Opens a path and checks its status, and with `withAxe` the page too. */
async function open(page: Page, path: string, withAxe: boolean) {
	if (withAxe) return visit(page, path);
	expect((await page.goto(path))?.status(), `status of ${path}`).toBe(200);
}

/** A day `days` from today in the practice's zone (a new member has no zone of their own yet). */
function dayFromToday(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
		Date.now() + days * 86_400_000
	);
}

for (const javaScriptEnabled of [false, true]) {
	const how = javaScriptEnabled ? 'with' : 'without';

	test(`quiet wins are noted in one tap or with a note and a day, changed and deleted (${how} JavaScript)`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(360_000);
		const context = await browser.newContext({ javaScriptEnabled, baseURL });
		const page = await context.newPage();
		await signedInMember(page);
		await open(page, '/app', javaScriptEnabled);
		await page.getByRole('link', { name: 'Quiet wins' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quiet wins');
		await expect(page.getByRole('main')).toContainText('Nothing here yet.');
		await checked(page, javaScriptEnabled);
		if (!javaScriptEnabled) await shot(page, 'empty');

		// One tap.
		await page.getByRole('button', { name: 'I took up space' }).click();
		await expect(page.getByRole('status')).toHaveText('Noted. Thank you for noticing it.');
		const noticed = page.getByRole('region', { name: 'What you have noticed' });
		await expect(noticed.getByRole('listitem')).toHaveCount(1);
		await expect(noticed.getByRole('listitem')).toContainText('I took up space');
		await checked(page, javaScriptEnabled);

		// With a note and an earlier day.
		const twoDaysAgo = dayFromToday(-2);
		await page.getByText('Add a note, or choose an earlier day').click();
		await page.getByLabel('I spoke honestly, though it was uncomfortable').check();
		await page.getByLabel('A note, if you like').fill('Told Sam the joke stung.');
		await page.getByLabel('The day it happened').fill(twoDaysAgo);
		await page.getByRole('button', { name: 'Save this win' }).click();
		await expect(page.getByRole('status')).toHaveText('Noted. Thank you for noticing it.');
		await expect(noticed.getByRole('listitem')).toHaveCount(2);
		// Newest day first: today's tap, then the one from two days ago with its note.
		await expect(noticed.getByRole('listitem').nth(1)).toContainText('Told Sam the joke stung.');
		await expect(noticed.getByRole('listitem').nth(1)).toContainText(
			'I spoke honestly, though it was uncomfortable'
		);

		// A day that has not come yet: refused beside the field, with everything kept.
		const nextWeek = dayFromToday(7);
		await page.getByText('Add a note, or choose an earlier day').click();
		await page.getByLabel('I trusted my own feelings').check();
		await page.getByLabel('A note, if you like').fill('I will trust myself at the interview.');
		await page.getByLabel('The day it happened').fill(nextWeek);
		await page.getByRole('button', { name: 'Save this win' }).click();
		await expect(page.getByText('That day has not come yet.')).toBeVisible();
		await expect(page.getByLabel('The day it happened')).toHaveValue(nextWeek);
		await expect(page.getByLabel('The day it happened')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('A note, if you like')).toHaveValue(
			'I will trust myself at the interview.'
		);
		await expect(page.getByLabel('I trusted my own feelings')).toBeChecked();
		await expect(noticed.getByRole('listitem')).toHaveCount(2);
		await checked(page, javaScriptEnabled);
		await shot(page, `future-day-${how}-js`);

		// Nothing is in clear in the database. Only the sealed columns are read: other tests may
		// have written wins whose clear created_at falls on the same day.
		const rows = JSON.stringify(
			readDatabase((db) => db.prepare('select kind, note, happened_on from workbook_win').all())
		);
		expect(rows).not.toContain('joke stung');
		expect(rows).not.toContain('took-up-space');
		expect(rows).not.toContain(twoDaysAgo);

		// Changed.
		await page.goto('/app/wins');
		await noticed
			.getByRole('listitem')
			.nth(1)
			.getByRole('link', { name: /^Change/ })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('A quiet win on');
		await expect(page.getByLabel('A note, if you like')).toHaveValue('Told Sam the joke stung.');
		await expect(page.getByLabel('The day it happened')).toHaveValue(twoDaysAgo);
		await checked(page, javaScriptEnabled);
		await shot(page, `change-${how}-js`);
		await page.getByLabel('A note, if you like').fill('Told Sam the joke stung, kindly.');
		await page.getByRole('button', { name: 'Save the changes' }).click();
		await expect(page.getByRole('status')).toHaveText('The win is changed.');
		await expect(noticed).toContainText('Told Sam the joke stung, kindly.');

		// Deleted.
		await noticed
			.getByRole('listitem')
			.first()
			.getByRole('link', { name: /^Change/ })
			.click();
		await page.getByText('Delete this win…').click();
		await page.getByRole('button', { name: 'Yes, delete it' }).click();
		await expect(page.getByRole('status')).toHaveText('The win is deleted.');
		await expect(noticed.getByRole('listitem')).toHaveCount(1);
		await checked(page, javaScriptEnabled);
		await shot(page, `list-${how}-js`);
		await context.close();
	});
}

test('a win sent after the session ended keeps its note and day, and is noted once signed in again', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	const member = await signedInMember(page);
	await open(page, '/app/wins', false);
	const yesterday = dayFromToday(-1);
	await page.getByText('Add a note, or choose an earlier day').click();
	await page.getByLabel('I tolerated imperfection').check();
	await page.getByLabel('A note, if you like').fill('Sent the letter with a typo in it.');
	await page.getByLabel('The day it happened').fill(yesterday);
	await context.clearCookies();
	await page.getByRole('button', { name: 'Save this win' }).click();
	await expect(page.getByRole('alert')).toContainText('You were signed out');
	await expect(page.getByLabel('A note, if you like')).toHaveValue(
		'Sent the letter with a typo in it.'
	);
	await expect(page.getByLabel('The day it happened')).toHaveValue(yesterday);
	await expect(page.getByLabel('I tolerated imperfection')).toBeChecked();
	await shot(page, 'signed-out');
	await signInByApi(context, member);
	await page.getByRole('button', { name: 'Save this win' }).click();
	await expect(page.getByRole('status')).toHaveText('Noted. Thank you for noticing it.');
	await expect(page.getByRole('region', { name: 'What you have noticed' })).toContainText(
		'Sent the letter with a typo in it.'
	);
	await context.close();
});

test('words of crisis in a note bring up help at once, and the win is kept', async ({ page }) => {
	test.setTimeout(120_000);
	await signedInMember(page);
	await visit(page, '/app/wins');
	await page.getByText('Add a note, or choose an earlier day').click();
	await page.getByLabel('I was kind to myself when something went wrong').check();
	await page.getByLabel('A note, if you like').fill('Even so, I want to end my life.');
	await page.getByRole('button', { name: 'Save this win' }).click();
	await expect(
		page.getByRole('region', { name: 'You don’t have to hold this alone' })
	).toBeVisible();
	await expect(page.getByRole('region', { name: 'What you have noticed' })).toContainText(
		'Even so, I want to end my life.'
	);
	await expectAccessible(page);
	await shot(page, 'crisis-help');
});
