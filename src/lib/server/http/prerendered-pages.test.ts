import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrerenderedPages, sendPrerendered } from './prerendered-pages.js';

const essay = '<!doctype html><h1>Building Self-Esteem</h1>';
let server: http.Server;
let base: string;

beforeAll(async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'steady-prerendered-'));
	mkdirSync(path.join(dir, 'articles'));
	const write = (name: string, text: string, compressed = true) => {
		writeFileSync(path.join(dir, name), text);
		if (!compressed) return;
		writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(text));
		writeFileSync(path.join(dir, `${name}.gz`), gzipSync(text));
	};
	write('index.html', '<!doctype html><p>Home</p>');
	write('articles/building-self-esteem.html', essay);
	write('articles/rss.xml', '<rss></rss>', false);
	write('articles/__data.json', '{}');
	const pages = loadPrerenderedPages(dir);
	server = http.createServer((req, res) => {
		if (!sendPrerendered(pages, req, res)) {
			res.writeHead(418);
			res.end('not prerendered');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(pathname: string, headers: Record<string, string> = {}, method = 'GET') {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
		(resolve, reject) => {
			const req = http.request(`${base}${pathname}`, { headers, method }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks)
					})
				);
			});
			req.on('error', reject);
			req.end();
		}
	);
}

describe('prerendered pages from memory', () => {
	it('answers a page by its address, as it is when no compression is asked for', async () => {
		const res = await get('/articles/building-self-esteem');
		expect(res.status).toBe(200);
		expect(res.body.toString()).toBe(essay);
		expect(res.headers['content-type']).toBe('text/html;charset=utf-8');
		expect(res.headers['content-length']).toBe(String(Buffer.byteLength(essay)));
		expect(res.headers['content-encoding']).toBeUndefined();
		expect(res.headers['etag']).toMatch(/^W\/"\d+-\d+"$/);
		expect(res.headers['vary']).toBe('Accept-Encoding');
	});

	it('prefers brotli, then gzip, and never an encoding refused with q=0', async () => {
		expect((await get('/', { 'accept-encoding': 'gzip, br' })).headers['content-encoding']).toBe(
			'br'
		);
		expect((await get('/', { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe(
			'gzip'
		);
		expect(
			(await get('/', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']
		).toBe('gzip');
		expect((await get('/articles/rss.xml', { 'accept-encoding': 'br' })).headers).toMatchObject({
			'content-type': 'text/xml'
		});
	});

	it('answers a matching ETag with 304 and HEAD without a body', async () => {
		const first = await get('/', { 'accept-encoding': 'br' });
		const again = await get('/', {
			'accept-encoding': 'br',
			'if-none-match': String(first.headers['etag'])
		});
		expect(again.status).toBe(304);
		expect(again.body.length).toBe(0);
		const head = await get('/', {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body.length).toBe(0);
	});

	it('ignores the query, and leaves everything else to the application', async () => {
		expect((await get('/?utm=x')).status).toBe(200);
		expect((await get('/consultation')).status).toBe(418);
		expect((await get('/articles/__data.json')).status).toBe(418);
		expect((await get('/articles/building-self-esteem', {}, 'POST')).status).toBe(418);
	});
});
