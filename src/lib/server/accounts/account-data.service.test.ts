import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { testDatabaseKinds } from '../db/test-database';
import {
	accountExporters,
	createAccountDataService,
	ownerCannotBeDeleted,
	type AccountExporter
} from './account-data.service';
import { messages } from './account-settings.service';
import {
	accountTestBed,
	member,
	signIn,
	testPassword,
	type AccountTestBed
} from './account-settings.test-setup';

async function addPasskey(bed: AccountTestBed, id: string, userId: string) {
	await bed.db
		.insertInto('passkey' as never)
		.values({
			id,
			name: 'Laptop',
			publicKey: 'public-key-material',
			userId,
			credentialID: `credential-${id}`,
			counter: 0,
			deviceType: 'singleDevice',
			backedUp: bed.database.kind === 'postgres' ? false : 0,
			transports: 'internal',
			createdAt: bed.database.kind === 'postgres' ? new Date() : new Date().toISOString()
		} as never)
		.execute();
}

async function count(
	bed: AccountTestBed,
	table: 'session' | 'passkey' | 'twoFactor',
	userId: string
) {
	const rows = await bed.db.selectFrom(table).select('id').where('userId', '=', userId).execute();
	return rows.length;
}

describe('the export file name', () => {
	it('carries the UTC date of the download', () => {
		const clock = fixedClock('2026-11-29T23:30:00.000Z');
		const service = createAccountDataService({
			db: undefined as never,
			audit: undefined as never,
			clock,
			confirmPassword: async () => ({ ok: true, value: undefined }),
			practiceName: 'Steady'
		});
		expect(service.exportFileName()).toBe('steady-account-2026-11-29.json');
	});
});

describe.each(testDatabaseKinds)('account data on %s', (kind) => {
	let bed: AccountTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	it('exports what the account owns, without secrets or anyone else’s data', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		await addPasskey(bed, 'pk-ada', ada.userId);
		await addPasskey(bed, 'pk-grace', grace.userId);
		await bed.settings.updateProfile(ada, { name: 'Ada', timeZone: 'Europe/London' });
		await bed.audit.record({
			action: 'password.changed',
			actorUserId: ada.userId,
			subjectUserId: ada.userId
		});
		await bed.audit.record({
			action: 'password.changed',
			actorUserId: grace.userId,
			subjectUserId: grace.userId,
			target: 'grace-only'
		});

		const exported = await bed.data.exportAccount(ada);
		const text = JSON.stringify(exported);
		expect(exported).toMatchObject({
			format: 'steady-account-export',
			profile: {
				id: ada.userId,
				name: 'Ada',
				email: 'ada@example.org',
				timeZone: 'Europe/London',
				role: 'member'
			},
			passkeys: [{ id: 'pk-ada', name: 'Laptop' }],
			secondFactor: { authenticatorApp: false, passkeys: 1 },
			consents: []
		});
		expect(exported.sessions).toEqual([
			expect.objectContaining({ id: ada.sessionId, device: 'Chrome on Linux' })
		]);
		expect(exported.activity).toEqual([
			expect.objectContaining({
				action: 'password.changed',
				actionName: 'Password changed',
				byYou: true
			})
		]);
		expect(Object.keys(exported.about as object)).toEqual(accountExporters.map((e) => e.key));

		const tokens = await bed.db.selectFrom('session').select('token').execute();
		for (const { token } of tokens) expect(text).not.toContain(token);
		expect(text).not.toContain('public-key-material');
		expect(text).not.toContain('credential-pk-ada');
		expect(text).not.toContain('grace@example.org');
		expect(text).not.toContain(grace.userId);
		expect(text).not.toContain('grace-only');
		expect(text).not.toContain(testPassword);

		const recorded = await bed.audit.listForSubject(ada.userId, { limit: 10 });
		expect(recorded[0]?.action).toBe('data.exported');
	});

	it('includes each exporter added to the list', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		const workbook: AccountExporter = {
			key: 'workbook',
			title: 'Workbook',
			about: 'Your workbook entries.',
			collect: async ({ userId }) => [{ owner: userId, words: 'a few words' }]
		};
		const data = createAccountDataService({
			db: bed.db,
			audit: bed.audit,
			clock: fixedClock('2026-11-29T15:00:00.000Z'),
			confirmPassword: bed.settings.confirmPassword,
			practiceName: 'Steady',
			exporters: [...accountExporters, workbook]
		});
		const exported = await data.exportAccount(ada);
		expect(exported.workbook).toEqual([{ owner: ada.userId, words: 'a few words' }]);
		expect(exported.exportedAt).toBe('2026-11-29T15:00:00.000Z');
	});

	it('deletes the account with everything that hangs from it, after the password', async () => {
		bed = await accountTestBed(kind);
		const ada = await member(bed, 'ada@example.org');
		await signIn(bed.auth, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		await addPasskey(bed, 'pk-ada', ada.userId);
		await addPasskey(bed, 'pk-grace', grace.userId);
		const started = await bed.settings.startTwoFactor(ada, testPassword);
		expect(started.ok).toBe(true);
		expect(await count(bed, 'twoFactor', ada.userId)).toBe(1);

		const wrong = await bed.data.deleteAccount(ada, { password: 'not my password at all' });
		expect(wrong).toEqual({ ok: false, field: 'password', message: messages.wrongPassword });
		expect(await bed.db.selectFrom('user').select('id').execute()).toHaveLength(2);

		const deleted = await bed.data.deleteAccount(ada, { password: testPassword });
		expect(deleted.ok).toBe(true);

		const users = await bed.db.selectFrom('user').select('email').execute();
		expect(users).toEqual([{ email: 'grace@example.org' }]);
		expect(await count(bed, 'session', ada.userId)).toBe(0);
		expect(await count(bed, 'passkey', ada.userId)).toBe(0);
		expect(await count(bed, 'twoFactor', ada.userId)).toBe(0);
		const accounts = await bed.db
			.selectFrom('account' as never)
			.select('userId' as never)
			.where('userId' as never, '=', ada.userId as never)
			.execute();
		expect(accounts).toHaveLength(0);
		expect(await count(bed, 'session', grace.userId)).toBe(1);
		expect(await count(bed, 'passkey', grace.userId)).toBe(1);

		const record = await bed.audit.listForSubject(ada.userId, { limit: 1 });
		expect(record[0]).toMatchObject({ action: 'account.deleted', target: null });
		await expect(signIn(bed.auth, 'ada@example.org')).rejects.toThrow();
	});

	it('refuses to delete the owner’s account', async () => {
		bed = await accountTestBed(kind);
		const owner = await member(bed, 'owner@example.org', 'Olive');
		await bed.db
			.updateTable('user')
			.set({ role: 'owner' })
			.where('id', '=', owner.userId)
			.execute();
		const result = await bed.data.deleteAccount(
			{ ...owner, role: 'owner' },
			{ password: testPassword }
		);
		expect(result).toEqual({ ok: false, field: 'form', message: ownerCannotBeDeleted });
		expect(await bed.db.selectFrom('user').select('id').execute()).toHaveLength(1);
	});
});
