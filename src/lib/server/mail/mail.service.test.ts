import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { openDatabase, type Database } from '../db/database';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailRepository } from './mail.repository';
import {
	claimMs,
	createMailService,
	createMailTransport,
	maxAttempts,
	retryDelayMs,
	startMailWorker,
	type MailLogger,
	type OutgoingMail
} from './mail.service';
import { renderEmail } from './render';
import { startSmtpPeer, type SmtpPeer } from './test-smtp-peer';

const start = '2026-11-29T15:00:00.000Z';
const from = 'Steady <hello@steady.example.org>';
const minute = 60_000;

function verifyEmail(to = 'ana@example.org', name = 'Ana'): OutgoingMail {
	return {
		kind: 'verify-email',
		to,
		...renderEmail({
			subject: 'Confirm your e-mail address',
			greeting: `Hello ${name},`,
			paragraphs: ['Please confirm that this address is yours.'],
			action: { label: 'Confirm', url: 'https://steady.example.org/verify?t=abc123' }
		})
	};
}

/** Undoes quoted-printable, which nodemailer uses for long or non-ASCII lines. */
function decodeQuotedPrintable(raw: string): string {
	return raw
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function recordingLogger(): MailLogger & { lines: unknown[] } {
	const lines: unknown[] = [];
	const record = (details: object, message?: string) => lines.push({ details, message });
	return { lines, info: record, warn: record, error: record };
}

/** A second connection to the same database, as another process would have. */
async function openSecond(current: TestDatabase): Promise<Database> {
	if (current.kind === 'sqlite') {
		const { rows } = await sql<{
			name: string;
			file: string;
		}>`pragma database_list`.execute(current.db);
		const file = rows.find((r) => r.name === 'main')?.file;
		if (!file) throw new Error('The test database has no file.');
		return openDatabase({ kind: 'sqlite', file });
	}
	const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
		current.db
	);
	return openDatabase(
		{ kind: 'postgres', url: process.env.TEST_DATABASE_URL ?? '' },
		{ schema: rows[0]?.schema, max: 4 }
	);
}

describe.each(testDatabaseKinds)('mail service on %s', (kind) => {
	let current: TestDatabase;
	let peer: SmtpPeer;
	let clock: ReturnType<typeof fixedClock>;
	const extra: Database[] = [];

	beforeEach(async () => {
		current = await createTestDatabase(kind);
		peer = await startSmtpPeer();
		clock = fixedClock(start);
	});

	afterEach(async () => {
		for (const db of extra.splice(0)) await db.close();
		await current.destroy();
		await peer.close();
	});

	function service(options: { smtp?: boolean; logger?: MailLogger; db?: Database } = {}) {
		const db = options.db ?? current;
		return createMailService({
			db: db.db,
			kind: db.kind,
			clock,
			transport: options.smtp === false ? null : createMailTransport(peer.url),
			from,
			logger: options.logger
		});
	}

	const rowOf = (id: string) =>
		current.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

	it('sends an enqueued message once, with its To, Subject, Message-ID, text and HTML', async () => {
		const logger = recordingLogger();
		const mail = service({ logger });
		const enqueued = await mail.enqueue(verifyEmail('ana@example.org', 'Ana & <Bo>'));
		expect(enqueued.status).toBe('pending');
		expect(enqueued.messageId).toMatch(/^<[0-9a-f-]{36}@steady\.example\.org>$/);

		expect(await mail.deliverDue(10)).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
		expect(peer.received).toHaveLength(1);
		const message = peer.received[0]!;
		expect(message.rcptTo).toEqual(['ana@example.org']);
		expect(message.mailFrom).toBe('hello@steady.example.org');
		expect(message.raw).toMatch(/^To: ana@example\.org\r$/m);
		expect(message.raw).toMatch(/^From: Steady <hello@steady\.example\.org>\r$/m);
		expect(message.raw).toMatch(/^Subject: Confirm your e-mail address\r$/m);
		expect(message.raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
		expect(peer.messageIds()).toEqual([enqueued.messageId]);
		expect(message.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8\r$/m);
		expect(message.raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r$/m);
		const body = decodeQuotedPrintable(message.raw);
		expect(body).toContain('Hello Ana & <Bo>,');
		expect(body).toContain('Hello Ana &amp; &lt;Bo&gt;,');
		expect(body).toContain('href="https://steady.example.org/verify?t=abc123"');

		expect(await rowOf(enqueued.id)).toMatchObject({
			status: 'sent',
			attempts: 1,
			sent_at: start,
			claimed_until: null,
			last_error: null
		});
		// Nothing left to do: a second round sends nothing more.
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		expect(peer.received).toHaveLength(1);

		const logged = JSON.stringify(logger.lines);
		expect(logged).toContain(enqueued.id);
		expect(logged).not.toContain('ana@example.org');
		expect(logged).not.toContain('Confirm');
	});

	it('attaches a calendar invitation with its method', async () => {
		const mail = service();
		const ics = [
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//Steady//Test//EN',
			'METHOD:REQUEST',
			'BEGIN:VEVENT',
			'UID:consultation-1@steady.example.org',
			'DTSTART:20261201T150000Z',
			'DTEND:20261201T153000Z',
			'SUMMARY:Free consultation',
			'END:VEVENT',
			'END:VCALENDAR'
		].join('\r\n');
		await mail.enqueue({
			...verifyEmail(),
			kind: 'booking-confirmed',
			calendar: { content: ics, method: 'REQUEST' }
		});
		await mail.deliverDue(10);
		const raw = peer.received[0]?.raw ?? '';
		// Calendar clients read the inline text/calendar part; others get the .ics attachment.
		expect(raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REQUEST\r$/m);
		expect(decodeQuotedPrintable(raw)).toContain('\r\nUID:consultation-1@steady.example.org\r\n');
		const attachment =
			/filename=invite\.ics\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(
				raw
			)?.[1];
		expect(Buffer.from(attachment?.replace(/\r\n/g, '') ?? '', 'base64').toString('utf8')).toBe(
			ics
		);
	});

	it('keeps a refused message pending and sends it on a later round, with the same Message-ID', async () => {
		const logger = recordingLogger();
		const mail = service({ logger });
		peer.refuseNext(1);
		const enqueued = await mail.enqueue(verifyEmail());

		expect(await mail.deliverDue(10)).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
		expect(peer.received).toHaveLength(0);
		const refused = await rowOf(enqueued.id);
		expect(refused).toMatchObject({
			status: 'pending',
			attempts: 1,
			next_attempt_at: new Date(Date.parse(start) + minute).toISOString(),
			claimed_until: null,
			sent_at: null
		});
		expect(refused.last_error).toMatch(/451/);
		expect(refused.last_error).not.toContain('confirm that this address');

		// Not due yet.
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		clock.advance(minute);
		expect(await mail.deliverDue(10)).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
		expect(peer.messageIds()).toEqual([enqueued.messageId]);
		expect(await rowOf(enqueued.id)).toMatchObject({
			status: 'sent',
			attempts: 2,
			last_error: null,
			sent_at: new Date(Date.parse(start) + minute).toISOString()
		});
		expect(JSON.stringify(logger.lines)).not.toContain('ana@example.org');
	});

	it('backs off 1, 5, 30 minutes then 2 hours, and gives up after the last attempt', async () => {
		const mail = service();
		peer.refuseNext(maxAttempts);
		const { id } = await mail.enqueue(verifyEmail());
		const waits: number[] = [];
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			await mail.deliverDue(10);
			const row = await rowOf(id);
			expect(row.attempts).toBe(attempt);
			if (row.status === 'pending') {
				waits.push(Date.parse(row.next_attempt_at) - clock.now().getTime());
				clock.set(row.next_attempt_at);
			}
		}
		expect(waits).toEqual([1, 5, 30, 120, 120, 120, 120].map((m) => m * minute));
		expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: maxAttempts });
		clock.advance(24 * 60 * minute);
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		expect(peer.received).toHaveLength(0);
		expect(retryDelayMs(maxAttempts)).toBeNull();
	});

	it('keeps mail for the practitioner when no SMTP server is configured', async () => {
		const mail = service({ smtp: false });
		expect(mail.mailConfigured).toBe(false);
		const enqueued = await mail.enqueue(verifyEmail());
		expect(enqueued.status).toBe('kept');
		expect(await mail.deliverDue(10)).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
		expect(peer.received).toHaveLength(0);
		expect(await mail.countByStatus()).toEqual({ pending: 0, sent: 0, kept: 1, failed: 0 });
		const [listed] = await mail.listRecent({ limit: 10 });
		expect(listed).toMatchObject({
			id: enqueued.id,
			status: 'kept',
			to_address: 'ana@example.org'
		});
		expect((await mail.find(enqueued.id))?.text_body).toContain('verify?t=abc123');
		// A worker for an unconfigured service has nothing to do and stops at once.
		await startMailWorker({ service: mail, intervalMs: 10 }).stop();
		expect((await rowOf(enqueued.id)).status).toBe('kept');
	});

	it('delivers each message exactly once when two processes send at the same time', async () => {
		const second = await openSecond(current);
		extra.push(second);
		const a = service();
		const b = service({ db: second });
		const ids = [];
		for (let i = 0; i < 12; i++)
			ids.push((await a.enqueue(verifyEmail(`person${i}@example.org`))).messageId);

		async function drain(mail: typeof a): Promise<number> {
			let sent = 0;
			for (;;) {
				const report = await mail.deliverDue(3);
				sent += report.sent;
				if (report.claimed === 0) return sent;
			}
		}
		const [sentByA, sentByB] = await Promise.all([drain(a), drain(b)]);
		expect(sentByA + sentByB).toBe(12);
		expect(peer.messageIds().sort()).toEqual([...ids].sort());
		expect(await a.countByStatus()).toEqual({ pending: 0, sent: 12, kept: 0, failed: 0 });
	});

	it('never hands the same row to two claims, and takes over a claim that ran out', async () => {
		const second = await openSecond(current);
		extra.push(second);
		const mail = service();
		for (let i = 0; i < 6; i++) await mail.enqueue(verifyEmail(`p${i}@example.org`));
		const request = {
			now: start,
			until: new Date(Date.parse(start) + claimMs).toISOString(),
			limit: 4
		};
		const [one, two] = await Promise.all([
			createMailRepository(current.db, current.kind).claimDue(request),
			createMailRepository(second.db, second.kind).claimDue(request)
		]);
		const claimed = [...one, ...two].map((r) => r.id);
		expect(claimed).toHaveLength(6);
		expect(new Set(claimed).size).toBe(6);

		// As if the process holding those claims died: nothing is sent until the claims run out.
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		clock.advance(claimMs);
		expect((await mail.deliverDue(10)).sent).toBe(6);
	});

	it.runIf(kind === 'postgres')(
		'skips a row another process holds instead of waiting for it',
		async () => {
			const second = await openSecond(current);
			extra.push(second);
			const mail = service();
			const held = await mail.enqueue(verifyEmail('held@example.org'));
			const free = await mail.enqueue(verifyEmail('free@example.org'));
			let release = () => {};
			const released = new Promise<void>((resolve) => (release = resolve));
			let signalLocked = () => {};
			const locked = new Promise<void>((resolve) => (signalLocked = resolve));
			const holder = second.db.transaction().execute(async (trx) => {
				await trx
					.selectFrom('mail_outbox')
					.select('id')
					.where('id', '=', held.id)
					.forUpdate()
					.execute();
				signalLocked();
				await released;
			});
			await locked;
			const claim = createMailRepository(current.db, current.kind).claimDue({
				now: start,
				until: new Date(Date.parse(start) + claimMs).toISOString(),
				limit: 10
			});
			const outcome = await Promise.race([
				claim,
				new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 3_000))
			]);
			release();
			await holder;
			await claim;
			expect(outcome === 'waited' ? outcome : outcome.map((r) => r.id)).toEqual([free.id]);
		}
	);

	it('writes nothing when the enqueuing transaction rolls back, and the message when it commits', async () => {
		const mail = service();
		let nudges = 0;
		mail.onNudge(() => nudges++);
		await expect(
			current.db.transaction().execute(async (trx) => {
				await mail.enqueue(verifyEmail(), trx);
				throw new Error('the booking failed');
			})
		).rejects.toThrow('the booking failed');
		expect(await mail.countByStatus()).toEqual({ pending: 0, sent: 0, kept: 0, failed: 0 });

		const enqueued = await current.db
			.transaction()
			.execute((trx) => mail.enqueue(verifyEmail(), trx));
		// Not visible to a worker before commit, so enqueue inside a transaction does not nudge.
		expect(nudges).toBe(0);
		expect((await rowOf(enqueued.id)).status).toBe('pending');
		await mail.enqueue(verifyEmail());
		expect(nudges).toBe(1);
	});

	it('refuses a recipient or subject that could add headers', async () => {
		const mail = service();
		await expect(
			mail.enqueue({ ...verifyEmail(), to: 'a@example.org, b@example.org' })
		).rejects.toThrow(/one plain recipient/);
		await expect(
			mail.enqueue({ ...verifyEmail(), subject: 'Hi\r\nBcc: x@evil.example' })
		).rejects.toThrow(/one line/);
		expect((await mail.countByStatus()).pending).toBe(0);
	});

	it('lists the outbox newest first, a page at a time, and counts by status', async () => {
		const mail = service({ smtp: false });
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push((await mail.enqueue(verifyEmail(`p${i}@example.org`))).id);
			clock.advance(minute);
		}
		const newestFirst = [...ids].reverse();
		expect((await mail.listRecent({ limit: 2 })).map((r) => r.id)).toEqual(newestFirst.slice(0, 2));
		expect((await mail.listRecent({ limit: 2, offset: 2 })).map((r) => r.id)).toEqual(
			newestFirst.slice(2, 4)
		);
		expect((await mail.listRecent({ limit: 2, offset: 4 })).map((r) => r.id)).toEqual(
			newestFirst.slice(4)
		);
		expect(await mail.listRecent({ limit: 10, status: 'sent' })).toEqual([]);
		expect((await mail.listRecent({ limit: 1 }))[0]).not.toHaveProperty('html_body');
	});

	it('runs a worker that sends right after enqueue and stops cleanly', async () => {
		const mail = service();
		// An interval far longer than the test: only the nudge can send in time.
		const worker = startMailWorker({ service: mail, intervalMs: 60 * minute });
		try {
			const { messageId } = await mail.enqueue(verifyEmail());
			const deadline = Date.now() + 5_000;
			while (peer.received.length === 0 && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			expect(peer.messageIds()).toEqual([messageId]);
		} finally {
			await worker.stop();
		}
		await mail.enqueue(verifyEmail());
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(peer.received).toHaveLength(1);
	});
});

describe('outbox table', () => {
	it.each(testDatabaseKinds)(
		'refuses a repeated Message-ID and an unknown status on %s',
		async (kind) => {
			const current = await createTestDatabase(kind);
			try {
				const row = {
					id: 'a',
					message_id: '<1@steady.example.org>',
					kind: 'verify-email',
					to_address: 'ana@example.org',
					subject: 's',
					text_body: 't',
					html_body: 'h',
					calendar: null,
					calendar_method: null,
					status: 'pending' as const,
					next_attempt_at: start,
					claimed_until: null,
					last_error: null,
					created_at: start,
					sent_at: null
				};
				await current.db.insertInto('mail_outbox').values(row).execute();
				const stored = await current.db
					.selectFrom('mail_outbox')
					.select('attempts')
					.executeTakeFirstOrThrow();
				expect(stored.attempts).toBe(0);
				await expect(
					current.db
						.insertInto('mail_outbox')
						.values({ ...row, id: 'b' })
						.execute()
				).rejects.toThrow();
				await expect(
					current.db
						.insertInto('mail_outbox')
						.values({ ...row, id: 'c', message_id: '<2@x>', status: 'lost' as 'sent' })
						.execute()
				).rejects.toThrow();
			} finally {
				await current.destroy();
			}
		}
	);
});
