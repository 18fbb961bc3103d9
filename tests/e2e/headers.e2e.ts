import { expect, test } from './fixtures';

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
