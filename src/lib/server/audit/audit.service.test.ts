import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createAuditRepository } from './audit.repository';
import {
	AuditEntryError,
	auditActions,
	auditActionInWords,
	createAuditService,
	type AuditAction,
	type AuditEvent
} from './audit.service';

const start = '2026-11-29T15:00:00.000Z';
const minute = 60_000;

describe.each(testDatabaseKinds)('audit service on %s', (kind) => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	async function setUp() {
		current = await createTestDatabase(kind);
		const clock = fixedClock(start);
		const service = createAuditService({ audit: createAuditRepository(current.db), clock });
		return { db: current.db, clock, service };
	}

	async function countRows(db: TestDatabase['db']): Promise<number> {
		const { rows } = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db);
		return Number(rows[0]?.n);
	}

	it('records entries and reads them back newest first, for one person and overall', async () => {
		const { db, clock, service } = await setUp();
		await service.record({
			action: 'sign-in.failure',
			ip: '203.0.113.7',
			userAgent: 'Mozilla/5.0'
		});
		clock.advance(minute);
		const signIn = await service.record({
			action: 'sign-in.success',
			actorUserId: 'user-ana',
			subjectUserId: 'user-ana',
			ip: '203.0.113.7',
			userAgent: 'Mozilla/5.0'
		});
		clock.advance(minute);
		await service.record({
			action: 'member-data.read',
			actorUserId: 'user-practitioner',
			subjectUserId: 'user-ana',
			target: 'journal:01J9Z3K8'
		});
		clock.advance(minute);
		await service.record({
			action: 'sign-in.success',
			actorUserId: 'user-sam',
			subjectUserId: 'user-sam'
		});

		expect(signIn).toMatchObject({ at: '2026-11-29T15:01:00.000Z', action: 'sign-in.success' });
		expect(signIn.id).toMatch(/^[0-9a-f-]{36}$/);

		const ana = await service.listForSubject('user-ana', { limit: 10 });
		expect(ana).toEqual([
			{
				id: expect.any(String),
				at: '2026-11-29T15:02:00.000Z',
				actorUserId: 'user-practitioner',
				subjectUserId: 'user-ana',
				action: 'member-data.read',
				target: 'journal:01J9Z3K8',
				ip: null,
				userAgent: null
			},
			signIn
		]);
		expect(await service.listForSubject('user-ana', { limit: 1 })).toHaveLength(1);

		const recent = await service.listRecent({ limit: 10 });
		expect(recent.map((e) => [e.at, e.action, e.actorUserId])).toEqual([
			['2026-11-29T15:03:00.000Z', 'sign-in.success', 'user-sam'],
			['2026-11-29T15:02:00.000Z', 'member-data.read', 'user-practitioner'],
			['2026-11-29T15:01:00.000Z', 'sign-in.success', 'user-ana'],
			['2026-11-29T15:00:00.000Z', 'sign-in.failure', null]
		]);
		const secondPage = await service.listRecent({ limit: 2, offset: 2 });
		expect(secondPage.map((e) => e.at)).toEqual([
			'2026-11-29T15:01:00.000Z',
			'2026-11-29T15:00:00.000Z'
		]);
		const signIns = await service.listRecent({ limit: 10, action: 'sign-in.success' });
		expect(signIns.map((e) => e.subjectUserId)).toEqual(['user-sam', 'user-ana']);
		expect(await countRows(db)).toBe(4);
	});

	it('refuses a free-text target and writes nothing', async () => {
		const { db, service } = await setUp();
		const refused: AuditEvent[] = [
			{
				action: 'member-data.read',
				subjectUserId: 'user-ana',
				target: 'I felt panicky when he did not reply'
			},
			{ action: 'member-data.read', target: 'journal\nentry' },
			{ action: 'member-data.read', target: 'Bearer eyJhbGciOi.J9 x' },
			{ action: 'member-data.read', target: '' },
			{ action: 'member-data.read', target: 'a'.repeat(201) }
		];
		for (const event of refused) {
			await expect(service.record(event)).rejects.toThrow(AuditEntryError);
		}
		expect(await countRows(db)).toBe(0);
	});

	it('never repeats a refused target in its error', async () => {
		const { service } = await setUp();
		const secret = 'my therapist knows about the panic';
		const error = await service
			.record({ action: 'member-data.read', target: secret })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AuditEntryError);
		expect((error as Error).message).not.toContain(secret);
	});

	it('accepts targets made of ids and kinds, up to 200 characters', async () => {
		const { service } = await setUp();
		for (const target of ['journal', 'session:abc-123_x.y', 'a'.repeat(200)]) {
			await service.record({ action: 'member-data.read', target });
		}
		const rows = await service.listRecent({ limit: 10 });
		expect(rows.map((e) => e.target).sort()).toEqual(
			['journal', 'session:abc-123_x.y', 'a'.repeat(200)].sort()
		);
	});

	it('refuses an action it does not know and writes nothing', async () => {
		const { db, service } = await setUp();
		await expect(
			service.record({ action: 'read the notes about Ana' as AuditAction })
		).rejects.toThrow(AuditEntryError);
		expect(await countRows(db)).toBe(0);
	});

	it('cuts a long user agent to 200 characters without splitting a character', async () => {
		const { service } = await setUp();
		const userAgent = `${'🌿'.repeat(150)}${'x'.repeat(150)}`;
		const entry = await service.record({ action: 'sign-out', userAgent });
		const [stored] = await service.listRecent({ limit: 1 });
		expect(stored?.userAgent).toBe(`${'🌿'.repeat(150)}${'x'.repeat(50)}`);
		expect(entry.userAgent).toBe(stored?.userAgent);
	});

	it('keeps an entry with the change it records: both or neither', async () => {
		const { db, service } = await setUp();
		await expect(
			db.transaction().execute(async (trx) => {
				await service.record({ action: 'role.changed', subjectUserId: 'user-ana' }, trx);
				throw new Error('the role change failed');
			})
		).rejects.toThrow('the role change failed');
		expect(await countRows(db)).toBe(0);
		await db.transaction().execute(async (trx) => {
			await service.record({ action: 'role.changed', subjectUserId: 'user-ana' }, trx);
		});
		expect(await countRows(db)).toBe(1);
	});

	it('refuses a list limit outside 1 to 500', async () => {
		const { service } = await setUp();
		await expect(service.listRecent({ limit: 0 })).rejects.toThrow(RangeError);
		await expect(service.listForSubject('user-ana', { limit: 501 })).rejects.toThrow(RangeError);
		await expect(service.listRecent({ limit: 10, offset: -1 })).rejects.toThrow(RangeError);
	});
});

describe('audit actions', () => {
	it('are unique and each look like a kind, not a sentence', () => {
		expect(new Set(auditActions).size).toBe(auditActions.length);
		for (const action of auditActions) expect(action).toMatch(/^[a-z-]+(\.[a-z-]+)?$/);
	});
});

describe('audit actions in words', () => {
	it('has plain, distinct words for every kind, and keeps an unknown kind as it was', () => {
		const words = auditActions.map((action) => auditActionInWords(action));
		expect(new Set(words).size).toBe(auditActions.length);
		for (const [i, action] of auditActions.entries()) {
			expect(words[i]).not.toBe(action);
			expect(words[i]).toMatch(/^[A-Z][^.]*[a-z]$/);
		}
		expect(auditActionInWords('sign-in.success')).toBe('Signed in');
		expect(auditActionInWords('an.old-kind')).toBe('an.old-kind');
		expect(auditActionInWords('__proto__')).toBe('__proto__');
	});
});
