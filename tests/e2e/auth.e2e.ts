import type { BrowserContext, Page } from '@playwright/test';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { expect, expectAccessible, test, visit } from './fixtures';
import { readDatabase, userIdOf, writeDatabase } from './accounts';
import { linkFromMail, uniqueEmail } from './outbox';

const password = 'a quiet morning by the river';

// Each test walks through several pages, checks each with axe and hashes passwords on the server.
test.describe.configure({ timeout: 120_000 });
const sessionCookie = 'steady.session';

async function sessionCookieValue(context: BrowserContext): Promise<string | undefined> {
	return (await context.cookies()).find((c) => c.name === sessionCookie)?.value;
}

/** What better-auth says of the browser's session: the user's e-mail, or null when signed out. */
async function sessionEmail(page: Page): Promise<string | null> {
	const response = await page.request.get('/api/auth/get-session');
	expect(response.ok()).toBe(true);
	const body = (await response.json()) as { user?: { email?: string } } | null;
	return body?.user?.email ?? null;
}

/** The sign-up form with a password (the page has a second one, for sign-up by e-mailed link). */
function signUpForm(page: Page) {
	return page.getByRole('form', { name: 'Create your account with a password' });
}

async function signUp(page: Page, email: string, options: { axe?: boolean; name?: string } = {}) {
	if (options.axe === false) await page.goto('/sign-up');
	else await visit(page, '/sign-up');
	await signUpForm(page)
		.getByLabel('Your name')
		.fill(options.name ?? 'Ada');
	await signUpForm(page).getByLabel('E-mail address').fill(email);
	await signUpForm(page).getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page).toHaveURL(/\/sign-up\/check-email$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your e-mail');
}

/** Opens the confirmation link from the outbox; better-auth signs the person in. */
async function confirmEmail(page: Page, email: string) {
	await page.goto(await linkFromMail(email, 'verify-email'));
	await expect(page).toHaveURL(/\/app$/);
}

async function signIn(page: Page, email: string, secret = password, options = { axe: true }) {
	if (options.axe) await visit(page, '/sign-in');
	else await page.goto('/sign-in');
	const form = page.getByRole('form', { name: 'Sign in with your password' });
	await form.getByLabel('E-mail address').fill(email);
	await form.getByLabel('Password').fill(secret);
	await form.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page, options = { axe: true }) {
	if (options.axe) await visit(page, '/sign-out');
	else await page.goto('/sign-out');
	await page.getByRole('button', { name: 'Sign me out' }).click();
	await expect(page).toHaveURL(/\/$/);
}

test('a person signs up, confirms, signs out, and gets back in every way', async ({
	page,
	context
}) => {
	test.setTimeout(240_000);
	const email = uniqueEmail('journey');

	await signUp(page, email);
	await expectAccessible(page);
	const firstAnswer = await page.getByRole('main').innerText();

	// Signing up again with the same address looks exactly the same, and sends nothing new.
	await signUp(page, email, { axe: false, name: 'Someone else' });
	expect(await page.getByRole('main').innerText()).toBe(firstAnswer);

	// The confirmation link signs them in and opens their workbook.
	await confirmEmail(page, email);
	await expectAccessible(page);
	const firstSession = await sessionCookieValue(context);
	expect(firstSession).toBeTruthy();
	expect(await sessionEmail(page)).toBe(email);

	// Signing out ends the session on the server and asks the browser to forget the site.
	await visit(page, '/sign-out');
	const signOutResponse = page.waitForResponse(
		(r) => new URL(r.url()).pathname === '/sign-out' && r.request().method() === 'POST'
	);
	await page.getByRole('button', { name: 'Sign me out' }).click();
	const response = await signOutResponse;
	// allHeaders: Playwright leaves security headers out of headers().
	expect((await response.allHeaders())['clear-site-data']).toBe('"cache", "cookies", "storage"');
	await expect(page).toHaveURL(/\/$/);
	expect(await sessionCookieValue(context)).toBeUndefined();
	expect(await sessionEmail(page)).toBeNull();
	const oldCookie = await page.request.get('/api/auth/get-session', {
		headers: { cookie: `${sessionCookie}=${encodeURIComponent(firstSession!)}` }
	});
	expect(await oldCookie.json()).toBeNull();

	// Back in with the password: a new session, not the old one.
	await signIn(page, email);
	await expect(page).toHaveURL(/\/app$/);
	const secondSession = await sessionCookieValue(context);
	expect(secondSession).toBeTruthy();
	expect(secondSession).not.toBe(firstSession);
	await signOut(page, { axe: false });

	// By e-mailed link.
	await page.goto('/sign-in');
	await page.getByLabel('E-mail address for the link').fill(email);
	await page.getByRole('button', { name: 'E-mail me a link' }).click();
	await expect(page.getByRole('status')).toContainText('If an account exists for that address');
	await expectAccessible(page);
	const magicLink = await linkFromMail(email, 'magic-link');
	await page.goto(magicLink);
	await expect(page).toHaveURL(/\/app$/);
	expect(await sessionEmail(page)).toBe(email);
	await signOut(page, { axe: false });

	// The same link does not work twice, and the page says so plainly.
	await page.goto(magicLink);
	await expect(page).toHaveURL(/\/sign-in\?error=/);
	await expect(
		page.getByText('That sign-in link has expired or has already been used')
	).toBeVisible();
	await expectAccessible(page);
	expect(await sessionEmail(page)).toBeNull();

	// A forgotten password: the same answer, a link, a new password, and the old one refused.
	await visit(page, '/forgot-password');
	await page.getByLabel('E-mail address').fill(email);
	await page.getByRole('button', { name: 'Send me a link' }).click();
	await expect(page.getByRole('status')).toContainText('If an account exists for that address');
	await expectAccessible(page);
	const resetLink = await linkFromMail(email, 'reset-password');
	await page.goto(resetLink);
	await expect(page).toHaveURL(/\/reset-password\?token=/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
	await expectAccessible(page);
	const newPassword = 'a gentle walk after rain';
	await page.getByLabel('New password', { exact: true }).fill(newPassword);
	await page.getByLabel('The new password again').fill('a gentle walk after snow');
	await page.getByRole('button', { name: 'Save my new password' }).click();
	await expect(page.getByText('The two passwords are not quite the same')).toBeVisible();
	await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');
	await page.getByLabel('New password', { exact: true }).fill(newPassword);
	await page.getByLabel('The new password again').fill(newPassword);
	await page.getByRole('button', { name: 'Save my new password' }).click();
	await expect(page).toHaveURL(/\/sign-in\?password=changed$/);
	await expect(page.getByText('Your password is changed. Please sign in')).toBeVisible();
	expect(await sessionEmail(page)).toBeNull();
	await expectAccessible(page);

	await signIn(page, email, password, { axe: false });
	await expect(page.getByRole('alert')).toHaveText(
		'That e-mail and password don’t match an account. Please check both, or reset your password.'
	);
	await signIn(page, email, newPassword, { axe: false });
	await expect(page).toHaveURL(/\/app$/);
	await signOut(page, { axe: false });

	// A used password link and a confirmation link that is not valid explain themselves.
	await page.goto(resetLink);
	await expect(page).toHaveURL(/\/reset-password\?error=INVALID_TOKEN/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
	await expect(page.getByRole('link', { name: 'Send me a new link' })).toBeVisible();
	await expectAccessible(page);

	const verifyLink = new URL(await linkFromMail(email, 'verify-email'));
	verifyLink.searchParams.set('token', `${verifyLink.searchParams.get('token')}x`);
	await page.goto(verifyLink.toString());
	await expect(page).toHaveURL(/\/verify-email\?error=/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'This link has expired or was already used'
	);
	await expectAccessible(page);
	await page.getByLabel('E-mail address').fill(email);
	await page.getByRole('button', { name: 'Send me a new link' }).click();
	await expect(page.getByRole('status')).toContainText('a new link is on its way');
});

test('form errors show beside their fields and keep what was typed, never a password', async ({
	page
}) => {
	await visit(page, '/sign-up');
	await signUpForm(page).getByLabel('Your name').fill('Grace');
	await signUpForm(page).getByLabel('E-mail address').fill('grace@');
	await signUpForm(page).getByLabel('Password').fill('short');
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page.locator('#field-email-error')).toHaveText(
		'That e-mail address looks incomplete — could you check it?'
	);
	await expect(page.locator('#field-password-error')).toContainText('a little short');
	await expect(signUpForm(page).getByLabel('Your name')).toHaveValue('Grace');
	await expect(signUpForm(page).getByLabel('E-mail address')).toHaveValue('grace@');
	await expect(signUpForm(page).getByLabel('Password')).toHaveValue('');
	await expect(signUpForm(page).getByLabel('E-mail address')).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expectAccessible(page);

	// A common password is refused kindly, by the server's own list.
	await signUpForm(page).getByLabel('E-mail address').fill(uniqueEmail('grace'));
	await signUpForm(page).getByLabel('Password').fill('password123');
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page.locator('#field-password-error')).toContainText('most common');

	// Sign-in: the same message whether the account exists or not, the address kept.
	const unknown = uniqueEmail('nobody');
	await signIn(page, unknown, 'not a password of anyone');
	await expect(page.getByRole('alert')).toHaveText(
		'That e-mail and password don’t match an account. Please check both, or reset your password.'
	);
	const form = page.getByRole('form', { name: 'Sign in with your password' });
	await expect(form.getByLabel('E-mail address')).toHaveValue(unknown);
	await expect(form.getByLabel('Password')).toHaveValue('');
	await expectAccessible(page);
});

test('an address not yet confirmed is explained, with a way to get a new link', async ({
	page
}) => {
	const email = uniqueEmail('waiting');
	await signUp(page, email, { axe: false });
	await signIn(page, email, password, { axe: false });
	await expect(page.getByRole('alert')).toContainText('not confirmed yet');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Send me a new confirmation link' }).click();
	await expect(page.getByRole('status')).toContainText('a new link is on its way');
	await confirmEmail(page, email);
});

test('the sign-in form can be filled in and sent with the keyboard alone', async ({ page }) => {
	const email = uniqueEmail('keys');
	await signUp(page, email, { axe: false });
	await confirmEmail(page, email);
	await signOut(page, { axe: false });

	// A next that would leave the site is ignored.
	await visit(page, '/sign-in?next=%2F%2Fevil.example');
	const field = page.getByRole('form', { name: 'Sign in with your password' });
	for (let i = 0; i < 25; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
		if (focused === 'email') break;
	}
	await expect(field.getByLabel('E-mail address')).toBeFocused();
	await page.keyboard.type(email);
	await page.keyboard.press('Tab');
	await expect(field.getByLabel('Password')).toBeFocused();
	await page.keyboard.type(password);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/app$/);
	expect(await sessionEmail(page)).toBe(email);
});

test('what is typed before the page’s script has started is kept when it starts', async ({
	page
}) => {
	// Hold back the page's script, as a slow connection would, while the person types.
	const held: Array<() => Promise<void>> = [];
	let releasing = false;
	await page.route('**/_app/immutable/**/*.js', (route) => {
		if (releasing) return route.continue();
		held.push(() => route.continue());
	});
	const email = uniqueEmail('early');
	await page.goto('/sign-up', { waitUntil: 'domcontentloaded' });
	await signUpForm(page).getByLabel('Your name').fill('Ada');
	await signUpForm(page).getByLabel('E-mail address').fill(email);
	await signUpForm(page).getByLabel('Password').fill(password);

	// Now let the script through and wait until everything it asked for has arrived.
	releasing = true;
	await Promise.all(held.splice(0).map((release) => release()));
	await page.unroute('**/_app/immutable/**/*.js');
	await page.waitForLoadState('networkidle');

	await expect(signUpForm(page).getByLabel('Your name')).toHaveValue('Ada');
	await expect(signUpForm(page).getByLabel('E-mail address')).toHaveValue(email);
	await expect(signUpForm(page).getByLabel('Password')).toHaveValue(password);
	// The form is sent by the page's script (so it had started), and what was typed arrives.
	const sent = page.waitForRequest(
		(request) => request.method() === 'POST' && request.headers()['x-sveltekit-action'] === 'true'
	);
	await page.getByRole('button', { name: 'Create my account' }).click();
	await sent;
	await expect(page).toHaveURL(/\/sign-up\/check-email$/);
});

test('someone signs up without a password, by e-mailed link, and later deletes the account', async ({
	page
}) => {
	const email = uniqueEmail('nopassword');
	await visit(page, '/sign-up');
	const byLink = page.getByRole('form', { name: 'Create your account with an e-mailed link' });
	await byLink.getByLabel('Your name').fill('Noor');
	await byLink.getByLabel('E-mail address').fill(email);
	await byLink.getByRole('button', { name: 'E-mail me a link' }).click();
	await expect(page).toHaveURL(/\/sign-up\/check-email\?by=link$/);
	await expect(page.getByText('no password needed')).toBeVisible();
	await expectAccessible(page);

	await page.goto(await linkFromMail(email, 'sign-up-link'));
	await expect(page).toHaveURL(/\/app$/);
	expect(await sessionEmail(page)).toBe(email);

	// Just signed in: deleting needs no password, which this account does not have.
	await visit(page, '/account/data');
	await expect(page.getByText('You signed in a few minutes ago')).toBeVisible();
	await expect(page.getByLabel('Your password')).toHaveCount(0);

	// Twenty minutes later, the person is asked to sign in again first.
	const userId = userIdOf(email)!;
	writeDatabase((db) => {
		const { createdAt } = db
			.prepare('select "createdAt" from session where "userId" = ?')
			.get(userId) as { createdAt: string | number };
		const earlier = new Date(new Date(createdAt).getTime() - 20 * 60_000);
		const value = typeof createdAt === 'number' ? earlier.getTime() : earlier.toISOString();
		db.prepare('update session set "createdAt" = ? where "userId" = ?').run(value, userId);
	});
	await visit(page, '/account/data');
	await expect(page.getByRole('button', { name: 'Delete my account' })).toHaveCount(0);
	await page.getByRole('button', { name: 'E-mail me a link to sign in again' }).click();
	await expect(page.getByRole('status')).toContainText('The link is on its way');
	await expectAccessible(page);

	await page.goto(await linkFromMail(email, 'magic-link'));
	await expect(page).toHaveURL(/\/account\/data$/);
	await page.getByLabel(/To confirm, please type/).fill('delete my account');
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page).toHaveURL(/\/account\/goodbye$/);
	expect(userIdOf(email)).toBeUndefined();
	expect(
		readDatabase((db) =>
			db.prepare('select count(*) as n from session where "userId" = ?').get(userId)
		)
	).toEqual({ n: 0 });
});

test('signing up, in and out works with JavaScript turned off', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	try {
		const email = uniqueEmail('nojs');
		await signUp(page, email, { axe: false });
		await confirmEmail(page, email);
		expect(await sessionCookieValue(context)).toBeTruthy();
		await signOut(page, { axe: false });
		expect(await sessionCookieValue(context)).toBeUndefined();

		await page.goto('/sign-in');
		// The passkey button needs JavaScript, so it is not offered here.
		await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
		await signIn(page, email, 'this is not my password', { axe: false });
		await expect(page.getByRole('alert')).toContainText('don’t match an account');
		await expect(
			page.getByRole('form', { name: 'Sign in with your password' }).getByLabel('E-mail address')
		).toHaveValue(email);
		await signIn(page, email, password, { axe: false });
		await expect(page).toHaveURL(/\/app$/);

		await page.goto('/sign-out');
		const signOutResponse = page.waitForResponse(
			(r) => new URL(r.url()).pathname === '/sign-out' && r.request().method() === 'POST'
		);
		await page.getByRole('button', { name: 'Sign me out' }).click();
		const response = await signOutResponse;
		expect(response.status()).toBe(303);
		expect((await response.allHeaders())['clear-site-data']).toBe('"cache", "cookies", "storage"');
		await expect(page).toHaveURL(/\/$/);
		expect(await sessionCookieValue(context)).toBeUndefined();

		// A sign-in link and a forgotten password work without JavaScript too.
		await page.goto('/sign-in');
		await page.getByLabel('E-mail address for the link').fill(email);
		await page.getByRole('button', { name: 'E-mail me a link' }).click();
		await expect(page.getByRole('status')).toContainText('If an account exists');
		await page.goto(await linkFromMail(email, 'magic-link'));
		await expect(page).toHaveURL(/\/app$/);
	} finally {
		await context.close();
	}
});

test('a second factor is asked for after the password, and a wrong code is refused', async ({
	page,
	baseURL
}) => {
	const email = uniqueEmail('twofactor');
	await signUp(page, email, { axe: false });
	await confirmEmail(page, email);

	// Set up an authenticator app through better-auth's API, as the security page does.
	const headers = { origin: baseURL! };
	const enable = await page.request.post('/api/auth/two-factor/enable', {
		data: { password },
		headers
	});
	expect(enable.ok()).toBe(true);
	const { totpURI, backupCodes } = (await enable.json()) as {
		totpURI: string;
		backupCodes: string[];
	};
	const secret = new TextDecoder().decode(
		base32.decode(new URL(totpURI).searchParams.get('secret')!)
	);
	const otp = createOTP(secret, { digits: 6, period: 30 });
	const confirm = await page.request.post('/api/auth/two-factor/verify-totp', {
		data: { code: await otp.totp() },
		headers
	});
	expect(confirm.ok()).toBe(true);
	await signOut(page, { axe: false });

	await signIn(page, email, password, { axe: false });
	await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('One more step');
	expect(await sessionCookieValue(page.context())).toBeUndefined();
	await expectAccessible(page);
	const code = page.getByLabel('6-digit code');
	await expect(code).toHaveAttribute('inputmode', 'numeric');
	await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
	await code.fill('12345');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#field-code-error')).toContainText('6 digits');

	// The backup code form, reached without JavaScript by a plain link.
	await page.getByRole('link', { name: /Use a backup code instead/ }).click();
	await expect(page.getByLabel('Backup code')).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Backup code').fill('not-a-backup-code');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#field-code-error')).toContainText('That backup code did not work');
	await page.getByLabel('Backup code').fill(backupCodes[0]!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/app$/);
	expect(await sessionEmail(page)).toBe(email);

	// The finished step cannot be used again.
	await visit(page, '/sign-out');
	await page.getByRole('button', { name: 'Sign me out' }).click();
	// Wait for the sign-out to land before asking for the finished step again.
	await page.waitForURL((url) => url.pathname === '/');
	await visit(page, '/sign-in/two-factor');
	await expect(page.getByRole('link', { name: 'Sign in again' })).toBeVisible();
});
