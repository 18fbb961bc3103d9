import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Every public page of the site, for tests that visit them all. */
export const publicPages = [
	'/',
	'/articles',
	'/articles/building-self-esteem',
	'/help',
	'/privacy',
	'/consultation',
	'/consultation/zone',
	'/pause',
	'/self-check'
];

/** Runs axe on the page as it is now and fails on any violation, naming each. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
	);
	expect(summary, `axe found problems on ${page.url()}`).toEqual([]);
}

/** Opens a path, checks it answered, and checks it with axe. */
export async function visit(page: Page, path: string, expectedStatus = 200) {
	const response = await page.goto(path);
	expect(response?.status(), `status of ${path}`).toBe(expectedStatus);
	await expectAccessible(page);
	return response;
}

/** A made-up client address: the tests play the proxy, so each test counts as its own visitor. */
function randomAddress(): string {
	const part = () => Math.floor(Math.random() * 254) + 1;
	return `10.${part()}.${part()}.${part()}`;
}

export const test = base.extend<{ foreignRequests: string[] }>({
	// Each test arrives from its own address, so rate limits meant for one visitor are not used up
	// by the rest of the suite.
	extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
		await use({ 'X-Forwarded-For': randomAddress(), ...extraHTTPHeaders });
	},
	// Every test watches for requests to any host but the app's own, and fails if one is made.
	foreignRequests: [
		async ({ page, baseURL }, use) => {
			const own = new URL(baseURL!).host;
			const foreign: string[] = [];
			page.on('request', (request) => {
				const url = new URL(request.url());
				if (url.protocol === 'data:' || url.protocol === 'blob:') return;
				if (url.host !== own) foreign.push(request.url());
			});
			await use(foreign);
			expect(foreign, 'requests to other hosts').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };
