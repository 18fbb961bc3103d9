import type { Browser, Page } from '@playwright/test';
import ICAL from 'ical.js';
import { readDatabase, signedInPractitioner, type Site } from './accounts';
import { expect, expectAccessible, test, visit } from './fixtures';
import { uniqueEmail } from './outbox';
import { startServer, type StartedServer } from './servers';

/**
 * The practitioner's side of the free consultation, on a server of its own: these tests change
 * the practice's hours, which every booking test on the main server relies on.
 */
const port = Number(process.env.E2E_PORT || 4173) + 1;
const origin = `http://127.0.0.1:${port}`;
let server: StartedServer;
let site: Site;

test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.use({ baseURL: origin, timezoneId: 'America/New_York' });

test.beforeAll(async () => {
	server = await startServer(port, { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' });
	site = { origin: server.baseURL, dataDir: server.dataDir };
});

test.afterAll(async () => {
	await server?.stop();
});

/** A visitor's own browser, in New York like the practice, with its own address. */
async function visitor(browser: Browser): Promise<Page> {
	const context = await browser.newContext({
		baseURL: origin,
		timezoneId: 'America/New_York',
		extraHTTPHeaders: { 'X-Forwarded-For': `10.9.${Math.floor(Math.random() * 250)}.7` }
	});
	return context.newPage();
}

/** The accessible names of the times offered in the week that starts on `week`. */
async function offeredTimes(page: Page, week: string): Promise<string[]> {
	await visit(page, `/consultation?week=${week}&tz=America%2FNew_York`);
	return page
		.locator('button.slot-time')
		.evaluateAll((buttons) =>
			buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '')
		);
}

/** "YYYY-MM-DD" in New York, `days` from now. */
function dateFromNow(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
		Date.now() + days * 86_400_000
	);
}

function mailTo(to: string, kind: string) {
	return readDatabase(
		(db) =>
			db
				.prepare(
					'select subject, text_body as text, html_body as html, calendar from mail_outbox where to_address = ? and kind = ? order by created_at desc limit 1'
				)
				.get(to, kind) as
				{ subject: string; text: string; html: string; calendar: string | null } | undefined,
		site
	);
}

test('the practitioner changes the weekly hours and a date off, and the booking page follows', async ({
	page,
	browser
}) => {
	await signedInPractitioner(page, site);
	const guest = await visitor(browser);
	// A week that starts well past the minimum notice, so every hour in it is offered.
	const week = dateFromNow(8);
	const before = await offeredTimes(guest, week);
	expect(before.some((name) => name.startsWith('Monday'))).toBe(true);
	expect(before.some((name) => name.startsWith('Saturday'))).toBe(false);
	const tuesday = before.find((name) => name.startsWith('Tuesday'))!;
	expect(tuesday).toBeTruthy();

	await visit(page, '/admin/availability');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Availability');
	await expect(page.getByLabel('Monday', { exact: true })).toHaveValue('09:00-17:00');

	// A time that cannot be read is refused beside its day, and what was typed stays.
	await page.getByLabel('Monday', { exact: true }).fill('9:00-25:00');
	await page.getByLabel('Saturday', { exact: true }).fill('10:00-12:00');
	await page.getByRole('button', { name: 'Save weekly hours' }).click();
	await expect(page.locator('#field-day-1-error')).toContainText('cannot read');
	await expect(page.getByLabel('Monday', { exact: true })).toHaveValue('9:00-25:00');
	await expect(page.getByLabel('Saturday', { exact: true })).toHaveValue('10:00-12:00');
	await expect(page.getByLabel('Monday', { exact: true })).toBeFocused();
	await expectAccessible(page);

	// Monday free, Saturday morning open.
	await page.getByLabel('Monday', { exact: true }).fill('');
	await page.getByRole('button', { name: 'Save weekly hours' }).click();
	await expect(page.getByText('Saved. Times are now offered in America/New York.')).toBeVisible();

	// Tuesday of that week off.
	const tuesdayDate = new Date(`${week}T12:00:00Z`);
	while (tuesdayDate.getUTCDay() !== 2) tuesdayDate.setUTCDate(tuesdayDate.getUTCDate() + 1);
	const tuesdayIso = tuesdayDate.toISOString().slice(0, 10);
	await page.getByLabel('Date', { exact: true }).fill(tuesdayIso);
	await page.getByLabel('Closed all day').check();
	await page.getByLabel('Note for yourself (optional)').fill('Training day');
	await page.getByRole('button', { name: 'Add this date' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added.' })).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: 'Training day' })).toContainText(
		'Closed all day'
	);
	await expectAccessible(page);

	const after = await offeredTimes(guest, week);
	expect(after.some((name) => name.startsWith('Monday'))).toBe(false);
	expect(after.some((name) => name.startsWith('Tuesday'))).toBe(false);
	const saturday = after.filter((name) => name.startsWith('Saturday'));
	expect(saturday.map((name) => name.split(', ')[1])).toEqual([
		'10:00 AM',
		'10:30 AM',
		'11:00 AM',
		'11:30 AM'
	]);
	expect(after.some((name) => name.startsWith('Wednesday'))).toBe(true);

	// The same page works without JavaScript: the rules form, refused then saved.
	const plain = await browser.newContext({
		baseURL: origin,
		javaScriptEnabled: false,
		storageState: await page.context().storageState()
	});
	const noScript = await plain.newPage();
	await noScript.goto('/admin/availability');
	await noScript.getByLabel('At most this many a day').fill('none');
	await noScript.getByLabel('Reminders (hours before)').fill('48, 2');
	await noScript.getByRole('button', { name: 'Save booking rules' }).click();
	await expect(noScript.locator('#field-dailyCap-error')).toContainText(
		'whole number from 1 to 50'
	);
	await expect(noScript.getByLabel('Reminders (hours before)')).toHaveValue('48, 2');
	await noScript.getByLabel('At most this many a day').fill('1');
	await noScript.getByRole('button', { name: 'Save booking rules' }).click();
	await expect(noScript.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(noScript.getByLabel('Reminders (hours before)')).toHaveValue('48, 2');
	await plain.close();

	// Put the rules back as they were for the next test.
	await page.goto('/admin/availability');
	await page.getByLabel('At most this many a day').fill('6');
	await page.getByRole('button', { name: 'Save booking rules' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await guest.context().close();
});

test('the practitioner opens a visitor’s booking, moves it, then cancels it with a message the visitor receives', async ({
	page,
	browser
}) => {
	// A visitor books through the public pages.
	const guest = await visitor(browser);
	await guest.goto('/consultation');
	await guest.locator('button.slot-time').nth(2).click();
	const email = uniqueEmail('visitor');
	await guest.getByLabel('Your name').fill('Robin Ash');
	await guest.getByLabel('E-mail address').fill(email);
	await guest.getByLabel('Country').selectOption({ label: 'United States' });
	await guest.getByLabel('State, province or territory').selectOption({ label: 'New York' });
	await guest.getByLabel(/I have read the privacy notice/).check();
	await guest
		.getByLabel(/What would you like to talk about/)
		.fill('I apologise for everything, even when it is not my fault');
	await guest.getByRole('button', { name: 'Book this time' }).click();
	await expect(guest.getByRole('heading', { level: 1 })).toHaveText('You are booked');
	await guest.context().close();

	const practitioner = await signedInPractitioner(page, site);
	await visit(page, '/admin/consultations');
	await page.getByRole('link', { name: 'Robin Ash' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultation with Robin Ash');
	await expectAccessible(page);
	await expect(page.getByRole('main')).toContainText(email);
	await expect(page.getByRole('main')).toContainText(
		'I apologise for everything, even when it is not my fault'
	);
	const bookingId = new URL(page.url()).pathname.split('/').at(-1)!;
	const reads = readDatabase(
		(db) =>
			db
				.prepare(
					`select a.action, a.target from audit_log a join "user" u on u.id = a.actor_user_id where u.email = ? and a.action = 'booking.intake-read'`
				)
				.all(practitioner.email) as { action: string; target: string }[],
		site
	);
	expect(reads).toEqual([{ action: 'booking.intake-read', target: `booking:${bookingId}` }]);

	// A second tab, left open from before.
	const stale = await page.context().newPage();
	await stale.goto(`/admin/consultations/${bookingId}`);

	// Move it, with a note.
	const choice = page.getByLabel(/^New time/);
	const newStart = await choice.locator('option').nth(5).getAttribute('value');
	await choice.selectOption(newStart!);
	await page
		.getByLabel('A message to them (optional)')
		.first()
		.fill('Could we meet a little later?');
	await page.getByRole('button', { name: 'Move the consultation' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Moved.' })).toBeVisible();
	const moved = mailTo(email, 'booking-rescheduled');
	expect(moved?.text).toContain('Could we meet a little later?');
	expect(moved?.calendar).toContain('SEQUENCE:1');

	// Cancel it, with a note that has characters HTML must not read as markup.
	const note = 'I am so sorry — I have to be away that day. Please <book> again & we will talk.';
	await page.getByLabel('A message to them (optional)').last().fill(note);
	await page.getByRole('button', { name: 'Cancel the consultation' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Cancelled. They have been sent an e-mail' })
	).toBeVisible();
	await expect(page.getByRole('main')).toContainText('Cancelled by you');
	await expect(page.getByRole('button', { name: 'Cancel the consultation' })).toHaveCount(0);
	await expectAccessible(page);

	const cancelled = mailTo(email, 'booking-cancelled');
	expect(cancelled?.subject).toMatch(/is cancelled$/);
	expect(cancelled?.text).toContain('has had to cancel your free consultation');
	expect(cancelled?.text).toContain(note);
	expect(cancelled?.html).toContain('Please &lt;book&gt; again &amp; we will talk.');
	expect(cancelled?.text).not.toContain('apologise');
	expect(cancelled?.calendar).toContain('METHOD:CANCEL');
	expect(cancelled?.calendar).toContain('SEQUENCE:2');
	const reminders = readDatabase(
		(db) =>
			(
				db
					.prepare('select count(*) as n from booking_reminder where booking_id = ?')
					.get(bookingId) as { n: number }
			).n,
		site
	);
	expect(reminders).toBe(0);

	// The tab left open sends its cancel too: a kind word, not an error, and no second e-mail.
	await stale.getByLabel('A message to them (optional)').last().fill('Sorry!');
	await stale.getByRole('button', { name: 'Cancel the consultation' }).click();
	await expect(stale.getByRole('status')).toContainText('already cancelled');
	const cancellations = readDatabase(
		(db) =>
			(
				db
					.prepare(
						"select count(*) as n from mail_outbox where to_address = ? and kind = 'booking-cancelled'"
					)
					.get(email) as { n: number }
			).n,
		site
	);
	expect(cancellations).toBe(1);

	// The consultation shows in the cancelled filter, and not among the booked ones.
	await visit(page, '/admin/consultations?when=upcoming&status=cancelled');
	await expect(page.getByRole('link', { name: 'Robin Ash' })).toBeVisible();
	await page.goto('/admin/consultations?when=upcoming&status=confirmed');
	await expect(page.getByRole('link', { name: 'Robin Ash' })).toHaveCount(0);
});

test('the private calendar link: made, shown once, renewed (the old one stops), turned off', async ({
	page,
	request
}) => {
	// One booking so that the feed has something in it.
	const guest = await visitor(page.context().browser()!);
	await guest.goto('/consultation');
	await guest.locator('button.slot-time').nth(4).click();
	await guest.getByLabel('Your name').fill('Quinn Rowe');
	await guest.getByLabel('E-mail address').fill(uniqueEmail('feed'));
	await guest.getByLabel('Country').selectOption({ label: 'United States' });
	await guest.getByLabel('State, province or territory').selectOption({ label: 'New York' });
	await guest.getByLabel(/I have read the privacy notice/).check();
	await guest.getByRole('button', { name: 'Book this time' }).click();
	await expect(guest.getByRole('heading', { level: 1 })).toHaveText('You are booked');
	await guest.context().close();

	await signedInPractitioner(page, site);
	await visit(page, '/admin/consultations');
	await page.getByRole('button', { name: 'Create a calendar link' }).click();
	const link = page.getByLabel('Your private calendar link');
	await expect(link).toHaveValue(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
	await expectAccessible(page);
	const first = await link.inputValue();
	const stored = readDatabase(
		(db) =>
			(
				db.prepare('select calendar_feed_token_hash as hash from booking_settings').get() as {
					hash: string;
				}
			).hash,
		site
	);
	expect(first).not.toContain(stored);
	expect(stored).toMatch(/^[0-9a-f]{64}$/);

	const response = await request.get(first);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('text/calendar');
	const text = await response.text();
	const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
	const summaries = events.map((e) => String(e.getFirstPropertyValue('summary')));
	expect(summaries).toContain('Free consultation — Q.R.');
	expect(text).not.toContain('Quinn');
	expect(text).not.toContain('Robin');
	expect(text).not.toContain('@example.org');

	await page.getByRole('button', { name: 'Make a new link' }).click();
	await expect(link).not.toHaveValue(first);
	await expect(link).toHaveValue(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
	const second = await link.inputValue();
	expect((await request.get(first)).status()).toBe(404);
	expect((await request.get(second)).status()).toBe(200);

	await page.getByRole('button', { name: 'Turn off' }).click();
	await expect(page.getByRole('status')).toContainText('The calendar link is off');
	expect((await request.get(second)).status()).toBe(404);
	await expect(page.getByRole('button', { name: 'Create a calendar link' })).toBeVisible();
});

test('the privacy notice shows the version visitors agree to, and explains the time-zone cookie', async ({
	page
}) => {
	const agreed = readDatabase(
		(db) =>
			(
				db.prepare('select distinct consent_notice_version as version from booking').all() as {
					version: string;
				}[]
			).map((r) => r.version),
		site
	);
	expect(agreed).toHaveLength(1);
	await visit(page, '/privacy');
	await expect(page.getByRole('main')).toContainText(`Version ${agreed[0]}`);
	const cookies = page.getByRole('listitem').filter({ hasText: 'steady_tz' });
	await expect(cookies).toContainText('only the zone’s name');
	await expect(cookies).toContainText('lasts a year');
});
