import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { seedWorkbook } from '../../bench/workbook-seed';
import { openDatabase } from '../../src/lib/server/db/database';
import { resolveDataKeys } from '../../src/lib/server/privacy/data-keys';
import { createSealer } from '../../src/lib/server/workbook/workbook-seal';
import { expect, test, visit } from './fixtures';
import {
	mainSite,
	signedInMember,
	signInByApi,
	userIdOf,
	writeDatabase,
	type TestMember
} from './accounts';

const shot = (page: Page, name: string) =>
	page.screenshot({ path: `/tmp/insights-${name}.png`, fullPage: true });

/** A plain HTML form post, as a browser without JavaScript sends it; returns where it leads. */
async function post(page: Page, path: string, form: Record<string, string | string[]>) {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(form)) {
		for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
	}
	const response = await page.request.post(path, {
		data: body.toString(),
		headers: {
			Origin: new URL(page.url()).origin,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		maxRedirects: 0
	});
	expect(response.status(), `${path}: ${await response.text()}`).toBe(303);
	return response.headers()['location'] ?? '';
}

/** A moment written with the step form, then filled in whole on its edit page. */
async function moment(page: Page, fields: Record<string, string | string[]>) {
	const step = await post(page, '/app/moments/new?/step', {
		draft: '',
		step: 'happened',
		what_happened: 'A quiet evening, then a message left unanswered.'
	});
	const draft = new URL(step, 'http://x').searchParams.get('draft')!;
	const saved = await post(page, '/app/moments/new?/finish', { draft, step: 'review' });
	const id = saved.match(/moments\/([0-9a-f-]{36})/)![1]!;
	await post(page, `/app/moments/${id}/edit?/save`, { draft: '', ...fields });
	return id;
}

/** Rows of the tables other pages write, in the shapes they write, sealed with the server's key. */
function partTwoRows(email: string) {
	const site = mainSite();
	const sealer = createSealer(resolveDataKeys(undefined, site.dataDir));
	const userId = userIdOf(email)!;
	const day = (daysAgo: number) =>
		new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
			Date.now() - daysAgo * 86_400_000
		);
	const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
	const monday = (() => {
		const today = new Date(`${day(0)}T12:00:00Z`);
		const back = (today.getUTCDay() + 6) % 7;
		return new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
	})();
	writeDatabase((db) => {
		const insert = (
			table:
				'workbook_checkin' | 'workbook_practice_week' | 'workbook_practice_entry' | 'workbook_win',
			when: string,
			clear: Record<string, string | null>,
			sealed: Record<string, unknown>
		) => {
			const id = randomUUID();
			const row: Record<string, string | null> = {
				id,
				user_id: userId,
				created_at: when,
				updated_at: when,
				...clear
			};
			for (const [column, value] of Object.entries(sealed)) {
				row[column] = sealer.seal(table, id, column, value);
			}
			const columns = Object.keys(row);
			db.prepare(
				`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`
			).run(...Object.values(row));
		};
		// Self-esteem 14 ten days ago, 19 two days ago (answers in item order; the score their sum
		// after reversing items 2, 5, 6, 8 and 9).
		insert(
			'workbook_checkin',
			at(10),
			{ instrument: 'rses', completed_at: at(10) },
			{ answers: [2, 2, 1, 1, 2, 2, 2, 1, 2, 1], score: 14 }
		);
		insert(
			'workbook_checkin',
			at(2),
			{ instrument: 'rses', completed_at: at(2) },
			{ answers: [2, 1, 2, 2, 1, 1, 2, 1, 1, 2], score: 19 }
		);
		insert(
			'workbook_practice_week',
			at(0),
			{ week: monday },
			{ practices: ['self-compassion', 'express-needs'] }
		);
		insert(
			'workbook_practice_entry',
			at(0),
			{},
			{ practice: 'self-compassion', answers: { kind: 'I let a mistake be a mistake.' } }
		);
		for (const daysAgo of [0, 1]) {
			insert(
				'workbook_win',
				at(0),
				{},
				{ kind: 'took-up-space', note: null, happened_on: day(daysAgo) }
			);
		}
	});
}

test('a member’s moments and beliefs become pictures, tables and plain summaries', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(300_000);
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	const member: TestMember = await signedInMember(page);

	// Nothing yet: said gently, with where to begin.
	await page.goto('/app');
	await page.getByRole('link', { name: 'Insights' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Insights');
	await expect(page.getByRole('main')).toContainText(
		'There is nothing to picture in the last 3 months yet, and that is perfectly fine.'
	);
	await expect(page.getByRole('link', { name: 'write down a moment', exact: true })).toBeVisible();
	await expect(page.locator('svg[role="img"]')).toHaveCount(0);
	await shot(page, 'empty');

	// A belief added and re-rated on its own page, as a member does it.
	await page.goto('/app/beliefs');
	await page.getByLabel('“My needs are a burden”').check();
	await page.getByLabel('How strongly do you believe it now?').fill('80');
	await page.getByRole('button', { name: 'Add it' }).click();
	await expect(page).toHaveURL(/\/app\/beliefs\/[0-9a-f-]{36}\?added=1$/);
	const beliefId = page.url().match(/beliefs\/([0-9a-f-]{36})/)![1]!;
	await page.getByLabel('The belief, now (0–100)').fill('55');
	await page.getByRole('button', { name: 'Save this rating' }).click();
	await expect(page.getByRole('table', { name: 'Every rating, oldest first' })).toContainText('55');

	// Three moments through the moments' own forms.
	await moment(page, {
		happened: 'no-reply',
		people: 'partner',
		feel_anxious: '80',
		feel_hurt: '50',
		beliefs: `own:${beliefId}`,
		intensity_now: '30',
		waited_out: 'yes'
	});
	await moment(page, {
		happened: 'criticism',
		people: ['partner', 'friend'],
		feel_sad: '60',
		beliefs: 'essay:needs-burden',
		intensity_now: '50',
		waited_out: 'no'
	});
	await moment(page, {
		happened: 'no-reply',
		people: 'friend',
		feel_afraid: '90',
		beliefs: 'essay:not-enough',
		intensity_now: '20',
		waited_out: 'yes'
	});
	partTwoRows(member.email);

	await page.goto('/app/insights');
	const main = page.getByRole('main');
	await expect(page.getByRole('link', { name: '3 months' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	// The page runs no script of its own.
	expect(await page.locator('script[src], script[type="module"]').count()).toBe(0);

	await expect(main).toContainText(
		'In the last 3 months, your self-esteem score went from 14 to 19 out of 30 over 2 check-ins.'
	);
	// At the time: (80 + 60 + 90) / 3 = 76.7 → 77; afterwards (30 + 50 + 20) / 3 = 33.3 → 33.
	await expect(main).toContainText(
		'Across the 3 moments in the last 3 months where you noted both, the strongest feeling was 77 out of 100 on average at the time and 33 afterwards.'
	);
	// Waited out in 2 of the 3: 66.7% → 67%.
	await expect(main).toContainText(
		'Of the 3 moments in the last 3 months where you said whether you waited out the urge, you did in 2 (67%).'
	);
	await expect(main).toContainText('You have rated one belief in the last 3 months.');
	await expect(main).toContainText('2 ratings in the last 3 months: from 80 to 55 out of 100.');
	// The essay's words "My needs are a burden" count for the member's belief that holds them.
	await expect(main).toContainText(
		'“My needs are a burden” came up most often in the last 3 months: in 2 moments, 2 of them involving your partner and 1 after no reply.'
	);
	await expect(main).toContainText(
		'In the last 3 months you have written one practice entry, chosen practices for one week and noted 2 quiet wins.'
	);

	// Each picture is an image with a name, and its numbers are in a table beside it.
	for (const name of [
		/^Rosenberg Self-Esteem Scale, 0 to 30/,
		/^The strongest feeling at the time and afterwards/,
		/^Share of moments where the urge was waited out/,
		/^How strongly you believed “My needs are a burden”/,
		/^Practices chosen, practice entries and quiet wins/
	]) {
		await expect(page.getByRole('img', { name })).toHaveCount(1);
	}
	await page.getByText('The numbers: feelings at the time and afterwards').click();
	const intensity = page.getByRole('table', {
		name: 'Average strength out of 100, moments with both noted'
	});
	await expect(intensity.getByRole('row').last().getByRole('cell')).toHaveText(['3', '77', '33']);
	await page.getByText('The numbers: “My needs are a burden”').click();
	const ratings = page.getByRole('table', { name: '“My needs are a burden”, every rating' });
	await expect(ratings.getByRole('row')).toHaveCount(3);
	await expect(ratings.getByRole('row').nth(1)).toContainText('80');
	await expect(ratings.getByRole('row').nth(2)).toContainText('55');

	const people = page.getByRole('table', { name: 'Beliefs and who was involved' });
	await expect(people.getByRole('columnheader')).toHaveText(['Belief', 'Partner', 'Friend']);
	const row = (table: typeof people, n: number) => table.getByRole('row').nth(n);
	await expect(row(people, 1).getByRole('rowheader')).toHaveText(
		'“My needs are a burden” (2 moments)'
	);
	await expect(row(people, 1).getByRole('cell')).toHaveText(['2', '1']);
	await expect(row(people, 2).getByRole('rowheader')).toHaveText('“I am not enough” (one moment)');
	await expect(row(people, 2).getByRole('cell')).toHaveText(['0', '1']);
	const happened = page.getByRole('table', { name: 'Beliefs and what happened' });
	await expect(happened.getByRole('columnheader')).toHaveText(['Belief', 'No reply', 'Criticism']);
	await expect(row(happened, 1).getByRole('cell')).toHaveText(['1', '1']);
	await expect(row(happened, 2).getByRole('cell')).toHaveText(['1', '0']);
	await shot(page, 'three-months');
	for (const section of await page.locator('main section').all()) {
		await section.screenshot({
			path: `/tmp/insights-three-months-${await section.getAttribute('id')}.png`
		});
	}

	// Another period is a plain link; an unknown one falls back to three months.
	await page.getByRole('link', { name: '4 weeks' }).click();
	await expect(page).toHaveURL(/\/app\/insights\?period=4w$/);
	await expect(page.getByRole('link', { name: '4 weeks' })).toHaveAttribute('aria-current', 'page');
	await expect(main).toContainText('2 ratings in the last 4 weeks: from 80 to 55 out of 100.');
	await page.getByRole('link', { name: 'Everything' }).click();
	await expect(main).toContainText('2 ratings so far: from 80 to 55 out of 100.');
	const unknown = await page.goto('/app/insights?period=forever');
	expect(unknown?.status()).toBe(200);
	await expect(main).toContainText('That period is not one Steady knows');
	await expect(page.getByRole('link', { name: '3 months' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	await context.close();

	// With JavaScript, for axe: the same pages pass.
	const checking = await browser.newContext({ baseURL });
	await signInByApi(checking, member);
	const withScript = await checking.newPage();
	for (const period of ['', '?period=4w', '?period=1y', '?period=all']) {
		await visit(withScript, `/app/insights${period}`);
	}
	await checking.close();
});

test('two years of entries, drawn month by month', async ({ browser, baseURL }) => {
	test.setTimeout(420_000);
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	const member = await signedInMember(page);
	const site = mainSite();
	const database = openDatabase({ kind: 'sqlite', file: path.join(site.dataDir, 'steady.db') });
	try {
		await seedWorkbook(
			database.db,
			resolveDataKeys(undefined, site.dataDir),
			userIdOf(member.email)!,
			{
				days: 730
			}
		);
	} finally {
		await database.close();
	}
	await visit(page, '/app/insights?period=all');
	await expect(page.getByRole('img')).toHaveCount(2 + 1 + 1 + 4 + 1);
	await expect(page.getByRole('main')).toContainText('Each point is the average of a month.');
	await shot(page, 'two-years');
	for (const section of await page.locator('main section').all()) {
		await section.screenshot({
			path: `/tmp/insights-two-years-${await section.getAttribute('id')}.png`
		});
	}
	await visit(page, '/app/insights');
	await shot(page, 'two-years-three-months');
	await context.close();
});
