import { describe, expect, it } from 'vitest';
import { createPageCache, responseFrom } from './page-cache';

function page(body: string, headers: Record<string, string> = {}, status = 200) {
	return new Response(body, {
		status,
		headers: { 'content-type': 'text/html', 'x-request-id': 'abc', ...headers }
	});
}

describe('the copy of a shared page', () => {
	it('is served until it is older than its time to live', async () => {
		let now = 1_000;
		const cache = createPageCache({ ttlMs: 5_000, maxEntries: 10, now: () => now });
		await cache.keep('/consultation', page('week one'));
		now += 4_999;
		const copy = cache.get('/consultation');
		expect(copy && (await responseFrom(copy).text())).toBe('week one');
		now += 1;
		expect(cache.get('/consultation')).toBeUndefined();
	});

	it('leaves out headers that belong to one response', async () => {
		const cache = createPageCache({ ttlMs: 5_000, maxEntries: 10 });
		await cache.keep('k', page('x', { 'content-security-policy': "default-src 'self'" }));
		const response = responseFrom(cache.get('k')!);
		expect(response.headers.get('x-request-id')).toBeNull();
		expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
		expect(response.headers.get('content-type')).toBe('text/html');
	});

	it('never keeps a response that sets a cookie or is not a 200', async () => {
		const cache = createPageCache({ ttlMs: 5_000, maxEntries: 10 });
		await cache.keep('a', page('x', { 'set-cookie': 'steady_tz=Europe/Paris' }));
		await cache.keep('b', page('gone', {}, 404));
		await cache.keep('c', page('broken', {}, 500));
		expect(cache.size).toBe(0);
	});

	it('leaves the original response readable', async () => {
		const cache = createPageCache({ ttlMs: 5_000, maxEntries: 10 });
		const original = page('still here');
		await cache.keep('k', original);
		expect(await original.text()).toBe('still here');
	});

	it('is emptied at once by a change, and drops the oldest copy when full', async () => {
		const cache = createPageCache({ ttlMs: 60_000, maxEntries: 2 });
		await cache.keep('one', page('1'));
		await cache.keep('two', page('2'));
		await cache.keep('three', page('3'));
		expect(cache.get('one')).toBeUndefined();
		expect(cache.get('two')).toBeDefined();
		expect(cache.get('three')).toBeDefined();
		cache.clear();
		expect(cache.size).toBe(0);
		expect(cache.get('two')).toBeUndefined();
	});

	it('does not keep a page worked out while a change was made', async () => {
		const cache = createPageCache({ ttlMs: 60_000, maxEntries: 10 });
		const started = cache.generation;
		cache.clear();
		await cache.keep('k', page('before the change'), started);
		expect(cache.get('k')).toBeUndefined();
		await cache.keep('k', page('after the change'), cache.generation);
		expect(cache.get('k')).toBeDefined();
	});
});
