import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressed, mayCompress } from './compression';

const page = `<!doctype html><html><body>${'<p>A quiet win, written down.</p>'.repeat(200)}</body></html>`;
const html = (body: string | null = page, headers: Record<string, string> = {}) =>
	new Response(body, {
		status: 200,
		headers: { 'content-type': 'text/html', 'content-length': String(page.length), ...headers }
	});

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, and honours a refusal with q=0', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0.2, gzip;q=0.8')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*, br;q=0')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('gzip;q=0, br;q=nonsense')).toBeNull();
		expect(chooseEncoding('')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('compressed', () => {
	it('sends the same bytes, smaller, with the headers that say how', async () => {
		for (const [encoding, open] of [
			['br', brotliDecompressSync],
			['gzip', gunzipSync]
		] as const) {
			const response = await compressed(html(page, { etag: '"abc"', vary: 'Cookie' }), encoding);
			const body = Buffer.from(await response.arrayBuffer());
			expect(response.headers.get('content-encoding')).toBe(encoding);
			expect(response.headers.get('content-length')).toBe(String(body.length));
			expect(response.headers.get('vary')).toBe('Cookie, Accept-Encoding');
			expect(response.headers.get('etag')).toBe('W/"abc"');
			expect(body.length).toBeLessThan(page.length / 10);
			expect(open(body).toString()).toBe(page);
		}
	});

	it('leaves alone what has no encoding, is not HTML or is compressed already', async () => {
		const plain = html();
		expect(await compressed(plain, null)).toBe(plain);
		const json = new Response('{"a":1}', { headers: { 'content-type': 'application/json' } });
		expect(await compressed(json, 'br')).toBe(json);
		const done = html(page, { 'content-encoding': 'gzip' });
		expect(await compressed(done, 'br')).toBe(done);
		const empty = html(null);
		expect(await compressed(empty, 'br')).toBe(empty);
	});

	it('compresses a shared copy once and reuses it', async () => {
		const kept: { body: ArrayBuffer; encoded?: Record<string, Uint8Array> } = {
			body: new TextEncoder().encode(page).buffer as ArrayBuffer
		};
		const first = await compressed(html(), 'br', kept);
		const made = kept.encoded?.br;
		expect(made).toBeDefined();
		const second = await compressed(html(), 'br', kept);
		expect(kept.encoded?.br).toBe(made);
		expect(brotliDecompressSync(Buffer.from(await first.arrayBuffer())).toString()).toBe(page);
		expect(brotliDecompressSync(Buffer.from(await second.arrayBuffer())).toString()).toBe(page);
	});
});

describe('mayCompress', () => {
	it('allows visitors’ public pages only', () => {
		expect(mayCompress('/(public)/consultation', false)).toBe(true);
		expect(mayCompress('/(public)/consultation/zone', false)).toBe(true);
		expect(mayCompress('/(public)/pause', false)).toBe(true);
		expect(mayCompress('/(auth)/sign-in', false)).toBe(true);
		expect(mayCompress('/(auth)/sign-up', false)).toBe(true);
	});

	it('never for a signed-in person, a private area, a token page or an unknown route', () => {
		expect(mayCompress('/(public)/consultation', true)).toBe(false);
		expect(mayCompress('/(public)/consultation/manage/[token]', false)).toBe(false);
		expect(mayCompress('/(auth)/reset-password', false)).toBe(false);
		expect(mayCompress('/(member)/app/moments', false)).toBe(false);
		expect(mayCompress('/(account)/account', false)).toBe(false);
		expect(mayCompress('/(practice)/admin/consultations/[id]', false)).toBe(false);
		expect(mayCompress(null, false)).toBe(false);
	});
});
