/**
 * A short-lived copy of pages that are the same for every visitor without a session, such as the
 * consultation page's week of free times. Such a page is worked out again when its copy is older
 * than `ttlMs`, and at once after any change made through this process (the server empties the
 * cache on every request that is not a GET or HEAD). Other processes of the same practice see a
 * change within `ttlMs`; the database still refuses a time that was just taken, whatever a page
 * showed (docs/decisions/010-consultation-page-copy.md).
 */
import type { Encoding } from './compression';

export interface CachedPage {
	status: number;
	headers: [string, string][];
	body: ArrayBuffer;
	/** Compressed forms of `body`, made when first asked for (./compression.ts). */
	encoded?: Partial<Record<Encoding, Uint8Array>>;
}

interface Entry {
	page: CachedPage;
	madeAt: number;
}

export interface PageCacheOptions {
	ttlMs: number;
	maxEntries: number;
	now?: () => number;
}

/** Headers that belong to one response only and are never copied to another. */
const ownHeaders = new Set(['set-cookie', 'x-request-id', 'date']);

export function createPageCache(options: PageCacheOptions) {
	const entries = new Map<string, Entry>();
	const now = options.now ?? Date.now;
	// Bumped by every change: a page worked out while a change was being made is not kept.
	let generation = 0;

	return {
		get(key: string): CachedPage | undefined {
			const entry = entries.get(key);
			if (!entry) return undefined;
			if (now() - entry.madeAt >= options.ttlMs) {
				entries.delete(key);
				return undefined;
			}
			return entry.page;
		},

		/** To pass to `keep`: taken before the page is worked out. */
		get generation(): number {
			return generation;
		},

		/**
		 * Keeps a copy of a response that may be shared: a 200 that sets no cookie, worked out with no
		 * change made since `startedAt` (a generation). Reads the body of a clone, so the original can
		 * still be sent.
		 */
		async keep(key: string, response: Response, startedAt = generation): Promise<void> {
			if (response.status !== 200 || response.headers.has('set-cookie')) return;
			const body = await response.clone().arrayBuffer();
			if (startedAt !== generation) return;
			const headers = [...response.headers].filter(([name]) => !ownHeaders.has(name));
			if (entries.size >= options.maxEntries) {
				// The oldest copy goes first: a Map keeps insertion order.
				const oldest = entries.keys().next().value;
				if (oldest !== undefined) entries.delete(oldest);
			}
			entries.delete(key);
			entries.set(key, { page: { status: response.status, headers, body }, madeAt: now() });
		},

		/** After a change: every copy goes, and pages being worked out meanwhile are not kept. */
		clear(): void {
			generation += 1;
			entries.clear();
		},

		get size(): number {
			return entries.size;
		}
	};
}

export type PageCache = ReturnType<typeof createPageCache>;

/** A fresh response from a copy, so each visitor's response can carry headers of its own. */
export function responseFrom(page: CachedPage): Response {
	return new Response(page.body, { status: page.status, headers: page.headers });
}
