import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privacyNoticeVersion } from '../../booking/booking-form';
import { fixedClock } from '../clock';
import type { Database } from '../db/database';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService, createMailTransport, type MailService } from '../mail/mail.service';
import { startSmtpPeer, type SmtpPeer } from '../mail/test-smtp-peer';
import { calendarUid } from './booking-calendar';
import { createBookingRepository, refusalOf } from './booking.repository';
import { createBookingService, type BookingRequest } from './booking.service';

const monday = '2026-11-30T12:00:00.000Z';
// Tuesday 1 December 2026, 10:00 AM in New York.
const tuesdayTen = '2026-12-01T15:00:00.000Z';
const origin = 'https://steady.example.org';
const practice = {
	name: 'Steady',
	contactEmail: 'hello@steady.example.org',
	timeZone: 'America/New_York'
};
const secret = 'test-booking-secret-that-is-long-enough';
const hour = 3_600_000;
const topic = 'I keep replaying an argument with my partner';
const answer = 'Mornings are easier';

let keyCount = 0;
function request(overrides: Partial<BookingRequest> = {}): BookingRequest {
	keyCount += 1;
	return {
		idempotencyKey: `key-${keyCount}-${Math.random().toString(36).slice(2, 12)}`,
		start: tuesdayTen,
		visitorTimeZone: 'Europe/London',
		name: 'Ana Lima',
		email: 'ana@example.org',
		phone: '',
		preferredContact: 'email',
		country: 'US',
		region: 'NY',
		topic,
		answers: { ease: answer },
		noticeVersion: privacyNoticeVersion,
		...overrides
	};
}

/**
 * Another server process on the same database (tsx running test-booking-process.ts). Resolves
 * once it is ready; `go()` makes it send all its requests at once.
 */
async function secondProcess(current: TestDatabase, requests: BookingRequest[]) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'steady-process-'));
	const jobFile = path.join(dir, 'job.json');
	let database: unknown;
	let options: unknown = {};
	if (current.kind === 'sqlite') {
		const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(
			current.db
		);
		database = { kind: 'sqlite', file: rows.find((r) => r.name === 'main')!.file };
	} else {
		const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
			current.db
		);
		database = { kind: 'postgres', url: process.env.TEST_DATABASE_URL };
		options = { schema: rows[0]!.schema, max: 10 };
	}
	writeFileSync(
		jobFile,
		JSON.stringify({ database, options, now: monday, practice, origin, secret, requests })
	);
	const child = spawn(
		process.execPath,
		['--import', 'tsx', path.join(import.meta.dirname, 'test-booking-process.ts'), jobFile],
		{
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let out = '';
	let err = '';
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	const ready = new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.startsWith('ready\n')) resolve();
		});
		child.once('exit', (code) =>
			reject(new Error(`The second process ended early (${code}): ${err}`))
		);
	});
	const results = new Promise<string[]>((resolve, reject) => {
		child.once('exit', (code) => {
			rmSync(dir, { recursive: true, force: true });
			if (code !== 0) reject(new Error(`The second process failed (${code}): ${err}`));
			else resolve(JSON.parse(out.slice('ready\n'.length)) as string[]);
		});
	});
	await ready;
	return { go: () => child.kill('SIGUSR2'), results };
}

function parseCalendar(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const event = calendar.getFirstSubcomponent('vevent')!;
	const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
	return {
		method: calendar.getFirstPropertyValue('method'),
		uid: event.getFirstPropertyValue('uid'),
		sequence: Number(event.getFirstPropertyValue('sequence')),
		status: event.getFirstPropertyValue('status'),
		start: start.toJSDate().toISOString(),
		startIsUtc: start.zone?.tzid === 'UTC',
		end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
		description: String(event.getFirstPropertyValue('description') ?? '')
	};
}

describe.each(testDatabaseKinds)('booking service on %s', (kind) => {
	let current: TestDatabase;
	let clock: ReturnType<typeof fixedClock>;
	let mail: MailService;

	function service(
		db: Database = current,
		mailService: MailService = mail,
		practiceEmail = practice.contactEmail
	) {
		return createBookingService({
			db: db.db,
			kind: db.kind,
			clock,
			mail: mailService,
			practice: { ...practice, contactEmail: practiceEmail },
			origin,
			secret
		});
	}

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
		expect(await service().ensureDefaults()).toBe(true);
	});

	afterEach(async () => {
		await current.destroy();
	});

	const outbox = () =>
		current.db
			.selectFrom('mail_outbox')
			.selectAll()
			.orderBy('created_at')
			.orderBy('kind')
			.execute();
	const bookings = () => current.db.selectFrom('booking').selectAll().execute();

	it('creates the default hours once: weekdays 9 to 5 in the practice’s zone', async () => {
		expect(await service().ensureDefaults()).toBe(false);
		const settings = await service().settings();
		expect(settings.rules.timeZone).toBe('America/New_York');
		expect(settings.rules.weekly).toHaveLength(5);
		expect(settings.rules.slotMinutes).toBe(20);
		expect(settings.rules.minimumNoticeMinutes).toBe(24 * 60);
		expect(settings.rules.horizonDays).toBe(30);
		expect(settings.cancellationCutoffMinutes).toBe(240);
		expect(settings.reminderOffsetsMinutes).toEqual([1440, 60]);
		const slots = await service().slotsBetween(
			Date.parse(monday),
			Date.parse(monday) + 7 * 24 * hour
		);
		expect(slots.length).toBeGreaterThan(40);
		expect(new Date(slots[0]!.start).toISOString()).toBe('2026-12-01T14:00:00.000Z');
	});

	it('books a time: one row, the intake encrypted, and its e-mails queued with it', async () => {
		const result = await service().book(request());
		expect(result.kind).toBe('booked');
		if (result.kind !== 'booked') return;
		expect(result.replay).toBe(false);
		expect(result.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const [row] = await bookings();
		expect(row).toMatchObject({
			start_at: tuesdayTen,
			end_at: '2026-12-01T15:20:00.000Z',
			blocked_start: tuesdayTen,
			blocked_end: '2026-12-01T15:30:00.000Z',
			status: 'confirmed',
			email: 'ana@example.org',
			time_zone: 'America/New_York',
			visitor_time_zone: 'Europe/London',
			consent_notice_version: privacyNoticeVersion,
			consented_at: monday,
			sequence: 0
		});
		expect(row!.manage_token_hash).not.toContain(result.manageToken);
		expect(row!.intake_ciphertext).toBeTruthy();
		expect(row!.intake_ciphertext).not.toContain('replaying');
		expect(await service().readIntake(row!.id)).toEqual({ topic, answers: { ease: answer } });

		const mails = await outbox();
		expect(mails.map((m) => m.kind).sort()).toEqual([
			'booking-confirmed',
			'booking-notice',
			'booking-reminder',
			'booking-reminder'
		]);
		const confirmation = mails.find((m) => m.kind === 'booking-confirmed')!;
		expect(confirmation.to_address).toBe('ana@example.org');
		expect(confirmation.text_body).toContain(
			'Tuesday 1 December 2026, 3:00 PM, United Kingdom Time'
		);
		expect(confirmation.text_body).toContain(
			'10:00 AM on Tuesday 1 December for the practitioner (Eastern Time)'
		);
		expect(confirmation.text_body).toContain(`${origin}/consultation/manage/${result.manageToken}`);
		const notice = mails.find((m) => m.kind === 'booking-notice')!;
		expect(notice.to_address).toBe('hello@steady.example.org');
		expect(notice.text_body).toContain(`${origin}/admin/consultations/${row!.id}`);
		expect(notice.text_body).toContain('Initials: A.L.');
		expect(notice.text_body).not.toContain('Ana');
		expect(notice.text_body).not.toContain(result.manageToken);
		const reminders = mails
			.filter((m) => m.kind === 'booking-reminder')
			.map((m) => m.next_attempt_at)
			.sort();
		expect(reminders).toEqual(['2026-11-30T15:00:00.000Z', '2026-12-01T14:00:00.000Z']);
		expect((await service().remindersFor(row!.id)).map((r) => r.send_at)).toEqual(reminders);

		// Nothing the visitor wrote, in any e-mail or calendar file.
		for (const m of mails) {
			for (const text of [m.subject, m.text_body, m.html_body, m.calendar ?? '']) {
				expect(text).not.toContain('replaying');
				expect(text).not.toContain(answer);
			}
		}
		const ics = parseCalendar(confirmation.calendar!);
		expect(confirmation.calendar_method).toBe('REQUEST');
		expect(ics).toMatchObject({
			method: 'REQUEST',
			uid: calendarUid(row!.id, 'steady.example.org'),
			sequence: 0,
			status: 'CONFIRMED',
			start: tuesdayTen,
			startIsUtc: true,
			end: '2026-12-01T15:20:00.000Z'
		});
		expect(confirmation.calendar).toMatch(/^DTSTART:20261201T150000Z\r?$/m);
	});

	it('writes nothing — no booking, no e-mail — when one of its e-mails cannot be queued', async () => {
		const broken = service(current, mail, 'not an address');
		await expect(broken.book(request())).rejects.toThrow(/one plain recipient/);
		expect(await bookings()).toEqual([]);
		expect(await outbox()).toEqual([]);
		if (kind === 'sqlite') {
			expect(await current.db.selectFrom('booking_cell').selectAll().execute()).toEqual([]);
		}
	});

	it('returns the same booking when the same form is sent twice, even at the same moment', async () => {
		const same = request();
		const first = await service().book(same);
		const again = await service().book(same);
		expect(first.kind).toBe('booked');
		expect(again).toMatchObject({ kind: 'booked', replay: true });
		if (first.kind !== 'booked' || again.kind !== 'booked') return;
		expect(again.booking.id).toBe(first.booking.id);
		expect(again.manageToken).toBe(first.manageToken);

		const twice = request({ start: '2026-12-02T15:00:00.000Z', email: 'bo@example.org' });
		const other = await secondProcess(current, [twice, twice]);
		other.go();
		const here = await Promise.all([service().book(twice), service().book(twice)]);
		expect(here.map((r) => r.kind)).toEqual(['booked', 'booked']);
		expect(await other.results).toEqual(['booked', 'booked']);
		const ids = here.map((r) => (r.kind === 'booked' ? r.booking.id : ''));
		expect(ids[0]).toBe(ids[1]);
		expect(await bookings()).toHaveLength(2);
		expect((await outbox()).filter((m) => m.kind === 'booking-confirmed')).toHaveLength(2);

		// The same form key with someone else's address opens nothing.
		expect(await service().book({ ...same, email: 'eve@example.org' })).toEqual({
			kind: 'form-used'
		});
	}, 60_000);

	it('lets exactly one of 50 simultaneous requests for one time through, from two processes', async () => {
		const all = Array.from({ length: 50 }, (_, i) =>
			request({ email: `person${i}@example.org`, name: `Person ${i}` })
		);
		const other = await secondProcess(current, all.slice(25));
		other.go();
		const here = await Promise.all(all.slice(0, 25).map((r) => service().book(r)));
		const there = await other.results;
		const kinds = [...here.map((r) => r.kind), ...there];
		expect(kinds.filter((k) => k === 'booked')).toHaveLength(1);
		expect(kinds.filter((k) => k === 'taken')).toHaveLength(49);
		const taken = here.find((r) => r.kind === 'taken');
		if (taken?.kind === 'taken') {
			expect(taken.alternatives.length).toBeGreaterThan(0);
			expect(taken.alternatives.map((s) => new Date(s.start).toISOString())).not.toContain(
				tuesdayTen
			);
		}
		expect(await bookings()).toHaveLength(1);
		expect((await outbox()).map((m) => m.kind).sort()).toEqual([
			'booking-confirmed',
			'booking-notice',
			'booking-reminder',
			'booking-reminder'
		]);
	}, 60_000);

	it('refuses an overlapping booking in the database itself, whatever the code checked', async () => {
		const first = await service().book(request());
		expect(first.kind).toBe('booked');
		const repository = createBookingRepository(current.db, current.kind);
		const [row] = await bookings();
		const overlapping = {
			...row!,
			id: 'overlap',
			start_at: '2026-12-01T15:25:00.000Z',
			end_at: '2026-12-01T15:45:00.000Z',
			blocked_start: '2026-12-01T15:25:00.000Z',
			blocked_end: '2026-12-01T15:55:00.000Z',
			idempotency_key: 'another-key-000000',
			manage_token_hash: 'another-hash'
		};
		const attempt = repository.write((trx) => repository.insert(trx, overlapping));
		const error = await attempt.then(
			() => null,
			(e: unknown) => e
		);
		expect(refusalOf(error)).toBe('time-taken');
		// Touching but not overlapping is fine.
		await repository.write((trx) =>
			repository.insert(trx, {
				...overlapping,
				start_at: '2026-12-01T15:30:00.000Z',
				end_at: '2026-12-01T15:50:00.000Z',
				blocked_start: '2026-12-01T15:30:00.000Z',
				blocked_end: '2026-12-01T16:00:00.000Z'
			})
		);
		expect(await bookings()).toHaveLength(2);
	});

	it('says kindly when the time was taken, and offers the nearest free ones', async () => {
		await service().book(request());
		const result = await service().book(request({ email: 'bo@example.org' }));
		expect(result.kind).toBe('taken');
		if (result.kind !== 'taken') return;
		expect(result.alternatives.map((s) => new Date(s.start).toISOString())).toEqual([
			'2026-12-01T14:00:00.000Z',
			'2026-12-01T14:30:00.000Z',
			'2026-12-01T15:30:00.000Z',
			'2026-12-01T16:00:00.000Z'
		]);
		expect(await bookings()).toHaveLength(1);
	});

	it('books nothing for a place the practitioner is not licensed for', async () => {
		const result = await service().book(request({ region: 'CA' }));
		expect(result).toEqual({ kind: 'not-licensed', place: { country: 'US', region: 'CA' } });
		expect(await service().book(request({ country: 'GB', region: '' }))).toMatchObject({
			kind: 'not-licensed'
		});
		expect(await bookings()).toEqual([]);
		expect(await outbox()).toEqual([]);
	});

	it('allows two upcoming consultations per e-mail address, not three', async () => {
		expect((await service().book(request({ email: 'Ana@Example.org' }))).kind).toBe('booked');
		expect((await service().book(request({ start: '2026-12-02T15:00:00.000Z' }))).kind).toBe(
			'booked'
		);
		expect(await service().book(request({ start: '2026-12-03T15:00:00.000Z' }))).toEqual({
			kind: 'limit-reached'
		});
	});

	it('reschedules by the private link: same UID, SEQUENCE rising, reminders replaced, old time freed', async () => {
		const booked = await service().book(request());
		if (booked.kind !== 'booked') throw new Error('not booked');
		const id = booked.booking.id;
		const oldReminders = (await service().remindersFor(id)).map((r) => r.mail_id);

		const moved = await service().reschedule(booked.manageToken, '2026-12-02T16:00:00.000Z');
		expect(moved).toMatchObject({
			kind: 'rescheduled',
			booking: { id, start: '2026-12-02T16:00:00.000Z', sequence: 1 }
		});
		const mails = await outbox();
		for (const mailId of oldReminders) expect(mails.find((m) => m.id === mailId)).toBeUndefined();
		const reminders = mails
			.filter((m) => m.kind === 'booking-reminder')
			.map((m) => m.next_attempt_at)
			.sort();
		expect(reminders).toEqual(['2026-12-01T16:00:00.000Z', '2026-12-02T15:00:00.000Z']);
		const update = mails.find((m) => m.kind === 'booking-rescheduled')!;
		const first = parseCalendar(mails.find((m) => m.kind === 'booking-confirmed')!.calendar!);
		const second = parseCalendar(update.calendar!);
		expect(second).toMatchObject({
			method: 'REQUEST',
			uid: first.uid,
			sequence: 1,
			start: '2026-12-02T16:00:00.000Z'
		});
		expect(mails.filter((m) => m.kind === 'booking-notice')).toHaveLength(2);

		// The old time is free for someone else.
		expect((await service().book(request({ email: 'bo@example.org' }))).kind).toBe('booked');
		// The same link still opens the booking.
		expect((await service().findByToken(booked.manageToken))?.start).toBe(
			'2026-12-02T16:00:00.000Z'
		);
		// A time that is not offered is refused, with others offered instead.
		expect(await service().reschedule(booked.manageToken, tuesdayTen)).toMatchObject({
			kind: 'taken'
		});
	});

	it('cancels by the private link: CANCEL with a higher SEQUENCE, reminders withdrawn, time freed', async () => {
		const booked = await service().book(request());
		if (booked.kind !== 'booked') throw new Error('not booked');
		await service().reschedule(booked.manageToken, '2026-12-02T16:00:00.000Z');
		const cancelled = await service().cancel(booked.manageToken);
		expect(cancelled).toMatchObject({
			kind: 'cancelled',
			booking: { status: 'cancelled', sequence: 2, canChange: false }
		});
		const mails = await outbox();
		expect(mails.filter((m) => m.kind === 'booking-reminder')).toEqual([]);
		expect(await service().remindersFor(booked.booking.id)).toEqual([]);
		const cancellation = mails.find((m) => m.kind === 'booking-cancelled')!;
		expect(cancellation.calendar_method).toBe('CANCEL');
		const ics = parseCalendar(cancellation.calendar!);
		const original = parseCalendar(mails.find((m) => m.kind === 'booking-confirmed')!.calendar!);
		expect(ics).toMatchObject({
			method: 'CANCEL',
			uid: original.uid,
			sequence: 2,
			status: 'CANCELLED'
		});
		expect(ics.description).not.toContain(booked.manageToken);

		// Cancelled once is cancelled: a second try changes nothing, and the link no longer moves it.
		expect(await service().cancel(booked.manageToken)).toMatchObject({ kind: 'not-active' });
		expect(await service().reschedule(booked.manageToken, tuesdayTen)).toMatchObject({
			kind: 'not-active'
		});
		expect(await service().calendarFile(booked.manageToken)).toBeUndefined();
		// The time is free again.
		expect(
			(
				await service().book(
					request({ start: '2026-12-02T16:00:00.000Z', email: 'bo@example.org' })
				)
			).kind
		).toBe('booked');
		if (kind === 'sqlite') {
			const cells = await current.db
				.selectFrom('booking_cell')
				.select('booking_id')
				.distinct()
				.execute();
			expect(cells).toHaveLength(1);
		}
	});

	it('keeps the cut-off: no changes in the last four hours', async () => {
		const booked = await service().book(request());
		if (booked.kind !== 'booked') throw new Error('not booked');
		clock.set('2026-12-01T10:59:59.000Z');
		expect((await service().findByToken(booked.manageToken))?.canChange).toBe(true);
		clock.set('2026-12-01T11:00:00.000Z');
		expect((await service().findByToken(booked.manageToken))?.canChange).toBe(false);
		expect(await service().cancel(booked.manageToken)).toMatchObject({ kind: 'too-late' });
		expect(
			await service().reschedule(booked.manageToken, '2026-12-03T15:00:00.000Z')
		).toMatchObject({ kind: 'too-late' });
		expect((await bookings())[0]?.status).toBe('confirmed');
	});

	it('opens nothing for a wrong or malformed link', async () => {
		await service().book(request());
		expect(await service().findByToken('x'.repeat(43))).toBeUndefined();
		expect(await service().findByToken('../../etc')).toBeUndefined();
		expect(await service().cancel('x'.repeat(43))).toEqual({ kind: 'not-found' });
	});

	it('schedules only reminders still in the future', async () => {
		await current.db.updateTable('booking_settings').set({ minimum_notice_minutes: 60 }).execute();
		clock.set('2026-11-30T16:00:00.000Z');
		const result = await service().book(request({ start: '2026-12-01T14:00:00.000Z' }));
		expect(result.kind).toBe('booked');
		const reminders = (await outbox()).filter((m) => m.kind === 'booking-reminder');
		expect(reminders.map((m) => m.next_attempt_at)).toEqual(['2026-12-01T13:00:00.000Z']);
	});
});

describe('booking e-mails through a real SMTP server', () => {
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

	it('delivers the invitation with its calendar part, retries a refusal, and sends reminders on time, once', async () => {
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
		const result = await booking.book(request());
		expect(result.kind).toBe('booked');

		peer.refuseNext(1);
		expect(await mail.deliverDue(10)).toMatchObject({ claimed: 2, sent: 1, retrying: 1 });
		clock.advance(60_000);
		expect(await mail.deliverDue(10)).toMatchObject({ claimed: 1, sent: 1 });
		expect(peer.received).toHaveLength(2);
		const toVisitor = peer.received.find((m) => m.rcptTo[0] === 'ana@example.org')!;
		expect(toVisitor.raw).toMatch(
			/^Content-Type: text\/calendar; charset=utf-8; method=REQUEST\r$/m
		);
		const attachment =
			/filename=invite\.ics\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(
				toVisitor.raw
			)?.[1] ?? '';
		const ics = parseCalendar(
			Buffer.from(attachment.replace(/\r\n/g, ''), 'base64').toString('utf8')
		);
		expect(ics).toMatchObject({
			method: 'REQUEST',
			sequence: 0,
			start: tuesdayTen,
			startIsUtc: true
		});
		expect(toVisitor.raw).not.toContain('replaying');

		// The 24-hour reminder goes at 10:00 New York time on Monday, once.
		clock.set('2026-11-30T14:59:00.000Z');
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		clock.set('2026-11-30T15:00:00.000Z');
		expect(await mail.deliverDue(10)).toMatchObject({ claimed: 1, sent: 1 });
		clock.set('2026-12-01T14:00:00.000Z');
		expect(await mail.deliverDue(10)).toMatchObject({ claimed: 1, sent: 1 });
		clock.advance(hour);
		expect((await mail.deliverDue(10)).claimed).toBe(0);
		const subjects = peer.received.map((m) => /^Subject: (.*)\r$/m.exec(m.raw)?.[1]);
		expect(subjects.filter((s) => s?.startsWith('Reminder'))).toHaveLength(2);
	});

	it('never sends a reminder for a cancelled booking', async () => {
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
		const result = await booking.book(request());
		if (result.kind !== 'booked') throw new Error('not booked');
		await booking.cancel(result.manageToken);
		clock.set('2026-12-02T00:00:00.000Z');
		while ((await mail.deliverDue(10)).claimed > 0) {
			/* drain */
		}
		const subjects = peer.received.map((m) => /^Subject: (.*)\r$/m.exec(m.raw)?.[1] ?? '');
		expect(subjects.some((s) => s.startsWith('Reminder'))).toBe(false);
		expect(subjects.some((s) => s.includes('cancelled'))).toBe(true);
	});
});
