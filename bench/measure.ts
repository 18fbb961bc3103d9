/**
 * Pure arithmetic and parsing shared by the benchmarks: percentiles, ratios, compressed sizes and
 * the assets an HTML page makes a browser load. Nothing here touches the network or the clock.
 */
import { gzipSync } from 'node:zlib';

/** The value below which `p` per cent of the samples fall (nearest rank); NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(samples: readonly number[]): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The ratio of the median of `measured` to the median of `reference`, where both are rates
 * (higher is better) taken in alternating rounds of the same run.
 */
export function medianRatio(measured: readonly number[], reference: readonly number[]): number {
	const bottom = median(reference);
	if (!(bottom > 0)) return Number.NaN;
	return median(measured) / bottom;
}

/** Bytes of `content` after gzip at the level servers commonly use (6). */
export function gzipSize(content: string | Uint8Array): number {
	return gzipSync(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, {
		level: 6
	}).length;
}

export interface PageAssets {
	/** Script files the page loads or preloads: `<script src>`, modulepreload, dynamic imports. */
	scripts: string[];
	/** Stylesheets: `<link rel="stylesheet">`. */
	styles: string[];
}

function attribute(tag: string, name: string): string | undefined {
	const match = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
	if (!match) return undefined;
	return (match[2] ?? match[3] ?? match[4] ?? '').replace(/&amp;/g, '&');
}

/**
 * The script and stylesheet addresses an HTML document references, resolved against `pageUrl`,
 * each once. Inline scripts count as HTML; the modules they import count as
 * scripts. Scripts of a type a browser does not run (JSON data, for one) are left out.
 */
export function pageAssets(html: string, pageUrl: string): PageAssets {
	const scripts: string[] = [];
	const styles: string[] = [];
	const add = (list: string[], href: string | undefined) => {
		if (!href) return;
		const resolved = new URL(href, pageUrl).href;
		if (!list.includes(resolved)) list.push(resolved);
	};
	const runnable = (type: string | undefined) =>
		type === undefined ||
		type === '' ||
		/^(module|text\/javascript|application\/javascript)$/i.test(type.trim());

	for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
		const tag = `<script ${match[1] ?? ''}>`;
		if (!runnable(attribute(tag, 'type'))) continue;
		const src = attribute(tag, 'src');
		if (src) {
			add(scripts, src);
			continue;
		}
		for (const imported of (match[2] ?? '').matchAll(/\bimport\(\s*(["'])([^"']+)\1\s*\)/g)) {
			add(scripts, imported[2]);
		}
	}
	for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
		const tag = match[0];
		const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
		const href = attribute(tag, 'href');
		if (rel.includes('stylesheet')) add(styles, href);
		else if (rel.includes('modulepreload')) add(scripts, href);
	}
	return { scripts, styles };
}

/** "12.3 KB" (1 KB = 1024 bytes), as the budgets are written. */
export function kilobytes(bytes: number): string {
	return `${(bytes / 1024).toFixed(1)} KB`;
}

/** "123.4 MB" (1 MB = 1024 × 1024 bytes). */
export function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
