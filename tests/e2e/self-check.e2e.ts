import type { Browser, Page } from '@playwright/test';
import { readDatabase, signedInMember, userIdOf } from './accounts';
import { expect, expectAccessible, test, visit } from './fixtures';

// axe on a long page of radio groups, and signing members up, take a while on a small machine.
test.describe.configure({ timeout: 180_000 });

async function shot(page: Page, name: string) {
	await page.screenshot({ path: `/tmp/selfcheck-${name}.png`, fullPage: true });
}

const result = (page: Page) => page.getByRole('main');

/** Chooses answers with the mouse (works with JavaScript on or off). */
async function choose(page: Page) {
	await page
		.getByRole('group', { name: '“Why do I need so much reassurance?”' })
		.getByLabel('A lot')
		.check();
	await page
		.getByRole('group', { name: '“Why do I feel okay alone sometimes, but insecure in intimacy?”' })
		.getByLabel('Not at all')
		.check();
	await page.getByRole('group', { name: '“My needs are a burden”' }).getByLabel('A little').check();
	await page
		.getByRole('checkbox', { name: 'Over-accommodating to avoid abandonment or disconnection' })
		.check();
}

/** The reflection of what `choose` picked, on the result or on a kept self-check. */
async function expectChosenReflected(page: Page) {
	const questions = page.getByRole('region', { name: 'The questions that sound like you' });
	await expect(questions.getByRole('listitem')).toHaveText([
		'“Why do I need so much reassurance?” a lot'
	]);
	const beliefs = page.getByRole('region', { name: 'The beliefs that feel familiar' });
	await expect(beliefs.getByRole('listitem')).toHaveText(['“My needs are a burden” a little']);
	const cycles = page.getByRole('region', { name: 'The cycles you recognise' });
	await expect(cycles.getByRole('listitem')).toHaveText([
		'Over-accommodating to avoid abandonment or disconnection'
	]);
	// "Not at all" is not reflected back.
	await expect(result(page)).not.toContainText('okay alone');
}

async function noScriptPage(browser: Browser, baseURL: string | undefined) {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	return { context, page: await context.newPage() };
}

test('a visitor takes the self-check by keyboard alone and sees the reflection', async ({
	page,
	baseURL
}) => {
	const posts: string[] = [];
	page.on('request', (r) => {
		if (r.method() === 'POST') posts.push(r.url());
	});
	await visit(page, '/self-check');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('A gentle self-check');
	await expect(page.getByText('Nothing you choose here is stored or sent anywhere.')).toBeVisible();
	await expect(page.getByText('they are not kept or logged')).toBeVisible();
	expect(await page.locator('script').count()).toBe(0);
	await shot(page, 'form');

	const focused = () =>
		page.evaluate(() => {
			const el = document.activeElement as HTMLInputElement | null;
			return el ? `${el.name}=${el.value}` : '';
		});
	async function tabTo(name: string) {
		for (let i = 0; i < 60; i += 1) {
			await page.keyboard.press('Tab');
			if ((await focused()).startsWith(`${name}=`)) return;
		}
		throw new Error(`Tab never reached ${name}`);
	}

	// A radio group: Tab lands on its first choice; Space picks it, the arrow keys move along.
	await tabTo('question-lose-confidence');
	await page.keyboard.press('Space');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	expect(await focused()).toBe('question-lose-confidence=a-lot');
	await tabTo('belief-conflict-rejection');
	await page.keyboard.press('ArrowRight');
	expect(await focused()).toBe('belief-conflict-rejection=a-little');
	await tabTo('cycle-reassurance-not-absorbed');
	await page.keyboard.press('Space');
	const submit = page.getByRole('button', { name: 'Show my reflection' });
	for (let i = 0; i < 10 && !(await submit.evaluate((b) => b === document.activeElement)); i += 1)
		await page.keyboard.press('Tab');
	await expect(submit).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your reflection');
	// The answers went in the body of a POST, and no address holds them.
	expect(posts.map((u) => new URL(u).search)).toEqual(['?/reflect']);
	expect(page.url()).toBe(`${baseURL}/self-check?/reflect`);
	await expect(
		page.getByRole('region', { name: 'The questions that sound like you' }).getByRole('listitem')
	).toHaveText(['“Why do I lose confidence so quickly in relationships?” a lot']);
	await expect(
		page.getByRole('region', { name: 'The beliefs that feel familiar' }).getByRole('listitem')
	).toHaveText(['“Conflict means rejection” a little']);
	await expect(
		page.getByRole('region', { name: 'The cycles you recognise' }).getByRole('listitem')
	).toHaveText(['Reassurance is constantly needed but never fully absorbed']);

	const practices = page.getByRole('region', { name: 'Practices to start with' }).getByRole('link');
	const practiceLinks = await practices.evaluateAll((links) =>
		links.map((a) => a.getAttribute('href'))
	);
	expect(practiceLinks.length).toBeGreaterThanOrEqual(2);
	expect(practiceLinks.length).toBeLessThanOrEqual(3);
	for (const href of practiceLinks) expect(href).toMatch(/^\/app\/practices\/[a-z-]+$/);
	await expect(page.getByText('you will be asked to sign in or create an account')).toBeVisible();
	await expect(
		page.getByRole('link', { name: 'Book a free 20-minute consultation' })
	).toHaveAttribute('href', '/consultation');
	// A visitor is invited to sign in or make an account in another tab, keeping this one.
	await expect(page.getByRole('link', { name: /Sign in \(opens in a new tab\)/ })).toHaveAttribute(
		'target',
		'_blank'
	);
	await expect(page.getByRole('link', { name: /create an account/ })).toHaveAttribute(
		'href',
		'/sign-up'
	);
	expect(await page.locator('script').count()).toBe(0);
	await expectAccessible(page);
	await shot(page, 'result');

	// Each section it links is a heading of the essay.
	const sections = page.getByRole('region', { name: 'In the essay' }).getByRole('listitem');
	const href = await sections.first().getByRole('link').getAttribute('href');
	expect(href).toMatch(/^\/articles\/building-self-esteem#[a-z-]+$/);
	await sections.first().getByRole('link').click();
	await expect(page.locator(`h2#${href!.split('#')[1]}`)).toBeVisible();
});

test('the whole self-check without JavaScript, changing answers and trying to save', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await noScriptPage(browser, baseURL);
	const response = await page.goto('/self-check');
	expect(response?.status()).toBe(200);
	await choose(page);
	await shot(page, 'nojs-form');
	await page.getByRole('button', { name: 'Show my reflection' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your reflection');
	await expectChosenReflected(page);
	await shot(page, 'nojs-result');

	// Back to the questions, each answer as it was.
	await page.getByRole('button', { name: 'Change my answers' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('A gentle self-check');
	const reassurance = page.getByRole('group', { name: '“Why do I need so much reassurance?”' });
	await expect(reassurance.getByLabel('A lot')).toBeChecked();
	await expect(
		page
			.getByRole('group', {
				name: '“Why do I feel okay alone sometimes, but insecure in intimacy?”'
			})
			.getByLabel('Not at all')
	).toBeChecked();
	await expect(
		page.getByRole('checkbox', { name: 'Over-accommodating to avoid abandonment or disconnection' })
	).toBeChecked();
	await reassurance.getByLabel('A little').check();
	await page.getByRole('button', { name: 'Show my reflection' }).click();
	await expect(
		page.getByRole('region', { name: 'The questions that sound like you' }).getByRole('listitem')
	).toHaveText(['“Why do I need so much reassurance?” a little']);

	// A visitor pressing Save is told nothing was saved, and keeps the reflection.
	await page.getByRole('button', { name: 'Save to my workbook' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'You are not signed in, so nothing was saved'
	);
	// The answer opens at the card it is about.
	await expect(page).toHaveURL(/\/self-check\?\/save#keep$/);
	await expect(
		page.getByRole('region', { name: 'The beliefs that feel familiar' }).getByRole('listitem')
	).toHaveText(['“My needs are a burden” a little']);
	await shot(page, 'nojs-signed-out');

	await page.getByRole('link', { name: 'Start again' }).click();
	await expect(page).toHaveURL(/\/self-check$/);
	await expect(reassurance.getByLabel('A little')).not.toBeChecked();
	await context.close();
});

test('an empty self-check gets a gentle result, not an error', async ({ page }) => {
	await visit(page, '/self-check');
	await page.getByRole('button', { name: 'Show my reflection' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your reflection');
	await expect(
		page.getByText('You left everything unanswered, and that is completely fine.')
	).toBeVisible();
	await expect(page.getByRole('region', { name: 'The questions that sound like you' })).toHaveCount(
		0
	);
	await expect(
		page.getByRole('region', { name: 'Practices to start with' }).getByRole('link')
	).toHaveText(['Self-compassion', 'Self-soothing in moments of insecurity']);
	await expect(page.getByRole('link', { name: 'Self-esteem is often relational' })).toBeVisible();
	await expectAccessible(page);
	await shot(page, 'empty');
});

test('a crafted form is refused kindly, and answers in an address are never read', async ({
	page,
	request,
	baseURL
}) => {
	const headers = { Origin: baseURL!, Accept: 'text/html' };
	const crafted = await request.post('/self-check?/reflect', {
		form: { 'question-need-reassurance': 'a-lot', 'question-am-i-unlovable': 'a-lot' },
		headers
	});
	expect(crafted.status()).toBe(400);
	const body = await crafted.text();
	expect(body).toContain('did not come through as we expected');
	// What could be read is kept.
	expect(body).toMatch(/value="a-lot"\s+checked/);
	const wrongValue = await request.post('/self-check?/save', {
		form: { 'belief-too-much': 'always' },
		headers
	});
	expect(wrongValue.status()).toBe(400);

	await visit(page, '/self-check?question-need-reassurance=a-lot&cycle-worth-fluctuates=yes');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('A gentle self-check');
	await expect(page.locator('input:checked')).toHaveCount(0);
});

test('a member saves the reflection and finds it in their workbook', async ({ page }) => {
	// Five pages checked with axe, and a sign-up: the longest walk here.
	test.setTimeout(300_000);
	const member = await signedInMember(page);
	const userId = userIdOf(member.email)!;
	await visit(page, '/self-check');
	await choose(page);
	await page.getByRole('button', { name: 'Show my reflection' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your reflection');
	await expectChosenReflected(page);
	await expect(page.getByRole('heading', { name: 'Keep this in your workbook' })).toBeVisible();
	await expect(page.getByRole('link', { name: /Sign in \(opens in a new tab\)/ })).toHaveCount(0);
	await expect(page.getByText('you will be asked to sign in')).toHaveCount(0);
	await expectAccessible(page);
	await shot(page, 'member-result');
	// Nothing is kept before Save is pressed. Only this member's rows: other tests save theirs
	// at the same time.
	const rows = () =>
		readDatabase(
			(db) =>
				(
					db
						.prepare('select count(*) as n from workbook_self_check where user_id = ?')
						.get(userId) as { n: number }
				).n
		);
	const before = rows();

	await page.getByRole('button', { name: 'Save to my workbook' }).click();
	await expect(page).toHaveURL(/\/app\/self-check\/[0-9a-f-]{36}\?saved=1#saved$/);
	const id = new URL(page.url()).pathname.split('/').at(-1)!;
	await expect(page.getByRole('status')).toContainText('Saved in your workbook');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('The self-check of');
	await expectChosenReflected(page);
	await expect(page.getByRole('button', { name: 'Save to my workbook' })).toHaveCount(0);
	await expectAccessible(page);
	await shot(page, 'saved');
	expect(rows()).toBe(before + 1);
	const sealed = readDatabase(
		(db) =>
			(
				db.prepare('select answers from workbook_self_check where id = ?').get(id) as {
					answers: string;
				}
			).answers
	);
	expect(sealed).not.toContain('need-reassurance');

	await page.getByRole('link', { name: 'Your self-checks' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your self-checks');
	const entry = page.getByRole('listitem').filter({ hasText: 'The self-check of' });
	await expect(entry).toHaveCount(1);
	await expect(entry).toContainText('1 question, 1 belief and 1 cycle sounded like you.');
	await expectAccessible(page);
	await shot(page, 'list');

	await entry.getByRole('link').click();
	await expect(page).toHaveURL(new RegExp(`/app/self-check/${id}$`));
	await page.getByText('Delete this self-check…').click();
	await shot(page, 'delete');
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	await expect(page).toHaveURL(/\/app\/self-check\?deleted=1$/);
	await expect(page.getByRole('status')).toHaveText('The self-check is deleted.');
	await expect(page.getByText('You have not kept a self-check yet.')).toBeVisible();
	await expectAccessible(page);
	expect(rows()).toBe(before);
	expect((await page.request.get(`/app/self-check/${id}`)).status()).toBe(404);
});

test('a visitor who signs in in another tab can then save, and the reflection was never lost', async ({
	page
}) => {
	await visit(page, '/self-check');
	await choose(page);
	await page.getByRole('button', { name: 'Show my reflection' }).click();
	await expect(
		page.getByRole('heading', { name: 'Keep this, if you would like to' })
	).toBeVisible();
	await expect(page.getByText('Nothing of this is kept')).toBeVisible();

	const other = await page.context().newPage();
	await signedInMember(other);
	await other.close();

	await page.getByRole('button', { name: 'Save to my workbook' }).click();
	await expect(page).toHaveURL(/\/app\/self-check\/[0-9a-f-]{36}\?saved=1#saved$/);
	await expect(
		page.getByRole('region', { name: 'The questions that sound like you' }).getByRole('listitem')
	).toHaveText(['“Why do I need so much reassurance?” a lot']);
});

test('the home page and the end of the essay lead to the self-check', async ({ page }) => {
	await visit(page, '/');
	await page.getByRole('link', { name: 'Take the self-check' }).click();
	await expect(page).toHaveURL(/\/self-check$/);
	await visit(page, '/articles/building-self-esteem');
	const link = page.getByRole('main').getByRole('link', { name: 'take the self-check' });
	await expect(link).toHaveAttribute('href', '/self-check');
	expect(await page.locator('script').count()).toBe(0);
});
