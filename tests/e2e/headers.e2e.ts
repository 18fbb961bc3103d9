import { expect, test } from './fixtures';
import { signedInMember } from './accounts';

const paths = [
	['/', 200],
	['/articles/building-self-esteem', 200],
	['/consultation', 200],
	['/pause', 200],
	['/self-check', 200],
	['/pause.js', 200],
	['/service-worker.js', 200],
	['/manifest.webmanifest', 200],
	['/healthz', 200],
	['/favicon.svg', 200],
	['/articles/rss.xml', 200],
	['/no-such-page', 404]
] as const;

for (const [path, status] of paths) {
	test(`security headers on ${path}`, async ({ request }) => {
		const response = await request.get(path);
		expect(response.status()).toBe(status);
		const headers = response.headers();
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		const csp = headers['content-security-policy'] ?? '';
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'none'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toContain('unsafe-inline');
		// Served over plain http in tests, so no HSTS.
		expect(headers['strict-transport-security']).toBeUndefined();
	});
}

test('Pause allows its own script, service worker and manifest, and nothing else', async ({
	request
}) => {
	const csp = (await request.get('/pause')).headers()['content-security-policy'];
	expect(csp).toContain("script-src 'self'");
	expect(csp).toContain("worker-src 'self'");
	expect(csp).toContain("manifest-src 'self'");
	expect(csp).not.toContain('unsafe-inline');
});

test('a dynamic page allows connections only to its own origin', async ({ request }) => {
	const csp = (await request.get('/consultation')).headers()['content-security-policy'];
	expect(csp).toContain("connect-src 'self'");
	expect(csp).toContain("script-src 'self'");
});

test('visitors’ pages are sent compressed; a signed-in member’s pages are not', async ({
	page
}) => {
	const encodingOf = async (path: string) => {
		const response = await page.request.get(path, { headers: { 'Accept-Encoding': 'br, gzip' } });
		expect(response.status(), path).toBe(200);
		expect(response.url(), path).toContain(path);
		return response.headers()['content-encoding'];
	};
	for (const path of ['/consultation', '/consultation/zone', '/pause', '/self-check', '/sign-in']) {
		expect(await encodingOf(path), path).toBe('br');
	}
	// The browser decompresses it: the page reads as it should.
	await page.goto('/consultation');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('A free 20-minute consultation');
	const gzip = await page.request.get('/pause', { headers: { 'Accept-Encoding': 'gzip' } });
	expect(gzip.headers()['content-encoding']).toBe('gzip');
	expect(await gzip.text()).toContain('</html>');
	const plain = await page.request.get('/pause', { headers: { 'Accept-Encoding': 'identity' } });
	expect(plain.headers()['content-encoding']).toBeUndefined();

	// Where a page may hold what a person wrote, its size is never a clue to it.
	await signedInMember(page);
	for (const path of ['/app', '/app/moments', '/account', '/pause', '/consultation']) {
		expect(await encodingOf(path), path).toBeUndefined();
	}
});
