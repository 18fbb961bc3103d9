/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />

// Steady's service worker has one job: once someone has opened Pause, Pause keeps working with
// the network cut. It is registered by /pause.js with the scope /pause, so it controls no other
// page. It keeps exactly one page (/pause, fetched without cookies, so it is the signed-out page
// and holds nobody's data) and the files that page loads. Nothing else is ever cached: no private
// page, no API answer, no form result.

import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const cacheName = `steady-pause-${version}`;
const page = '/pause';
/** Only files of this build may be kept. */
const ownFiles = new Set([...build, ...files]);
/** How long to wait for the network before showing the kept copy of Pause. */
const networkPatience = 4000;

/** The files the page asks for (stylesheets, scripts, icons, the manifest), from its HTML. */
function assetsOf(html: string): string[] {
	const found = new Set<string>();
	for (const m of html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"/g)) {
		const url = new URL(m[1].replace(/&amp;/g, '&'), sw.location.origin + page);
		if (url.origin === sw.location.origin && ownFiles.has(url.pathname)) found.add(url.pathname);
	}
	return [...found];
}

/** The icons the web app manifest names. */
async function iconsOf(manifestPath: string): Promise<string[]> {
	const response = await fetch(manifestPath, { credentials: 'omit', cache: 'no-store' });
	if (!response.ok) return [];
	const manifest = (await response.json()) as { icons?: { src: string }[] };
	return (manifest.icons ?? [])
		.map((icon) => new URL(icon.src, sw.location.origin).pathname)
		.filter((path) => ownFiles.has(path));
}

async function keepPause(): Promise<void> {
	const response = await fetch(page, { credentials: 'omit', cache: 'no-store', redirect: 'error' });
	if (!response.ok) throw new Error(`Pause answered ${response.status}`);
	const html = await response.clone().text();
	const assets = assetsOf(html);
	const manifest = assets.find((path) => path.endsWith('.webmanifest'));
	if (manifest) assets.push(...(await iconsOf(manifest)));
	const cache = await caches.open(cacheName);
	await cache.addAll([...new Set(assets)]);
	await cache.put(page, response);
}

sw.addEventListener('install', (event) => {
	event.waitUntil(keepPause().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== cacheName) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

async function pauseFromNetworkOrKept(request: Request): Promise<Response> {
	const cache = await caches.open(cacheName);
	const network = fetch(request);
	const late = new Promise<undefined>((resolve) => setTimeout(resolve, networkPatience));
	try {
		const answer = await Promise.race([network, late]);
		if (answer) return answer;
	} catch {
		// Offline: the kept copy below.
	}
	const kept = await cache.match(page);
	return kept ?? network;
}

async function keptOrNetwork(request: Request): Promise<Response> {
	const kept = await caches.match(request, { cacheName, ignoreSearch: true });
	return kept ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (url.pathname === page && request.mode === 'navigate') {
		// The live page first, so someone signed in sees their own; the kept copy when offline.
		event.respondWith(pauseFromNetworkOrKept(request));
		return;
	}
	if (url.pathname !== page && ownFiles.has(url.pathname)) {
		event.respondWith(keptOrNetwork(request));
	}
});
