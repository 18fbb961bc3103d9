import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import { readDatabase, signedInMember } from './accounts';

const shots = '/tmp/shots-workbook';
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string) =>
	page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

/** axe needs JavaScript in the page; without it, pages are checked by what they show. */
async function checked(page: Page, js: boolean) {
	if (js) await expectAccessible(page);
}

async function open(page: Page, path: string, js: boolean) {
	if (js) return visit(page, path);
	expect((await page.goto(path))?.status(), `status of ${path}`).toBe(200);
}

async function addBelief(page: Page, js: boolean) {
	await open(page, '/app', js);
	await page.getByRole('link', { name: 'Beliefs' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your beliefs');
	await checked(page, js);
	if (!js) await shot(page, 'beliefs-empty');
	// Nothing chosen and nothing written: said beside the field, nothing lost.
	await page.getByLabel('How strongly do you believe it now?').fill('80');
	await page.getByRole('button', { name: 'Add it' }).click();
	await expect(page.getByText('Please choose one of the beliefs above')).toBeVisible();
	await expect(page.getByLabel('How strongly do you believe it now?')).toHaveValue('80');
	await checked(page, js);

	await page.getByLabel('“My needs are a burden”').check();
	await page.getByRole('button', { name: 'Add it' }).click();
	await expect(page).toHaveURL(/\/app\/beliefs\/[0-9a-f-]{36}\?added=1$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('“My needs are a burden”');
	return page.url().match(/beliefs\/([0-9a-f-]{36})/)![1]!;
}

async function rerate(page: Page) {
	await page.getByLabel('The belief, now (0–100)').fill('55');
	await page.getByLabel('Your kinder alternative, now (0–100)').fill('40');
	await page.getByRole('button', { name: 'Save this rating' }).click();
	const table = page.getByRole('table', { name: 'Every rating, oldest first' });
	await expect(table.getByRole('row')).toHaveCount(3);
	await expect(table.getByRole('row').nth(1)).toContainText('80');
	await expect(table.getByRole('row').nth(2)).toContainText('55');
	await expect(table.getByRole('row').nth(2)).toContainText('40');
	await expect(page.locator('svg.chart circle')).toHaveCount(2);
	await expect(page.locator('svg.chart rect')).toHaveCount(1);
}

for (const javaScriptEnabled of [false, true]) {
	test(`a belief is added, re-rated and its history shown (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(60_000);
		const context = await browser.newContext({ javaScriptEnabled, baseURL });
		const page = await context.newPage();
		await signedInMember(page);
		const id = await addBelief(page, javaScriptEnabled);
		await checked(page, javaScriptEnabled);
		await rerate(page);
		await checked(page, javaScriptEnabled);

		// Notes: evidence and a kinder alternative, in the member's words.
		await page.getByLabel('What does not fit it?').fill('Jo said she was glad I asked for help.');
		await page
			.getByLabel('A kinder and truer way to say it')
			.fill('My needs are part of me, and people who care want to hear them.');
		await page.getByLabel('Family').check();
		await page.getByRole('button', { name: 'Save these notes' }).click();
		await expect(page.getByLabel('What does not fit it?')).toHaveValue(
			'Jo said she was glad I asked for help.'
		);
		await expect(page.getByRole('main')).toContainText('Where it may come from: Family');
		if (!javaScriptEnabled) await shot(page, 'belief-page');
		await checked(page, javaScriptEnabled);

		// A moment names it: the belief page counts it.
		await open(page, '/app/moments/new?step=story', javaScriptEnabled);
		await page.getByLabel('“My needs are a burden” (in your beliefs)').check();
		await page.getByRole('button', { name: 'Skip to the end' }).click();
		await page.getByRole('button', { name: 'Save this moment' }).click();
		// The saved moment's own page, before going on: the end step names the belief already.
		await expect(page).toHaveURL(/\/app\/moments\/[0-9a-f-]{36}\?saved=1$/);
		await expect(page.getByRole('main')).toContainText('“My needs are a burden”');
		await open(page, `/app/beliefs/${id}`, javaScriptEnabled);
		await expect(page.getByRole('region', { name: 'Moments it came up in' })).toContainText(
			'One moment, most recently on'
		);
		await open(page, '/app/beliefs', javaScriptEnabled);
		await expect(page.getByRole('main')).toContainText('Came up in 1 moment');
		await expect(page.getByRole('main')).toContainText('You believe it 55 out of 100 now.');
		if (!javaScriptEnabled) await shot(page, 'beliefs-list');

		const stored = readDatabase(
			(db) =>
				db.prepare('select * from workbook_belief where id = ?').get(id) as Record<string, string>
		);
		expect(JSON.stringify(stored)).not.toContain('glad I asked');
		expect(stored.strength).toMatch(/^k\d{8}[0-9a-f]{4}:v1\./);
		await context.close();
	});
}
