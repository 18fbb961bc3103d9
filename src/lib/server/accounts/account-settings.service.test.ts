import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database';
import {
	describeDevice,
	messages,
	recentSignInMs,
	secretFromUri,
	toIso
} from './account-settings.service';
import {
	accountTestBed,
	member,
	signIn,
	testPassword,
	type AccountTestBed
} from './account-settings.test-setup';

/** The code an authenticator app would show now for an otpauth:// URI. */
async function currentCode(uri: string): Promise<string> {
	const { secret } = secretFromUri(uri);
	const raw = new TextDecoder().decode(base32.decode(secret));
	return createOTP(raw).totp();
}

async function actions(bed: AccountTestBed, userId: string): Promise<string[]> {
	const rows = await bed.db
		.selectFrom('audit_log')
		.select('action')
		.where('subject_user_id', '=', userId)
		.orderBy('at')
		.execute();
	return rows.map((row) => row.action);
}

async function sessionIds(bed: AccountTestBed, userId: string): Promise<string[]> {
	const rows = await bed.db
		.selectFrom('session')
		.select('id')
		.where('userId', '=', userId)
		.execute();
	return rows.map((row) => row.id).sort();
}

describe('describeDevice', () => {
	it('names the browser and the system in a few words', () => {
		expect(
			describeDevice(
				'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'
			)
		).toBe('Safari on iPhone');
		expect(
			describeDevice(
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0'
			)
		).toBe('Firefox on Windows');
		expect(
			describeDevice(
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0'
			)
		).toBe('Edge on Windows');
		expect(describeDevice('')).toBe('An unknown device');
		expect(describeDevice('curl/8.0')).toBe('An unknown device');
	});

	it('reads dates however the database returns them', () => {
		expect(toIso(new Date('2026-11-29T15:00:00.000Z'))).toBe('2026-11-29T15:00:00.000Z');
		expect(toIso('2026-11-29T15:00:00.000Z')).toBe('2026-11-29T15:00:00.000Z');
		expect(toIso(Date.parse('2026-11-29T15:00:00.000Z'))).toBe('2026-11-29T15:00:00.000Z');
		expect(toIso(null)).toBeNull();
		expect(toIso('not a date')).toBeNull();
	});
});

describe.each(testDatabaseKinds)('account settings on %s', (kind) => {
	let bed: AccountTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	it('saves the name and time zone of the signed-in person only', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		const result = await bed.settings.updateProfile(ada, {
			name: 'Ada L.',
			timeZone: 'Europe/Berlin'
		});
		expect(result.ok).toBe(true);
		const rows = await bed.db
			.selectFrom('user')
			.select(['email', 'name', 'timeZone', 'role'])
			.orderBy('email')
			.execute();
		expect(rows).toEqual([
			{ email: 'ada@example.org', name: 'Ada L.', timeZone: 'Europe/Berlin', role: 'member' },
			{ email: 'grace@example.org', name: 'Grace', timeZone: null, role: 'member' }
		]);
		expect(grace.userId).not.toBe(ada.userId);
	});

	it('changes the password, ends the other sessions and records it', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		await signIn(bed.auth, 'ada@example.org');
		expect(await sessionIds(bed, ada.userId)).toHaveLength(2);

		const wrong = await bed.settings.changePassword(ada, {
			currentPassword: 'not my password at all',
			newPassword: 'a slow walk along the harbour'
		});
		expect(wrong).toEqual({
			ok: false,
			field: 'currentPassword',
			message: messages.wrongPassword
		});

		const common = await bed.settings.changePassword(ada, {
			currentPassword: testPassword,
			newPassword: 'QwertyUiop'
		});
		expect(common.ok).toBe(false);
		if (!common.ok) expect(common.field).toBe('newPassword');

		const changed = await bed.settings.changePassword(ada, {
			currentPassword: testPassword,
			newPassword: 'a slow walk along the harbour'
		});
		expect(changed.ok).toBe(true);
		// better-auth ends every session and opens one new one for this browser.
		const left = await sessionIds(bed, ada.userId);
		expect(left).toHaveLength(1);
		expect(left).not.toContain(ada.sessionId);
		expect(await actions(bed, ada.userId)).toContain('password.changed');
		await expect(signIn(bed.auth, 'ada@example.org')).rejects.toThrow();
		await expect(
			signIn(bed.auth, 'ada@example.org', 'a slow walk along the harbour')
		).resolves.toBeTruthy();
	});

	it('sets up an authenticator app: key, first code, backup codes, other sessions ended', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		await signIn(bed.auth, 'ada@example.org');
		expect((await bed.settings.secondFactorState(ada.userId)).authenticatorApp).toBe('off');

		const wrongPassword = await bed.settings.startTwoFactor(ada, 'not my password at all');
		expect(wrongPassword.ok).toBe(false);

		const started = await bed.settings.startTwoFactor(ada, testPassword);
		if (!started.ok) throw new Error(started.message);
		expect(started.value.uri).toMatch(/^otpauth:\/\/totp\/Steady:ada%40example\.org\?/);
		expect(started.value.secretGroups.join('')).toBe(secretFromUri(started.value.uri).secret);
		expect(started.value.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
		expect(started.value.qrSvg).not.toMatch(/<script|on\w+=/i);
		expect((await bed.settings.secondFactorState(ada.userId)).authenticatorApp).toBe('pending');

		const wrongCode = await bed.settings.confirmTwoFactor(ada, '000000');
		expect(wrongCode).toEqual({ ok: false, field: 'code', message: messages.wrongCode });

		const confirmed = await bed.settings.confirmTwoFactor(
			ada,
			await currentCode(started.value.uri)
		);
		if (!confirmed.ok) throw new Error(confirmed.message);
		expect(confirmed.value.backupCodes).toHaveLength(10);
		expect((await bed.settings.secondFactorState(ada.userId)).authenticatorApp).toBe('on');
		// The session better-auth made when switching it on is the only one left.
		const left = await sessionIds(bed, ada.userId);
		expect(left).toHaveLength(1);
		expect(left).not.toContain(ada.sessionId);
		expect(await actions(bed, ada.userId)).toContain('two-factor.enabled');
	});

	it('turns the authenticator app off after the password, and makes new backup codes', async () => {
		bed = await accountTestBed(kind);
		let ada = await member(bed, 'ada@example.org');
		const started = await bed.settings.startTwoFactor(ada, testPassword);
		if (!started.ok) throw new Error(started.message);
		await bed.settings.confirmTwoFactor(ada, await currentCode(started.value.uri));
		// The session was replaced; act from a fresh one, as the browser would with its new cookie.
		const [sessionId] = await sessionIds(bed, ada.userId);
		const token = await bed.db
			.selectFrom('session')
			.select('token')
			.where('id', '=', sessionId!)
			.executeTakeFirstOrThrow();
		const context = await bed.auth.$context;
		const signed = await signCookie(token.token, context.secret);
		ada = {
			...ada,
			sessionId: sessionId!,
			headers: new Headers({
				cookie: `${context.authCookies.sessionToken.name}=${encodeURIComponent(signed)}`
			})
		};

		const codes = await bed.settings.regenerateBackupCodes(ada, testPassword);
		if (!codes.ok) throw new Error(codes.message);
		expect(codes.value.backupCodes).toHaveLength(10);

		const refused = await bed.settings.disableTwoFactor(ada, 'not my password at all');
		expect(refused.ok).toBe(false);
		expect((await bed.settings.secondFactorState(ada.userId)).authenticatorApp).toBe('on');

		const off = await bed.settings.disableTwoFactor(ada, testPassword);
		expect(off.ok).toBe(true);
		expect((await bed.settings.secondFactorState(ada.userId)).authenticatorApp).toBe('off');
		expect(await actions(bed, ada.userId)).toContain('two-factor.disabled');
	});

	it('lists, signs out and refuses other people’s sessions', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		const phone = await signIn(
			bed.auth,
			'ada@example.org',
			testPassword,
			'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'
		);
		const grace = await member(bed, 'grace@example.org', 'Grace');

		const list = await bed.settings.listSessions(ada.userId, ada.sessionId);
		expect(list.map((s) => [s.device, s.current])).toEqual([
			['Chrome on Linux', true],
			['Safari on iPhone', false]
		]);
		expect(list[0]!.signedInAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(JSON.stringify(list)).not.toMatch(/token/i);

		const foreign = await bed.settings.revokeSession(ada, grace.sessionId);
		expect(foreign).toEqual({ ok: false, field: 'sessionId', message: messages.sessionGone });
		expect(await sessionIds(bed, grace.userId)).toEqual([grace.sessionId]);

		const self = await bed.settings.revokeSession(ada, ada.sessionId);
		expect(self.ok).toBe(false);

		const revoked = await bed.settings.revokeSession(ada, phone.sessionId);
		expect(revoked.ok).toBe(true);
		expect(await sessionIds(bed, ada.userId)).toEqual([ada.sessionId]);
		expect(await actions(bed, ada.userId)).toContain('session.revoked');
	});

	it('signs out all other devices of the account and no one else’s', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		await signIn(bed.auth, 'ada@example.org');
		await signIn(bed.auth, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		const result = await bed.settings.revokeOtherSessions(ada);
		expect(result).toEqual({ ok: true, value: { ended: 2 } });
		expect(await sessionIds(bed, ada.userId)).toEqual([ada.sessionId]);
		expect(await sessionIds(bed, grace.userId)).toEqual([grace.sessionId]);
	});

	it('renames and removes only the account’s own passkeys, and records them', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		const now = kind === 'postgres' ? new Date() : new Date().toISOString();
		const falsy = kind === 'postgres' ? false : 0;
		for (const [id, userId] of [
			['pk-ada', ada.userId],
			['pk-grace', grace.userId]
		] as const) {
			await bed.db
				.insertInto('passkey' as never)
				.values({
					id,
					name: 'Laptop',
					publicKey: 'x',
					userId,
					credentialID: `cred-${id}`,
					counter: 0,
					deviceType: 'singleDevice',
					backedUp: falsy,
					transports: 'internal',
					createdAt: now
				} as never)
				.execute();
		}

		expect(await bed.settings.recordNewPasskeys(ada)).toBe(1);
		expect(await bed.settings.recordNewPasskeys(ada)).toBe(0);
		expect((await bed.settings.secondFactorState(ada.userId)).passkeys).toBe(1);

		const renamed = await bed.settings.renamePasskey(ada, 'pk-ada', 'My phone');
		expect(renamed.ok).toBe(true);
		expect(await bed.settings.listPasskeys(ada.userId)).toEqual([
			{ id: 'pk-ada', name: 'My phone', addedAt: expect.stringMatching(/^\d{4}-/) }
		]);

		expect((await bed.settings.renamePasskey(ada, 'pk-grace', 'Mine now')).ok).toBe(false);
		expect((await bed.settings.removePasskey(ada, 'pk-grace')).ok).toBe(false);
		expect(await bed.settings.listPasskeys(grace.userId)).toEqual([
			{ id: 'pk-grace', name: 'Laptop', addedAt: expect.any(String) }
		]);

		expect((await bed.settings.removePasskey(ada, 'pk-ada')).ok).toBe(true);
		expect(await bed.settings.listPasskeys(ada.userId)).toEqual([]);
		expect(await actions(bed, ada.userId)).toEqual(
			expect.arrayContaining(['passkey.added', 'passkey.removed'])
		);
	});

	it('asks for the password before a change of e-mail, then writes to the current address', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		const wrong = await bed.settings.requestEmailChange(ada, {
			password: 'not my password at all',
			newEmail: 'ada.new@example.org'
		});
		expect(wrong).toEqual({ ok: false, field: 'password', message: messages.wrongPassword });
		const same = await bed.settings.requestEmailChange(ada, {
			password: testPassword,
			newEmail: 'ada@example.org'
		});
		expect(same.ok).toBe(false);

		const asked = await bed.settings.requestEmailChange(ada, {
			password: testPassword,
			newEmail: 'ada.new@example.org'
		});
		expect(asked.ok).toBe(true);
		const mail = await bed.db
			.selectFrom('mail_outbox')
			.select(['to_address', 'kind'])
			.where('kind', '=', 'change-email')
			.execute();
		expect(mail).toEqual([{ to_address: 'ada@example.org', kind: 'change-email' }]);
		const user = await bed.db
			.selectFrom('user')
			.select('email')
			.where('id', '=', ada.userId)
			.executeTakeFirstOrThrow();
		expect(user.email).toBe('ada@example.org');
		expect(await actions(bed, ada.userId)).toContain('email.change-requested');
	});

	it('asks an account without a password for a fresh sign-in instead', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		expect(await bed.settings.identityCheck(ada)).toBe('password');
		expect(await bed.settings.confirmPassword(ada, '')).toEqual({
			ok: false,
			field: 'password',
			message: messages.missingPassword
		});
		// As after signing up by e-mailed link: the account has no password.
		await bed.db
			.deleteFrom('account')
			.where('userId', '=', ada.userId)
			.where('providerId', '=', 'credential')
			.execute();
		expect(await bed.settings.identityCheck(ada)).toBe('recent-sign-in');
		expect(await bed.settings.confirmPassword(ada, '')).toEqual({ ok: true, value: undefined });

		const earlier = new Date(Date.now() - recentSignInMs - 60_000).toISOString();
		const stale = { ...ada, sessionCreatedAt: earlier };
		expect(await bed.settings.identityCheck(stale)).toBe('sign-in-again');
		expect(await bed.settings.confirmPassword(stale, 'anything at all')).toEqual({
			ok: false,
			field: 'form',
			message: messages.signInAgain
		});
		const refused = await bed.settings.requestEmailChange(stale, {
			password: '',
			newEmail: 'ada.new@example.org'
		});
		expect(refused.ok).toBe(false);
		const changed = await bed.settings.requestEmailChange(ada, {
			password: '',
			newEmail: 'ada.new@example.org'
		});
		expect(changed).toEqual({ ok: true, value: undefined });
	});

	it('pauses password checks after many wrong tries', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		for (let i = 0; i < 10; i++) {
			await bed.settings.confirmPassword(ada, 'not my password at all');
		}
		const paused = await bed.settings.confirmPassword(ada, testPassword);
		expect(paused).toEqual({ ok: false, field: 'password', message: messages.tooManyTries });
	});
});

/** better-auth's signed cookie value: "<value>.<standard base64 of HMAC-SHA256>". */
async function signCookie(value: string, secret: string): Promise<string> {
	const key = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(secret),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(value));
	return `${value}.${Buffer.from(signature).toString('base64')}`;
}
