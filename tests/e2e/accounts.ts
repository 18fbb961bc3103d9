import { createHmac, randomInt } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { baseURL } from '../../playwright.config';
import { expect } from './fixtures';
import { uniqueEmail } from './outbox';

/**
 * Accounts for browser tests, made without the sign-up pages: better-auth's JSON endpoint creates
 * the member, and the e-mailed link (read from the outbox) verifies them and signs the page in.
 */

export const e2eOrigin = baseURL;
export const memberPassword = 'a quiet morning by the river';

/** A running server under test: its public origin and its data folder (with steady.db). */
export interface Site {
	origin: string;
	dataDir: string;
}

/** The server playwright.config.ts starts for every test. */
export function mainSite(): Site {
	const dataDir = process.env.STEADY_E2E_DATA_DIR;
	if (!dataDir) {
		throw new Error('STEADY_E2E_DATA_DIR is not set; run the tests with playwright.config.ts');
	}
	return { origin: e2eOrigin, dataDir };
}

/**
 * better-auth counts requests per address, and every test comes from 127.0.0.1; a made-up
 * address per call (the server trusts X-Forwarded-For) keeps one test's sign-ups from using up
 * another's allowance.
 */
export function testClientHeaders(site: Site = mainSite()): Record<string, string> {
	return {
		Origin: site.origin,
		'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`
	};
}

export interface TestMember {
	name: string;
	email: string;
	password: string;
}

/** Creates a member through better-auth's API and leaves them unverified. */
export async function signUpByApi(
	request: APIRequestContext,
	member: Partial<TestMember> = {},
	site: Site = mainSite()
): Promise<TestMember> {
	const created: TestMember = {
		name: member.name ?? 'Robin',
		email: member.email ?? uniqueEmail(),
		password: member.password ?? memberPassword
	};
	const response = await request.post(`${site.origin}/api/auth/sign-up/email`, {
		headers: testClientHeaders(site),
		data: created
	});
	expect(response.status(), await response.text()).toBe(200);
	return created;
}

/** A verified member, signed in on `page` by opening the verification link. */
export async function signedInMember(
	page: Page,
	member: Partial<TestMember> = {},
	site: Site = mainSite()
): Promise<TestMember> {
	const created = await signUpByApi(page.request, member, site);
	const link = await mailedLink(created.email, 'verify-email', site);
	await page.goto(link);
	const session = await page.request.get(`${site.origin}/api/auth/get-session`);
	expect((await session.json())?.user?.email).toBe(created.email);
	return created;
}

/** Signs a whole browser context in by e-mail and password (no second factor). */
export async function signInByApi(
	context: BrowserContext,
	member: TestMember,
	site: Site = mainSite()
): Promise<void> {
	const response = await context.request.post(`${site.origin}/api/auth/sign-in/email`, {
		headers: testClientHeaders(site),
		data: { email: member.email, password: member.password }
	});
	expect(response.status(), await response.text()).toBe(200);
}

/** Whether e-mail and password are accepted (false for a wrong one or a deleted account). */
export async function passwordWorks(
	request: APIRequestContext,
	email: string,
	password: string,
	site: Site = mainSite()
): Promise<boolean> {
	const response = await request.post(`${site.origin}/api/auth/sign-in/email`, {
		headers: testClientHeaders(site),
		data: { email, password }
	});
	return response.ok();
}

/** RFC 4648 base32 (no padding), as in otpauth:// URIs. */
export function base32Decode(text: string): Buffer {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const clean = text.toUpperCase().replace(/[\s=-]/g, '');
	let bits = 0;
	let value = 0;
	const bytes: number[] = [];
	for (const char of clean) {
		const index = alphabet.indexOf(char);
		if (index < 0) throw new Error(`not base32: ${char}`);
		value = (value << 5) | index;
		bits += 5;
		if (bits >= 8) {
			bytes.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(bytes);
}

/** RFC 6238 TOTP: HMAC-SHA1 over the 30-second step, 6 digits (what authenticator apps show). */
export function totp(base32Secret: string, at = Date.now(), step = 30, digits = 6): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / step)));
	const hmac = createHmac('sha1', base32Decode(base32Secret)).update(counter).digest();
	const offset = hmac[hmac.length - 1]! & 0x0f;
	const binary = (hmac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
	return binary.toString().padStart(digits, '0');
}

/** Reads the server's own SQLite file (read-only), for checks on what it holds. */
export function readDatabase<T>(query: (db: Database.Database) => T, site: Site = mainSite()): T {
	const db = new Database(path.join(site.dataDir, 'steady.db'), {
		readonly: true,
		fileMustExist: true
	});
	try {
		return query(db);
	} finally {
		db.close();
	}
}

/** The one link in the latest e-mail of a kind to an address, waiting for it to arrive. */
export async function mailedLink(
	to: string,
	kind: string,
	site: Site = mainSite(),
	timeoutMs = 5000
): Promise<string> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const row = readDatabase(
			(db) =>
				db
					.prepare(
						'select text_body as text from mail_outbox where to_address = ? and kind = ? order by created_at desc limit 1'
					)
					.get(to, kind) as { text: string } | undefined,
			site
		);
		const link = row?.text.match(/https?:\/\/\S+/)?.[0];
		if (link) return link;
		if (Date.now() > until) throw new Error(`No ${kind} e-mail with a link reached ${to}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

export function userIdOf(email: string, site: Site = mainSite()): string | undefined {
	return readDatabase(
		(db) =>
			(db.prepare('select id from "user" where email = ?').get(email) as { id: string } | undefined)
				?.id,
		site
	);
}

/** How many rows of a better-auth table belong to a user. */
export function rowsOf(
	table: 'session' | 'account' | 'passkey' | 'twoFactor',
	userId: string,
	site: Site = mainSite()
) {
	return readDatabase(
		(db) =>
			(
				db.prepare(`select count(*) as n from "${table}" where "userId" = ?`).get(userId) as {
					n: number;
				}
			).n,
		site
	);
}

/** A passkey-capable authenticator inside Chromium, for this page only. */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
}

/**
 * Signs the page in with a passkey the way better-auth's client does: options from the server,
 * the browser's WebAuthn prompt (answered by the virtual authenticator), the answer back to the
 * server, which sets the session cookie. Returns the status of that last request.
 */
export async function signInWithPasskey(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const toBytes = (text: string) => {
			const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
			const padded = base64.padEnd(Math.ceil(base64.length / 4) * 4, '=');
			return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
		};
		const toText = (buffer: ArrayBuffer) =>
			btoa(String.fromCharCode(...new Uint8Array(buffer)))
				.replace(/\+/g, '-')
				.replace(/\//g, '_')
				.replace(/=+$/, '');
		const options = await (await fetch('/api/auth/passkey/generate-authenticate-options')).json();
		const credential = (await navigator.credentials.get({
			publicKey: {
				challenge: toBytes(options.challenge),
				rpId: options.rpId,
				timeout: options.timeout,
				userVerification: options.userVerification,
				allowCredentials: (options.allowCredentials ?? []).map(
					(c: { id: string; transports?: AuthenticatorTransport[] }) => ({
						id: toBytes(c.id),
						type: 'public-key' as const,
						transports: c.transports
					})
				)
			}
		})) as PublicKeyCredential;
		const answer = credential.response as AuthenticatorAssertionResponse;
		const response = await fetch('/api/auth/passkey/verify-authentication', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				response: {
					id: credential.id,
					rawId: toText(credential.rawId),
					type: credential.type,
					authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
					clientExtensionResults: {},
					response: {
						clientDataJSON: toText(answer.clientDataJSON),
						authenticatorData: toText(answer.authenticatorData),
						signature: toText(answer.signature),
						userHandle: answer.userHandle ? toText(answer.userHandle) : undefined
					}
				}
			})
		});
		return response.status;
	});
}

/**
 * A practitioner made at the console (`npm run practitioner -- add`), who has created the account
 * from the printed link and turned on an authenticator app, signed in on `page` with the practice
 * area open.
 */
export async function signedInPractitioner(
	page: Page,
	site: Site = mainSite()
): Promise<TestMember> {
	const email = uniqueEmail('practitioner');
	const { practitionerCommand } = await import('./servers');
	const { code, output } = await practitionerCommand(['add', email], {
		DATA_DIR: site.dataDir,
		ORIGIN: site.origin
	});
	expect(code, output).toBe(0);
	const link = output.match(/https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+/)?.[0];
	expect(link, output).toBeTruthy();
	await page.goto(link!);
	await page.getByLabel('Your name').fill('Sam Practitioner');
	await page.getByLabel('Password').fill(memberPassword);
	await page.getByRole('button', { name: 'Create the account' }).click();
	// Creating the account hashes its password: allow a slow machine time.
	await expect(page).toHaveURL(/\/account\/security\?required=1$/, { timeout: 30_000 });
	await page.getByLabel('Your password').fill(memberPassword);
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = (await page.getByTestId('totp-key').innerText()).replace(/\s+/g, '');
	await page.getByLabel('Code from your app').fill(totp(secret));
	await page.getByRole('button', { name: 'Turn it on' }).click();
	await expect(page.getByText('Thank you — your second step is set up.')).toBeVisible();
	return { name: 'Sam Practitioner', email, password: memberPassword };
}

/** Changes the server's database directly, for tests that must move time for one row. */
export function writeDatabase(change: (db: Database.Database) => void, site: Site = mainSite()) {
	const db = new Database(path.join(site.dataDir, 'steady.db'), { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		change(db);
	} finally {
		db.close();
	}
}
