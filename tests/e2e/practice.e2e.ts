import { baseURL, dataDir } from '../../playwright.config';
import { expect, test, visit } from './fixtures';
import { readDatabase, signedInPractitioner, userIdOf, writeDatabase } from './accounts';
import { practitionerCommand, startServer } from './servers';
import { uniqueEmail } from './outbox';

test('a new installation prints a one-time owner link that creates the owner account once', async ({
	browser
}) => {
	const server = await startServer(4191);
	try {
		const link = server.output().match(/https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]{43}/)?.[0];
		expect(link, 'the console shows the owner link').toBeTruthy();
		const context = await browser.newContext({ baseURL: server.baseURL });
		const page = await context.newPage();
		await visit(page, link!);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up the practice account');

		// A refused form keeps what was typed, except the password, and the link still works.
		await page.getByLabel('Your name').fill('Dr Rivers');
		await page.getByLabel('E-mail address').fill('owner@example.org');
		await page.getByLabel('Password').fill('qwertyuiop');
		await page.getByRole('button', { name: 'Create the account' }).click();
		await expect(page.locator('.field-error')).toContainText('common');
		await expect(page.getByLabel('Your name')).toHaveValue('Dr Rivers');
		await expect(page.getByLabel('Password')).toHaveValue('');

		await page.getByLabel('Password').fill('steady hands and warm tea');
		await page.getByRole('button', { name: 'Create the account' }).click();
		await expect(page).toHaveURL(/\/account\/security\?required=1$/);

		// The practice area stays closed until a second factor is added.
		await page.goto('/admin');
		await expect(page).toHaveURL(/\/account\/security\?required=1$/);

		// The link is gone once used.
		const again = await page.goto(link!);
		expect(again?.status()).toBe(404);
		await context.close();
	} finally {
		await server.stop();
	}
	// A restart with an owner in place prints no link.
	expect(server.output().match(/\/setup\?token=/g)).toHaveLength(1);
});

test('npm run practitioner -- add prints a link for a new practitioner', async ({ page }) => {
	const email = uniqueEmail('practitioner');
	const { code, output } = await practitionerCommand(['add', email], {
		DATA_DIR: dataDir!,
		ORIGIN: baseURL
	});
	expect(code).toBe(0);
	const link = output.match(/https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]{43}/)?.[0];
	expect(link?.startsWith(baseURL)).toBe(true);
	expect(link).toBeTruthy();
	await visit(page, link!);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Create your practitioner account'
	);
	await expect(page.getByLabel('E-mail address')).toHaveValue(email);
	await page.getByLabel('Your name').fill('Sam Practitioner');
	await page.getByLabel('Password').fill('a long walk by the harbour');
	await page.getByRole('button', { name: 'Create the account' }).click();
	await expect(page).toHaveURL(/\/account\/security\?required=1$/);

	const reset = await practitionerCommand(['reset-2fa', email], { DATA_DIR: dataDir! });
	expect(reset.code).toBe(0);
	expect(reset.output).toContain('are removed');
	// reset-2fa also ends every session of that account.
	await page.goto('/admin');
	await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin$/);
});

test('/setup without a valid link does not exist', async ({ page }) => {
	await visit(page, '/setup', 404);
	await visit(page, '/setup?token=' + 'A'.repeat(43), 404);
});

test('a practitioner session ends 12 hours after sign-in, however busy it has been', async ({
	page
}) => {
	const practitioner = await signedInPractitioner(page);
	expect((await page.request.get('/admin', { maxRedirects: 0 })).status()).toBe(200);
	const userId = userIdOf(practitioner.email)!;
	// Signed in 12 hours and a minute ago, and active a moment ago.
	writeDatabase((db) => {
		const { createdAt } = db
			.prepare('select "createdAt" from session where "userId" = ?')
			.get(userId) as { createdAt: string | number };
		const earlier = new Date(new Date(createdAt).getTime() - (12 * 60 + 1) * 60_000);
		const value = typeof createdAt === 'number' ? earlier.getTime() : earlier.toISOString();
		db.prepare('update session set "createdAt" = ? where "userId" = ?').run(value, userId);
	});
	const ended = await page.request.get('/admin', { maxRedirects: 0 });
	expect(ended.status()).toBe(303);
	expect(ended.headers()['location']).toMatch(/^\/sign-in\?next=%2Fadmin$/);
	expect(
		readDatabase((db) =>
			db.prepare('select count(*) as n from session where "userId" = ?').get(userId)
		)
	).toEqual({ n: 0 });
});
