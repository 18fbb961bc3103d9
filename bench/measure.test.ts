import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	gzipSize,
	kilobytes,
	median,
	megabytes,
	medianRatio,
	pageAssets,
	percentile
} from './measure';

describe('percentile and median', () => {
	it('takes the nearest rank, whatever the order of the samples', () => {
		const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
		expect(percentile(samples, 50)).toBe(5);
		expect(percentile(samples, 90)).toBe(9);
		expect(percentile(samples, 99)).toBe(10);
		expect(percentile(samples, 0)).toBe(1);
		expect(percentile([], 50)).toBeNaN();
	});

	it('averages the middle two of an even count', () => {
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([3, 1, 2])).toBe(2);
	});

	it('compares the medians of alternating rounds', () => {
		expect(medianRatio([700, 650, 720], [1000, 990, 1100])).toBeCloseTo(0.7);
		expect(medianRatio([1], [0])).toBeNaN();
	});
});

describe('gzipSize', () => {
	it('counts the bytes gzip produces, for text and for bytes', () => {
		const text = 'steady '.repeat(1000);
		const size = gzipSize(text);
		expect(size).toBe(gzipSync(Buffer.from(text), { level: 6 }).length);
		expect(size).toBeLessThan(text.length / 10);
		expect(gzipSize(Buffer.from(text))).toBe(size);
		expect(gunzipSync(gzipSync(text)).toString()).toBe(text);
	});

	it('prints kilobytes of 1024 bytes and megabytes of 1024 KB', () => {
		expect(kilobytes(35 * 1024)).toBe('35.0 KB');
		expect(kilobytes(0)).toBe('0.0 KB');
		expect(megabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
	});
});

describe('pageAssets', () => {
	const page = 'http://127.0.0.1:4241/articles/building-self-esteem';

	it('finds external scripts, module preloads, imported modules and stylesheets, once each', () => {
		const html = `<!doctype html><html><head>
			<link href="../_app/immutable/assets/0.css" rel="stylesheet">
			<link rel="modulepreload" href="../_app/immutable/entry/start.js">
			<link rel='stylesheet' href='/print.css' media=print>
			<link rel="icon" href="../favicon.svg">
			<link rel="canonical" href="http://localhost:3000/articles/x">
			<script src="/consultation-zone.js" defer></script>
			<script type="application/json" src="/data.json"></script>
			<script type="application/ld+json">{"@context":"https://schema.org"}</script>
			</head><body><script>
				Promise.all([import("../_app/immutable/entry/start.js"), import('../_app/immutable/entry/app.js')])
			</script></body></html>`;
		expect(pageAssets(html, page)).toEqual({
			scripts: [
				'http://127.0.0.1:4241/consultation-zone.js',
				'http://127.0.0.1:4241/_app/immutable/entry/start.js',
				'http://127.0.0.1:4241/_app/immutable/entry/app.js'
			],
			styles: [
				'http://127.0.0.1:4241/_app/immutable/assets/0.css',
				'http://127.0.0.1:4241/print.css'
			]
		});
	});

	it('finds nothing on a page without scripts or styles', () => {
		expect(pageAssets('<p>Hello</p>', page)).toEqual({ scripts: [], styles: [] });
	});
});
