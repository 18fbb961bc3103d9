import { afterEach, describe, expect, it } from 'vitest';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService } from '../mail/mail.service';
import { createAuth } from './auth';
import { createPracticeAccount, PracticeAccountError } from './practice-account';
import { createSetupTokenRepository } from './setup-token.repository';
import { createSetupService, hashSetupToken } from './setup.service';

const origin = 'http://localhost:3000';

async function setup(kind: (typeof testDatabaseKinds)[number]) {
	const database = await createTestDatabase(kind);
	const clock = fixedClock('2026-11-29T15:00:00.000Z');
	const tokens = createSetupTokenRepository(database.db);
	const audit = createAuditService({ audit: createAuditRepository(database.db), clock });
	const service = createSetupService({ tokens, clock, audit });
	const mail = createMailService({
		db: database.db,
		kind,
		clock,
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
	return { database, clock, tokens, service, auth };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe.each(testDatabaseKinds)('practice account set-up on %s', (kind) => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	it('prints an owner link of 256 bits that works once and then is gone', async () => {
		const { database, service, auth, tokens } = await setup(kind);
		current = database;
		const link = await service.ownerLinkIfNeeded(origin);
		expect(link).toMatch(/^http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{43}$/);
		const token = tokenOf(link!);
		// Only the hash is stored.
		const stored = await database.db.selectFrom('setup_token').selectAll().execute();
		expect(stored).toHaveLength(1);
		expect(stored[0]!.token_hash).toBe(hashSetupToken(token));
		expect(JSON.stringify(stored)).not.toContain(token);

		expect(await service.check(token)).toEqual({ role: 'owner', email: null });
		const created = await service.redeem(token, (inv) =>
			createPracticeAccount(
				{ auth, tokens },
				{
					name: 'Dr Rivers',
					email: 'Owner@Example.org',
					password: 'steady hands and warm tea',
					role: inv.role
				}
			)
		);
		expect(created?.userId).toBeTruthy();
		const user = await database.db
			.selectFrom('user')
			.select(['role', 'email', 'emailVerified'])
			.executeTakeFirstOrThrow();
		expect(user).toMatchObject({ role: 'owner', email: 'owner@example.org' });
		expect(Boolean(user.emailVerified)).toBe(true);

		// Used once; and with an owner in place no new owner link is made.
		expect(await service.check(token)).toBeUndefined();
		expect(await service.redeem(token, async () => 'again')).toBeUndefined();
		expect(await service.ownerLinkIfNeeded(origin)).toBeUndefined();

		const signedIn = await auth.api.signInEmail({
			body: { email: 'owner@example.org', password: 'steady hands and warm tea' }
		});
		expect(signedIn.user.email).toBe('owner@example.org');
	});

	it('expires a link after 24 hours and retires older owner links at the next start', async () => {
		const { database, service, clock } = await setup(kind);
		current = database;
		const first = tokenOf((await service.ownerLinkIfNeeded(origin))!);
		const second = tokenOf((await service.ownerLinkIfNeeded(origin))!);
		expect(await service.check(first)).toBeUndefined();
		expect(await service.check(second)).toBeDefined();
		clock.advance(24 * 3600_000 + 1);
		expect(await service.check(second)).toBeUndefined();
	});

	it('gives the link back when the form is refused, so a typo never burns it', async () => {
		const { database, service, auth, tokens } = await setup(kind);
		current = database;
		const token = tokenOf((await service.ownerLinkIfNeeded(origin))!);
		await expect(
			service.redeem(token, (inv) =>
				createPracticeAccount(
					{ auth, tokens },
					{ name: 'A', email: 'a@example.org', password: 'qwertyuiop', role: inv.role }
				)
			)
		).rejects.toBeInstanceOf(PracticeAccountError);
		expect(await service.check(token)).toBeDefined();
	});

	it('lets exactly one of two simultaneous uses through', async () => {
		const { database, service } = await setup(kind);
		current = database;
		const token = tokenOf((await service.ownerLinkIfNeeded(origin))!);
		const results = await Promise.all([
			service.redeem(token, async () => 'one'),
			service.redeem(token, async () => 'two')
		]);
		expect(results.filter(Boolean)).toHaveLength(1);
	});

	it('promotes an existing member or invites a new practitioner, and resets second factors', async () => {
		const { database, service, auth } = await setup(kind);
		current = database;
		await auth.api.signUpEmail({
			body: { name: 'M', email: 'm@example.org', password: 'a quiet morning by the river' }
		});
		expect(await service.addPractitioner('M@example.org', origin)).toEqual({ promoted: true });
		const row = await database.db
			.selectFrom('user')
			.select('role')
			.where('email', '=', 'm@example.org')
			.executeTakeFirstOrThrow();
		expect(row.role).toBe('practitioner');

		const invited = await service.addPractitioner('new@example.org', origin);
		expect(invited.promoted).toBe(false);
		if (!invited.promoted) {
			expect(await service.check(tokenOf(invited.link))).toEqual({
				role: 'practitioner',
				email: 'new@example.org'
			});
		}
		expect(await service.resetSecondFactors('m@example.org')).toBe(true);
		expect(await service.resetSecondFactors('nobody@example.org')).toBe(false);
		const log = await database.db.selectFrom('audit_log').select('action').execute();
		expect(log.map((l) => l.action)).toEqual(
			expect.arrayContaining(['role.changed', 'two-factor.disabled'])
		);
	});
});
