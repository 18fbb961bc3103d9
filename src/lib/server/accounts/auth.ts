import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { magicLink } from 'better-auth/plugins/magic-link';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { passkey } from '@better-auth/passkey';
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../db/database';
import type { DB } from '../db/schema';
import type { MailService } from '../mail/mail.service';
import { accountLimits, type RateLimiter } from '../rate-limit/rate-limit.service';
import { checkPassword } from './password-policy';
import { accountEmails } from './account-emails';
import { accountLookup, signInLinkAllowed } from './account.repository';

export interface AuthDeps {
	db: Kysely<DB>;
	kind: DatabaseKind;
	secret: string;
	/** The site's public origin, e.g. https://steady.example.org; links in e-mails start with it. */
	origin: string;
	practiceName: string;
	mail: MailService;
	/** Called once for every completed sign-in, whichever way the person signed in. */
	onSessionCreated?: (session: {
		userId: string;
		ipAddress?: string | null;
		userAgent?: string | null;
	}) => Promise<void>;
	/** Steady's limits, applied to requests that reach better-auth over HTTP rather than a form. */
	limiter?: RateLimiter;
	/** Extra plugins, e.g. the SvelteKit cookie bridge that only exists inside the server. */
	plugins?: BetterAuthPlugin[];
}

/** The session cookie's name over plain http, and over https (a __Host- cookie). */
export const sessionCookieNames = ['steady.session', '__Host-steady.session'] as const;

/** The request header that carries the client's address as Steady determined it. */
export const clientAddressHeader = 'x-steady-client-address';

const minutes = (n: number) => n * 60;
const hours = (n: number) => n * 3600;

/** Where a new password arrives in each better-auth endpoint that sets one. */
const passwordFields: Record<string, 'password' | 'newPassword'> = {
	'/sign-up/email': 'password',
	'/reset-password': 'newPassword',
	'/change-password': 'newPassword'
};

export function createAuth(deps: AuthDeps) {
	const secure = deps.origin.startsWith('https://');
	const emails = accountEmails({ origin: deps.origin, practiceName: deps.practiceName });
	const accounts = accountLookup(deps.db);
	// Mail goes through the outbox in every case, so a failing SMTP server never loses a link.
	const send = (mail: Parameters<MailService['enqueue']>[0]) =>
		deps.mail.enqueue(mail).then(() => {});

	return betterAuth({
		appName: deps.practiceName,
		baseURL: deps.origin,
		basePath: '/api/auth',
		secret: deps.secret,
		telemetry: { enabled: false },
		trustedOrigins: [deps.origin],
		database: { db: deps.db, type: deps.kind },
		user: {
			additionalFields: {
				// input: false — nothing a person sends can set their own role.
				role: { type: 'string', required: false, defaultValue: 'member', input: false },
				timeZone: { type: 'string', required: false, input: true }
			},
			changeEmail: {
				enabled: true,
				// The current address confirms the change first; the new one is then verified.
				sendChangeEmailConfirmation: async ({ user, newEmail, url }) =>
					send(emails.changeEmail(user.email, newEmail, url))
			}
		},
		databaseHooks: {
			session: {
				create: {
					after: async (session, context) => {
						// The password step of an account with a second factor makes a session that the
						// two-factor plugin removes at once; the sign-in is only done after the second step,
						// which makes a session of its own. A new password's fresh session is no sign-in.
						const path = context?.path;
						if (path === '/change-password') return;
						if (path === '/sign-in/email') {
							const account = await accounts.findById(session.userId);
							if (account?.twoFactorEnabled) return;
						}
						await deps.onSessionCreated?.(session);
					}
				}
			}
		},
		session: {
			expiresIn: hours(24 * 30),
			updateAge: hours(24),
			freshAge: minutes(10)
		},
		emailAndPassword: {
			enabled: true,
			requireEmailVerification: true,
			minPasswordLength: 10,
			maxPasswordLength: 128,
			autoSignIn: false,
			revokeSessionsOnPasswordReset: true,
			resetPasswordTokenExpiresIn: hours(1),
			sendResetPassword: async ({ user, url }) => send(emails.resetPassword(user.email, url))
		},
		emailVerification: {
			sendOnSignUp: true,
			autoSignInAfterVerification: true,
			expiresIn: hours(24),
			sendVerificationEmail: async ({ user, url }) => send(emails.verifyEmail(user.email, url))
		},
		rateLimit: {
			enabled: true,
			storage: 'database',
			window: 60,
			max: 60,
			customRules: {
				'/sign-in/*': { window: 60, max: 10 },
				'/sign-up/*': { window: 60, max: 5 },
				'/request-password-reset': { window: 60, max: 5 },
				'/two-factor/*': { window: 60, max: 10 },
				'/passkey/*': { window: 60, max: 20 }
			}
		},
		advanced: {
			// Over https the session cookie is a __Host- cookie (Secure, path /, no Domain), which a
			// sibling subdomain cannot set or overwrite; better-auth's own prefix is __Secure-.
			useSecureCookies: false,
			cookiePrefix: 'steady',
			defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
			cookies: {
				session_token: { name: secure ? sessionCookieNames[1] : sessionCookieNames[0] }
			},
			// hooks.server.ts overwrites this header on every request with the address adapter-node
			// trusts (ADDRESS_HEADER / XFF_DEPTH), so a client cannot choose its own rate-limit bucket.
			ipAddress: { ipAddressHeaders: [clientAddressHeader] }
		},
		hooks: {
			before: createAuthMiddleware(async (ctx) => {
				// Steady's forms apply these limits before they call better-auth; a request straight
				// to /api/auth/sign-in/email gets the same per-account and per-address limits.
				if (ctx.request && deps.limiter && ctx.path === '/sign-in/email') {
					const email = String((ctx.body as { email?: unknown })?.email ?? '').toLowerCase();
					const address = ctx.request.headers.get(clientAddressHeader) ?? 'unknown';
					const verdicts = await Promise.all([
						deps.limiter.hit(`api-sign-in:account:${email}`, accountLimits.signInPerAccount),
						deps.limiter.hit(`api-sign-in:ip:${address}`, accountLimits.signInPerIp)
					]);
					if (verdicts.some((v) => !v.allowed)) {
						throw new APIError('TOO_MANY_REQUESTS', {
							message: 'Too many attempts for now. Please wait 15 minutes and try again.'
						});
					}
				}
				const field = passwordFields[ctx.path];
				if (!field) return;
				const body = (ctx.body ?? {}) as Record<string, unknown>;
				const password = body[field];
				if (typeof password !== 'string') return;
				const email = typeof body.email === 'string' ? body.email : undefined;
				const verdict = checkPassword(password, { email });
				if (!verdict.ok) {
					throw new APIError('BAD_REQUEST', { message: verdict.message, code: 'PASSWORD_REFUSED' });
				}
			})
		},
		plugins: [
			magicLink({
				expiresIn: minutes(15),
				// A sign-in link would skip the second factor, so accounts that have one (and every
				// practice account) never get one. The answer to the request stays the same, so it
				// tells nobody which kind of account an address has.
				sendMagicLink: async ({ email, url }) => {
					const account = await accounts.findByEmail(email);
					if (account && !signInLinkAllowed(account)) return;
					// Opening a link for an address without an account creates the account.
					await send(account ? emails.magicLink(email, url) : emails.signUpLink(email, url));
				}
			}),
			twoFactor({
				issuer: deps.practiceName,
				skipVerificationOnEnable: false,
				backupCodeOptions: { amount: 10, length: 10 },
				accountLockout: { enabled: true, maxFailedAttempts: 10, durationSeconds: minutes(15) }
			}),
			passkey({
				rpID: new URL(deps.origin).hostname,
				rpName: deps.practiceName,
				origin: deps.origin
			}),
			...(deps.plugins ?? [])
		]
	});
}

export type Auth = ReturnType<typeof createAuth>;
