import { readFileSync } from 'node:fs';
import { expect, publicPages, test, visit } from './fixtures';

/** The essay's section headings, read from the seed: short lines that end without punctuation. */
function seedHeadings(): string[] {
	const lines = readFileSync(
		'src/lib/server/content/fixtures/building-self-esteem.seed.txt',
		'utf8'
	)
		.split('\n')
		.map((l) => l.trimEnd());
	return lines
		.slice(1)
		.filter(
			(line) =>
				line.length > 0 && !/^\s/.test(line) && !/[.?!:,”"’]$/.test(line) && line.length < 70
		);
}

test('a visitor goes from the home page to the essay and on to the consultation', async ({
	page
}) => {
	await visit(page, '/');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Need help now?' }).first()).toBeVisible();
	await page
		.getByRole('link', { name: 'Building Self-Esteem In and Outside of Relationships' })
		.first()
		.click();
	await expect(page).toHaveURL(/\/articles\/building-self-esteem$/);
	await visit(page, '/articles/building-self-esteem');
	const button = page
		.getByRole('main')
		.getByRole('link', { name: 'Book a free 20-minute consultation' });
	await expect(button).toHaveCount(1);
	await button.click();
	await expect(page).toHaveURL(/\/consultation$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('consultation');
});

test('the essay shows every section heading of the practice’s text', async ({ page }) => {
	const headings = seedHeadings();
	expect(headings).toHaveLength(5);
	await visit(page, '/articles/building-self-esteem');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Building Self-Esteem In and Outside of Relationships'
	);
	const shown = await page.getByRole('heading', { level: 2 }).allTextContents();
	for (const heading of headings) expect(shown.map((s) => s.trim())).toContain(heading);
	await expect(page.locator('blockquote')).toHaveCount(2);
	await expect(page.locator('head meta[name="description"]')).toHaveAttribute('content', /\S/);
	await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute(
		'href',
		/\/articles\/building-self-esteem$/
	);
	await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute('content', /\S/);
});

test('the essay reads fully with JavaScript turned off', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	// axe runs as a script, so it cannot run here; the same page is checked with it above.
	const response = await page.goto('/articles/building-self-esteem');
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('heading', { name: 'Therapy and self-esteem work' })).toBeVisible();
	await expect(
		page.getByText('I believe in you and your healing journey.', { exact: false })
	).toBeVisible();
	const scripts = await page.locator('script').count();
	expect(scripts).toBe(0);
	await page
		.getByRole('main')
		.getByRole('link', { name: 'Book a free 20-minute consultation' })
		.click();
	await expect(page).toHaveURL(/\/consultation$/);
	await context.close();
});

for (const path of [...publicPages, '/no-such-page']) {
	test(`"Need help now?" is one click away on ${path}`, async ({ page }) => {
		await visit(page, path, path === '/no-such-page' ? 404 : 200);
		await page.getByRole('banner').getByRole('link', { name: 'Need help now?' }).click();
		await expect(page).toHaveURL(/\/help$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Need help now?');
	});
}

test('the help page gives the numbers and says booking is not an emergency service', async ({
	page
}) => {
	await visit(page, '/help');
	await expect(page.locator('a[href="tel:988"]').first()).toBeVisible();
	await expect(page.locator('a[href="sms:988"]').first()).toBeVisible();
	await expect(page.locator('a[href="tel:116123"]')).toBeVisible();
	await expect(page.getByRole('main')).toContainText('not an emergency service');
});

test('the articles list shows the essay and no drafts', async ({ page }) => {
	await visit(page, '/articles');
	const links = page.getByRole('main').getByRole('link');
	await expect(links.filter({ hasText: 'Building Self-Esteem' })).toHaveCount(1);
	await expect(page.getByRole('main')).not.toContainText('draft', { ignoreCase: true });
});

test('an unknown address gets a friendly page in the site’s layout', async ({ page }) => {
	await visit(page, '/no-such-page', 404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that page');
	await expect(page.getByRole('contentinfo')).toContainText('not an emergency service');
});

test('the feed, sitemap and robots file are there and well-formed', async ({ page, request }) => {
	const rss = await request.get('/articles/rss.xml');
	expect(rss.status()).toBe(200);
	expect(rss.headers()['content-type']).toContain('xml');
	const sitemap = await request.get('/sitemap.xml');
	expect(sitemap.status()).toBe(200);
	const robots = await request.get('/robots.txt');
	expect(await robots.text()).toMatch(/Sitemap: https?:\/\/\S+\/sitemap\.xml/);
	await page.goto('/help');
	for (const [text, root] of [
		[await rss.text(), 'rss'],
		[await sitemap.text(), 'urlset']
	] as const) {
		const parsed = await page.evaluate((xml) => {
			const doc = new DOMParser().parseFromString(xml, 'application/xml');
			return {
				error: doc.getElementsByTagName('parsererror').length > 0,
				root: doc.documentElement.nodeName,
				items: doc.getElementsByTagName('item').length + doc.getElementsByTagName('url').length
			};
		}, text);
		expect(parsed).toMatchObject({ error: false, root });
		expect(parsed.items).toBeGreaterThan(0);
	}
});

test('/healthz answers 200 while the database is reachable', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ status: 'ok', database: 'reachable' });
});
