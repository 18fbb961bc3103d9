import { mkdirSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { pauseRecordFromForm } from '../../src/lib/pause/pause';
import { signedInMember, signInByApi } from './accounts';
import { expect, expectAccessible, test, visit } from './fixtures';
import { startServer } from './servers';

const shots = '/tmp/shots-pause';
// axe on every step of a seven-step sequence takes a while on a small machine.
test.describe.configure({ timeout: 120_000 });
mkdirSync(shots, { recursive: true });

/** The visible step's heading. */
const stepHeading = (page: Page) => page.locator('section[data-step]:visible h2');

interface Walk {
	/** axe on every step (needs JavaScript in the page). */
	axe: boolean;
	/** Screenshot name prefix, or none. */
	shots?: string;
	/** What to do at the timer. */
	atTimer?: (page: Page) => Promise<void>;
}

async function check(page: Page, walk: Walk, name: string) {
	if (walk.axe) await expectAccessible(page);
	if (walk.shots)
		await page.screenshot({ path: `${shots}/${walk.shots}-${name}.png`, fullPage: true });
}

/** Goes through the whole sequence with the same answers each time. */
async function walkThrough(page: Page, walk: Walk) {
	await expect(stepHeading(page)).toHaveText('Breathe first');
	await expect(page.getByText('Step 1 of 5')).toBeVisible();
	await check(page, walk, '1-breathe');
	await page.getByRole('button', { name: 'I’m ready to go on' }).click();

	await expect(stepHeading(page)).toHaveText('Name what you feel');
	await page.getByRole('checkbox', { name: 'Anxious' }).check();
	await page.getByRole('slider', { name: 'How strong: anxious' }).fill('80');
	await page.getByRole('checkbox', { name: 'Rejected' }).check();
	await page.getByRole('slider', { name: 'How strong: rejected' }).fill('60');
	await check(page, walk, '2-feel');
	await page.getByRole('button', { name: 'Go on' }).click();

	await expect(stepHeading(page)).toHaveText('Notice the story');
	await page.getByRole('radio', { name: 'If someone pulls away, it means I am failing' }).check();
	await check(page, walk, '3-story');
	await page.getByRole('button', { name: 'Go on' }).click();

	await expect(stepHeading(page)).toHaveText('Wait out the urge');
	await page.getByRole('radio', { name: 'Send another message, or ask to be reassured' }).check();
	await page.getByRole('radio', { name: '5 minutes' }).check();
	await check(page, walk, '4-urge');
	await page.getByRole('button', { name: 'Start waiting' }).click();

	await expect(stepHeading(page)).toHaveText('Waiting it out');
	await expect(page.getByText('For the next 5 minutes')).toBeVisible();
	await check(page, walk, '5-wait');
	if (walk.atTimer) await walk.atTimer(page);
	else await page.getByRole('button', { name: 'My minutes are up' }).click();

	await expect(stepHeading(page)).toHaveText('How is it now?');
	await expect(page.getByText('When you began, the strongest feeling was at 80.')).toBeVisible();
	await page.getByRole('slider', { name: 'How strong is the feeling now?' }).fill('45');
	await page.getByRole('radio', { name: 'Yes, I waited it out' }).check();
	await page.getByRole('radio', { name: 'Something else, in my own words' }).check();
	await page.getByLabel('What I’ll do, in my own words').fill('Make tea');
	await check(page, walk, '6-after');
	await page.getByRole('button', { name: 'Go on' }).click();

	await expect(stepHeading(page)).toHaveText('What you noticed');
	await expect(page.getByText('Done', { exact: true })).toBeVisible();
	const summary = page.locator('dl.summary');
	await expect(summary).toContainText('Anxious: 80 out of 100');
	await expect(summary).toContainText('Rejected: 60 out of 100');
	await expect(summary).toContainText('At the start: 80.');
	await expect(summary).toContainText('Afterwards: 45.');
	await expect(summary).toContainText(
		'The belief “If someone pulls away, it means I am failing” speaking'
	);
	await expect(summary).toContainText('Send another message, or ask to be reassured');
	await expect(summary).toContainText('You chose 5 minutes.');
	await expect(summary).toContainText('Yes, I waited it out');
	await expect(summary).toContainText('Make tea');
	await check(page, walk, '7-summary');
}

test('the whole pause with JavaScript, in the page, with axe on every step', async ({ page }) => {
	await page.clock.install();
	const posts: string[] = [];
	page.on('request', (r) => {
		if (r.method() === 'POST') posts.push(r.url());
	});
	// A refused style or script (Content-Security-Policy) shows up as a console error.
	const consoleErrors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') consoleErrors.push(m.text());
	});
	await visit(page, '/pause');
	await expect(page.getByRole('link', { name: 'reach someone now' })).toHaveAttribute(
		'href',
		'/help'
	);
	await walkThrough(page, {
		axe: true,
		shots: 'js',
		atTimer: async (page) => {
			// The calm timer: no "done" button until the minutes have passed.
			await expect(page.getByText('About 5 minutes to go.')).toBeVisible();
			await expect(page.getByRole('button', { name: 'My minutes are up' })).toBeHidden();
			await page.clock.fastForward('02:01');
			await expect(page.getByText('About 3 minutes to go.')).toBeVisible();
			await page.clock.fastForward('03:00');
			await expect(page.locator('[data-timer-done]')).toHaveText(
				'Your five minutes are up. Whenever you’re ready, go on.'
			);
			await page.screenshot({ path: `${shots}/js-5-wait-done.png`, fullPage: true });
			await page.getByRole('button', { name: 'My minutes are up' }).click();
			await expect(page.getByText('You waited. That took something')).toBeVisible();
		}
	});
	// No form went to the server: the steps ran in the page. Only the words written in the
	// person's own words ("Make tea") went to the crisis check.
	expect(posts.map((u) => new URL(u).pathname)).toEqual(['/pause/check']);
	expect(consoleErrors).toEqual([]);
	// Someone signed out is told nothing is kept, and is not offered a save.
	await expect(page.getByText('Nothing from this pause is kept')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Save this to my Moments' })).toHaveCount(0);
});

test('ending the wait early is fine, and said kindly; Back returns to choosing the wait', async ({
	page
}) => {
	await visit(page, '/pause');
	await page.getByRole('button', { name: 'I’m ready to go on' }).click();
	await page.getByRole('button', { name: 'Go on' }).click();
	await page.getByRole('button', { name: 'Go on' }).click();
	await page.getByRole('button', { name: 'Start waiting' }).click();
	await expect(page.getByText('For the next 10 minutes')).toBeVisible();
	await page.getByRole('button', { name: 'Stop waiting now' }).click();
	await expect(page.getByText('You stopped early, and that’s all right.')).toBeVisible();
	await expect(page.getByText('You waited. That took something')).toBeHidden();
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(stepHeading(page)).toHaveText('Wait out the urge');
	await expect(page.getByRole('radio', { name: '10 minutes' })).toBeChecked();
});

async function noScriptPage(browser: Browser, baseURL: string | undefined) {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	return { context, page: await context.newPage() };
}

test('the whole pause without JavaScript: real forms carry the answers', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await noScriptPage(browser, baseURL);
	const response = await page.goto('/pause');
	expect(response?.status()).toBe(200);
	// Without a script, the timer says how to know when the time is up instead of counting.
	await walkThrough(page, {
		axe: false,
		shots: 'nojs',
		atTimer: async (page) => {
			await expect(
				page.getByText('Look at a clock now: your wait ends five minutes from then.')
			).toBeVisible();
			await expect(page.locator('[data-timer]')).toBeHidden();
			await page.getByRole('button', { name: 'My minutes are up' }).click();
		}
	});
	await context.close();
});

test('without JavaScript, the end time is shown in the visitor’s known zone', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await noScriptPage(browser, baseURL);
	await context.addCookies([{ name: 'steady_tz', value: 'Europe/London', url: baseURL! }]);
	await page.goto('/pause');
	await page.getByRole('button', { name: 'I’m ready to go on' }).click();
	await page.getByRole('button', { name: 'Go on' }).click();
	await page.getByRole('button', { name: 'Go on' }).click();
	await page.getByRole('button', { name: 'Start waiting' }).click();
	const expected = new Date(Date.now() + 10 * 60_000)
		.toLocaleTimeString('en-US', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit' })
		.replace(/\u202f/g, ' ');
	const shown = (await page.locator('.ends-at strong').textContent())!.trim();
	// The minute may turn between the two clocks.
	const minutes = (t: string) => {
		const [, h, m, ap] = t.match(/(\d+):(\d+) (AM|PM)/)!;
		return ((Number(h) % 12) + (ap === 'PM' ? 12 : 0)) * 60 + Number(m);
	};
	expect(Math.abs(minutes(shown) - minutes(expected))).toBeLessThanOrEqual(1);
	await context.close();
});

test('server-rendered steps pass axe, and keep what was typed when it is refused', async ({
	page
}) => {
	// The page's script is held back, so each step is posted and rendered by the server.
	await page.route('**/pause.js', (route) => route.abort());
	await visit(page, '/pause');
	await walkThrough(page, { axe: true });

	await visit(page, '/pause');
	await page.getByRole('button', { name: 'I’m ready to go on' }).click();
	await page.getByRole('button', { name: 'Go on' }).click();
	const own = page.getByLabel('The belief, in my own words');
	// A value longer than the field allows can only come from a crafted form; it is refused kindly.
	await own.evaluate((el: HTMLInputElement) => el.removeAttribute('maxlength'));
	const long = 'Nobody stays. '.repeat(20);
	await own.fill(long);
	await page.getByRole('button', { name: 'Go on' }).click();
	await expect(stepHeading(page)).toHaveText('Notice the story');
	await expect(page.getByText('That is a little long for here')).toBeVisible();
	await expect(own).toHaveValue(long);
	await expectAccessible(page);
});

test('crisis words in Pause bring up help at once, and keep the words', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await noScriptPage(browser, baseURL);
	await page.goto('/pause');
	await page.getByRole('button', { name: 'I’m ready to go on' }).click();
	await page.getByRole('button', { name: 'Go on' }).click();
	const own = page.getByLabel('The belief, in my own words');
	await own.fill('They would be better off without me');
	await page.getByRole('button', { name: 'Go on' }).click();
	await expect(
		page.getByRole('heading', { name: 'You don’t have to face this alone' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Call 988' }).first()).toHaveAttribute(
		'href',
		'tel:988'
	);
	await page.screenshot({ path: `${shots}/nojs-crisis.png`, fullPage: true });
	// Nothing is blocked: the next step came, and the words are carried on.
	await expect(stepHeading(page)).toHaveText('Wait out the urge');
	await expect(page.locator('input[type=hidden][name=beliefOwn]').first()).toHaveValue(
		'They would be better off without me'
	);
	await context.close();
});

test('with JavaScript too, crisis words bring up help at once and nothing is lost', async ({
	page
}) => {
	await visit(page, '/pause');
	await page.getByRole('button', { name: 'I’m ready to go on' }).click();
	await page.getByLabel('Another feeling, in your own words').fill('like I want to die tonight');
	await page.getByRole('button', { name: 'Go on' }).click();
	const help = page.getByRole('heading', { name: 'You don’t have to face this alone' });
	await expect(help).toBeVisible();
	await expect(page.locator('section[data-crisis]')).toBeFocused();
	await expect(stepHeading(page)).toHaveText('Notice the story');
	await expectAccessible(page);
	await page.screenshot({ path: `${shots}/js-crisis.png`, fullPage: true });
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByLabel('Another feeling, in your own words')).toHaveValue(
		'like I want to die tonight'
	);
});

test('the crisis check answers only whether help is needed, and refuses anything else', async ({
	request
}) => {
	const yes = await request.post('/pause/check', { data: { texts: ['I want to end it all'] } });
	expect(await yes.json()).toEqual({ match: true });
	expect(yes.headers()['cache-control']).toBe('no-store');
	const no = await request.post('/pause/check', {
		data: { texts: ['This deadline is killing me'] }
	});
	expect(await no.json()).toEqual({ match: false });
	for (const data of [{ texts: 'x' }, { texts: ['x'], other: 1 }, { texts: ['x'.repeat(2001)] }]) {
		expect((await request.post('/pause/check', { data })).status()).toBe(400);
	}
	const notJson = await request.post('/pause/check', {
		headers: { 'content-type': 'application/json' },
		data: '{not json'
	});
	expect(notJson.status()).toBe(400);
});

test('with reduced motion, the breathing pacer is words only', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ reducedMotion: 'reduce', baseURL });
	const page = await context.newPage();
	await visit(page, '/pause');
	await expect(page.locator('.pacer')).toBeHidden();
	await expect(page.getByText('Breathe in slowly through your nose')).toBeVisible();
	await page.screenshot({ path: `${shots}/reduced-motion.png`, fullPage: true });
	await context.close();

	const moving = await browser.newContext({ reducedMotion: 'no-preference', baseURL });
	const other = await moving.newPage();
	await other.goto('/pause');
	await expect(other.locator('.pacer')).toBeVisible();
	const animations = await other
		.locator('.pacer .circle')
		.evaluate((el) => el.getAnimations().map((a) => (a as CSSAnimation).animationName));
	expect(animations.some((name) => /breathe/.test(name))).toBe(true);
	await moving.close();
});

test('a member is offered to save the pause, in a form that holds every answer', async ({
	page
}) => {
	await signedInMember(page);
	await visit(page, '/pause');
	await walkThrough(page, {
		axe: true,
		shots: 'member',
		atTimer: (page) => page.getByRole('button', { name: 'Stop waiting now' }).click()
	});
	await page.getByLabel('A note for yourself (optional)').fill('He answered an hour later.');
	await expect(page.getByRole('button', { name: 'Save this to my Moments' })).toBeVisible();
	const fields = await page
		.locator('form[data-summary-form]')
		.evaluate((form: HTMLFormElement) =>
			[...new FormData(form).entries()].map(([k, v]) => [k, String(v)] as [string, string])
		);
	const data = new FormData();
	for (const [k, v] of fields) data.append(k, v);
	const parsed = pauseRecordFromForm(data);
	expect(parsed).toEqual({
		ok: true,
		record: {
			feelings: [
				{ feeling: { key: 'anxious' }, intensity: 80 },
				{ feeling: { key: 'rejected' }, intensity: 60 }
			],
			intensityBefore: 80,
			belief: { key: 'pulls-away-failing' },
			urge: { key: 'reassurance' },
			minutes: 5,
			waitedOut: true,
			intensityAfter: 45,
			action: { own: 'Make tea' },
			note: 'He answered an hour later.'
		}
	});
	// A signed-in page is never kept by the browser.
	const response = await page.request.get('/pause');
	expect(response.headers()['cache-control']).toBe('no-store');

	// Saved, it is a moment of the member's, with what they noticed.
	await page.getByRole('button', { name: 'Save this to my Moments' }).click();
	await expect(page).toHaveURL(/\/app\/moments\/[0-9a-f-]{36}$/);
	await expectAccessible(page);
	const moment = page.locator('main');
	await expect(moment).toContainText('He answered an hour later.');
	await expect(moment).toContainText('Anxious');
	await expect(moment).toContainText('If someone pulls away, it means I am failing');
	await expect(moment).toContainText('Seek reassurance');
	await expect(moment).toContainText('Make tea');
	await expect(moment.getByText('Waited out the urge')).toBeVisible();
});

test('a pause sent after the session ended keeps everything and can be saved after signing in', async ({
	page
}) => {
	const member = await signedInMember(page);
	await page.goto('/pause');
	await walkThrough(page, {
		axe: false,
		atTimer: (page) => page.getByRole('button', { name: 'Stop waiting now' }).click()
	});
	await page.getByLabel('A note for yourself (optional)').fill('Kept through a sign-in.');
	await page.context().clearCookies();
	await page.getByRole('button', { name: 'Save this to my Moments' }).click();
	await expect(page.getByRole('alert')).toContainText('You are signed out');
	await expect(page.getByLabel('A note for yourself (optional)')).toHaveValue(
		'Kept through a sign-in.'
	);
	await expectAccessible(page);

	await signInByApi(page.context(), member);
	await page.getByRole('button', { name: 'Save this to my Moments' }).click();
	await expect(page).toHaveURL(/\/app\/moments\/[0-9a-f-]{36}$/);
	await expect(page.locator('main')).toContainText('Kept through a sign-in.');
});

test('once visited, Pause works with the network cut', async ({ browser }) => {
	const site = await startServer(4224);
	const context = await browser.newContext({ baseURL: site.baseURL });
	const page = await context.newPage();
	try {
		await page.goto('/pause');
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await expect
			.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null))
			.toBe('activated');
		const kept = await page.evaluate(async () => {
			const names = await caches.keys();
			const cache = await caches.open(names[0]!);
			return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
		});
		console.warn(`Pause keeps offline: ${kept.join(', ')}`);
		expect(kept).toContain('/pause');
		expect(kept).toContain('/pause.js');
		expect(kept.some((p) => /^\/_app\/immutable\/assets\/.+\.css$/.test(p))).toBe(true);
		for (const p of kept) {
			expect(p).toMatch(
				/^\/(pause|pause\.js|manifest\.webmanifest|favicon\.svg|icons\/.+|_app\/immutable\/assets\/.+\.css)$/
			);
		}

		await context.setOffline(true);
		await site.stop();
		const response = await page.reload();
		expect(response?.fromServiceWorker()).toBe(true);
		await expectAccessible(page);
		await page.screenshot({ path: `${shots}/offline-1.png`, fullPage: true });
		await walkThrough(page, {
			axe: true,
			atTimer: (page) => page.getByRole('button', { name: 'Stop waiting now' }).click()
		});
	} finally {
		await context.close();
		await site.stop();
	}
});

test('for someone signed in, the page kept offline is the signed-out one', async ({ page }) => {
	await signedInMember(page);
	await page.goto('/pause');
	await expect(page.getByRole('link', { name: 'Account' })).toBeVisible();
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	const kept = await page.evaluate(async () => {
		const cache = await caches.open((await caches.keys())[0]!);
		const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
		const html = await (await cache.match('/pause'))!.text();
		return { paths, html };
	});
	expect(kept.html).toContain('Sign in');
	expect(kept.html).not.toContain('Your workbook');
	expect(kept.html).not.toContain('Save this to my Moments');
	for (const path of kept.paths) expect(path).not.toMatch(/^\/(app|account|admin|api)(\/|$)/);
});

test('the service worker controls Pause only, never another page', async ({ page }) => {
	await page.goto('/pause');
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	const scope = await page.evaluate(
		async () => (await navigator.serviceWorker.getRegistration('/pause'))?.scope
	);
	expect(new URL(scope!).pathname).toBe('/pause');
	for (const path of ['/', '/help', '/sign-in']) {
		await page.goto(path);
		expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
	}
});

test('Pause can be installed: its manifest and icons', async ({ request, page }) => {
	await page.goto('/pause');
	const href = await page.locator('link[rel=manifest]').getAttribute('href');
	const manifest = await (await request.get(href!)).json();
	expect(manifest).toMatchObject({ start_url: '/pause', display: 'standalone' });
	for (const icon of manifest.icons) {
		const response = await request.get(icon.src);
		expect(response.status(), icon.src).toBe(200);
		expect(response.headers()['content-type']).toBe(icon.type);
	}
});

test('the home page and the help page lead to Pause', async ({ page }) => {
	await visit(page, '/');
	await page.getByRole('main').getByRole('link', { name: 'Take a pause' }).click();
	await expect(page).toHaveURL(/\/pause$/);
	await visit(page, '/help');
	await expect(
		page.getByRole('main').getByRole('link', { name: 'Pause', exact: true })
	).toHaveAttribute('href', '/pause');
});
