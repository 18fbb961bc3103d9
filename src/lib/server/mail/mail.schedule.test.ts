import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService, createMailTransport, type OutgoingMail } from './mail.service';
import { startSmtpPeer, type SmtpPeer } from './test-smtp-peer';

const start = '2026-11-29T15:00:00.000Z';
const hour = 3_600_000;

function reminder(to = 'ana@example.org'): OutgoingMail {
	return {
		kind: 'booking-reminder',
		to,
		subject: 'Your consultation',
		text: 't',
		html: '<p>t</p>'
	};
}

describe.each(testDatabaseKinds)('mail sent later, and taken back, on %s', (kind) => {
	let current: TestDatabase;
	let peer: SmtpPeer;
	let clock: ReturnType<typeof fixedClock>;

	beforeEach(async () => {
		current = await createTestDatabase(kind);
		peer = await startSmtpPeer();
		clock = fixedClock(start);
	});

	afterEach(async () => {
		await current.destroy();
		await peer.close();
	});

	const service = (smtp = true) =>
		createMailService({
			db: current.db,
			kind: current.kind,
			clock,
			transport: smtp ? createMailTransport(peer.url) : null,
			from: 'Steady <hello@steady.example.org>'
		});

	it('does not send a message before its time, and sends it once when the time comes', async () => {
		const mail = service();
		const sendAfter = new Date(Date.parse(start) + 2 * hour);
		const { id, messageId } = await mail.enqueue({ ...reminder(), sendAfter });
		const row = await mail.find(id);
		expect(row?.next_attempt_at).toBe(sendAfter.toISOString());

		expect((await mail.deliverDue(10)).claimed).toBe(0);
		clock.advance(2 * hour - 1);
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		clock.advance(1);
		expect(await mail.deliverDue(10)).toMatchObject({ claimed: 1, sent: 1 });
		clock.advance(hour);
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		expect(peer.messageIds()).toEqual([messageId]);
	});

	it('treats a time in the past as now', async () => {
		const mail = service();
		const { id } = await mail.enqueue({
			...reminder(),
			sendAfter: new Date(Date.parse(start) - hour)
		});
		expect((await mail.find(id))?.next_attempt_at).toBe(start);
		expect((await mail.deliverDue(10)).sent).toBe(1);
	});

	it('withdraws waiting messages (inside a transaction), but never one already sent', async () => {
		const mail = service();
		const later = await mail.enqueue({
			...reminder(),
			sendAfter: new Date(Date.parse(start) + hour)
		});
		const other = await mail.enqueue({
			...reminder('bo@example.org'),
			sendAfter: new Date(Date.parse(start) + hour)
		});
		const now = await mail.enqueue(reminder('cy@example.org'));
		await mail.deliverDue(10);
		expect((await mail.find(now.id))?.status).toBe('sent');

		// Rolled back: nothing is withdrawn.
		await expect(
			current.db.transaction().execute(async (trx) => {
				await mail.withdraw([later.id], trx);
				throw new Error('the cancellation failed');
			})
		).rejects.toThrow('the cancellation failed');
		expect(await mail.find(later.id)).toBeDefined();

		const withdrawn = await current.db
			.transaction()
			.execute((trx) => mail.withdraw([later.id, now.id], trx));
		expect(withdrawn).toBe(1);
		expect(await mail.find(later.id)).toBeUndefined();
		expect((await mail.find(now.id))?.status).toBe('sent');
		expect(await mail.withdraw([])).toBe(0);

		clock.advance(2 * hour);
		expect(await mail.deliverDue(10)).toMatchObject({ claimed: 1, sent: 1 });
		expect(peer.received.map((m) => m.rcptTo[0])).toEqual(['cy@example.org', 'bo@example.org']);
		expect(other.id).toBeTruthy();
	});

	it('does not send a message withdrawn after its round claimed it, while an earlier one was being sent', async () => {
		const mail = service();
		const first = await mail.enqueue(reminder('ana@example.org'));
		clock.advance(1);
		const second = await mail.enqueue(reminder('bo@example.org'));
		// The server is slow with the first message; the second waits its turn in the same round.
		const slow = peer.holdNext();
		const round = mail.deliverDue(10);
		await slow.arrived;
		// Meanwhile the booking moves, and its reminder is taken back.
		expect(await mail.withdraw([second.id])).toBe(1);
		slow.release();
		expect(await round).toEqual({ claimed: 2, sent: 1, retrying: 0, failed: 0 });
		expect(peer.messageIds()).toEqual([first.messageId]);
		expect(await mail.find(second.id)).toBeUndefined();
		expect((await mail.find(first.id))?.status).toBe('sent');
	});

	it('withdraws kept messages too when no SMTP server is configured', async () => {
		const mail = service(false);
		const kept = await mail.enqueue({
			...reminder(),
			sendAfter: new Date(Date.parse(start) + hour)
		});
		expect(kept.status).toBe('kept');
		expect(await mail.withdraw([kept.id])).toBe(1);
		expect(await mail.countByStatus()).toEqual({ pending: 0, sent: 0, kept: 0, failed: 0 });
	});
});
