/**
 * Page weight: the HTML of each page and every script and stylesheet it makes a browser load,
 * raw and gzip-compressed, checked against the budgets.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { gzipSize, pageAssets } from './measure';
import { rawGet, type RunningServer } from './server';

export interface Bytes {
	raw: number;
	gzip: number;
}

export interface PageWeight {
	path: string;
	audience: 'public' | 'member';
	status: number;
	html: Bytes;
	css: Bytes;
	js: Bytes;
	scripts: string[];
	/** Content-Encoding the server chose for the HTML when a browser asks for br or gzip. */
	servedEncoding: string;
	/** Bytes of the HTML on the wire in that case. */
	servedBytes: number;
	budget: { jsGzipMax: number; note: string } | null;
	withinBudget: boolean;
}

export interface WeightReport {
	pages: PageWeight[];
	skipped: { path: string; reason: string }[];
	overBudget: string[];
}

export const publicPages = [
	'/',
	'/articles',
	'/articles/building-self-esteem',
	'/help',
	'/privacy',
	'/consultation',
	'/consultation/zone',
	'/sign-in',
	'/sign-up',
	'/pause',
	'/self-check'
];
/** Pages that may not exist yet: skipped with a note when they answer 404. */
const optionalPages = new Set<string>();
/** The member's main pages: the workbook's sections and the account. */
export const memberPages = [
	'/app',
	'/app/moments',
	'/app/beliefs',
	'/app/practices',
	'/app/wins',
	'/app/check-ins',
	'/app/insights',
	'/app/share',
	'/account'
];
const essay = '/articles/building-self-esteem';
const publicJsBudget = 35 * 1024;

const sum = (list: Bytes[]): Bytes => ({
	raw: list.reduce((n, b) => n + b.raw, 0),
	gzip: list.reduce((n, b) => n + b.gzip, 0)
});

async function assetBytes(url: string, cache: Map<string, Bytes>, cookie: string): Promise<Bytes> {
	const known = cache.get(url);
	if (known) return known;
	const response = await rawGet(url, cookie ? { Cookie: cookie } : {});
	if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
	const bytes = { raw: response.body.length, gzip: gzipSize(response.body) };
	cache.set(url, bytes);
	return bytes;
}

/**
 * A member made the way the browser tests make one: better-auth's JSON sign-up, the e-mail marked
 * verified in the SQLite file, then a password sign-in. Returns the session cookie.
 */
export async function signedInMember(server: RunningServer): Promise<string> {
	const email = `member-${randomUUID().slice(0, 8)}@example.org`;
	const password = 'a quiet morning by the river';
	const headers = {
		Origin: server.origin,
		'Content-Type': 'application/json',
		'X-Forwarded-For': '10.200.0.1'
	};
	const signUp = await fetch(`${server.origin}/api/auth/sign-up/email`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ name: 'Robin', email, password })
	});
	if (!signUp.ok) throw new Error(`Sign-up answered ${signUp.status}: ${await signUp.text()}`);
	const db = new Database(path.join(server.dataDir, 'steady.db'), { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		db.prepare('update "user" set "emailVerified" = 1 where email = ?').run(email);
	} finally {
		db.close();
	}
	const signIn = await fetch(`${server.origin}/api/auth/sign-in/email`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ email, password })
	});
	if (!signIn.ok) throw new Error(`Sign-in answered ${signIn.status}: ${await signIn.text()}`);
	const cookie = signIn.headers
		.getSetCookie()
		.map((line) => line.split(';')[0]!)
		.join('; ');
	if (!cookie) throw new Error('Sign-in set no cookie');
	return cookie;
}

async function weigh(
	server: RunningServer,
	pagePath: string,
	audience: 'public' | 'member',
	cookie: string,
	cache: Map<string, Bytes>
): Promise<PageWeight | { skipped: string }> {
	const url = `${server.origin}${pagePath}`;
	const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
	const page = await rawGet(url, headers);
	if (page.status === 404 && optionalPages.has(pagePath)) {
		return { skipped: 'answers 404: the page does not exist in this build' };
	}
	if (page.status !== 200) {
		return {
			skipped: `answers ${page.status}${page.headers.location ? ` → ${page.headers.location}` : ''}`
		};
	}
	const html = page.body.toString('utf8');
	const assets = pageAssets(html, url);
	const scripts = await Promise.all(assets.scripts.map((a) => assetBytes(a, cache, cookie)));
	const styles = await Promise.all(assets.styles.map((a) => assetBytes(a, cache, cookie)));
	const served = await rawGet(url, { ...headers, 'Accept-Encoding': 'br, gzip' });
	const js = sum(scripts);
	let budget: PageWeight['budget'] = null;
	if (pagePath === essay) budget = { jsGzipMax: 0, note: 'no required JS' };
	else if (audience === 'public') budget = { jsGzipMax: publicJsBudget, note: '≤ 35 KB gzip JS' };
	return {
		path: pagePath,
		audience,
		status: page.status,
		html: { raw: page.body.length, gzip: gzipSize(page.body) },
		css: sum(styles),
		js,
		scripts: assets.scripts.map((s) => new URL(s).pathname),
		servedEncoding: String(served.headers['content-encoding'] ?? 'identity'),
		servedBytes: served.body.length,
		budget,
		withinBudget: budget === null || js.gzip <= budget.jsGzipMax
	};
}

export async function measureWeights(server: RunningServer): Promise<WeightReport> {
	const cache = new Map<string, Bytes>();
	const pages: PageWeight[] = [];
	const skipped: WeightReport['skipped'] = [];
	const record = (pagePath: string, result: PageWeight | { skipped: string }) => {
		if ('skipped' in result) skipped.push({ path: pagePath, reason: result.skipped });
		else pages.push(result);
	};
	for (const pagePath of publicPages) {
		record(pagePath, await weigh(server, pagePath, 'public', '', cache));
	}
	const cookie = await signedInMember(server);
	for (const pagePath of memberPages) {
		record(pagePath, await weigh(server, pagePath, 'member', cookie, cache));
	}
	return {
		pages,
		skipped,
		overBudget: pages.filter((p) => !p.withinBudget).map((p) => p.path)
	};
}
