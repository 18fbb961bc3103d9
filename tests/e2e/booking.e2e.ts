import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, visit } from './fixtures';
import { latestMail, uniqueEmail } from './outbox';

/** The manage link in the latest e-mail of a kind to an address, as a path on this server. */
async function manageLinkFor(to: string, kind: string): Promise<string> {
	const until = Date.now() + 5000;
	for (;;) {
		const link = latestMail(to, kind)?.text.match(
			/https?:\/\/\S+\/consultation\/manage\/[\w-]+/
		)?.[0];
		if (link) return new URL(link).pathname;
		if (Date.now() > until) throw new Error(`No ${kind} e-mail with a manage link reached ${to}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function fillDetails(
	page: Page,
	email: string,
	place = { country: 'United States', region: 'New York' }
) {
	await page.getByLabel('Your name').fill('Robin Ash');
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Country').selectOption({ label: place.country });
	await page.getByLabel('State, province or territory').selectOption({ label: place.region });
	await page.getByLabel(/I have read the privacy notice/).check();
	await page
		.getByLabel(/What would you like to talk about/)
		.fill('I second-guess every message I send');
}

const fullName = (zoneName: string) =>
	new RegExp(`^\\w+day \\d{1,2} \\w+ \\d{4}, \\d{1,2}:\\d\\d (AM|PM), ${zoneName}$`);

// Each test walks through several pages and checks every one with axe: more than the default time.
test.describe.configure({ timeout: 120_000 });

test.describe('in London, with JavaScript', () => {
	test.use({ timezoneId: 'Europe/London' });

	test('books from the essay’s button in their own zone, then reschedules and cancels by the e-mailed link', async ({
		page,
		request
	}) => {
		await visit(page, '/articles/building-self-esteem');
		await page
			.getByRole('main')
			.getByRole('link', { name: 'Book a free 20-minute consultation' })
			.click();
		await expect(page).toHaveURL(/\/consultation$/);
		await expectAccessible(page);
		// The practice is in New York; the page shows the visitor's own zone.
		await expect(page.locator('[data-zone-name]')).toHaveText('United Kingdom Time');
		const times = page.locator('button.slot-time');
		expect(await times.count()).toBeGreaterThan(6);
		const chosen = times.nth(3);
		await expect(chosen).toHaveAccessibleName(fullName('United Kingdom Time'));
		const chosenName = (await chosen.getAttribute('value'))!;
		await chosen.click();

		await expect(page).toHaveURL(/\/consultation\/book\?/);
		await expectAccessible(page);
		await expect(page.getByRole('main')).toContainText('United Kingdom Time');
		await expect(page.getByRole('main')).toContainText('for the practitioner (Eastern Time)');
		await expect(page.getByRole('main')).toContainText('not an emergency service');
		// The privacy notice comes before the first question about what they would like to talk about.
		const privacyFirst = await page.evaluate(() => {
			const notice = document.getElementById('privacy-heading')!;
			const topic = document.getElementById('field-topic')!;
			return Boolean(notice.compareDocumentPosition(topic) & Node.DOCUMENT_POSITION_FOLLOWING);
		});
		expect(privacyFirst).toBe(true);
		const email = uniqueEmail('london');
		await fillDetails(page, email);
		await page.getByRole('button', { name: 'Book this time' }).click();

		await expect(page).toHaveURL(/\/consultation\/manage\/[\w-]{43}\?done=booked$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are booked');
		await expect(page.getByRole('main')).toContainText('United Kingdom Time');
		await expectAccessible(page);

		const mail = latestMail(email, 'booking-confirmed');
		expect(mail?.text).toContain('United Kingdom Time');
		expect(mail?.text).not.toContain('second-guess');
		const link = await manageLinkFor(email, 'booking-confirmed');
		const ics = await request.get(`${link}/calendar.ics`);
		expect(ics.status()).toBe(200);
		expect(ics.headers()['content-type']).toContain('text/calendar');
		expect(await ics.text()).toContain(
			`DTSTART:${chosenName.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`
		);

		await visit(page, link);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your consultation');
		const newTime = page
			.getByRole('group', { name: 'Choose a new time' })
			.getByRole('radio')
			// Not the earliest: it may pass the minimum notice while the test runs.
			.nth(5);
		await expect(newTime).toHaveAccessibleName(fullName('United Kingdom Time'));
		await newTime.check();
		await page.getByRole('button', { name: 'Move my consultation to this time' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your consultation has moved');
		await expectAccessible(page);
		expect(latestMail(email, 'booking-rescheduled')?.text).toContain('is now at this time');

		await page.getByText('Cancel this consultation', { exact: true }).click();
		await page.getByRole('button', { name: 'Yes, cancel my consultation' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Your consultation is cancelled'
		);
		await expectAccessible(page);
		expect(latestMail(email, 'booking-cancelled')?.subject).toMatch(/is cancelled$/);
		await expect(
			page.getByRole('button', { name: 'Move my consultation to this time' })
		).toHaveCount(0);
	});

	test('“That time was just taken” keeps everything typed and offers the nearest times', async ({
		page,
		browser,
		baseURL
	}) => {
		await visit(page, '/consultation');
		const time = page.locator('button.slot-time').nth(11);
		const start = (await time.getAttribute('value'))!;
		await time.click();
		await fillDetails(page, uniqueEmail('second'));

		// Someone else books the same time first.
		const other = await browser.newContext({ baseURL, timezoneId: 'Europe/London' });
		const otherPage = await other.newPage();
		await otherPage.goto(
			`/consultation/book?tz=Europe%2FLondon&start=${encodeURIComponent(start)}`
		);
		await fillDetails(otherPage, uniqueEmail('first'));
		await otherPage.getByRole('button', { name: 'Book this time' }).click();
		await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('You are booked');
		await other.close();

		await page.getByRole('button', { name: 'Book this time' }).click();
		await expect(page.getByRole('heading', { name: 'That time was just taken' })).toBeVisible();
		await expect(page.getByLabel('Your name')).toHaveValue('Robin Ash');
		await expect(page.getByLabel(/What would you like to talk about/)).toHaveValue(
			'I second-guess every message I send'
		);
		await expect(page.getByLabel(/I have read the privacy notice/)).toBeChecked();
		await expectAccessible(page);
		const alternatives = page
			.getByRole('group', { name: 'Choose another time' })
			.getByRole('radio');
		expect(await alternatives.count()).toBeGreaterThan(0);
		await alternatives.first().check();
		await page.getByRole('button', { name: 'Book this time' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are booked');
	});

	test('someone who will be outside the licensed places is told kindly, and nothing is booked', async ({
		page
	}) => {
		await visit(page, '/consultation');
		await page.locator('button.slot-time').nth(1).click();
		const email = uniqueEmail('away');
		await fillDetails(page, email, { country: 'United States', region: 'California' });
		await page.getByRole('button', { name: 'Book this time' }).click();
		await expect(
			page.getByRole('heading', { name: 'We can’t book this one, and we’re sorry' })
		).toBeVisible();
		await expect(page.getByRole('main')).toContainText('nothing has been booked');
		await expect(
			page
				.getByRole('main')
				.getByRole('link', { name: 'here is how to reach someone today' })
				.first()
		).toHaveAttribute('href', '/help');
		await expect(page.getByLabel('Your name')).toHaveValue('Robin Ash');
		await expectAccessible(page);
		expect(latestMail(email, 'booking-confirmed')).toBeUndefined();
	});
});

test('the same booking works with JavaScript turned off, choosing the zone from the list', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({
		baseURL,
		javaScriptEnabled: false,
		timezoneId: 'Asia/Tokyo'
	});
	const page = await context.newPage();
	const foreign: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).host !== new URL(baseURL!).host) foreign.push(r.url());
	});
	expect((await page.goto('/consultation'))?.status()).toBe(200);
	// Without the script the practitioner's zone is shown first, and can be changed on the page
	// with the list; the week being looked at is kept.
	await expect(page.locator('[data-zone-name]')).toHaveText('Eastern Time');
	await page.getByRole('link', { name: 'Later week' }).click();
	const week = await page.locator('.week-label').textContent();
	await page.getByRole('link', { name: 'Show times in another time zone' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a time zone');
	await expect(page.getByLabel('Show times in another time zone')).toHaveValue('America/New_York');
	await page.getByLabel('Show times in another time zone').selectOption('Europe/Berlin');
	await page.getByRole('button', { name: 'Show times' }).click();
	await expect(page).toHaveURL(/\/consultation\?week=\d{4}-\d\d-\d\d&tz=Europe%2FBerlin#times$/);
	await expect(page.locator('[data-zone-name]')).toHaveText('Central European Time');
	await expect(page.locator('.week-label')).toHaveText(week!);
	const time = page.locator('button.slot-time').nth(7);
	await expect(time).toHaveAccessibleName(fullName('Central European Time'));
	// The choice is remembered: the list now starts at it.
	await page.getByRole('link', { name: 'Show times in another time zone' }).click();
	await expect(page.getByLabel('Show times in another time zone')).toHaveValue('Europe/Berlin');
	await page.getByRole('link', { name: 'Back to the times' }).click();
	await expect(page.locator('[data-zone-name]')).toHaveText('Central European Time');
	await page.locator('button.slot-time').nth(2).click();

	await expect(page).toHaveURL(/\/consultation\/book\?/);
	// Sent without consent first: the error is beside the field and nothing typed is lost.
	const email = uniqueEmail('nojs');
	await fillDetails(page, email);
	await page.getByLabel(/I have read the privacy notice/).uncheck();
	await page.getByRole('button', { name: 'Book this time' }).click();
	await expect(page.locator('#field-consent-error')).toContainText('privacy notice');
	await expect(page.getByLabel('E-mail address')).toHaveValue(email);
	await page.getByLabel(/I have read the privacy notice/).check();
	await page.getByRole('button', { name: 'Book this time' }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are booked');
	await expect(page.getByRole('main')).toContainText('Central European Time');
	expect(await page.locator('script').count()).toBe(0);
	expect(latestMail(email, 'booking-confirmed')?.text).toContain('Central European Time');
	expect(foreign).toEqual([]);
	await context.close();
});

test('a manage link that opens nothing says so plainly', async ({ page }) => {
	await visit(page, `/consultation/manage/${'x'.repeat(43)}`, 404);
	await expect(page.getByRole('main')).toContainText('We couldn’t find that page');
});

/** The times a page offers, as a person reads them: each day's heading and its buttons' words. */
async function offeredTimes(page: Page) {
	return page.locator('[data-slot-days] section').evaluateAll((days) =>
		days.map((day) => ({
			heading: day.querySelector('h3')?.textContent?.trim(),
			times: [...day.querySelectorAll('button.slot-time')].map((b) => [
				b.getAttribute('value'),
				b.textContent?.trim(),
				b.getAttribute('aria-label')
			])
		}))
	);
}

test('a browser in another zone shows exactly the times the server shows for that zone', async ({
	browser,
	baseURL
}) => {
	// Half-hour and quarter-hour offsets, a zone with no daylight saving and one far ahead.
	for (const zone of ['Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
		// Other tests book times meanwhile, so both pages are read again if one changed in between.
		await expect(async () => {
			const inZone = await browser.newContext({ baseURL, timezoneId: zone });
			const page = await inZone.newPage();
			await page.goto('/consultation');
			// Chromium may name a zone by an older alias (Asia/Calcutta); the page uses its name.
			const named = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
			await expect(page.locator('[data-slot-zone]')).toHaveAttribute('data-slot-zone', named);
			const rewritten = await offeredTimes(page);
			await inZone.close();

			const served = await browser.newContext({ baseURL, javaScriptEnabled: false });
			const plain = await served.newPage();
			await plain.goto(`/consultation?tz=${encodeURIComponent(named)}`);
			const fromServer = await offeredTimes(plain);
			await served.close();

			expect(fromServer.length, zone).toBeGreaterThan(0);
			expect(rewritten, zone).toEqual(fromServer);
		}).toPass({ intervals: [100, 500], timeout: 20_000 });
	}
});
