import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService } from '../mail/mail.service';
import { createAuth } from './auth';

const origin = 'http://localhost:3000';

async function setup(kind: (typeof testDatabaseKinds)[number]) {
	const database = await createTestDatabase(kind);
	const mail = createMailService({
		db: database.db,
		kind,
		clock: fixedClock('2026-11-29T15:00:00.000Z'),
		transport: null,
		from: 'Steady <hello@example.org>'
	});
	const auth = createAuth({
		db: database.db,
		kind,
		secret: 'a-test-secret-that-is-long-enough-to-use-1234',
		origin,
		practiceName: 'Steady',
		mail
	});
	return { database, mail, auth };
}

/** The one link in the latest e-mail of a kind to an address. */
async function linkIn(database: TestDatabase, kind: string, to: string): Promise<string> {
	const row = await database.db
		.selectFrom('mail_outbox')
		.select(['text_body'])
		.where('kind', '=', kind)
		.where('to_address', '=', to)
		.orderBy('created_at', 'desc')
		.executeTakeFirstOrThrow();
	const match = row.text_body.match(/https?:\/\/\S+/);
	if (!match) throw new Error('no link in the e-mail');
	return match[0];
}

describe.each(testDatabaseKinds)('accounts on %s', (kind) => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	it('signs up, refuses sign-in until verified, verifies by the e-mailed link, then signs in', async () => {
		const { database, auth } = await setup(kind);
		current = database;
		const email = 'ada@example.org';
		const password = 'a quiet morning by the river';
		await auth.api.signUpEmail({ body: { name: 'Ada', email, password } });

		const user = await database.db
			.selectFrom('user')
			.selectAll()
			.where('email', '=', email)
			.executeTakeFirstOrThrow();
		expect(user.role).toBe('member');
		expect(Boolean(user.emailVerified)).toBe(false);

		await expect(auth.api.signInEmail({ body: { email, password } })).rejects.toThrow();

		const link = new URL(await linkIn(database, 'verify-email', email));
		expect(link.origin).toBe(origin);
		const token = link.searchParams.get('token');
		expect(token).toBeTruthy();
		await auth.api.verifyEmail({ query: { token: token! } });

		const signedIn = await auth.api.signInEmail({ body: { email, password } });
		expect(signedIn.user.email).toBe(email);
		expect(signedIn.token).toBeTruthy();
	});

	it('refuses a common or short password with a kind message', async () => {
		const { database, auth } = await setup(kind);
		current = database;
		await expect(
			auth.api.signUpEmail({ body: { name: 'B', email: 'b@example.org', password: 'short' } })
		).rejects.toThrow();
		await expect(
			auth.api.signUpEmail({
				body: { name: 'B', email: 'b@example.org', password: 'QwertyUiop' }
			})
		).rejects.toThrow(/common/);
		const users = await database.db.selectFrom('user').select('id').execute();
		expect(users).toHaveLength(0);
	});

	it('does not let a sign-up choose its own role', async () => {
		const { database, auth } = await setup(kind);
		current = database;
		await auth.api
			.signUpEmail({
				body: {
					name: 'Eve',
					email: 'eve@example.org',
					password: 'a quiet morning by the river',
					role: 'owner'
				} as never
			})
			.catch(() => undefined);
		const row = await database.db
			.selectFrom('user')
			.select('role')
			.where('email', '=', 'eve@example.org')
			.executeTakeFirst();
		expect(row?.role ?? 'member').toBe('member');
	});
});
