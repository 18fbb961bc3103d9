import { afterEach, describe, expect, it } from 'vitest';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { parseSetCookieHeader } from 'better-auth/cookies';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { systemClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService } from '../mail/mail.service';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { createRateLimitRepository } from '../rate-limit/rate-limit.repository';
import { createRateLimiter } from '../rate-limit/rate-limit.service';
import { createAuth, type Auth } from './auth';
import { accountLookup } from './account.repository';
import {
	createSignInService,
	homeFor,
	safeNext,
	signInMessages,
	type RequestInfo
} from './sign-in.service';

const origin = 'http://localhost:3000';
const password = 'a quiet morning by the river';

/**
 * Plays the part of the browser and of the SvelteKit cookie bridge: keeps every cookie better-auth
 * sets, so the next call can send them back.
 */
function cookieJar() {
	const cookies = new Map<string, string>();
	const plugin: BetterAuthPlugin = {
		id: 'test-cookie-jar',
		hooks: {
			after: [
				{
					matcher: () => true,
					handler: createAuthMiddleware(async (ctx) => {
						const header = ctx.context.responseHeaders?.get('set-cookie');
						if (!header) return;
						for (const [name, attributes] of parseSetCookieHeader(header)) {
							if (attributes['max-age'] === 0 || attributes.value === '') cookies.delete(name);
							else cookies.set(name, attributes.value);
						}
					})
				}
			]
		}
	};
	return {
		plugin,
		cookies,
		header: () =>
			Array.from(cookies, ([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
	};
}

async function setup(kind: (typeof testDatabaseKinds)[number]) {
	const database = await createTestDatabase(kind);
	const clock = systemClock;
	const mail = createMailService({
		db: database.db,
		kind,
		clock,
		transport: null,
		from: 'Steady <hello@example.org>'
	});
	const jar = cookieJar();
	const signIns: string[] = [];
	const auth = createAuth({
		db: database.db,
		kind,
		secret: 'a-test-secret-that-is-long-enough-to-use-1234',
		origin,
		practiceName: 'Steady',
		mail,
		plugins: [jar.plugin],
		onSessionCreated: async (session) => {
			signIns.push(session.userId);
		}
	});
	let passwordChecks = 0;
	// Every call better-auth answers with a password check; counted to prove the limits hold.
	const signInEmail = ((...args: Parameters<Auth['api']['signInEmail']>) => {
		passwordChecks += 1;
		return auth.api.signInEmail(...args);
	}) as Auth['api']['signInEmail'];
	const limiter = createRateLimiter({ buckets: createRateLimitRepository(database.db), clock });
	const audit = createAuditService({ audit: createAuditRepository(database.db), clock });
	const service = createSignInService({
		auth: { api: { ...auth.api, signInEmail }, $context: auth.$context },
		limiter,
		audit,
		accounts: accountLookup(database.db)
	});
	return {
		database,
		auth,
		jar,
		service,
		limiter,
		signIns,
		passwordChecks: () => passwordChecks
	};
}

type Setup = Awaited<ReturnType<typeof setup>>;

function request(ip = '203.0.113.7', cookie?: string): RequestInfo {
	return { headers: new Headers(cookie ? { cookie } : {}), ip, userAgent: 'vitest' };
}

/** The one link in the latest e-mail of a kind to an address. */
async function linkIn(database: TestDatabase, kind: string, to: string): Promise<URL | undefined> {
	const row = await database.db
		.selectFrom('mail_outbox')
		.select(['text_body'])
		.where('kind', '=', kind)
		.where('to_address', '=', to)
		.orderBy('created_at', 'desc')
		.executeTakeFirst();
	const match = row?.text_body.match(/https?:\/\/\S+/);
	return match ? new URL(match[0]) : undefined;
}

/** A member whose address is confirmed, through the same link the e-mail carries. */
async function verifiedMember(s: Setup, email: string): Promise<string> {
	const result = await s.service.signUp({ name: 'Ada', email, password }, request('198.51.100.1'));
	expect(result.kind).toBe('sent');
	const link = await linkIn(s.database, 'verify-email', email);
	expect(link?.searchParams.get('callbackURL')).toBe('/verify-email');
	await s.auth.api.verifyEmail({ query: { token: link!.searchParams.get('token')! } });
	const row = await s.database.db
		.selectFrom('user')
		.select('id')
		.where('email', '=', email)
		.executeTakeFirstOrThrow();
	return row.id;
}

async function failures(database: TestDatabase) {
	return database.db
		.selectFrom('audit_log')
		.select(['actor_user_id', 'subject_user_id', 'ip', 'target'])
		.where('action', '=', 'sign-in.failure')
		.execute();
}

describe('safe next', () => {
	it('refuses anything that could leave the site', () => {
		for (const unsafe of [
			'//evil.example',
			'//evil.example/app',
			'https://evil.example',
			'http:evil.example',
			'/\\evil',
			'\\\\evil',
			'/\t/evil.example',
			'javascript:alert(1)',
			'app',
			'',
			'/api/auth/sign-out',
			undefined,
			42
		]) {
			expect(safeNext(unsafe), String(unsafe)).toBeUndefined();
		}
	});

	it('keeps a path on this site, with its query', () => {
		expect(safeNext('/app')).toBe('/app');
		expect(safeNext('/app/journal?entry=3#today')).toBe('/app/journal?entry=3#today');
		expect(safeNext('/admin/../app')).toBe('/app');
	});

	it('sends each role to its own home', () => {
		expect(homeFor('member')).toBe('/app');
		expect(homeFor('practitioner')).toBe('/admin');
		expect(homeFor('owner')).toBe('/admin');
	});
});

describe.each(testDatabaseKinds)('sign-in service on %s', (kind) => {
	let current: Setup | undefined;
	afterEach(async () => {
		await current?.database.destroy();
		current = undefined;
	});

	it('gives one message for an unknown account and a wrong password, and records both', async () => {
		const s = (current = await setup(kind));
		const userId = await verifiedMember(s, 'ada@example.org');

		const unknown = await s.service.signInWithPassword(
			{ email: 'nobody@example.org', password },
			request()
		);
		const wrong = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password: 'not the right one at all' },
			request()
		);
		expect(unknown).toEqual({ kind: 'refused', message: signInMessages.refused });
		expect(wrong).toEqual(unknown);

		const rows = await failures(s.database);
		expect(rows).toHaveLength(2);
		expect(rows.every((r) => r.actor_user_id === null && r.ip === '203.0.113.7')).toBe(true);
		expect(rows.map((r) => r.subject_user_id).sort()).toEqual([null, userId].sort());
	});

	it('lets 1,000 rapid wrong passwords reach the password check at most 100 times', async () => {
		const s = (current = await setup(kind));
		await verifiedMember(s, 'ada@example.org');
		const kinds: string[] = [];
		// From many addresses at once, as a spread-out attack would come: the per-account limit holds.
		for (let batch = 0; batch < 20; batch++) {
			const results = await Promise.all(
				Array.from({ length: 50 }, (_, i) =>
					s.service.signInWithPassword(
						{ email: i % 2 ? 'ADA@example.org' : 'ada@example.org', password: `wrong guess ${i}` },
						request(`192.0.2.${(batch * 50 + i) % 250}`)
					)
				)
			);
			kinds.push(...results.map((r) => r.kind));
		}
		expect(kinds).toHaveLength(1000);
		expect(s.passwordChecks()).toBeLessThanOrEqual(100);
		expect(s.passwordChecks()).toBe(10);
		expect(kinds.filter((k) => k === 'refused')).toHaveLength(s.passwordChecks());
		expect(kinds.filter((k) => k === 'limited')).toHaveLength(1000 - s.passwordChecks());
		expect(await failures(s.database)).toHaveLength(s.passwordChecks());

		// Even the right password waits now, and the answer says so kindly.
		const right = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password },
			request()
		);
		expect(right).toMatchObject({ kind: 'limited', message: signInMessages.limited });
		expect(s.passwordChecks()).toBe(10);
	});

	it('limits one address trying many accounts', async () => {
		const s = (current = await setup(kind));
		const kinds: string[] = [];
		for (let i = 0; i < 40; i++) {
			const result = await s.service.signInWithPassword(
				{ email: `guess-${i}@example.org`, password },
				request('192.0.2.99')
			);
			kinds.push(result.kind);
		}
		expect(s.passwordChecks()).toBe(30);
		expect(kinds.slice(30).every((k) => k === 'limited')).toBe(true);
	});

	it('gives a new session token at every sign-in and honours a safe next', async () => {
		const s = (current = await setup(kind));
		const userId = await verifiedMember(s, 'ada@example.org');

		const first = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password },
			request()
		);
		expect(first).toMatchObject({ kind: 'signed-in', redirectTo: '/app', userId });
		const cookie = s.jar.header();
		expect(cookie).toContain('steady.session=');

		// Signing in again, even from a browser that still holds the first session, starts a new one.
		const second = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password, next: '/app/journal' },
			request('203.0.113.7', cookie)
		);
		const evil = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password, next: '//evil.example' },
			request()
		);
		expect(second).toMatchObject({ kind: 'signed-in', redirectTo: '/app/journal' });
		expect(evil).toMatchObject({ kind: 'signed-in', redirectTo: '/app' });
		const tokens = [first, second, evil].map((r) => (r.kind === 'signed-in' ? r.token : ''));
		expect(new Set(tokens).size).toBe(3);
		const sessions = await s.database.db
			.selectFrom('session')
			.select('token')
			.where('userId', '=', userId)
			.execute();
		// Each sign-in has its own row (beside the one the confirmation link started).
		expect(sessions.map((r) => r.token)).toEqual(expect.arrayContaining(tokens));
	});

	it('explains an unconfirmed address only to someone who knows the password', async () => {
		const s = (current = await setup(kind));
		await s.service.signUp({ name: 'Bo', email: 'bo@example.org', password }, request());
		const wrong = await s.service.signInWithPassword(
			{ email: 'bo@example.org', password: 'not the right one at all' },
			request()
		);
		const right = await s.service.signInWithPassword(
			{ email: 'bo@example.org', password },
			request()
		);
		expect(wrong.kind).toBe('refused');
		expect(right).toEqual({ kind: 'unverified', message: signInMessages.unverified });
	});

	it('answers a sign-up for an address that has an account exactly as for a new one', async () => {
		const s = (current = await setup(kind));
		await verifiedMember(s, 'ada@example.org');
		const again = await s.service.signUp(
			{ name: 'Someone else', email: 'Ada@Example.org', password: 'another quiet evening walk' },
			request()
		);
		const fresh = await s.service.signUp(
			{ name: 'Cy', email: 'cy@example.org', password: 'another quiet evening walk' },
			request()
		);
		expect(again).toEqual({ kind: 'sent' });
		expect(fresh).toEqual(again);
		const users = await s.database.db.selectFrom('user').select(['email', 'name']).execute();
		expect(users).toHaveLength(2);
		expect(users.find((u) => u.email === 'ada@example.org')?.name).toBe('Ada');
		// The person who already has an account can still sign in with their own password.
		const signIn = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password },
			request()
		);
		expect(signIn.kind).toBe('signed-in');
	});

	it('refuses a weak password at sign-up with a kind message', async () => {
		const s = (current = await setup(kind));
		const result = await s.service.signUp(
			{ name: 'Di', email: 'di.smith@example.org', password: 'di.smith@example.org' },
			request()
		);
		expect(result.kind).toBe('invalid');
		expect(result.kind === 'invalid' && result.errors.password).toMatch(/e-mail address/);
		expect(await s.database.db.selectFrom('user').select('id').execute()).toHaveLength(0);
	});

	it('sends a sign-in link only to an account, answering the same either way', async () => {
		const s = (current = await setup(kind));
		await verifiedMember(s, 'ada@example.org');
		const known = await s.service.requestSignInLink(
			{ email: 'ada@example.org', next: '/app/journal' },
			request()
		);
		const unknown = await s.service.requestSignInLink({ email: 'eve@example.org' }, request());
		expect(known).toEqual({ kind: 'sent' });
		expect(unknown).toEqual(known);
		const link = await linkIn(s.database, 'magic-link', 'ada@example.org');
		expect(link?.pathname).toBe('/api/auth/magic-link/verify');
		expect(link?.searchParams.get('callbackURL')).toBe('/sign-in?next=%2Fapp%2Fjournal');
		expect(link?.searchParams.get('errorCallbackURL')).toBe('/sign-in');
		expect(await linkIn(s.database, 'magic-link', 'eve@example.org')).toBeUndefined();
	});

	it('signs up without a password by e-mailed link; an existing member gets a sign-in link', async () => {
		const s = (current = await setup(kind));
		await verifiedMember(s, 'ada@example.org');
		const fresh = await s.service.signUpWithLink(
			{ name: 'Eve', email: 'Eve@Example.org' },
			request()
		);
		const existing = await s.service.signUpWithLink(
			{ name: 'Someone else', email: 'ada@example.org' },
			request()
		);
		expect(fresh).toEqual({ kind: 'sent' });
		expect(existing).toEqual(fresh);
		// Nothing is made until the link is opened.
		const users = () =>
			s.database.db.selectFrom('user').select(['email', 'name', 'emailVerified']).execute();
		expect((await users()).map((u) => u.email)).toEqual(['ada@example.org']);
		expect(await linkIn(s.database, 'magic-link', 'ada@example.org')).toBeDefined();

		const link = await linkIn(s.database, 'sign-up-link', 'eve@example.org');
		expect(link?.searchParams.get('newUserCallbackURL')).toBe('/app');
		const opened = await s.auth.handler(new Request(link!));
		expect(opened.status).toBe(302);
		expect(opened.headers.get('location')).toBe(`${origin}/app`);
		expect(opened.headers.get('set-cookie')).toContain('steady.session');
		const eve = (await users()).find((u) => u.email === 'eve@example.org');
		expect(eve).toMatchObject({ name: 'Eve' });
		expect(Boolean(eve?.emailVerified)).toBe(true);
		// Ada's name is not changed by someone typing her address.
		expect((await users()).find((u) => u.email === 'ada@example.org')?.name).not.toBe(
			'Someone else'
		);
	});

	it('resets a password from the e-mailed link once, without signing in, and records it', async () => {
		const s = (current = await setup(kind));
		const userId = await verifiedMember(s, 'ada@example.org');
		await s.service.signInWithPassword({ email: 'ada@example.org', password }, request());

		expect(await s.service.requestPasswordReset({ email: 'ada@example.org' }, request())).toEqual({
			kind: 'sent'
		});
		expect(await s.service.requestPasswordReset({ email: 'no@example.org' }, request())).toEqual({
			kind: 'sent'
		});
		const link = await linkIn(s.database, 'reset-password', 'ada@example.org');
		expect(link?.searchParams.get('callbackURL')).toBe('/reset-password');
		const token = link!.pathname.split('/').pop()!;
		expect(await s.service.resetTokenUsable(token)).toBe(true);
		expect(await s.service.resetTokenUsable('not-a-token')).toBe(false);

		const weak = await s.service.resetPassword({ token, password: 'ada@example.org' }, request());
		expect(weak.kind).toBe('invalid');
		const newPassword = 'a different quiet morning';
		expect(await s.service.resetPassword({ token, password: newPassword }, request())).toEqual({
			kind: 'changed'
		});
		expect(
			await s.service.resetPassword({ token, password: 'yet another quiet morning' }, request())
		).toEqual({ kind: 'invalid-token', message: signInMessages.resetLinkInvalid });

		// Every session ended, none started; the old password no longer works, the new one does.
		const sessions = await s.database.db
			.selectFrom('session')
			.select('id')
			.where('userId', '=', userId)
			.execute();
		expect(sessions).toHaveLength(0);
		expect(
			(await s.service.signInWithPassword({ email: 'ada@example.org', password }, request())).kind
		).toBe('refused');
		expect(
			(
				await s.service.signInWithPassword(
					{ email: 'ada@example.org', password: newPassword },
					request()
				)
			).kind
		).toBe('signed-in');
		const resets = await s.database.db
			.selectFrom('audit_log')
			.select(['subject_user_id'])
			.where('action', '=', 'password.reset')
			.execute();
		expect(resets).toEqual([{ subject_user_id: userId }]);
	});

	it('asks for a second factor, accepts a fresh code once, refuses a wrong or replayed one', async () => {
		const s = (current = await setup(kind));
		const userId = await verifiedMember(s, 'ada@example.org');
		// Set up an authenticator the way the account page will: signed in, password, then a code.
		await s.service.signInWithPassword({ email: 'ada@example.org', password }, request());
		const enabled = await s.auth.api.enableTwoFactor({
			body: { password },
			headers: new Headers({ cookie: s.jar.header() })
		});
		if (!('totpURI' in enabled)) throw new Error('an authenticator app was expected');
		const secretParam = new URL(enabled.totpURI).searchParams.get('secret')!;
		const secret = new TextDecoder().decode(base32.decode(secretParam));
		const otp = createOTP(secret, { digits: 6, period: 30 });
		await s.auth.api.verifyTOTP({
			body: { code: await otp.totp() },
			headers: new Headers({ cookie: s.jar.header() })
		});
		s.jar.cookies.clear();
		const completedBefore = s.signIns.length;

		const challenge = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password, next: '/app/journal' },
			request()
		);
		expect(challenge).toEqual({ kind: 'two-factor', next: '/app/journal' });
		expect(s.jar.cookies.has('steady.session')).toBe(false);
		// The password alone is not a sign-in yet.
		expect(s.signIns).toHaveLength(completedBefore);
		const cookieName = await s.service.twoFactorCookieName();
		const cookieValue = s.jar.cookies.get(cookieName);
		expect(await s.service.pendingSecondFactor(cookieValue)).toBe(userId);

		const wrong = await s.service.verifySecondFactor(
			{ method: 'totp', code: '000000', cookieValue },
			request('203.0.113.7', s.jar.header())
		);
		expect(wrong).toEqual({ kind: 'refused', message: signInMessages.wrongCode });

		const code = await otp.totp();
		const done = await s.service.verifySecondFactor(
			{ method: 'totp', code, cookieValue, next: '/app/journal' },
			request('203.0.113.7', s.jar.header())
		);
		expect(done).toMatchObject({ kind: 'signed-in', redirectTo: '/app/journal', userId });
		expect(s.jar.cookies.has('steady.session')).toBe(true);
		expect(s.signIns).toEqual([...s.signIns.slice(0, completedBefore), userId]);

		// The same challenge cannot be used twice.
		const again = await s.service.verifySecondFactor(
			{ method: 'totp', code, cookieValue },
			request('203.0.113.7', `${cookieName}=${encodeURIComponent(cookieValue!)}`)
		);
		expect(again.kind).toBe('expired');

		// A new sign-in cannot reuse a code that has already let someone in.
		s.jar.cookies.clear();
		expect(
			await s.service.signInWithPassword({ email: 'ada@example.org', password }, request())
		).toMatchObject({ kind: 'two-factor' });
		const replay = await s.service.verifySecondFactor(
			{ method: 'totp', code, cookieValue: s.jar.cookies.get(cookieName) },
			request('203.0.113.7', s.jar.header())
		);
		expect(replay).toEqual({ kind: 'refused', message: signInMessages.replayedCode });

		// A sign-in link would skip the second factor, so none is sent; the answer is the same.
		expect(await s.service.requestSignInLink({ email: 'ada@example.org' }, request())).toEqual({
			kind: 'sent'
		});
		expect(await linkIn(s.database, 'magic-link', 'ada@example.org')).toBeUndefined();

		// A backup code works once.
		const backup = enabled.backupCodes[0]!;
		const byBackup = await s.service.verifySecondFactor(
			{ method: 'backup', code: backup, cookieValue: s.jar.cookies.get(cookieName) },
			request('203.0.113.7', s.jar.header())
		);
		expect(byBackup.kind).toBe('signed-in');
		s.jar.cookies.clear();
		await s.service.signInWithPassword({ email: 'ada@example.org', password }, request());
		const backupAgain = await s.service.verifySecondFactor(
			{ method: 'backup', code: backup, cookieValue: s.jar.cookies.get(cookieName) },
			request('203.0.113.7', s.jar.header())
		);
		expect(backupAgain).toEqual({ kind: 'refused', message: signInMessages.wrongBackupCode });

		// Without a pending sign-in there is nothing to verify.
		expect(
			await s.service.verifySecondFactor(
				{ method: 'totp', code, cookieValue: undefined },
				request()
			)
		).toEqual({ kind: 'expired', message: signInMessages.challengeExpired });
	});

	it('signs out by deleting the session on the server and records it', async () => {
		const s = (current = await setup(kind));
		const userId = await verifiedMember(s, 'ada@example.org');
		const signedIn = await s.service.signInWithPassword(
			{ email: 'ada@example.org', password },
			request()
		);
		const token = signedIn.kind === 'signed-in' ? signedIn.token : '';
		const cookie = s.jar.header();
		expect(await s.auth.api.getSession({ headers: new Headers({ cookie }) })).not.toBeNull();
		await s.service.signOut(userId, request('203.0.113.7', cookie));
		const sessions = await s.database.db
			.selectFrom('session')
			.select('id')
			.where('token', '=', token)
			.execute();
		expect(sessions).toHaveLength(0);
		expect(await s.auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
		const rows = await s.database.db
			.selectFrom('audit_log')
			.select(['actor_user_id'])
			.where('action', '=', 'sign-out')
			.execute();
		expect(rows).toEqual([{ actor_user_id: userId }]);
	});
});
