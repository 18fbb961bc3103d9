import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privacyNoticeVersion } from '../../booking/booking-form';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService, createMailTransport, type MailService } from '../mail/mail.service';
import { startSmtpPeer, type SmtpPeer } from '../mail/test-smtp-peer';
import { calendarUid } from './booking-calendar';
import { createBookingService, type BookingRequest } from './booking.service';

const monday = '2026-11-30T12:00:00.000Z';
// Tuesday 1 December 2026, 10:00 AM in New York.
const tuesdayTen = '2026-12-01T15:00:00.000Z';
const wednesdayEleven = '2026-12-02T16:00:00.000Z';
const origin = 'https://steady.example.org';
const practice = {
	name: 'Steady',
	contactEmail: 'hello@steady.example.org',
	timeZone: 'America/New_York'
};
const secret = 'test-booking-secret-that-is-long-enough';
const topic = 'I keep replaying an argument with my partner';
const practitionerId = 'practitioner-user-1';

let keyCount = 0;
function request(overrides: Partial<BookingRequest> = {}): BookingRequest {
	keyCount += 1;
	return {
		idempotencyKey: `practice-${keyCount}-${Math.random().toString(36).slice(2, 12)}`,
		start: tuesdayTen,
		visitorTimeZone: 'Europe/London',
		name: 'Ana Maria Lima',
		email: `ana${keyCount}@example.org`,
		phone: '+1 555 0100',
		preferredContact: 'email',
		country: 'US',
		region: 'NY',
		topic,
		answers: { ease: 'Mornings are easier' },
		noticeVersion: privacyNoticeVersion,
		...overrides
	};
}

function parseCalendar(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	return {
		method: calendar.getFirstPropertyValue('method'),
		events: calendar.getAllSubcomponents('vevent').map((event) => ({
			uid: String(event.getFirstPropertyValue('uid')),
			sequence: Number(event.getFirstPropertyValue('sequence')),
			status: event.getFirstPropertyValue('status'),
			summary: String(event.getFirstPropertyValue('summary') ?? ''),
			description: String(event.getFirstPropertyValue('description') ?? ''),
			start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
			end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString()
		}))
	};
}

describe.each(testDatabaseKinds)('the practitioner’s side of booking on %s', (kind) => {
	let current: TestDatabase;
	let clock: ReturnType<typeof fixedClock>;
	let mail: MailService;

	function service(mailService: MailService = mail) {
		return createBookingService({
			db: current.db,
			kind: current.kind,
			clock,
			mail: mailService,
			practice,
			origin,
			secret,
			audit: createAuditService({ audit: createAuditRepository(current.db), clock })
		});
	}

	async function booked(overrides: Partial<BookingRequest> = {}) {
		const result = await service().book(request(overrides));
		if (result.kind !== 'booked') throw new Error(`not booked: ${result.kind}`);
		return result;
	}

	const outbox = () =>
		current.db.selectFrom('mail_outbox').selectAll().orderBy('created_at').execute();
	const row = (id: string) =>
		current.db.selectFrom('booking').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

	beforeEach(async () => {
		current = await createTestDatabase(kind);
		clock = fixedClock(monday);
		mail = createMailService({
			db: current.db,
			kind: current.kind,
			clock,
			transport: null,
			from: 'Steady <hello@steady.example.org>'
		});
		await service().ensureDefaults();
	});

	afterEach(async () => {
		await current.destroy();
	});

	it('lists upcoming and past consultations, by status', async () => {
		const first = await booked();
		const second = await booked({ start: wednesdayEleven });
		const third = await booked({ start: '2026-12-03T15:00:00.000Z' });
		await service().cancelByPractitioner(third.booking.id, null);
		const ids = (list: { id: string }[]) => list.map((b) => b.id);
		expect(ids(await service().listForPractitioner({ when: 'upcoming' }))).toEqual([
			first.booking.id,
			second.booking.id,
			third.booking.id
		]);
		expect(
			ids(await service().listForPractitioner({ when: 'upcoming', status: 'cancelled' }))
		).toEqual([third.booking.id]);
		expect(await service().listForPractitioner({ when: 'past' })).toEqual([]);
		clock.set('2026-12-02T17:00:00.000Z');
		expect(ids(await service().listForPractitioner({ when: 'past' }))).toEqual([
			second.booking.id,
			first.booking.id
		]);
		expect(
			ids(await service().listForPractitioner({ when: 'upcoming', status: 'confirmed' }))
		).toEqual([]);
	});

	it('records every read of what a visitor wrote: who, which booking, never the text', async () => {
		const result = await booked();
		const id = result.booking.id;
		const reader = { userId: practitionerId, ip: '10.0.0.9', userAgent: 'Test browser' };
		expect(await service().openIntake(id, reader)).toEqual({
			topic,
			answers: { ease: 'Mornings are easier' }
		});
		await service().openIntake(id, reader);
		const audit = await current.db.selectFrom('audit_log').selectAll().execute();
		expect(audit).toHaveLength(2);
		expect(audit[0]).toMatchObject({
			action: 'booking.intake-read',
			actor_user_id: practitionerId,
			subject_user_id: null,
			target: `booking:${id}`,
			ip: '10.0.0.9',
			at: monday
		});
		expect(JSON.stringify(audit)).not.toContain('replaying');
		// Nothing written is still a read of the page; an unknown booking reads nothing.
		const quiet = await booked({ start: wednesdayEleven, topic: '', answers: {} });
		expect(await service().openIntake(quiet.booking.id, reader)).toBeNull();
		expect(await service().openIntake('not-an-id', reader)).toBeUndefined();
		expect(
			await service().openIntake('00000000-0000-4000-8000-000000000000', reader)
		).toBeUndefined();
		expect(await current.db.selectFrom('audit_log').selectAll().execute()).toHaveLength(3);
		// Without an audit log to write to, nothing is shown.
		const unrecorded = createBookingService({
			db: current.db,
			kind: current.kind,
			clock,
			mail,
			practice,
			origin,
			secret
		});
		await expect(unrecorded.openIntake(id, reader)).rejects.toThrow(/audit/);
	});

	it('cancels for the practitioner: their note (escaped) and a CANCEL update to the visitor, reminders withdrawn, time freed', async () => {
		const result = await booked();
		const id = result.booking.id;
		const note =
			'I am unwell today, I am so sorry.\n\nPlease book again <b>whenever</b> suits you & we will talk then.';
		const cancelled = await service().cancelByPractitioner(id, note);
		expect(cancelled).toMatchObject({
			kind: 'cancelled',
			booking: { status: 'cancelled', cancelledBy: 'practitioner', sequence: 1 }
		});
		expect(await row(id)).toMatchObject({
			status: 'cancelled',
			cancelled_by: 'practitioner',
			cancelled_at: monday,
			sequence: 1
		});
		const mails = await outbox();
		expect(mails.filter((m) => m.kind === 'booking-reminder')).toEqual([]);
		expect(await service().remindersFor(id)).toEqual([]);
		const email = mails.find((m) => m.kind === 'booking-cancelled')!;
		expect(email.to_address).toBe(result.booking.email);
		expect(email.text_body).toContain('has had to cancel your free consultation');
		expect(email.text_body).toContain('I am unwell today, I am so sorry.');
		expect(email.text_body).toContain(
			'Please book again <b>whenever</b> suits you & we will talk then.'
		);
		expect(email.html_body).toContain('&lt;b&gt;whenever&lt;/b&gt; suits you &amp; we');
		expect(email.html_body).not.toContain('<b>whenever');
		expect(email.text_body).not.toContain('replaying');
		const ics = parseCalendar(email.calendar!);
		expect(email.calendar_method).toBe('CANCEL');
		expect(ics.method).toBe('CANCEL');
		expect(ics.events[0]).toMatchObject({
			uid: calendarUid(id, 'steady.example.org'),
			sequence: 1,
			status: 'CANCELLED'
		});
		// No notice to the practitioner about their own change.
		expect(mails.filter((m) => m.kind === 'booking-notice')).toHaveLength(1);

		// A second press, or the visitor's own link, changes nothing.
		expect(await service().cancelByPractitioner(id, null)).toMatchObject({
			kind: 'not-changeable',
			booking: { status: 'cancelled' }
		});
		expect(await service().cancel(result.manageToken)).toMatchObject({ kind: 'not-active' });
		expect((await outbox()).filter((m) => m.kind === 'booking-cancelled')).toHaveLength(1);
		// The time is free again.
		expect((await service().book(request())).kind).toBe('booked');
	});

	it('moves a consultation for the practitioner: same UID, SEQUENCE rising, reminders follow, the note included', async () => {
		const result = await booked();
		const id = result.booking.id;
		const oldReminders = (await service().remindersFor(id)).map((r) => r.mail_id);
		const moved = await service().rescheduleByPractitioner(
			id,
			wednesdayEleven,
			'Something came up.'
		);
		expect(moved).toMatchObject({
			kind: 'rescheduled',
			booking: { start: wednesdayEleven, sequence: 1, status: 'confirmed' }
		});
		expect(await row(id)).toMatchObject({
			start_at: wednesdayEleven,
			end_at: '2026-12-02T16:20:00.000Z',
			blocked_end: '2026-12-02T16:30:00.000Z',
			sequence: 1
		});
		const mails = await outbox();
		for (const mailId of oldReminders) expect(mails.find((m) => m.id === mailId)).toBeUndefined();
		expect(
			mails
				.filter((m) => m.kind === 'booking-reminder')
				.map((m) => m.next_attempt_at)
				.sort()
		).toEqual(['2026-12-01T16:00:00.000Z', '2026-12-02T15:00:00.000Z']);
		const email = mails.find((m) => m.kind === 'booking-rescheduled')!;
		expect(email.text_body).toContain('needed to move your free consultation');
		expect(email.text_body).toContain('Something came up.');
		expect(email.text_body).toContain('Wednesday 2 December 2026, 4:00 PM, United Kingdom Time');
		expect(email.text_body).toContain(`${origin}/consultation/manage/${result.manageToken}`);
		const ics = parseCalendar(email.calendar!);
		expect(ics.method).toBe('REQUEST');
		expect(ics.events[0]).toMatchObject({
			uid: calendarUid(id, 'steady.example.org'),
			sequence: 1,
			start: wednesdayEleven
		});
		// The visitor's link opens the moved booking.
		expect((await service().findByToken(result.manageToken))?.start).toBe(wednesdayEleven);

		// A time someone else holds is refused, with others offered; nothing changes.
		const other = await booked({ start: tuesdayTen });
		expect(other.booking.start).toBe(tuesdayTen);
		const refused = await service().rescheduleByPractitioner(id, tuesdayTen, null);
		expect(refused.kind).toBe('taken');
		if (refused.kind === 'taken') expect(refused.alternatives.length).toBeGreaterThan(0);
		expect((await row(id)).start_at).toBe(wednesdayEleven);
		// A time that was never offered (a Sunday) is refused too.
		expect(
			(await service().rescheduleByPractitioner(id, '2026-12-06T15:00:00.000Z', null)).kind
		).toBe('taken');

		// Once it has started it can no longer be moved or cancelled.
		clock.set(wednesdayEleven);
		expect(
			(await service().rescheduleByPractitioner(id, '2026-12-03T15:00:00.000Z', null)).kind
		).toBe('not-changeable');
		expect((await service().cancelByPractitioner(id, null)).kind).toBe('not-changeable');
	});

	it('marks a consultation as missed only once it has started, and can take that back', async () => {
		const result = await booked();
		const id = result.booking.id;
		expect(await service().setNoShow(id, true)).toMatchObject({ kind: 'not-changeable' });
		clock.set('2026-12-01T15:25:00.000Z');
		expect(await service().setNoShow(id, true)).toMatchObject({
			kind: 'marked',
			booking: { status: 'no-show' }
		});
		expect((await row(id)).status).toBe('no-show');
		expect(await service().setNoShow(id, true)).toMatchObject({ kind: 'not-changeable' });
		expect(await service().setNoShow(id, false)).toMatchObject({
			kind: 'marked',
			booking: { status: 'confirmed' }
		});
		expect(await service().setNoShow('00000000-0000-4000-8000-000000000000', true)).toEqual({
			kind: 'not-found'
		});
		// A cancelled consultation is never marked.
		const other = await booked({ start: '2026-12-03T15:00:00.000Z' });
		await service().cancelByPractitioner(other.booking.id, null);
		clock.set('2026-12-03T16:00:00.000Z');
		expect((await service().setNoShow(other.booking.id, true)).kind).toBe('not-changeable');
	});

	it('keeps a private calendar feed: initials and times only, stable UIDs, and a new link revokes the old', async () => {
		expect(await service().feedIsOn()).toBe(false);
		const first = await booked();
		const second = await booked({ start: wednesdayEleven, name: 'Bo' });
		const gone = await booked({ start: '2026-12-03T15:00:00.000Z', name: 'Cy Dee' });
		await service().cancelByPractitioner(gone.booking.id, null);

		const token = await service().newFeedToken();
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(await service().feedIsOn()).toBe(true);
		const settings = await current.db
			.selectFrom('booking_settings')
			.select('calendar_feed_token_hash')
			.executeTakeFirstOrThrow();
		expect(settings.calendar_feed_token_hash).toBe(
			createHash('sha256').update(token).digest('hex')
		);
		const text = (await service().feed(token))!;
		const feed = parseCalendar(text);
		expect(feed.events.map((e) => [e.uid, e.summary, e.start, e.end])).toEqual([
			[
				calendarUid(first.booking.id, 'steady.example.org'),
				'Free consultation — A.M.L.',
				tuesdayTen,
				'2026-12-01T15:20:00.000Z'
			],
			[
				calendarUid(second.booking.id, 'steady.example.org'),
				'Free consultation — B.',
				wednesdayEleven,
				'2026-12-02T16:20:00.000Z'
			]
		]);
		for (const secretThing of [
			'Ana',
			'Lima',
			first.booking.email,
			second.booking.email,
			// The phone number as typed and without spaces (a bare "555" can occur in a random id).
			'555 0100',
			'5550100',
			'replaying',
			'Mornings'
		]) {
			expect(text).not.toContain(secretThing);
		}

		// The UID stays when the time moves; the entry follows.
		await service().rescheduleByPractitioner(first.booking.id, '2026-12-04T15:00:00.000Z', null);
		const after = parseCalendar((await service().feed(token))!);
		expect(after.events.find((e) => e.uid.includes(first.booking.id))).toMatchObject({
			start: '2026-12-04T15:00:00.000Z',
			sequence: 1
		});
		// Recent ones stay for 30 days, marked if missed; older ones leave.
		clock.set('2026-12-20T12:00:00.000Z');
		await service().setNoShow(second.booking.id, true);
		expect(parseCalendar((await service().feed(token))!).events.map((e) => e.summary)).toEqual([
			'Free consultation — B. (missed)',
			'Free consultation — A.M.L.'
		]);
		clock.set('2027-01-02T12:00:00.000Z');
		expect(parseCalendar((await service().feed(token))!).events.map((e) => e.summary)).toEqual([
			'Free consultation — A.M.L.'
		]);

		// A new link revokes the old; turning it off revokes every link.
		const newer = await service().newFeedToken();
		expect(newer).not.toBe(token);
		expect(await service().feed(token)).toBeUndefined();
		expect(await service().feed(newer)).toContain('BEGIN:VCALENDAR');
		await service().turnOffFeed();
		expect(await service().feed(newer)).toBeUndefined();
		expect(await service().feedIsOn()).toBe(false);
		expect(await service().feed('x'.repeat(43))).toBeUndefined();
		expect(await service().feed('../../etc/passwd')).toBeUndefined();
	});
});

describe('reminders after the practitioner’s changes, through a real SMTP server', () => {
	let current: TestDatabase;
	let peer: SmtpPeer;

	beforeEach(async () => {
		current = await createTestDatabase('sqlite');
		peer = await startSmtpPeer();
	});

	afterEach(async () => {
		await current.destroy();
		await peer.close();
	});

	it('sends no reminder for a consultation the practitioner cancelled, and reminders for the new time of one they moved', async () => {
		const clock = fixedClock(monday);
		const mail = createMailService({
			db: current.db,
			kind: current.kind,
			clock,
			transport: createMailTransport(peer.url),
			from: 'Steady <hello@steady.example.org>'
		});
		const booking = createBookingService({
			db: current.db,
			kind: current.kind,
			clock,
			mail,
			practice,
			origin,
			secret
		});
		await booking.ensureDefaults();
		const cancelled = await booking.book(request({ email: 'cancelled@example.org' }));
		const moved = await booking.book(
			request({ email: 'moved@example.org', start: '2026-12-01T16:00:00.000Z' })
		);
		if (cancelled.kind !== 'booked' || moved.kind !== 'booked') throw new Error('not booked');
		await booking.cancelByPractitioner(cancelled.booking.id, 'Sorry.');
		await booking.rescheduleByPractitioner(moved.booking.id, '2026-12-03T16:00:00.000Z', null);

		const sent: { to: string; subject: string; at: string }[] = [];
		for (const at of [
			monday,
			'2026-11-30T16:00:00.000Z',
			'2026-12-01T15:00:00.000Z',
			'2026-12-02T16:00:00.000Z',
			'2026-12-03T15:00:00.000Z',
			'2026-12-04T00:00:00.000Z'
		]) {
			clock.set(at);
			const before = peer.received.length;
			while ((await mail.deliverDue(10)).claimed > 0) {
				/* drain */
			}
			for (const m of peer.received.slice(before)) {
				sent.push({
					to: m.rcptTo[0] ?? '',
					subject: /^Subject: (.*)\r$/m.exec(m.raw)?.[1] ?? '',
					at
				});
			}
		}
		const reminders = sent.filter((s) => s.subject.startsWith('Reminder'));
		expect(reminders.map((r) => [r.to, r.at])).toEqual([
			['moved@example.org', '2026-12-02T16:00:00.000Z'],
			['moved@example.org', '2026-12-03T15:00:00.000Z']
		]);
		expect(
			sent.some((s) => s.to === 'cancelled@example.org' && s.subject.includes('cancelled'))
		).toBe(true);
	});
});
