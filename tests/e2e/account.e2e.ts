import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import { latestMail, uniqueEmail } from './outbox';
import { practitionerCommand, startServer } from './servers';
import {
	addVirtualAuthenticator,
	e2eOrigin,
	mainSite,
	memberPassword,
	passwordWorks,
	readDatabase,
	rowsOf,
	signInByApi,
	signInWithPasskey,
	signUpByApi,
	signedInMember,
	totp,
	userIdOf,
	type Site
} from './accounts';

// Each test walks through several pages, each checked with axe; allow for a busy machine.
test.describe.configure({ timeout: 120_000 });

const iPhone =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

function userRow(email: string) {
	return readDatabase(
		(db) =>
			db
				.prepare('select id, name, email, role, "timeZone" from "user" where email = ?')
				.get(email) as
				| { id: string; name: string; email: string; role: string; timeZone: string | null }
				| undefined
	);
}

/** Whether the page's browser is still signed in (the account pages send others to sign in). */
async function signedIn(page: Page): Promise<boolean> {
	const response = await page.request.get('/api/auth/get-session');
	const body = await response.json().catch(() => null);
	return Boolean(body?.user);
}

test.describe('profile', () => {
	test.use({ timezoneId: 'Asia/Tokyo' });

	test('the time zone is guessed on a first visit, and name and zone are saved', async ({
		page
	}) => {
		const member = await signedInMember(page, { name: 'Robin' });
		await visit(page, '/account');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
		const zone = page.getByLabel('Time zone');
		await expect(zone).toHaveValue('Asia/Tokyo');
		await expect(page.getByText('We guessed your time zone — please check it.')).toBeVisible();
		await expectAccessible(page);

		await page.getByLabel('Your name').fill('Robin Q');
		await zone.selectOption('Europe/Lisbon');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByText('Saved. Thank you.')).toBeVisible();
		expect(userRow(member.email)).toMatchObject({ name: 'Robin Q', timeZone: 'Europe/Lisbon' });

		await visit(page, '/account');
		await expect(page.getByLabel('Your name')).toHaveValue('Robin Q');
		await expect(zone).toHaveValue('Europe/Lisbon');
		await expect(page.getByText('We guessed your time zone')).toHaveCount(0);

		// A name left empty is refused beside the field, and nothing changes.
		await page.getByLabel('Your name').fill('   ');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByText('Please tell us what to call you.')).toBeVisible();
		expect(userRow(member.email)?.name).toBe('Robin Q');
	});
});

test('without JavaScript the practice’s zone is preselected and the form still saves', async ({
	browser
}) => {
	// axe needs JavaScript in the page, so these two visits are checked by status only; the same
	// pages are checked with axe in the other tests.
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const member = await signedInMember(page, { name: 'Sky' });
	expect((await page.goto('/account'))?.status()).toBe(200);
	await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York');
	await expect(page.getByText('so this shows the practice’s (America/New York)')).toBeVisible();
	await page.getByLabel('Time zone').selectOption('Europe/Dublin');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved. Thank you.')).toBeVisible();
	expect(userRow(member.email)?.timeZone).toBe('Europe/Dublin');

	expect((await page.goto('/account/security'))?.status()).toBe(200);
	await expect(page.getByText('Adding a passkey needs JavaScript')).toBeVisible();
	await context.close();
});

test('no settings form accepts a role, a user id or anything else it does not have', async ({
	page
}) => {
	const other = await signUpByApi(page.request, { name: 'Other' });
	const otherId = userIdOf(other.email)!;
	const member = await signedInMember(page, { name: 'Kit' });
	const me = userRow(member.email)!;
	const passkeyAndSession = { passkeyId: 'x', sessionId: 'x' };
	const forms: [string, Record<string, string>][] = [
		['/account', { name: 'Mallory', timeZone: 'UTC', role: 'owner' }],
		['/account', { name: 'Mallory', timeZone: 'UTC', userId: otherId }],
		[
			'/account/security?/password',
			{
				currentPassword: member.password,
				newPassword: 'another long phrase to use',
				confirmPassword: 'another long phrase to use',
				userId: otherId
			}
		],
		['/account/security?/startTwoFactor', { enablePassword: member.password, role: 'owner' }],
		['/account/security?/confirmTwoFactor', { code: '123456', userId: otherId }],
		['/account/security?/disableTwoFactor', { disablePassword: member.password, role: 'owner' }],
		['/account/security?/backupCodes', { codesPassword: member.password, userId: otherId }],
		['/account/security?/renamePasskey', { passkeyId: 'x', passkeyName: 'Mine', userId: otherId }],
		['/account/security?/removePasskey', { passkeyId: 'x', role: 'owner' }],
		['/account/security?/passkeyAdded', { userId: otherId }],
		['/account/security?/signInAgain', { role: 'owner' }],
		['/account/sessions?/revoke', { sessionId: passkeyAndSession.sessionId, userId: otherId }],
		['/account/sessions?/revokeOthers', { role: 'owner' }],
		['/account/sessions?/signOut', { userId: otherId }],
		['/account/data?/signInAgain', { userId: otherId }],
		['/account/email?/signInAgain', { role: 'owner' }],
		[
			'/account/email?/change',
			{ password: member.password, newEmail: 'mallory@example.org', userId: otherId }
		],
		[
			'/account/data?/delete',
			{ password: member.password, confirmation: 'delete my account', userId: otherId }
		]
	];
	for (const [action, fields] of forms) {
		const response = await page.request.post(action, {
			form: fields,
			headers: { Origin: e2eOrigin, Accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status(), action).toBe(400);
		expect(await response.text(), action).toContain(
			'This form was sent with something we did not expect.'
		);
	}
	expect(userRow(member.email)).toEqual(me);
	expect(userRow(other.email)).toMatchObject({ role: 'member', name: 'Other' });
	expect(latestMail(member.email, 'change-email')).toBeUndefined();
	expect(await signedIn(page)).toBe(true);
});

test('changing the password signs out the account’s other devices', async ({ page, browser }) => {
	const member = await signedInMember(page);
	const elsewhere = await browser.newContext();
	await signInByApi(elsewhere, member);
	const otherPage = await elsewhere.newPage();
	expect((await otherPage.goto('/account'))?.status()).toBe(200);

	await visit(page, '/account/security');
	await page.getByLabel('Current password').fill('not my password at all');
	await page.getByLabel('New password', { exact: true }).fill('a slow walk along the harbour');
	await page.getByLabel('New password, once more').fill('a slow walk along the harbour');
	await page.getByRole('button', { name: 'Change my password' }).click();
	await expect(
		page.getByText('That password does not match the one on your account.')
	).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('Current password').fill(member.password);
	await page.getByLabel('New password', { exact: true }).fill('a slow walk along the harbour');
	await page.getByLabel('New password, once more').fill('a slow walk along the harbour');
	await page.getByRole('button', { name: 'Change my password' }).click();
	await expect(page.getByText('Your password is changed.')).toBeVisible();
	await expect(page.getByLabel('Current password')).toHaveValue('');

	// This browser stays in; the other one is out.
	await visit(page, '/account');
	await otherPage.goto('/account');
	await expect(otherPage).toHaveURL(/\/sign-in\?next=%2Faccount$/);
	expect(await passwordWorks(page.request, member.email, member.password)).toBe(false);
	expect(await passwordWorks(page.request, member.email, 'a slow walk along the harbour')).toBe(
		true
	);
	await elsewhere.close();
});

test('an authenticator app is set up end to end; backup codes are shown once', async ({
	page,
	browser
}) => {
	const member = await signedInMember(page);
	const elsewhere = await browser.newContext();
	await signInByApi(elsewhere, member);

	await visit(page, '/account/security');
	await page.getByLabel('Your password').fill(member.password);
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const key = page.getByTestId('totp-key');
	await expect(key).toBeVisible();
	await expect(page.getByRole('img', { name: /QR code/ }).locator('svg')).toBeVisible();
	await expectAccessible(page);
	const secret = (await key.innerText()).replace(/\s+/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
	await page.getByText('Show the full setup link').click();
	await expect(page.getByTestId('totp-uri')).toContainText(`otpauth://totp/`);
	await expect(page.getByTestId('totp-uri')).toContainText(`secret=${secret}`);

	// A wrong code keeps the key on screen and says what to do.
	await page.getByLabel('Code from your app').fill('000000');
	await page.getByRole('button', { name: 'Turn it on' }).click();
	await expect(page.getByText('That code did not match.')).toBeVisible();
	await expect(key).toBeVisible();

	await page.getByLabel('Code from your app').fill(totp(secret));
	await page.getByRole('button', { name: 'Turn it on' }).click();
	await expect(page.getByText('Your authenticator app is set up.')).toBeVisible();
	const codes = page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem');
	await expect(codes).toHaveCount(10);
	await expect(page.getByText('keep them somewhere safe')).toBeVisible();
	await expectAccessible(page);
	const firstCode = await codes.first().innerText();

	const userId = userIdOf(member.email)!;
	expect(rowsOf('twoFactor', userId)).toBe(1);
	expect(rowsOf('session', userId)).toBe(1);
	expect(await signedIn(page)).toBe(true);
	const otherPage = await elsewhere.newPage();
	await otherPage.goto('/account');
	await expect(otherPage).toHaveURL(/\/sign-in/);

	// Shown once: a fresh visit says it is on, without the codes.
	await visit(page, '/account/security');
	await expect(page.getByText('On.', { exact: true })).toBeVisible();
	await expect(page.getByText(firstCode)).toHaveCount(0);

	// New codes replace the old ones, after the password.
	await page.locator('#field-codesPassword').fill(member.password);
	await page.getByRole('button', { name: 'Make new backup codes' }).click();
	await expect(page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')).toHaveCount(
		10
	);
	await expect(page.getByText(firstCode)).toHaveCount(0);

	// And it can be turned off again.
	await page.locator('#field-disablePassword').fill(member.password);
	await page.getByRole('button', { name: 'Turn off the authenticator app' }).click();
	await expect(page.getByText('The authenticator app is turned off.')).toBeVisible();
	expect(rowsOf('twoFactor', userId)).toBe(0);
	const actions = readDatabase(
		(db) =>
			db
				.prepare('select action from audit_log where subject_user_id = ? order by at')
				.all(userId) as { action: string }[]
	).map((row) => row.action);
	expect(actions).toEqual(expect.arrayContaining(['two-factor.enabled', 'two-factor.disabled']));
	await elsewhere.close();
});

/**
 * WebAuthn refuses an IP address as the relying party, and the main test server is reached at
 * 127.0.0.1; so this test runs its own copy of the built server at http://localhost.
 */
test('a passkey is added, renamed, used to sign in, and removed', async ({ browser }) => {
	const port = 4195;
	const server = await startServer(port, { ORIGIN: `http://localhost:${port}` });
	const site: Site = { origin: `http://localhost:${port}`, dataDir: server.dataDir };
	const context = await browser.newContext({ baseURL: site.origin });
	const page = await context.newPage();
	try {
		await addVirtualAuthenticator(page);
		const member = await signedInMember(page, { name: 'Jo' }, site);
		const userId = userIdOf(member.email, site)!;

		await visit(page, '/account/security');
		await expect(page.getByText('You have no passkeys yet.')).toBeVisible();
		await page.getByLabel('Name for this passkey').fill('Test laptop');
		await page.getByRole('button', { name: 'Add a passkey' }).click();
		await expect(page.getByText('Your passkey is added.')).toBeVisible();
		await expect(page.locator('.passkey-name')).toContainText('Test laptop');
		await expect(page.getByText(/added \d{1,2} \w+ \d{4}/)).toBeVisible();
		await expectAccessible(page);
		expect(rowsOf('passkey', userId, site)).toBe(1);
		await expect
			.poll(() =>
				readDatabase(
					(db) =>
						(
							db
								.prepare(
									"select count(*) as n from audit_log where subject_user_id = ? and action = 'passkey.added'"
								)
								.get(userId) as { n: number }
						).n,
					site
				)
			)
			.toBe(1);

		await page.getByText('Rename or remove').click();
		await page.getByLabel('New name').fill('Work laptop');
		await page.getByRole('button', { name: 'Save the name' }).click();
		await expect(page.locator('.passkey-name')).toContainText('Work laptop');

		// Sign out, then back in with the passkey alone.
		await visit(page, '/account/sessions');
		await page.getByRole('button', { name: 'Sign out of this device' }).click();
		await expect(page).toHaveURL(`${site.origin}/`);
		expect(await signedIn(page)).toBe(false);
		expect(await signInWithPasskey(page)).toBe(200);
		expect(await signedIn(page)).toBe(true);
		await visit(page, '/account');
		await expect(page.getByLabel('Your name')).toHaveValue('Jo');

		await visit(page, '/account/security');
		await page.getByText('Rename or remove').click();
		await page.getByRole('button', { name: 'Remove Work laptop' }).click();
		await expect(page.getByText('The passkey is removed.')).toBeVisible();
		await expect(page.getByText('You have no passkeys yet.')).toBeVisible();
		expect(rowsOf('passkey', userId, site)).toBe(0);
	} finally {
		await context.close();
		await server.stop();
	}
});

test('signed-in devices are listed and can be signed out', async ({ page, browser }) => {
	const member = await signedInMember(page);
	const phone = await browser.newContext({ userAgent: iPhone });
	await signInByApi(phone, member);
	const phonePage = await phone.newPage();
	expect((await phonePage.goto('/account'))?.status()).toBe(200);

	await visit(page, '/account/sessions');
	const cards = page.locator('.sessions > li');
	await expect(cards).toHaveCount(2);
	await expect(cards.first()).toContainText('This device');
	await expect(cards.nth(1)).toContainText('Safari on iPhone');
	await expect(cards.nth(1)).toContainText('Signed in');
	await expect(cards.nth(1)).toContainText('Last active');
	const html = await page.content();
	const tokens = readDatabase(
		(db) =>
			db.prepare('select token from session where "userId" = ?').all(userIdOf(member.email)) as {
				token: string;
			}[]
	);
	for (const { token } of tokens) expect(html).not.toContain(token);

	await cards
		.nth(1)
		.getByRole('button', { name: /Sign out/ })
		.click();
	await expect(page.getByText('That device is signed out.')).toBeVisible();
	await expect(cards).toHaveCount(1);
	await expectAccessible(page);
	await phonePage.goto('/account');
	await expect(phonePage).toHaveURL(/\/sign-in/);

	// "All other devices" ends the rest, and only those.
	await signInByApi(phone, member);
	await visit(page, '/account/sessions');
	await page.getByRole('button', { name: 'Sign out all other devices' }).click();
	await expect(page.getByText('That device is signed out.')).toBeVisible();
	expect(await signedIn(page)).toBe(true);
	await phonePage.goto('/account');
	await expect(phonePage).toHaveURL(/\/sign-in/);
	await phone.close();
});

test('a change of e-mail asks for the password and writes to the current address', async ({
	page
}) => {
	const member = await signedInMember(page);
	await visit(page, '/account/email');
	await page.getByLabel('New e-mail address').fill('robin.new@example.org');
	await page.getByLabel('Your password').fill('not my password at all');
	await page.getByRole('button', { name: 'Send the confirmation' }).click();
	await expect(page.getByText('That password does not match')).toBeVisible();
	await expect(page.getByLabel('New e-mail address')).toHaveValue('robin.new@example.org');
	expect(latestMail(member.email, 'change-email')).toBeUndefined();

	await page.getByLabel('Your password').fill(member.password);
	await page.getByRole('button', { name: 'Send the confirmation' }).click();
	await expect(page.getByText('Please check your current inbox')).toBeVisible();
	await expectAccessible(page);
	expect(latestMail(member.email, 'change-email')?.text).toContain('robin.new@example.org');
	expect(userRow(member.email)?.email).toBe(member.email);
});

test('“Download my data” gives a JSON file of the account, without secrets', async ({ page }) => {
	const member = await signedInMember(page, { name: 'Ari' });
	await visit(page, '/account/data');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download as JSON' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^steady-account-\d{4}-\d\d-\d\d\.json$/);

	const response = await page.request.get('/account/data/export');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-disposition']).toMatch(
		/^attachment; filename="steady-account-\d{4}-\d\d-\d\d\.json"$/
	);
	expect(response.headers()['cache-control']).toBe('no-store');
	const text = await response.text();
	const exported = JSON.parse(text);
	expect(exported.profile).toMatchObject({ name: 'Ari', email: member.email, role: 'member' });
	expect(exported.sessions.length).toBeGreaterThan(0);
	expect(exported.secondFactor).toEqual({ authenticatorApp: false, passkeys: 0 });
	expect(exported.activity.map((e: { action: string }) => e.action)).toContain('data.exported');
	expect(exported.consents).toEqual([]);
	const userId = userIdOf(member.email)!;
	const secrets = readDatabase((db) => [
		...(db.prepare('select token from session where "userId" = ?').all(userId) as {
			token: string;
		}[]),
		...(db.prepare('select password as token from account where "userId" = ?').all(userId) as {
			token: string;
		}[])
	]);
	for (const { token } of secrets) expect(text).not.toContain(token);
	expect(text).not.toContain(member.password);
});

test('the readable copy of my data is one page that shows what I wrote, escaped, with no script', async ({
	page,
	browser
}) => {
	const member = await signedInMember(page, { name: 'Ari' });
	// A quiet win whose note looks like markup: it must come back as the words typed.
	const note = 'Said no <img src=x onerror="window.ran=1"> & meant it.\nThen rested.';
	await page.goto('/app/wins');
	await page.getByText('Add a note, or choose an earlier day').click();
	await page.getByLabel('I took up space').check();
	await page.getByLabel('A note, if you like').fill(note);
	await page.getByRole('button', { name: 'Save this win' }).click();
	await expect(page.getByRole('status')).toHaveText('Noted. Thank you for noticing it.');

	await visit(page, '/account/data');
	await page.screenshot({ path: '/tmp/account-data.png', fullPage: true });
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download a readable copy' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^steady-account-\d{4}-\d\d-\d\d\.html$/);
	const response = await page.request.get('/account/data/export?as=html');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('text/html; charset=utf-8');
	expect(response.headers()['cache-control']).toBe('no-store');
	const html = await response.text();
	expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
	expect(html).not.toContain(member.password);
	expect(html).toContain(
		'Said no &lt;img src=x onerror=&quot;window.ran=1&quot;&gt; &amp; meant it.'
	);

	// Opened as a file would be: readable, accessible, and nothing in it runs.
	const readerContext = await browser.newContext();
	const reader = await readerContext.newPage();
	await reader.setContent(html);
	await expect(reader.getByRole('heading', { level: 1 })).toHaveText('Your data from Steady');
	for (const title of ['Your profile', 'Your moments', 'Check-ins', 'Quiet wins']) {
		await expect(reader.getByRole('heading', { level: 2, name: title })).toBeVisible();
	}
	const wins = reader.locator('#quietWins');
	await expect(wins).toContainText('I took up space');
	await expect(wins).toContainText('Said no <img src=x onerror="window.ran=1"> & meant it.');
	await expect(reader.locator('#profile')).toContainText(member.email);
	// The record of activity says what happened in words, not the log's codes.
	const activity = reader.locator('#activity');
	await expect(activity).toContainText('What happened');
	await expect(activity).toContainText('Signed in');
	await expect(activity).not.toContainText('sign-in.success');
	expect(await reader.evaluate(() => (window as { ran?: number }).ran)).toBeUndefined();
	await reader.screenshot({ path: '/tmp/readable-export.png', fullPage: true });
	await expectAccessible(reader);
	await readerContext.close();
});

test('deleting the account removes it and ends on a calm goodbye', async ({ page }) => {
	const member = await signedInMember(page);
	const userId = userIdOf(member.email)!;
	await visit(page, '/account/data');
	await page.getByLabel('Your password').fill(member.password);
	await page.getByLabel(/To confirm, please type/).fill('delete it');
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page.getByText('Please type "delete my account" exactly')).toBeVisible();
	expect(userIdOf(member.email)).toBe(userId);

	await page.getByLabel('Your password').fill(member.password);
	await page.getByLabel(/To confirm, please type/).fill('delete my account');
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page).toHaveURL(`${e2eOrigin}/account/goodbye`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account is deleted');
	await expectAccessible(page);

	expect(userIdOf(member.email)).toBeUndefined();
	for (const table of ['session', 'account', 'passkey', 'twoFactor'] as const) {
		expect(rowsOf(table, userId), table).toBe(0);
	}
	const deleted = readDatabase((db) =>
		db
			.prepare(
				"select target from audit_log where subject_user_id = ? and action = 'account.deleted'"
			)
			.all(userId)
	);
	expect(deleted).toEqual([{ target: null }]);
	expect(await signedIn(page)).toBe(false);
	expect(await passwordWorks(page.request, member.email, member.password)).toBe(false);
	await page.goto('/account');
	await expect(page).toHaveURL(/\/sign-in/);
});

test('a practitioner sent to set up a second step is told why, and let through after', async ({
	page
}) => {
	const email = uniqueEmail('practitioner');
	const { code, output } = await practitionerCommand(['add', email], {
		DATA_DIR: mainSite().dataDir,
		ORIGIN: e2eOrigin
	});
	expect(code, output).toBe(0);
	const link = output.match(/https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+/)?.[0];
	expect(link, output).toBeTruthy();
	await page.goto(link!);
	await page.getByLabel('Your name').fill('Sam Practitioner');
	await page.getByLabel('Password').fill(memberPassword);
	await page.getByRole('button', { name: 'Create the account' }).click();
	await expect(page).toHaveURL(/\/account\/security\?required=1$/);
	await visit(page, '/account/security?required=1');
	await expect(
		page.getByRole('heading', { name: 'One more step before the practice area' })
	).toBeVisible();

	await page.getByLabel('Your password').fill(memberPassword);
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = (await page.getByTestId('totp-key').innerText()).replace(/\s+/g, '');
	await page.getByLabel('Code from your app').fill(totp(secret));
	await page.getByRole('button', { name: 'Turn it on' }).click();
	await expect(page.getByText('Thank you — your second step is set up.')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Go on to the practice area' }).click();
	await expect(page).toHaveURL(`${e2eOrigin}/admin`);
});
