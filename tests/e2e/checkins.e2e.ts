import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import { readDatabase, signedInMember, signInByApi, userIdOf } from './accounts';

const shot = (page: Page, name: string) =>
	page.screenshot({ path: `/tmp/checkins-${name}.png`, fullPage: true });

/** axe runs as a script in the page, so pages are checked with it in the runs with JavaScript. */
async function checked(page: Page, js: boolean) {
	if (js) await expectAccessible(page);
}

async function open(page: Page, path: string, js: boolean) {
	if (js) return visit(page, path);
	expect((await page.goto(path))?.status(), `status of ${path}`).toBe(200);
}

const rsesLabel: Record<number, string> = {
	3: 'Strongly agree',
	2: 'Agree',
	1: 'Disagree',
	0: 'Strongly disagree'
};
const scsLabel: Record<number, string> = {
	1: 'Almost never',
	2: 'Rarely',
	3: 'Sometimes',
	4: 'Often',
	5: 'Almost always'
};

// Worked by hand. RSES items 2, 5, 6, 8 and 9 count 3 minus the value:
// 2 + (3−1) + 3 + 2 + (3−1) + (3−2) + 2 + (3−1) + (3−1) + 2 = 20
const twenty = [2, 1, 3, 2, 1, 2, 2, 1, 1, 2];
// 3 + (3−1) + 3 + 2 + (3−1) + (3−1) + 2 + (3−1) + (3−0) + 3 = 24
const twentyFour = [3, 1, 3, 2, 1, 1, 2, 1, 0, 3];
// SCS-SF items 1, 4, 8, 9, 11 and 12 count 6 minus the value:
// (6−2) + 4 + 3 + (6−3) + 4 + 3 + 4 + (6−2) + (6−3) + 3 + (6−2) + (6−3) = 42; 42 / 12 = 3.50
const threeAndAHalf = [2, 4, 3, 3, 4, 3, 4, 2, 3, 3, 2, 3];

const item = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^${n}\\. `) });

/** Chooses the answers for the numbered items (1-based), leaving the others as they are. */
async function choose(page: Page, labels: Record<number, string>, answers: (number | null)[]) {
	for (const [index, value] of answers.entries()) {
		if (value === null) continue;
		await item(page, index + 1)
			.getByLabel(labels[value]!, { exact: true })
			.check();
	}
}

async function expectChosen(
	page: Page,
	labels: Record<number, string>,
	answers: (number | null)[]
) {
	for (const [index, value] of answers.entries()) {
		if (value === null) continue;
		await expect(
			item(page, index + 1).getByLabel(labels[value]!, { exact: true }),
			`item ${index + 1}`
		).toBeChecked();
	}
}

const resultUrl = /\/app\/check-ins\/rses\/([0-9a-f-]{36})$/;

for (const js of [false, true]) {
	const how = js ? 'with' : 'without';
	test(`a member takes the RSES, keeps a draft, is told what is missing and sees the change since last time (${how} JavaScript)`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(480_000);
		const context = await browser.newContext({ javaScriptEnabled: js, baseURL });
		const page = await context.newPage();
		const screens = !js;
		const member = await signedInMember(page);
		const userId = userIdOf(member.email)!;
		const rows = () =>
			readDatabase(
				(db) =>
					db
						.prepare('select * from workbook_checkin where user_id = ? order by created_at')
						.all(userId) as Record<string, string | null>[]
			);

		await open(page, '/app', js);
		await page.getByRole('link', { name: 'Check-ins' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check-ins');
		await expect(page.getByRole('main')).toContainText('You have not taken it yet.');
		await expect(page.getByRole('main')).toContainText('every two to four weeks');
		await expect(page.getByRole('main')).not.toContainText(/overdue|streak/i);
		await checked(page, js);
		if (screens) await shot(page, 'list-empty');

		// Half of it, kept for later.
		await page.getByRole('link', { name: /^Take it — Rosenberg Self-Esteem Scale/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rosenberg Self-Esteem Scale');
		await expect(page.getByRole('main')).toContainText(
			'Below is a list of statements dealing with your general feelings about yourself.'
		);
		await expect(page.getByRole('main')).toContainText('Rosenberg, M. (1965).');
		await expect(item(page, 7)).toContainText(
			"I feel that I'm a person of worth, at least on an equal plane with others."
		);
		await expect(item(page, 1).getByRole('radio')).toHaveCount(4);
		await checked(page, js);
		if (screens) await shot(page, 'rses-empty');
		await choose(page, rsesLabel, [...twenty.slice(0, 5), null, null, null, null, null]);
		await page.getByRole('button', { name: 'Save and finish later' }).click();
		await expect(page).toHaveURL(/\/app\/check-ins\?kept=rses$/);
		await expect(page.getByRole('status')).toContainText(
			'Your answers to the Rosenberg Self-Esteem Scale are kept.'
		);
		await expect(page.getByRole('main')).toContainText('answered 5 of 10 statements');
		await checked(page, js);
		if (screens) await shot(page, 'list-draft');

		// Resumed: what was chosen is there; two items left out are named, and nothing is lost.
		await page
			.getByRole('link', { name: /^Carry on where you left off — Rosenberg Self-Esteem Scale/ })
			.click();
		await expectChosen(page, rsesLabel, twenty.slice(0, 5));
		await expect(page.getByRole('main')).toContainText('Your 5 answers are chosen below');
		await checked(page, js);
		await choose(page, rsesLabel, [null, null, null, null, null, 2, 2, null, 1, null]);
		await page.getByRole('button', { name: 'See my result' }).click();
		await expect(page.getByRole('alert')).toContainText('2 statements still need an answer');
		for (const n of [8, 10]) {
			await expect(item(page, n)).toContainText('This one has no answer yet.');
		}
		await expect(item(page, 9)).not.toContainText('no answer yet');
		await expectChosen(page, rsesLabel, [...twenty.slice(0, 7), null, twenty[8]!, null]);
		await checked(page, js);
		if (screens) await shot(page, 'rses-missing');
		// The refused answers are kept in the one draft.
		expect(rows().map((r) => r.completed_at)).toEqual([null]);

		await choose(page, rsesLabel, [null, null, null, null, null, null, null, 1, null, 2]);
		await page.getByRole('button', { name: 'See my result' }).click();
		await expect(page).toHaveURL(resultUrl);
		const first = page.url().match(resultUrl)![1]!;
		await expect(page.getByRole('region', { name: 'Your score' })).toContainText('20 out of 30');
		await expect(page.getByRole('main')).toContainText('This is your first check-in');
		await expect(page.getByRole('main')).toContainText('It is not a diagnosis');
		await expect(page.getByRole('main')).toContainText('discourage sorting scores into bands');
		await expect(page.getByRole('main')).not.toContainText(/your score is (low|high)/i);
		await expect(
			page.getByRole('link', { name: 'Book a free 20-minute consultation' })
		).toBeVisible();
		await checked(page, js);
		if (screens) await shot(page, 'result-first');

		// The draft became the result: no draft is left, and the answers are sealed.
		const [row] = rows();
		expect(rows()).toHaveLength(1);
		expect(row!.id).toBe(first);
		expect(row!.completed_at).not.toBeNull();
		expect(row!.answers).toMatch(/^k\d{8}[0-9a-f]{4}:v1\./);
		expect(row!.score).toMatch(/^k\d{8}[0-9a-f]{4}:v1\./);
		expect(JSON.stringify(row)).not.toContain(JSON.stringify(twenty));

		// A second check-in shows the change since the first.
		await open(page, '/app/check-ins', js);
		await expect(page.getByRole('main')).toContainText('your score was 20 out of 30');
		await page.getByRole('link', { name: /^Take it again — Rosenberg Self-Esteem Scale/ }).click();
		await choose(page, rsesLabel, twentyFour);
		await page.getByRole('button', { name: 'See my result' }).click();
		await expect(page).toHaveURL(resultUrl);
		const second = page.url().match(resultUrl)![1]!;
		expect(second).not.toBe(first);
		await expect(page.getByRole('region', { name: 'Your score' })).toContainText('24 out of 30');
		await expect(page.getByRole('region', { name: 'Since last time' })).toContainText(
			'your score has gone up by 4 points, from 20 to 24'
		);
		const history = page.getByRole('table', { name: /newest first/ });
		await expect(history.getByRole('row')).toHaveCount(3);
		await expect(history.getByRole('row').nth(1)).toContainText('24');
		await expect(history.getByRole('row').nth(1)).toContainText('(this one)');
		await expect(history.getByRole('row').nth(2)).toContainText('20');
		await checked(page, js);
		if (screens) await shot(page, 'result-second');

		// Deleting asks first; "No, keep it" keeps it.
		await page.getByRole('link', { name: 'Delete this check-in' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete this check-in?');
		await expect(page.getByRole('main')).toContainText(
			/Your check-in with the Rosenberg Self-Esteem Scale on \d{1,2} \w+ \d{4} at \d\d:\d\d, with a score of 24 out of 30, will be gone for good\./
		);
		await checked(page, js);
		if (screens) await shot(page, 'delete');
		await page.getByRole('link', { name: 'No, keep it' }).click();
		await expect(page).toHaveURL(new RegExp(`/app/check-ins/rses/${second}$`));
		await page.getByRole('link', { name: 'Delete this check-in' }).click();
		await page.getByRole('button', { name: 'Yes, delete it' }).click();
		await expect(page).toHaveURL(/\/app\/check-ins\?deleted=1$/);
		await expect(page.getByRole('status')).toContainText('The check-in is deleted.');
		await expect(page.getByRole('main')).toContainText('your score was 20 out of 30');
		await checked(page, js);
		expect((await page.request.get(`/app/check-ins/rses/${second}`)).status()).toBe(404);
		expect((await page.request.get(`/app/check-ins/rses/${first}`)).status()).toBe(200);
		await context.close();
	});
}

test('the Self-Compassion Scale is scored as the mean of its twelve items', async ({ page }) => {
	test.setTimeout(240_000);
	await signedInMember(page);
	// A draft can be let go.
	await visit(page, '/app/check-ins/scs-sf');
	await choose(page, scsLabel, [4]);
	await page.getByRole('button', { name: 'Save and finish later' }).click();
	await page
		.getByRole('link', { name: /^Carry on where you left off — Self-Compassion Scale/ })
		.click();
	await expectChosen(page, scsLabel, [4]);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Let these answers go and start afresh' }).click();
	await expect(page.getByRole('status')).toContainText('Those answers are gone.');
	await expect(page.getByRole('link', { name: /^Take it — Self-Compassion Scale/ })).toBeVisible();

	await page.getByRole('link', { name: /^Take it — Self-Compassion Scale/ }).click();
	await expect(item(page, 1).getByRole('radio', { checked: true })).toHaveCount(0);
	await expect(page.getByRole('main')).toContainText(
		'How I typically act towards myself in difficult times.'
	);
	await expect(page.getByRole('main')).toContainText('the middle labels are ours');
	await expect(item(page, 12).getByRole('radio')).toHaveCount(5);
	await choose(page, scsLabel, threeAndAHalf);
	await page.getByRole('button', { name: 'See my result' }).click();
	await expect(page).toHaveURL(/\/app\/check-ins\/scs-sf\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('region', { name: 'Your score' })).toContainText('3.50 out of 5');
	await expect(page.getByRole('main')).toContainText('only a rough guide');
	await expect(page.getByRole('main')).toContainText('Raes, F., Pommier, E., Neff, K. D.');
	await expectAccessible(page);
	await shot(page, 'result-scs-sf');
	// Screens as narrow as a phone.
	await page.setViewportSize({ width: 375, height: 800 });
	await shot(page, 'result-scs-sf-phone');
	await page.emulateMedia({ colorScheme: 'dark' });
	await shot(page, 'result-scs-sf-phone-dark');
	await visit(page, '/app/check-ins/scs-sf');
	await shot(page, 'scs-sf-phone-dark');
});

test('answers sent after the session ended are all still chosen, and count once signed in again', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	const member = await signedInMember(page);
	await open(page, '/app/check-ins/rses', false);
	await choose(page, rsesLabel, twenty);

	await context.clearCookies();
	await page.getByRole('button', { name: 'See my result' }).click();
	await expect(page.getByRole('alert')).toContainText('You were signed out');
	await expectChosen(page, rsesLabel, twenty);
	await shot(page, 'signed-out');

	await signInByApi(context, member);
	await page.getByRole('button', { name: 'See my result' }).click();
	await expect(page).toHaveURL(resultUrl);
	await expect(page.getByRole('region', { name: 'Your score' })).toContainText('20 out of 30');
	await context.close();
});

test('a questionnaire Steady does not have is simply not there', async ({ page }) => {
	await signedInMember(page);
	expect((await page.request.get('/app/check-ins/phq-9')).status()).toBe(404);
	expect((await page.request.get('/app/check-ins/rses/not-a-check-in')).status()).toBe(404);
});
