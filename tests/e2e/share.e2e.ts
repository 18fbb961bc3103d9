import type { Browser, Page } from '@playwright/test';
import { expect as baseExpect, expectAccessible, test, visit } from './fixtures';
import {
	readDatabase,
	signedInMember,
	signedInPractitioner,
	signInByApi,
	userIdOf
} from './accounts';

// A busy machine can take a while to draw the pages that read and open a whole workbook.
const expect = baseExpect.configure({ timeout: 20_000 });

/** axe runs as a script in the page, so it checks the pages in the run with JavaScript. */
async function checked(page: Page, js: boolean) {
	if (js) await expectAccessible(page);
}

async function open(page: Page, path: string, js: boolean, status = 200) {
	if (js) return visit(page, path, status);
	const response = await page.goto(path);
	expect(response?.status(), `status of ${path}`).toBe(status);
	return response;
}

async function shot(page: Page, name: string) {
	await page.screenshot({ path: `/tmp/share-${name}.png`, fullPage: true });
}

async function addBelief(page: Page, words: string, js: boolean) {
	await open(page, '/app/beliefs', js);
	await page.getByLabel('None of these — my own words').check();
	await page.getByLabel('In your own words').fill(words);
	await page.getByLabel('How strongly do you believe it now?').fill('75');
	await page.getByRole('button', { name: 'Add it' }).click();
	await expect(page).toHaveURL(/\/app\/beliefs\/[0-9a-f-]{36}\?added=1$/);
	await checked(page, js);
}

/** A moment through its steps: what happened, and (when given) the member's own belief. */
async function addMoment(page: Page, sentence: string, js: boolean, belief?: string) {
	await open(page, '/app/moments/new', js);
	await page.getByLabel('What happened?').fill(sentence);
	for (let step = 0; step < 3; step++) await page.getByRole('button', { name: 'Next' }).click();
	await expect(page.getByText('What story did you tell yourself?').first()).toBeVisible();
	await checked(page, js);
	if (belief) await page.getByLabel(`“${belief}” (in your beliefs)`).check();
	await page.getByRole('button', { name: 'Skip to the end' }).click();
	await page.getByRole('button', { name: 'Save this moment' }).click();
	await expect(page).toHaveURL(/\/app\/moments\/[0-9a-f-]{36}\?saved=1$/);
	return page.url().match(/moments\/([0-9a-f-]{36})/)![1]!;
}

/** A practitioner with a second factor, in a context of its own (JavaScript on, for axe). */
async function practitionerPage(browser: Browser, baseURL: string) {
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	const who = await signedInPractitioner(page);
	return { page, who };
}

/** Books a free consultation a few weeks out for the signed-in member, through the pages. */
async function bookConsultation(page: Page, name: string, email: string) {
	const week = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
		Date.now() + 14 * 86_400_000
	);
	await page.goto(`/consultation?week=${week}&tz=America%2FNew_York`);
	await page.locator('button.slot-time').last().click();
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Country').selectOption({ label: 'United States' });
	await page.getByLabel('State, province or territory').selectOption({ label: 'New York' });
	await page.getByLabel(/I have read the privacy notice/).check();
	await page.getByRole('button', { name: 'Book this time' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are booked');
	return readDatabase(
		(db) => (db.prepare('select id from booking where email = ?').get(email) as { id: string }).id
	);
}

for (const js of [true, false]) {
	const run = js ? 'js' : 'nojs';
	test(`a member shares a summary of what they chose, sees who read it, and takes it back (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(600_000);
		const context = await browser.newContext({ javaScriptEnabled: js, baseURL });
		const page = await context.newPage();
		const stamp = Date.now();
		const member = await signedInMember(page, { name: `Robin ${run}` });
		const belief = `I have to keep everyone happy (${run})`;
		const chosen = `No reply after I asked about the weekend ${stamp}`;
		const other = `An awkward silence at the family dinner ${stamp}`;
		await addBelief(page, belief, js);
		await addMoment(page, chosen, js, belief);
		await addMoment(page, other, js);

		// A free consultation booked with the account's own address, signed in: the confirmation
		// offers to share a summary for it.
		const bookingId = js ? await bookConsultation(page, member.name, member.email) : null;
		if (js) {
			await checked(page, js);
			await shot(page, 'booking-confirmation');
			await page.getByRole('link', { name: 'Share a summary for this consultation' }).click();
			await expect(page).toHaveURL(/\/app\/share\?consultation=/);
		} else {
			await open(page, '/app', js);
			await page.getByRole('link', { name: 'Share with your practitioner' }).click();
		}
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Share with your practitioner'
		);
		await expect(page.getByText('You have not prepared a summary yet.')).toBeVisible();
		await checked(page, js);
		await shot(page, `list-empty-${run}`);

		// Preparing: nothing chosen is said beside the fields, and the title is kept.
		await page.getByRole('link', { name: 'Prepare a summary' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prepare a summary');
		await checked(page, js);
		await page.getByLabel('A title for it').fill('Before we meet');
		await page.getByRole('button', { name: 'Prepare the summary' }).click();
		await expect(page.getByText('Please choose at least one thing to include.')).toBeVisible();
		await expect(page.getByLabel('A title for it')).toHaveValue('Before we meet');
		await checked(page, js);
		await page.getByLabel(new RegExp(`“${belief.replace(/[()]/g, '\\$&')}”`)).check();
		await page.getByLabel(new RegExp(chosen)).check();
		await page.getByLabel(/An overview of a period/).check();
		await shot(page, `new-${run}`);
		if (!js) {
			// Sent after the session ended: nothing is lost, and sending it again once signed in works.
			await context.clearCookies();
			await page.getByRole('button', { name: 'Prepare the summary' }).click();
			await expect(page.getByRole('alert')).toContainText('You were signed out');
			await expect(page.getByLabel('A title for it')).toHaveValue('Before we meet');
			await shot(page, 'signed-out');
			await signInByApi(context, member);
		}
		await page.getByRole('button', { name: 'Prepare the summary' }).click();

		// The preview: exactly what would be shared, private for now.
		await expect(page).toHaveURL(/\/app\/share\/[0-9a-f-]{36}\?prepared=1/);
		const summaryId = page.url().match(/share\/([0-9a-f-]{36})/)![1]!;
		const main = page.getByRole('main');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Before we meet');
		await expect(page.getByRole('status')).toContainText('Nothing is shared yet');
		await expect(main).toContainText(chosen);
		await expect(main).toContainText(`“${belief}”`);
		await expect(main).toContainText('How strongly I believe it now: 75 out of 100.');
		await expect(main).toContainText('Moments noted: 2.');
		await expect(main).not.toContainText(other);
		await checked(page, js);
		await shot(page, `preview-${run}`);

		// Shared (for the consultation, in the run that booked one).
		if (bookingId) {
			await page.getByLabel(/My free consultation on/).check();
		}
		await page.getByRole('button', { name: 'Share with the practice' }).click();
		await expect(page.getByRole('status')).toContainText('Shared.');
		await expect(main).toContainText('Shared with the practice since');
		await checked(page, js);
		await shot(page, `shared-${run}`);

		await page.getByRole('link', { name: /A plain page to print/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Before we meet');
		await expect(page.getByRole('main')).toContainText(chosen);
		await checked(page, js);
		await shot(page, `print-${run}`);
		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('banner')).toBeHidden();
		await expect(page.getByRole('link', { name: 'Back to the summary' })).toBeHidden();
		await shot(page, `print-media-${run}`);
		await page.emulateMedia({ media: 'screen' });

		// The practice sees exactly that, and not the other moment.
		const { page: practice, who } = await practitionerPage(browser, baseURL!);
		const memberId = userIdOf(member.email)!;
		await visit(practice, '/admin');
		await practice.getByRole('link', { name: 'Shared summaries' }).click();
		await expect(practice.getByRole('heading', { level: 1 })).toHaveText('Shared summaries');
		await expect(practice.getByRole('main')).toContainText('1 summary shared');
		await expectAccessible(practice);
		await shot(practice, `admin-members-${run}`);
		await practice.getByRole('link', { name: member.name }).click();
		await expect(practice.getByRole('heading', { level: 1 })).toHaveText(
			`Shared by ${member.name}`
		);
		await expectAccessible(practice);
		await shot(practice, `admin-member-${run}`);
		await practice.getByRole('link', { name: 'Before we meet' }).click();
		const summaryPath = `/admin/members/${memberId}/summaries/${summaryId}`;
		await expect(practice).toHaveURL((url) => url.pathname === summaryPath);
		const seen = practice.getByRole('main');
		await expect(seen).toContainText(chosen);
		await expect(seen).toContainText(`“${belief}”`);
		await expect(seen).not.toContainText(other);
		await expectAccessible(practice);
		await shot(practice, `admin-summary-${run}`);
		if (bookingId) {
			await visit(practice, `/admin/consultations/${bookingId}`);
			await expect(practice.getByRole('main')).toContainText(
				`Shared from ${member.name}’s workbook: Before we meet`
			);
			await expect(practice.getByRole('main')).toContainText(chosen);
			await expect(practice.getByRole('main')).not.toContainText(other);
			await shot(practice, 'admin-consultation');
		}
		const reads = readDatabase(
			(db) =>
				db
					.prepare(
						"select actor_user_id as actor, target from audit_log where action = 'summary.read' and subject_user_id = ?"
					)
					.all(memberId) as { actor: string; target: string }[]
		);
		// One opening of the summary's page, and one of the consultation's where it is attached.
		expect(reads.length).toBe(bookingId ? 2 : 1);
		expect(new Set(reads.map((r) => r.target))).toEqual(new Set([summaryId]));
		expect(new Set(reads.map((r) => r.actor))).toEqual(new Set([userIdOf(who.email)]));

		// The member sees who read it, and when.
		await open(page, '/app/share', js);
		const readings = page.getByRole('table');
		await expect(readings.getByRole('row')).toHaveCount(reads.length + 1);
		await expect(readings.getByRole('row').nth(1)).toContainText(who.name);
		await expect(readings.getByRole('row').nth(1)).toContainText('Before we meet');
		await checked(page, js);
		await shot(page, `list-${run}`);

		// Taken back: the practice's next look finds nothing.
		await page.getByRole('link', { name: 'Before we meet' }).first().click();
		await page.getByRole('button', { name: 'Stop sharing' }).click();
		await expect(page.getByRole('status')).toContainText('private again');
		await checked(page, js);
		const gone = await practice.goto(summaryPath);
		expect(gone?.status()).toBe(404);
		await expect(practice.getByRole('main')).not.toContainText(chosen);
		await expectAccessible(practice);
		await visit(practice, '/admin/members');
		await expect(practice.getByRole('main')).not.toContainText(member.name);
		if (bookingId) {
			await visit(practice, `/admin/consultations/${bookingId}`);
			await expect(practice.getByRole('main')).not.toContainText(chosen);
		}
		await open(page, '/app/share', js);
		await expect(page.getByRole('main')).toContainText('Private — you took it back on');
		await practice.context().close();
		await context.close();
	});
}
