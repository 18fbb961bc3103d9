import { isAPIError } from 'better-auth/api';
import { parseSetCookieHeader } from 'better-auth/cookies';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { AuditAction, AuditService } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { DB, Role } from '../db/schema';
import type { RateLimiter } from '../rate-limit/rate-limit.service';
import type { Auth } from './auth';
import { checkPassword } from './password-policy';
import { createAccountSettingsRepository } from './account-settings.repository';
import type { SessionRepository } from './session.repository';

/**
 * The rules behind the account settings pages. Everything acts on the signed-in person only: the
 * user id always comes from their session (`Actor`), never from what a form sends, and every
 * lookup by an id from a form is scoped to that user.
 */

/** The signed-in person and the request they act through (for better-auth and the audit log). */
export interface Actor {
	userId: string;
	sessionId: string;
	email: string;
	role: Role;
	/** The request's headers: better-auth reads the session cookie from them. */
	headers: Headers;
	ip: string | null;
	userAgent: string | null;
	/** When this session began (ISO); a sign-in a few minutes ago stands in for a password. */
	sessionCreatedAt: string;
}

export type Outcome<T = undefined> =
	{ ok: true; value: T } | { ok: false; field: string; message: string };

const done = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refused = (field: string, message: string): Outcome<never> => ({
	ok: false,
	field,
	message
});

/**
 * How long a fresh sign-in counts as confirming who someone is, for an account without a password
 * (signed up by e-mailed link, or with a passkey): they sign in again, by link or passkey, instead.
 */
export const recentSignInMs = 10 * 60_000;

/** What confirming it is really them asks of this person now. */
export type IdentityCheck = 'password' | 'recent-sign-in' | 'sign-in-again';

/** Typing a password again (to change it, the e-mail, the second factor, or to delete). */
export const reauthenticationLimit = { max: 10, windowMs: 15 * 60_000 };
/** Codes typed while setting up an authenticator app. */
export const setupCodeLimit = { max: 10, windowMs: 15 * 60_000 };

export const messages = {
	wrongPassword: 'That password does not match the one on your account. Please try again.',
	noPassword:
		'Your account has no password yet. You can set one with "Forgot your password?" on the sign-in page, then come back here.',
	missingPassword: 'Please type your password, so we know it is really you.',
	signInAgain:
		'Your account has no password, so to be sure it is you we ask you to sign in again first. We can e-mail you a link that brings you back here; it works for 15 minutes.',
	tooManyTries:
		'That has been tried a number of times, so we have paused it for your safety. Please try again in 15 minutes.',
	wrongCode:
		'That code did not match. Codes change every 30 seconds — please type the one your app shows now. If it keeps happening, check that the time on your phone is set automatically.',
	setupExpired:
		'The setup was not finished, so it has been cleared. Please start again — it only takes a minute.',
	sessionGone: 'That device is already signed out.',
	passkeyGone: 'We could not find that passkey on your account. It may already be removed.',
	thisDevice:
		'That is the device you are using now. To sign out here, use "Sign out of this device".',
	sameEmail: 'That is already the address of your account.',
	generic: 'Something went wrong on our side and nothing was changed. Please try again in a moment.'
} as const;

function errorCode(error: unknown): string | undefined {
	if (!isAPIError(error)) return undefined;
	const body = (error as { body?: { code?: unknown } }).body;
	return typeof body?.code === 'string' ? body.code : undefined;
}

function errorMessage(error: unknown): string | undefined {
	if (!isAPIError(error)) return undefined;
	const body = (error as { body?: { message?: unknown } }).body;
	return typeof body?.message === 'string' ? body.message : undefined;
}

/** better-auth's refusals in Steady's words; anything unexpected is thrown on. */
function translate(error: unknown, field: string): Outcome<never> {
	switch (errorCode(error)) {
		case 'INVALID_PASSWORD':
			return refused(field, messages.wrongPassword);
		case 'CREDENTIAL_ACCOUNT_NOT_FOUND':
			return refused(field, messages.noPassword);
		case 'PASSWORD_REFUSED':
			// Steady's own password policy, already in plain words (see auth.ts).
			return refused(field, errorMessage(error) ?? messages.generic);
		case 'INVALID_CODE':
			return refused(field, messages.wrongCode);
		case 'TOTP_NOT_ENABLED':
			return refused(field, messages.setupExpired);
		default:
			throw error;
	}
}

/** Dates from better-auth's tables: Date objects on PostgreSQL, text or numbers on SQLite. */
export function toIso(value: Date | string | number | null | undefined): string | null {
	if (value === null || value === undefined || value === '') return null;
	const date = value instanceof Date ? value : new Date(value);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const truthy = (value: number | boolean | null | undefined) => value === true || value === 1;

/** "Firefox on Windows", "Safari on iPhone": enough to recognise a device, nothing more. */
export function describeDevice(userAgent: string | null | undefined): string {
	const ua = userAgent ?? '';
	if (!ua) return 'An unknown device';
	const browser = /Edg(e|A|iOS)?\//.test(ua)
		? 'Edge'
		: /OPR\/|Opera/.test(ua)
			? 'Opera'
			: /SamsungBrowser\//.test(ua)
				? 'Samsung Internet'
				: /Firefox\/|FxiOS\//.test(ua)
					? 'Firefox'
					: /Chrome\/|CriOS\/|Chromium\//.test(ua)
						? 'Chrome'
						: /Safari\//.test(ua)
							? 'Safari'
							: undefined;
	const system = /iPhone/.test(ua)
		? 'iPhone'
		: /iPad/.test(ua)
			? 'iPad'
			: /Android/.test(ua)
				? 'Android'
				: /CrOS/.test(ua)
					? 'ChromeOS'
					: /Windows/.test(ua)
						? 'Windows'
						: /Mac OS X|Macintosh/.test(ua)
							? 'Mac'
							: /Linux/.test(ua)
								? 'Linux'
								: undefined;
	if (browser && system) return `${browser} on ${system}`;
	if (browser) return browser;
	if (system) return `A browser on ${system}`;
	return 'An unknown device';
}

/** The key of an otpauth:// URI, in groups of four for typing by hand. */
export function secretFromUri(uri: string): { secret: string; groups: string[] } {
	const secret = new URL(uri).searchParams.get('secret') ?? '';
	return { secret, groups: secret.match(/.{1,4}/g) ?? [] };
}

export async function qrCodeSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

export interface DeviceSession {
	id: string;
	device: string;
	ip: string | null;
	signedInAt: string | null;
	lastActiveAt: string | null;
	current: boolean;
}

export interface PasskeySummary {
	id: string;
	name: string;
	addedAt: string | null;
}

export interface SecondFactorState {
	/** off: never set up; pending: a key was made but no code typed yet; on: in use. */
	authenticatorApp: 'off' | 'pending' | 'on';
	passkeys: number;
}

export interface TwoFactorSetup {
	uri: string;
	secretGroups: string[];
	/** SVG markup made by the qrcode library from the URI alone. */
	qrSvg: string;
}

export interface AccountSettingsDeps {
	db: Kysely<DB>;
	auth: Auth;
	audit: AuditService;
	sessions: SessionRepository;
	limiter: RateLimiter;
	clock: Clock;
}

export function createAccountSettingsService(deps: AccountSettingsDeps) {
	const queries = createAccountSettingsRepository(deps.db);
	const { auth } = deps;

	const record = (actor: Actor, action: AuditAction, target?: string) =>
		deps.audit.record({
			action,
			actorUserId: actor.userId,
			subjectUserId: actor.userId,
			target: target ?? null,
			ip: actor.ip,
			userAgent: actor.userAgent
		});

	/** False when the account has typed a password (or a setup code) too often lately. */
	async function allowed(kind: 'password' | 'setup-code', userId: string): Promise<boolean> {
		const limit = kind === 'password' ? reauthenticationLimit : setupCodeLimit;
		const verdict = await deps.limiter.hit(`account-${kind}:${userId}`, limit);
		return verdict.allowed;
	}

	/** What `confirmPassword` will ask of this person: their password, or a fresh sign-in. */
	async function identityCheck(actor: Actor): Promise<IdentityCheck> {
		if (await queries.hasPassword(actor.userId)) return 'password';
		const age = deps.clock.now().getTime() - new Date(actor.sessionCreatedAt).getTime();
		return age >= 0 && age < recentSignInMs ? 'recent-sign-in' : 'sign-in-again';
	}

	/**
	 * Re-authentication before something that cannot be undone: the password typed again, or,
	 * for an account without one, a sign-in within the last few minutes.
	 */
	async function confirmPassword(
		actor: Actor,
		password: string,
		field = 'password'
	): Promise<Outcome> {
		const check = await identityCheck(actor);
		if (check === 'recent-sign-in') return done(undefined);
		if (check === 'sign-in-again') return refused('form', messages.signInAgain);
		if (password === '') return refused(field, messages.missingPassword);
		if (!(await allowed('password', actor.userId))) return refused(field, messages.tooManyTries);
		try {
			await auth.api.verifyPassword({ body: { password }, headers: actor.headers });
		} catch (error) {
			return translate(error, field);
		}
		return done(undefined);
	}

	/** The session cookie's token in a response's Set-Cookie header, if it set a new one. */
	async function newSessionToken(headers: Headers | undefined): Promise<string | undefined> {
		const setCookie = headers?.get('set-cookie');
		if (!setCookie) return undefined;
		const context = await auth.$context;
		const cookie = parseSetCookieHeader(setCookie).get(context.authCookies.sessionToken.name);
		if (!cookie?.value) return undefined;
		// A signed cookie is "<token>.<signature>"; the token itself has no dot.
		return cookie.value.split('.')[0];
	}

	return {
		async updateProfile(actor: Actor, profile: { name: string; timeZone: string }) {
			await auth.api.updateUser({
				body: { name: profile.name, timeZone: profile.timeZone },
				headers: actor.headers
			});
			return done(undefined);
		},

		/** Changes the password and ends every other session of the account. */
		async changePassword(
			actor: Actor,
			input: { currentPassword: string; newPassword: string }
		): Promise<Outcome> {
			const verdict = checkPassword(input.newPassword, { email: actor.email });
			if (!verdict.ok) return refused('newPassword', verdict.message);
			if (!(await allowed('password', actor.userId))) {
				return refused('currentPassword', messages.tooManyTries);
			}
			try {
				await auth.api.changePassword({
					body: {
						currentPassword: input.currentPassword,
						newPassword: input.newPassword,
						revokeOtherSessions: true
					},
					headers: actor.headers
				});
			} catch (error) {
				const code = errorCode(error);
				return translate(error, code === 'PASSWORD_REFUSED' ? 'newPassword' : 'currentPassword');
			}
			await record(actor, 'password.changed');
			return done(undefined);
		},

		async secondFactorState(userId: string): Promise<SecondFactorState> {
			const [row, user, passkeys] = await Promise.all([
				queries.twoFactorOf(userId),
				queries.twoFactorEnabled(userId),
				queries.passkeysOf(userId)
			]);
			const authenticatorApp =
				row && truthy(user?.twoFactorEnabled) && row.verified !== false && row.verified !== 0
					? 'on'
					: row
						? 'pending'
						: 'off';
			return { authenticatorApp, passkeys: passkeys.length };
		},

		/**
		 * Makes a new authenticator key after the password is typed again. Nothing is switched on
		 * until a first code from the app is confirmed.
		 */
		async startTwoFactor(actor: Actor, password: string): Promise<Outcome<TwoFactorSetup>> {
			if (!(await allowed('password', actor.userId))) {
				return refused('enablePassword', messages.tooManyTries);
			}
			let uri: string;
			try {
				const result = await auth.api.enableTwoFactor({
					body: { password },
					headers: actor.headers
				});
				if (!('totpURI' in result) || !result.totpURI) throw new Error('no TOTP URI returned');
				uri = result.totpURI;
			} catch (error) {
				if (errorCode(error) === 'TOTP_ALREADY_ENABLED') {
					return refused('enablePassword', 'Your authenticator app is already set up.');
				}
				return translate(error, 'enablePassword');
			}
			return done({ uri, secretGroups: secretFromUri(uri).groups, qrSvg: await qrCodeSvg(uri) });
		},

		/**
		 * Checks the first code from the app, which switches the second factor on; then ends every
		 * other session of the account and hands back the backup codes, to be shown this once.
		 */
		async confirmTwoFactor(
			actor: Actor,
			code: string
		): Promise<Outcome<{ backupCodes: string[] }>> {
			if (!(await allowed('setup-code', actor.userId))) {
				return refused('code', messages.tooManyTries);
			}
			const pending = await queries.twoFactorOf(actor.userId);
			if (!pending) return refused('code', messages.setupExpired);
			let headers: Headers | undefined;
			try {
				const result = await auth.api.verifyTOTP({
					body: { code },
					headers: actor.headers,
					returnHeaders: true
				});
				headers = result.headers;
			} catch (error) {
				return translate(error, 'code');
			}
			// Switching the second factor on replaces the current session with a new one (the old
			// cookie is then useless): keep that one, end all the others.
			const token = await newSessionToken(headers);
			const kept = token ? await queries.sessionByToken(actor.userId, token) : undefined;
			await deps.sessions.removeOthers(actor.userId, kept?.id ?? actor.sessionId);
			await record(actor, 'two-factor.enabled', 'totp');
			const codes = await auth.api.viewBackupCodes({ body: { userId: actor.userId } });
			return done({ backupCodes: codes.backupCodes });
		},

		async disableTwoFactor(actor: Actor, password: string): Promise<Outcome> {
			if (!(await allowed('password', actor.userId))) {
				return refused('disablePassword', messages.tooManyTries);
			}
			try {
				await auth.api.disableTwoFactor({ body: { password }, headers: actor.headers });
			} catch (error) {
				return translate(error, 'disablePassword');
			}
			await record(actor, 'two-factor.disabled', 'totp');
			return done(undefined);
		},

		/** New backup codes (the old ones stop working), shown this once. */
		async regenerateBackupCodes(
			actor: Actor,
			password: string
		): Promise<Outcome<{ backupCodes: string[] }>> {
			if (!(await allowed('password', actor.userId))) {
				return refused('codesPassword', messages.tooManyTries);
			}
			try {
				const result = await auth.api.generateBackupCodes({
					body: { password },
					headers: actor.headers
				});
				return done({ backupCodes: result.backupCodes });
			} catch (error) {
				return translate(error, 'codesPassword');
			}
		},

		async listPasskeys(userId: string): Promise<PasskeySummary[]> {
			const rows = await queries.passkeysOf(userId);
			return rows
				.map((row) => ({ id: row.id, name: row.name || 'Passkey', addedAt: toIso(row.createdAt) }))
				.sort((a, b) => (a.addedAt ?? '').localeCompare(b.addedAt ?? ''));
		},

		/**
		 * Records 'passkey.added' for each of the account's passkeys that has no entry yet. Passkeys
		 * are added by the browser straight through better-auth, so Steady notices them afterwards:
		 * when the page is told one was added, and again whenever the list is shown.
		 */
		async recordNewPasskeys(actor: Actor): Promise<number> {
			const [passkeys, recorded] = await Promise.all([
				queries.passkeysOf(actor.userId),
				queries.recordedPasskeyTargets(actor.userId)
			]);
			const known = new Set(recorded.map((row) => row.target));
			let added = 0;
			for (const passkey of passkeys) {
				const target = `passkey:${passkey.id}`;
				if (known.has(target)) continue;
				await record(actor, 'passkey.added', target);
				added += 1;
			}
			return added;
		},

		async renamePasskey(actor: Actor, passkeyId: string, name: string): Promise<Outcome> {
			const own = await queries.passkeyOf(actor.userId, passkeyId);
			if (!own) return refused('passkeyName', messages.passkeyGone);
			await auth.api.updatePasskey({ body: { id: own.id, name }, headers: actor.headers });
			return done(undefined);
		},

		async removePasskey(actor: Actor, passkeyId: string): Promise<Outcome> {
			const own = await queries.passkeyOf(actor.userId, passkeyId);
			if (!own) return refused('passkeyId', messages.passkeyGone);
			await auth.api.deletePasskey({ body: { id: own.id }, headers: actor.headers });
			await record(actor, 'passkey.removed', `passkey:${own.id}`);
			return done(undefined);
		},

		/** The account's sessions that have not expired, most recently used first. */
		async listSessions(userId: string, currentSessionId: string): Promise<DeviceSession[]> {
			const now = deps.clock.now().getTime();
			const rows = await queries.sessionsOf(userId);
			return rows
				.filter((row) => {
					const expires = toIso(row.expiresAt);
					return expires !== null && new Date(expires).getTime() > now;
				})
				.map((row) => {
					const updated = toIso(row.updatedAt);
					const seen = row.last_seen_at ? toIso(row.last_seen_at) : null;
					const lastActiveAt = [updated, seen]
						.filter((v): v is string => v !== null)
						.sort()
						.pop();
					return {
						id: row.id,
						device: describeDevice(row.userAgent),
						ip: row.ipAddress || null,
						signedInAt: toIso(row.createdAt),
						lastActiveAt: lastActiveAt ?? null,
						current: row.id === currentSessionId
					};
				})
				.sort((a, b) =>
					a.current !== b.current
						? a.current
							? -1
							: 1
						: (b.lastActiveAt ?? '').localeCompare(a.lastActiveAt ?? '')
				);
		},

		/** Signs one other device out. The token never leaves the server: the form sends the id. */
		async revokeSession(actor: Actor, sessionId: string): Promise<Outcome> {
			if (sessionId === actor.sessionId) return refused('sessionId', messages.thisDevice);
			const own = await queries.tokenOfSession(actor.userId, sessionId);
			if (!own) return refused('sessionId', messages.sessionGone);
			await auth.api.revokeSession({ body: { token: own.token }, headers: actor.headers });
			await record(actor, 'session.revoked', `session:${sessionId}`);
			return done(undefined);
		},

		async revokeOtherSessions(actor: Actor): Promise<Outcome<{ ended: number }>> {
			const others = (await queries.sessionsOf(actor.userId)).filter(
				(row) => row.id !== actor.sessionId
			);
			await deps.sessions.removeOthers(actor.userId, actor.sessionId);
			for (const row of others) await record(actor, 'session.revoked', `session:${row.id}`);
			return done({ ended: others.length });
		},

		/**
		 * Asks for the password, then sends a confirmation to the current address; the new address
		 * is only used once both have been confirmed. The answer is the same whether or not the new
		 * address already belongs to someone, so the form cannot be used to find out.
		 */
		async requestEmailChange(
			actor: Actor,
			input: { password: string; newEmail: string }
		): Promise<Outcome> {
			if (input.newEmail === actor.email.toLowerCase()) {
				return refused('newEmail', messages.sameEmail);
			}
			const confirmed = await confirmPassword(actor, input.password);
			if (!confirmed.ok) return confirmed;
			await auth.api.changeEmail({
				body: { newEmail: input.newEmail, callbackURL: '/account?email=changed' },
				headers: actor.headers
			});
			await record(actor, 'email.change-requested');
			return done(undefined);
		},

		identityCheck,
		confirmPassword,

		/** Signs this device out (the cookie is cleared by better-auth). */
		async signOut(actor: Actor): Promise<void> {
			await auth.api.signOut({ headers: actor.headers });
		}
	};
}

export type AccountSettingsService = ReturnType<typeof createAccountSettingsService>;
