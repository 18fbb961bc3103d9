import { parseSetCookieHeader } from 'better-auth/cookies';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { systemClock } from '../clock';
import type { DatabaseKind } from '../db/database';
import { createTestDatabase, type TestDatabase } from '../db/test-database';
import { createMailService } from '../mail/mail.service';
import { createRateLimitRepository } from '../rate-limit/rate-limit.repository';
import { createRateLimiter } from '../rate-limit/rate-limit.service';
import type { Actor } from './account-settings.service';
import { createAccountSettingsService } from './account-settings.service';
import { createAccountDataService } from './account-data.service';
import { createAuth, type Auth } from './auth';
import { createSessionRepository } from './session.repository';

/** A real better-auth on a fresh test database, with Steady's account services around it. */
export async function accountTestBed(kind: DatabaseKind) {
	const database: TestDatabase = await createTestDatabase(kind);
	const { db } = database;
	const clock = systemClock;
	const mail = createMailService({
		db,
		kind,
		clock,
		transport: null,
		from: 'Steady <hello@example.org>'
	});
	const auth = createAuth({
		db,
		kind,
		secret: 'a-test-secret-that-is-long-enough-to-use-1234',
		origin: 'http://localhost:3000',
		practiceName: 'Steady',
		mail
	});
	const audit = createAuditService({ audit: createAuditRepository(db), clock });
	const limiter = createRateLimiter({ buckets: createRateLimitRepository(db), clock });
	const sessions = createSessionRepository(db);
	const settings = createAccountSettingsService({ db, auth, audit, sessions, limiter, clock });
	const data = createAccountDataService({
		db,
		audit,
		clock,
		confirmPassword: settings.confirmPassword,
		practiceName: 'Steady'
	});
	return { database, db, auth, audit, settings, data, limiter };
}

export type AccountTestBed = Awaited<ReturnType<typeof accountTestBed>>;

export const testPassword = 'a quiet morning by the river';

/** The request headers of a browser holding the cookies a better-auth response set. */
export function cookieHeaders(setCookie: string | null, userAgent: string): Headers {
	const cookies = parseSetCookieHeader(setCookie ?? '');
	const pairs = [...cookies].map(([name, c]) => `${name}=${encodeURIComponent(c.value)}`);
	return new Headers({ cookie: pairs.join('; '), 'user-agent': userAgent });
}

/** Signs in by e-mail and password and returns the acting person as the pages would see them. */
export async function signIn(
	auth: Auth,
	email: string,
	password = testPassword,
	userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36'
): Promise<Actor> {
	const { headers } = await auth.api.signInEmail({
		body: { email, password },
		headers: new Headers({ 'user-agent': userAgent }),
		returnHeaders: true
	});
	const requestHeaders = cookieHeaders(headers.get('set-cookie'), userAgent);
	const found = await auth.api.getSession({ headers: requestHeaders });
	if (!found) throw new Error('sign-in gave no session');
	return {
		userId: found.user.id,
		sessionId: found.session.id,
		email: found.user.email,
		role: ((found.user as { role?: string }).role ?? 'member') as Actor['role'],
		headers: requestHeaders,
		ip: '203.0.113.7',
		userAgent,
		sessionCreatedAt: new Date(found.session.createdAt).toISOString()
	};
}

/** A verified member, signed in once. */
export async function member(bed: AccountTestBed, email: string, name = 'Ada'): Promise<Actor> {
	await bed.auth.api.signUpEmail({ body: { name, email, password: testPassword } });
	const verified = bed.database.kind === 'postgres' ? true : 1;
	await bed.db
		.updateTable('user')
		.set({ emailVerified: verified })
		.where('email', '=', email)
		.execute();
	return signIn(bed.auth, email);
}
