import { createHash } from 'node:crypto';
import { isAPIError } from 'better-auth/api';
import type { AuditService } from '../audit/audit.service';
import type { Role } from '../db/schema';
import { accountLimits, type Limit, type RateLimiter } from '../rate-limit/rate-limit.service';
import { signInLinkAllowed, type AccountLookup } from './account.repository';
import type { Auth } from './auth';
import { checkPassword } from './password-policy';

/**
 * Signing up, in and out, and getting back in: the rules the account pages follow. Limits are
 * checked before better-auth is asked anything (its own limiter does not apply to calls made on
 * the server), failures read the same whether or not the account exists, and every redirect
 * target is checked.
 */

export const signInMessages = {
	refused:
		'That e-mail and password don’t match an account. Please check both, or reset your password.',
	limited:
		'Too many attempts for now. Please wait 15 minutes and try again — this protects your account.',
	linkLimited:
		'You have asked for several e-mails in a short time. Please wait an hour and try again — and do look in your spam or junk folder, as an earlier one may be waiting there.',
	signUpLimited:
		'Many accounts have been started from this connection in the last hour. Please wait an hour and try again.',
	unverified:
		'Your e-mail address is not confirmed yet. We sent you a link when you created your account; it may be in your spam or junk folder. We can send a new one.',
	challengeExpired:
		'Your sign-in has timed out, so we need your e-mail and password once more. Please sign in again.',
	wrongCode:
		'That code did not work. Codes change every 30 seconds, so please type the one your app shows now.',
	wrongBackupCode:
		'That backup code did not work. Please check it, or try another one. Each code works once.',
	replayedCode:
		'That code has just been used. Please wait for the next one in your app, then type it in.',
	resetLinkInvalid:
		'This link to choose a new password has expired or has already been used. You can ask for a new one.'
} as const;

export interface SignInDeps {
	auth: Pick<Auth, 'api' | '$context'>;
	limiter: RateLimiter;
	audit: AuditService;
	accounts: AccountLookup;
}

/** What the service needs to know about the request; the route reads it, the service never does. */
export interface RequestInfo {
	/** The request's headers, passed on to better-auth (its cookies, its user agent). */
	headers: Headers;
	ip: string | null;
	userAgent?: string | null;
}

/** Where each role starts once signed in. */
export function homeFor(role: Role | string | undefined): string {
	return role === 'practitioner' || role === 'owner' ? '/admin' : '/app';
}

/**
 * A path on this site to go to after signing in, or undefined. Only a path that starts with one
 * '/' is accepted: '//host', '/\host', anything with a scheme and anything with control characters
 * or backslashes could leave the site in some browser.
 */
export function safeNext(next: unknown): string | undefined {
	if (typeof next !== 'string') return undefined;
	if (next.length === 0 || next.length > 2000) return undefined;
	if (!next.startsWith('/') || next.startsWith('//')) return undefined;
	if (next.includes('\\')) return undefined;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\s]/.test(next)) return undefined;
	try {
		const base = 'http://steady.invalid';
		const url = new URL(next, base);
		if (url.origin !== base) return undefined;
		// Nothing to come back to on the account pages or the auth API themselves.
		if (/^\/(api\/|sign-out(\/|$)|sign-in(\/|$)|sign-up(\/|$))/.test(url.pathname))
			return undefined;
		return url.pathname + url.search + url.hash;
	} catch {
		return undefined;
	}
}

function errorCode(error: unknown): string | undefined {
	if (!isAPIError(error)) return undefined;
	const body = error.body as { code?: unknown } | undefined;
	return typeof body?.code === 'string' ? body.code : undefined;
}

/**
 * The words for a refused new password: our own policy's message (better-auth passes it on from
 * the before-hook), or a kind general one for better-auth's own length checks.
 */
function passwordRefusal(error: unknown): string {
	if (errorCode(error) === 'PASSWORD_REFUSED' && isAPIError(error)) {
		const body = error.body as { message?: unknown } | undefined;
		if (typeof body?.message === 'string') return body.message;
	}
	return 'That password cannot be used. Please choose one of at least 10 characters — a few words you will remember work well.';
}

/** Rate-limit keys never hold an address in the clear: they outlive the attempt. */
function accountKey(kind: string, email: string): string {
	const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
	return `${kind}:account:${digest.slice(0, 32)}`;
}

function ipKey(kind: string, ip: string | null): string {
	return `${kind}:ip:${ip || 'unknown'}`;
}

export type SignInResult =
	| { kind: 'signed-in'; redirectTo: string; token: string; userId: string }
	| { kind: 'two-factor'; next: string | undefined }
	| { kind: 'refused'; message: string }
	| { kind: 'unverified'; message: string }
	| { kind: 'limited'; message: string; retryAfterSeconds: number };

export type SecondFactorResult =
	| { kind: 'signed-in'; redirectTo: string; token: string; userId: string }
	| { kind: 'expired'; message: string }
	| { kind: 'refused'; message: string }
	| { kind: 'limited'; message: string; retryAfterSeconds: number };

export type SignUpResult =
	| { kind: 'sent' }
	| { kind: 'invalid'; errors: Record<string, string> }
	| { kind: 'limited'; message: string; retryAfterSeconds: number };

export type LinkResult =
	{ kind: 'sent' } | { kind: 'limited'; message: string; retryAfterSeconds: number };

export type ResetResult =
	| { kind: 'changed' }
	| { kind: 'invalid-token'; message: string }
	| { kind: 'invalid'; errors: Record<string, string> };

/** The callback of better-auth's e-mail confirmation link: a page of ours that reads the outcome. */
export const verifyEmailCallback = '/verify-email';

export function createSignInService(deps: SignInDeps) {
	const { auth, limiter, audit, accounts } = deps;

	/** Each limit in turn; the first one exceeded answers, and later buckets are left alone. */
	async function withinLimits(
		hits: Array<[key: string, limit: Limit]>
	): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
		for (const [key, limit] of hits) {
			const verdict = await limiter.hit(key, limit);
			if (!verdict.allowed) return { allowed: false, retryAfterSeconds: verdict.retryAfterSeconds };
		}
		return { allowed: true };
	}

	/** The answer for someone over any of the limits, or null when every hit is allowed. */
	async function overLimits(
		hits: Array<[key: string, limit: Limit]>,
		message: string
	): Promise<{ kind: 'limited'; message: string; retryAfterSeconds: number } | null> {
		const limits = await withinLimits(hits);
		return limits.allowed
			? null
			: { kind: 'limited', message, retryAfterSeconds: limits.retryAfterSeconds };
	}

	async function recordFailure(
		request: RequestInfo,
		subjectUserId: string | null,
		target?: string
	): Promise<void> {
		await audit.record({
			action: 'sign-in.failure',
			actorUserId: null,
			subjectUserId,
			target: target ?? null,
			ip: request.ip,
			userAgent: request.userAgent ?? null
		});
	}

	/** The id kept in the two-factor cookie (signed as "value.signature"). */
	function challengeId(cookieValue: string | undefined): string | undefined {
		if (!cookieValue) return undefined;
		const dot = cookieValue.lastIndexOf('.');
		const id = dot > 0 ? cookieValue.slice(0, dot) : cookieValue;
		return /^2fa-[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined;
	}

	/** The user whose sign-in waits for a second factor, from better-auth's two-factor cookie. */
	async function pendingSecondFactor(cookieValue: string | undefined): Promise<string | undefined> {
		const id = challengeId(cookieValue);
		if (!id) return undefined;
		const context = await auth.$context;
		const found = await context.internalAdapter.findVerificationValue(id);
		if (!found || new Date(found.expiresAt).getTime() < Date.now()) return undefined;
		return found.value;
	}

	/** The user a password link belongs to, while it can still be used. */
	async function resetTokenOwner(token: string | undefined): Promise<string | undefined> {
		if (!token || !/^[A-Za-z0-9_-]{1,200}$/.test(token)) return undefined;
		const context = await auth.$context;
		const found = await context.internalAdapter.findVerificationValue(`reset-password:${token}`);
		if (!found || new Date(found.expiresAt).getTime() < Date.now()) return undefined;
		return found.value;
	}

	/**
	 * Asks better-auth for an e-mailed sign-in link. The sign-in page sends someone who is already
	 * signed in on to `next` or their home; a new account (sign-up by link) starts at `next` or /app.
	 */
	async function sendLink(
		email: string,
		next: string | undefined,
		request: RequestInfo,
		name?: string
	) {
		const safe = safeNext(next);
		const callbackURL = safe ? `/sign-in?next=${encodeURIComponent(safe)}` : '/sign-in';
		await auth.api.signInMagicLink({
			body: {
				email,
				callbackURL,
				newUserCallbackURL: safe ?? '/app',
				errorCallbackURL: '/sign-in',
				...(name ? { name } : {})
			},
			headers: request.headers
		});
	}
	return {
		async signInWithPassword(
			input: { email: string; password: string; next?: string },
			request: RequestInfo
		): Promise<SignInResult> {
			const email = input.email.trim().toLowerCase();
			const limited = await overLimits(
				[
					[ipKey('sign-in', request.ip), accountLimits.signInPerIp],
					[accountKey('sign-in', email), accountLimits.signInPerAccount]
				],
				signInMessages.limited
			);
			if (limited) return limited;
			const account = await accounts.findByEmail(email);
			let result: unknown;
			try {
				result = await auth.api.signInEmail({
					body: { email, password: input.password },
					headers: request.headers
				});
			} catch (error) {
				if (!isAPIError(error)) throw error;
				await recordFailure(request, account?.id ?? null);
				if (errorCode(error) === 'EMAIL_NOT_VERIFIED') {
					return { kind: 'unverified', message: signInMessages.unverified };
				}
				return { kind: 'refused', message: signInMessages.refused };
			}
			const next = safeNext(input.next);
			// The password was right: the account's count of attempts starts again.
			await limiter.reset(accountKey('sign-in', email));
			// The two-factor plugin swaps the new session for a challenge cookie and says so.
			if ((result as { twoFactorRedirect?: boolean }).twoFactorRedirect) {
				return { kind: 'two-factor', next };
			}
			const signedIn = result as { token: string; user: { id: string; role?: string } };
			return {
				kind: 'signed-in',
				redirectTo: next ?? homeFor(signedIn.user.role ?? account?.role),
				token: signedIn.token,
				userId: signedIn.user.id
			};
		},

		/** The name of better-auth's cookie that carries a sign-in waiting for its second factor. */
		async twoFactorCookieName(): Promise<string> {
			const context = await auth.$context;
			return context.createAuthCookie('two_factor').name;
		},

		/** Whether a sign-in is waiting for a second factor, and whose. */
		pendingSecondFactor,

		async verifySecondFactor(
			input: { method: 'totp' | 'backup'; code: string; next?: string; cookieValue?: string },
			request: RequestInfo
		): Promise<SecondFactorResult> {
			const userId = await pendingSecondFactor(input.cookieValue);
			if (!userId) return { kind: 'expired', message: signInMessages.challengeExpired };
			const limited = await overLimits(
				[[`second-factor:account:${userId}`, accountLimits.secondFactorPerAccount]],
				signInMessages.limited
			);
			if (limited) return limited;
			// better-auth accepts a code again within its 30-second window; a code that has let
			// someone in once is refused for the next few minutes, so an onlooker cannot reuse it.
			const usedKey =
				input.method === 'totp'
					? `totp-used:${createHash('sha256').update(`${userId}:${input.code}`).digest('hex').slice(0, 32)}`
					: undefined;
			if (usedKey) {
				const fresh = await limiter.hit(usedKey, { max: 1, windowMs: 3 * 60_000 });
				if (!fresh.allowed) {
					await recordFailure(request, userId, 'totp');
					return { kind: 'refused', message: signInMessages.replayedCode };
				}
			}
			let result: { token: string; user: { id: string; role?: string } };
			try {
				const body = { code: input.code };
				result = (
					input.method === 'totp'
						? await auth.api.verifyTOTP({ body, headers: request.headers })
						: await auth.api.verifyBackupCode({ body, headers: request.headers })
				) as typeof result;
			} catch (error) {
				if (usedKey) await limiter.reset(usedKey);
				if (!isAPIError(error)) throw error;
				await recordFailure(request, userId, input.method === 'totp' ? 'totp' : 'backup-code');
				const code = errorCode(error);
				if (code === 'INVALID_TWO_FACTOR_COOKIE' || code === 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE') {
					return { kind: 'expired', message: signInMessages.challengeExpired };
				}
				if (code === 'ACCOUNT_TEMPORARILY_LOCKED') {
					return { kind: 'limited', message: signInMessages.limited, retryAfterSeconds: 15 * 60 };
				}
				return {
					kind: 'refused',
					message:
						input.method === 'totp' ? signInMessages.wrongCode : signInMessages.wrongBackupCode
				};
			}
			const account = await accounts.findById(result.user.id);
			return {
				kind: 'signed-in',
				redirectTo: safeNext(input.next) ?? homeFor(account?.role ?? result.user.role),
				token: result.token,
				userId: result.user.id
			};
		},

		/**
		 * Creates an account and sends the confirmation link. An address that already has an account
		 * gets the same answer, and nothing is changed.
		 */
		async signUp(
			input: { name: string; email: string; password: string },
			request: RequestInfo
		): Promise<SignUpResult> {
			const email = input.email.trim().toLowerCase();
			const verdict = checkPassword(input.password, { email });
			if (!verdict.ok) return { kind: 'invalid', errors: { password: verdict.message } };
			const limited = await overLimits(
				[[ipKey('sign-up', request.ip), accountLimits.signUpPerIp]],
				signInMessages.signUpLimited
			);
			if (limited) return limited;
			try {
				await auth.api.signUpEmail({
					body: {
						name: input.name,
						email,
						password: input.password,
						callbackURL: verifyEmailCallback
					},
					headers: request.headers
				});
			} catch (error) {
				if (!isAPIError(error)) throw error;
				const code = errorCode(error);
				if (code === 'PASSWORD_REFUSED' || code?.startsWith('PASSWORD_')) {
					return { kind: 'invalid', errors: { password: passwordRefusal(error) } };
				}
				if (code === 'INVALID_EMAIL') {
					return {
						kind: 'invalid',
						errors: { email: 'That e-mail address looks incomplete — could you check it?' }
					};
				}
				// Anything else (an address that exists, whatever better-auth may say of it) answers as
				// a success would, so the page never tells who has an account.
				if (code === 'USER_ALREADY_EXISTS' || code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') {
					return { kind: 'sent' };
				}
				throw error;
			}
			return { kind: 'sent' };
		},

		/**
		 * A one-time sign-in link, sent only to a member's account that has no second factor (a link
		 * would let someone with the mailbox skip it); the answer is the same in every case.
		 */
		async requestSignInLink(
			input: { email: string; next?: string },
			request: RequestInfo
		): Promise<LinkResult> {
			const email = input.email.trim().toLowerCase();
			const limited = await overLimits(
				[
					[ipKey('email-link', request.ip), accountLimits.emailLinkPerIp],
					[accountKey('email-link', email), accountLimits.emailLinkPerAccount]
				],
				signInMessages.linkLimited
			);
			if (limited) return limited;
			const account = await accounts.findByEmail(email);
			// A link to an unknown address would create an account when opened; nobody asked for one.
			if (!account || !signInLinkAllowed(account)) return { kind: 'sent' };
			await sendLink(email, input.next, request);
			return { kind: 'sent' };
		},

		/**
		 * Sign-up without a password: an e-mailed link that, once opened, confirms the address and
		 * creates the account. For an address that already has an account the person gets the usual
		 * sign-in link (when their account may have one), and the answer is the same either way.
		 */
		async signUpWithLink(
			input: { name: string; email: string; next?: string },
			request: RequestInfo
		): Promise<LinkResult> {
			const email = input.email.trim().toLowerCase();
			const limited = await overLimits(
				[
					[ipKey('sign-up', request.ip), accountLimits.signUpPerIp],
					[accountKey('email-link', email), accountLimits.emailLinkPerAccount]
				],
				signInMessages.signUpLimited
			);
			if (limited) return limited;
			const account = await accounts.findByEmail(email);
			if (account && !signInLinkAllowed(account)) return { kind: 'sent' };
			await sendLink(email, input.next, request, input.name);
			return { kind: 'sent' };
		},

		async requestPasswordReset(
			input: { email: string },
			request: RequestInfo
		): Promise<LinkResult> {
			const email = input.email.trim().toLowerCase();
			const limited = await overLimits(
				[
					[ipKey('email-link', request.ip), accountLimits.emailLinkPerIp],
					[accountKey('email-link', email), accountLimits.emailLinkPerAccount]
				],
				signInMessages.linkLimited
			);
			if (limited) return limited;
			await auth.api.requestPasswordReset({
				body: { email, redirectTo: '/reset-password' },
				headers: request.headers
			});
			return { kind: 'sent' };
		},

		/** Whether a password link can still be used, without using it. */
		async resetTokenUsable(token: string | undefined): Promise<boolean> {
			return (await resetTokenOwner(token)) !== undefined;
		},

		/**
		 * Sets a new password from an e-mailed link. It does not sign the person in, so a second
		 * factor is never skipped, and better-auth ends every session of the account.
		 */
		async resetPassword(
			input: { token: string; password: string },
			request: RequestInfo
		): Promise<ResetResult> {
			const userId = await resetTokenOwner(input.token);
			if (!userId) return { kind: 'invalid-token', message: signInMessages.resetLinkInvalid };
			const account = await accounts.findById(userId);
			if (!account) return { kind: 'invalid-token', message: signInMessages.resetLinkInvalid };
			const verdict = checkPassword(input.password, { email: account.email });
			if (!verdict.ok) return { kind: 'invalid', errors: { password: verdict.message } };
			try {
				await auth.api.resetPassword({
					body: { newPassword: input.password, token: input.token },
					headers: request.headers
				});
			} catch (error) {
				if (!isAPIError(error)) throw error;
				const code = errorCode(error);
				if (code === 'PASSWORD_REFUSED' || code?.startsWith('PASSWORD_')) {
					return { kind: 'invalid', errors: { password: passwordRefusal(error) } };
				}
				return { kind: 'invalid-token', message: signInMessages.resetLinkInvalid };
			}
			await audit.record({
				action: 'password.reset',
				actorUserId: userId,
				subjectUserId: userId,
				ip: request.ip,
				userAgent: request.userAgent ?? null
			});
			// Whatever attempts were made before, the person can now sign in with the new password.
			await limiter.reset(accountKey('sign-in', account.email));
			return { kind: 'changed' };
		},

		/** A new confirmation link; better-auth answers the same whether or not one was sent. */
		async resendVerification(input: { email: string }, request: RequestInfo): Promise<LinkResult> {
			const email = input.email.trim().toLowerCase();
			const limited = await overLimits(
				[
					[ipKey('email-link', request.ip), accountLimits.emailLinkPerIp],
					[accountKey('email-link', email), accountLimits.emailLinkPerAccount]
				],
				signInMessages.linkLimited
			);
			if (limited) return limited;
			// No headers: with a session better-auth would answer differently for other addresses.
			await auth.api.sendVerificationEmail({ body: { email, callbackURL: verifyEmailCallback } });
			return { kind: 'sent' };
		},

		/** Ends the session on the server (the row is deleted) and records it. */
		async signOut(userId: string | null, request: RequestInfo): Promise<void> {
			await auth.api.signOut({ headers: request.headers }).catch((error: unknown) => {
				// No session to end is not a problem when signing out.
				if (!isAPIError(error)) throw error;
			});
			if (userId) {
				await audit.record({
					action: 'sign-out',
					actorUserId: userId,
					subjectUserId: userId,
					ip: request.ip,
					userAgent: request.userAgent ?? null
				});
			}
		}
	};
}

export type SignInService = ReturnType<typeof createSignInService>;
