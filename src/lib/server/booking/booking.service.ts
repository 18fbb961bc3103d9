import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { dateOf, type AvailabilityRules, type Slot } from '../../booking/availability';
import { parseIntakeQuestions, type IntakeQuestion } from '../../booking/booking-form';
import { isLicensedFor, type Place } from '../../booking/places';
import { computeSlots, isOffered, nearestSlots } from '../../booking/slots';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { DatabaseKind } from '../db/database';
import type { DB } from '../db/schema';
import type { MailService, OutgoingMail } from '../mail/mail.service';
import { createCipher, deriveKey, keyedHash } from '../privacy/crypto';
import { bookingCalendar, practiceFeed, type CalendarMethod } from './booking-calendar';
import {
	cancellationEmail,
	confirmationEmail,
	initials,
	practiceCancellationEmail,
	practiceMovedEmail,
	practitionerNotice,
	reminderEmail,
	type EmailBooking,
	type EmailContext
} from './booking-emails';
import { createBookingRepository, refusalOf, type BookingRow } from './booking.repository';

const minute = 60_000;
const day = 86_400_000;

/** At most this many upcoming free consultations per e-mail address. */
export const upcomingPerEmail = 2;

/** How many other times to offer when the chosen one was taken. */
const alternativesOffered = 4;

export interface BookingSettings {
	rules: Omit<AvailabilityRules, 'exceptions'>;
	cancellationCutoffMinutes: number;
	reminderOffsetsMinutes: number[];
	meetingDetails: string;
	meetingUrl: string | null;
	intakeQuestions: IntakeQuestion[];
	licensedPlaces: Place[];
}

export interface BookingRequest {
	idempotencyKey: string;
	/** ISO instant of the chosen time. */
	start: string;
	visitorTimeZone: string;
	name: string;
	email: string;
	phone: string;
	preferredContact: 'email' | 'phone';
	country: string;
	region: string;
	topic: string;
	answers: Record<string, string>;
	noticeVersion: string;
}

/** What a visitor (or the confirmation page) may see about their booking. */
export interface BookingView {
	id: string;
	start: string;
	end: string;
	status: BookingRow['status'];
	name: string;
	email: string;
	visitorTimeZone: string;
	practiceTimeZone: string;
	sequence: number;
	/** Until this instant the visitor may change or cancel it themselves. */
	changeableUntil: string;
	canChange: boolean;
}

export type BookResult =
	| { kind: 'booked'; booking: BookingView; manageToken: string; replay: boolean }
	| { kind: 'taken'; alternatives: Slot[] }
	| { kind: 'not-licensed'; place: Place }
	| { kind: 'limit-reached' }
	/** The form's key was already used for a different booking: the form must be reloaded. */
	| { kind: 'form-used' };

export type ChangeResult =
	| { kind: 'rescheduled'; booking: BookingView }
	| { kind: 'cancelled'; booking: BookingView }
	| { kind: 'taken'; alternatives: Slot[] }
	| { kind: 'too-late'; booking: BookingView }
	| { kind: 'not-active'; booking: BookingView }
	| { kind: 'not-found' };

export interface BookingLogger {
	info(details: object, message?: string): void;
	warn(details: object, message?: string): void;
}

export interface BookingServiceDeps {
	db: Kysely<DB>;
	kind: DatabaseKind;
	clock: Clock;
	mail: MailService;
	practice: { name: string; contactEmail: string; timeZone: string };
	/** The public address of the site, for links in e-mails and calendar files. */
	origin: string;
	/** The installation's booking secret; keys for intake encryption and manage links derive from it. */
	secret: string;
	logger?: BookingLogger;
	/** Where the practitioner's reads of what a visitor wrote are recorded. */
	audit?: Pick<AuditService, 'record'>;
}

/** Everything the practitioner sees about a booking, except what the visitor wrote. */
export interface PractitionerBooking {
	id: string;
	start: string;
	end: string;
	status: BookingRow['status'];
	name: string;
	initials: string;
	email: string;
	phone: string | null;
	preferredContact: 'email' | 'phone';
	place: Place;
	visitorTimeZone: string;
	practiceTimeZone: string;
	sequence: number;
	createdAt: string;
	consentNoticeVersion: string;
	consentedAt: string;
	cancelledAt: string | null;
	cancelledBy: 'visitor' | 'practitioner' | null;
	hasIntake: boolean;
	/** Not started yet and confirmed: it can still be moved or cancelled. */
	canChange: boolean;
	/** Started and not cancelled: it can be marked as missed (or that undone). */
	canMarkOutcome: boolean;
}

export type PracticeChangeResult =
	| { kind: 'cancelled'; booking: PractitionerBooking }
	| { kind: 'rescheduled'; booking: PractitionerBooking }
	| { kind: 'marked'; booking: PractitionerBooking }
	| { kind: 'taken'; alternatives: Slot[] }
	/** Already cancelled, already started, or not yet started (for a no-show): nothing changed. */
	| { kind: 'not-changeable'; booking: PractitionerBooking }
	| { kind: 'not-found' };

/** Who is reading, for the audit log. */
export interface Reader {
	userId: string;
	ip?: string | null;
	userAgent?: string | null;
}

const bookingIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How far back the practitioner's calendar feed reaches. */
export const feedPastDays = 30;
const feedLimit = 1000;

export const defaultMeetingDetails =
	'By video or phone, as you prefer. The practitioner will e-mail you a private video link the day before, or phone you at the time if you asked for a call.';

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function parseOffsets(json: string): number[] {
	try {
		const value: unknown = JSON.parse(json);
		if (Array.isArray(value)) {
			return [...new Set(value.filter((v): v is number => Number.isInteger(v) && v > 0))].sort(
				(a, b) => b - a
			);
		}
	} catch {
		// fall through
	}
	return [];
}

export function createBookingService(deps: BookingServiceDeps) {
	const repository = createBookingRepository(deps.db, deps.kind);
	const intake = createCipher(deriveKey(deps.secret, 'booking-intake'));
	const tokenKey = deriveKey(deps.secret, 'booking-manage-token');
	const host = new URL(deps.origin).host;
	const logger: BookingLogger = deps.logger ?? { info() {}, warn() {} };

	/**
	 * The manage link's token: an HMAC of the booking's id and its form key under a key kept
	 * outside the database (256 bits). Only its SHA-256 is stored. Derived rather than random so
	 * that a resubmitted form can show the same confirmation page again.
	 */
	const manageTokenFor = (row: Pick<BookingRow, 'id' | 'idempotency_key'>) =>
		keyedHash(tokenKey, `${row.id}:${row.idempotency_key}`);
	const manageUrl = (token: string) => `${deps.origin}/consultation/manage/${token}`;

	async function settings(executor: Kysely<DB> = deps.db): Promise<BookingSettings> {
		const row = await repository.findSettings(executor);
		if (!row) throw new Error('Booking has no settings yet; ensureDefaults runs at start.');
		const [weekly, places] = await Promise.all([
			repository.listWeekly(executor),
			repository.listLicensedPlaces(executor)
		]);
		return {
			rules: {
				timeZone: row.time_zone,
				slotMinutes: row.slot_minutes,
				intervalMinutes: row.interval_minutes,
				bufferBeforeMinutes: row.buffer_before_minutes,
				bufferAfterMinutes: row.buffer_after_minutes,
				minimumNoticeMinutes: row.minimum_notice_minutes,
				horizonDays: row.horizon_days,
				dailyCap: row.daily_cap,
				weekly: weekly.map((w) => ({ weekday: w.weekday, start: w.start_time, end: w.end_time }))
			},
			cancellationCutoffMinutes: row.cancellation_cutoff_minutes,
			reminderOffsetsMinutes: parseOffsets(row.reminder_offsets),
			meetingDetails: row.meeting_details,
			meetingUrl: row.meeting_url,
			intakeQuestions: parseIntakeQuestions(row.intake_questions),
			licensedPlaces: places.map((p) => ({ country: p.country, region: p.region || null }))
		};
	}

	/** Everything the engine needs for times in [from, to), read through `executor`. */
	async function engineInput(
		current: BookingSettings,
		from: number,
		to: number,
		executor: Kysely<DB>,
		exceptBookingId?: string
	) {
		// Two days either side covers every offset, and whole days for the daily cap.
		const [exceptions, bookings] = await Promise.all([
			repository.listExceptions(
				dateOf(Math.floor(from / day) - 2),
				dateOf(Math.floor(to / day) + 2),
				executor
			),
			repository.listLiveBetween(iso(from - 2 * day), iso(to + 2 * day), executor)
		]);
		return {
			availability: {
				...current.rules,
				exceptions: exceptions.map((e) => ({
					date: e.date,
					kind: e.kind,
					start: e.start_time,
					end: e.end_time
				}))
			},
			bookings: bookings
				.filter((b) => b.id !== exceptBookingId)
				.map((b) => ({
					start: b.start_at,
					end: b.end_at,
					blockedStart: b.blocked_start,
					blockedEnd: b.blocked_end
				}))
		};
	}

	async function slotsBetween(from: number, to: number, exceptBookingId?: string): Promise<Slot[]> {
		const current = await settings();
		const input = await engineInput(current, from, to, deps.db, exceptBookingId);
		return computeSlots({ ...input, now: deps.clock.now(), from, to });
	}

	async function alternativesTo(start: number, exceptBookingId?: string): Promise<Slot[]> {
		const now = deps.clock.now().getTime();
		const current = await settings();
		const slots = await slotsBetween(
			now,
			now + current.rules.horizonDays * day + day,
			exceptBookingId
		);
		return nearestSlots(slots, start, alternativesOffered);
	}

	function view(row: BookingRow, cutoffMinutes: number): BookingView {
		const changeableUntil = Date.parse(row.start_at) - cutoffMinutes * minute;
		return {
			id: row.id,
			start: row.start_at,
			end: row.end_at,
			status: row.status,
			name: row.name,
			email: row.email,
			visitorTimeZone: row.visitor_time_zone,
			practiceTimeZone: row.time_zone,
			sequence: row.sequence,
			changeableUntil: iso(changeableUntil),
			canChange: row.status === 'confirmed' && deps.clock.now().getTime() < changeableUntil
		};
	}

	function practitionerView(row: BookingRow): PractitionerBooking {
		const now = deps.clock.now().getTime();
		const started = Date.parse(row.start_at) <= now;
		return {
			id: row.id,
			start: row.start_at,
			end: row.end_at,
			status: row.status,
			name: row.name,
			initials: initials(row.name),
			email: row.email,
			phone: row.phone,
			preferredContact: row.preferred_contact,
			place: { country: row.location_country, region: row.location_region || null },
			visitorTimeZone: row.visitor_time_zone,
			practiceTimeZone: row.time_zone,
			sequence: row.sequence,
			createdAt: row.created_at,
			consentNoticeVersion: row.consent_notice_version,
			consentedAt: row.consented_at,
			cancelledAt: row.cancelled_at,
			cancelledBy: row.cancelled_by,
			hasIntake: row.intake_ciphertext !== null,
			canChange: row.status === 'confirmed' && !started,
			canMarkOutcome: row.status !== 'cancelled' && started
		};
	}

	function emailContext(current: BookingSettings): EmailContext {
		return {
			practiceName: deps.practice.name,
			practiceEmail: deps.practice.contactEmail,
			origin: deps.origin,
			meetingDetails: current.meetingDetails,
			meetingUrl: current.meetingUrl,
			cutoffMinutes: current.cancellationCutoffMinutes
		};
	}

	function emailBooking(row: BookingRow): EmailBooking {
		return {
			id: row.id,
			start: row.start_at,
			visitorTimeZone: row.visitor_time_zone,
			practiceTimeZone: row.time_zone,
			name: row.name,
			email: row.email
		};
	}

	function calendarFor(row: BookingRow, current: BookingSettings, method: CalendarMethod): string {
		return bookingCalendar({
			booking: { id: row.id, start: row.start_at, end: row.end_at, sequence: row.sequence },
			method,
			practice: { name: deps.practice.name, contactEmail: deps.practice.contactEmail },
			visitor: { name: row.name, email: row.email },
			meeting: { details: current.meetingDetails, url: current.meetingUrl },
			manageUrl: manageUrl(manageTokenFor(row)),
			host,
			stamp: deps.clock.now()
		});
	}

	/** Queues the visitor's reminders for a booking's current time, skipping any already past. */
	async function scheduleReminders(trx: Kysely<DB>, row: BookingRow, current: BookingSettings) {
		const now = deps.clock.now().getTime();
		const start = Date.parse(row.start_at);
		const context = emailContext(current);
		const url = manageUrl(manageTokenFor(row));
		const reminders: { mail_id: string; booking_id: string; send_at: string }[] = [];
		for (const offset of current.reminderOffsetsMinutes) {
			const sendAt = start - offset * minute;
			if (sendAt <= now) continue;
			const queued = await deps.mail.enqueue(
				reminderEmail(emailBooking(row), context, url, new Date(sendAt)),
				trx
			);
			reminders.push({ mail_id: queued.id, booking_id: row.id, send_at: iso(sendAt) });
		}
		await repository.addReminders(trx, reminders);
	}

	async function withdrawReminders(trx: Kysely<DB>, bookingId: string) {
		const ids = await repository.takeReminders(trx, bookingId);
		await deps.mail.withdraw(ids, trx);
	}

	async function enqueueAll(trx: Kysely<DB>, mails: OutgoingMail[]) {
		for (const mail of mails) await deps.mail.enqueue(mail, trx);
	}

	/** The booking a manage link opens, or undefined for a link that opens nothing. */
	/**
	 * Moves a confirmed booking to [start, end) inside `trx`, if the engine still offers that time:
	 * the row (SEQUENCE rising), its reminders, and the e-mails `mails` writes for the moved booking.
	 * 'taken' when the time is no longer free (or is the one it already has).
	 */
	async function moveWithin(
		trx: Kysely<DB>,
		row: BookingRow,
		current: BookingSettings,
		start: number,
		end: number,
		mails: (moved: BookingRow) => OutgoingMail[]
	): Promise<BookingRow | 'taken'> {
		const now = deps.clock.now();
		const input = await engineInput(current, start, end, trx, row.id);
		if (start === Date.parse(row.start_at) || !isOffered({ ...input, now }, start)) return 'taken';
		const moved: BookingRow = {
			...row,
			start_at: iso(start),
			end_at: iso(end),
			blocked_start: iso(start - current.rules.bufferBeforeMinutes * minute),
			blocked_end: iso(end + current.rules.bufferAfterMinutes * minute),
			updated_at: now.toISOString(),
			sequence: row.sequence + 1
		};
		await repository.move(trx, row.id, moved);
		await withdrawReminders(trx, row.id);
		await enqueueAll(trx, mails(moved));
		await scheduleReminders(trx, moved, current);
		return moved;
	}

	async function rowForToken(token: string): Promise<BookingRow | undefined> {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
		return repository.findByTokenHash(hashToken(token));
	}

	function replayOf(
		existing: BookingRow,
		request: BookingRequest,
		current: BookingSettings
	): BookResult {
		if (existing.email !== request.email.trim().toLowerCase()) return { kind: 'form-used' };
		return {
			kind: 'booked',
			booking: view(existing, current.cancellationCutoffMinutes),
			manageToken: manageTokenFor(existing),
			replay: true
		};
	}

	return {
		settings: () => settings(),

		/**
		 * On a fresh database: the practice's zone, Monday to Friday 9:00–17:00, licensed where the
		 * practice is (New York unless set otherwise), so that bookable times show at once.
		 */
		async ensureDefaults(options: { licensedPlaces?: Place[] } = {}): Promise<boolean> {
			const now = deps.clock.now().toISOString();
			const created = await repository.createDefaults(
				{
					id: 1,
					time_zone: deps.practice.timeZone,
					meeting_details: defaultMeetingDetails,
					updated_at: now
				},
				[1, 2, 3, 4, 5].map((weekday) => ({
					id: randomUUID(),
					weekday,
					start_time: '09:00',
					end_time: '17:00'
				})),
				(options.licensedPlaces ?? [{ country: 'US', region: 'NY' }]).map((p) => ({
					country: p.country,
					region: p.region ?? ''
				}))
			);
			if (created) logger.info({}, 'Default consultation hours created');
			return created;
		},

		/** Bookable times starting in [from, to), epoch milliseconds. */
		slotsBetween,

		async book(request: BookingRequest): Promise<BookResult> {
			const email = request.email.trim().toLowerCase();
			const current = await settings();
			const existing = await repository.findByIdempotencyKey(request.idempotencyKey);
			if (existing) return replayOf(existing, request, current);

			const place: Place = { country: request.country, region: request.region || null };
			if (!isLicensedFor(current.licensedPlaces, place)) return { kind: 'not-licensed', place };

			const start = Date.parse(request.start);
			const end = start + current.rules.slotMinutes * minute;
			const id = randomUUID();
			const now = deps.clock.now();
			const row: BookingRow = {
				id,
				practice_id: 1,
				start_at: iso(start),
				end_at: iso(end),
				blocked_start: iso(start - current.rules.bufferBeforeMinutes * minute),
				blocked_end: iso(end + current.rules.bufferAfterMinutes * minute),
				time_zone: current.rules.timeZone,
				visitor_time_zone: request.visitorTimeZone,
				status: 'confirmed',
				name: request.name.trim(),
				email,
				phone: request.phone.trim() || null,
				preferred_contact: request.preferredContact,
				location_country: request.country,
				location_region: request.region || null,
				intake_ciphertext: null,
				consent_notice_version: request.noticeVersion,
				consented_at: now.toISOString(),
				idempotency_key: request.idempotencyKey,
				manage_token_hash: '',
				sequence: 0,
				cancelled_at: null,
				cancelled_by: null,
				created_at: now.toISOString(),
				updated_at: now.toISOString()
			};
			const token = manageTokenFor(row);
			row.manage_token_hash = hashToken(token);
			const answered = Object.fromEntries(
				Object.entries(request.answers).filter(([, v]) => v.trim())
			);
			if (request.topic.trim() || Object.keys(answered).length > 0) {
				row.intake_ciphertext = intake.encrypt(
					JSON.stringify({ topic: request.topic.trim(), answers: answered }),
					`booking:${id}`
				);
			}

			type Outcome =
				| { kind: 'booked' }
				| { kind: 'taken' }
				| { kind: 'limit-reached' }
				| { kind: 'replay'; row: BookingRow };
			let outcome: Outcome;
			try {
				outcome = await repository.write<Outcome>(async (trx) => {
					const again = await repository.findByIdempotencyKey(request.idempotencyKey, trx);
					if (again) return { kind: 'replay', row: again };
					const upcoming = await repository.countUpcomingFor(email, now.toISOString(), trx);
					if (upcoming >= upcomingPerEmail) return { kind: 'limit-reached' };
					// The same engine that drew the page, on what the database holds now.
					const input = await engineInput(current, start, end, trx);
					if (!isOffered({ ...input, now }, start)) return { kind: 'taken' };
					await repository.insert(trx, row);
					const context = emailContext(current);
					await enqueueAll(trx, [
						confirmationEmail(
							emailBooking(row),
							context,
							manageUrl(token),
							calendarFor(row, current, 'REQUEST'),
							false
						),
						practitionerNotice(emailBooking(row), context, 'booked')
					]);
					await scheduleReminders(trx, row, current);
					return { kind: 'booked' };
				});
			} catch (error) {
				const refusal = refusalOf(error);
				if (refusal === 'time-taken') outcome = { kind: 'taken' };
				else if (refusal === 'duplicate-key') {
					const winner = await repository.findByIdempotencyKey(request.idempotencyKey);
					if (!winner) throw error;
					outcome = { kind: 'replay', row: winner };
				} else throw error;
			}

			switch (outcome.kind) {
				case 'replay':
					return replayOf(outcome.row, request, current);
				case 'limit-reached':
					return { kind: 'limit-reached' };
				case 'taken': {
					// The same form sent twice at once: its other copy may be what took the time.
					const twin = await repository.findByIdempotencyKey(request.idempotencyKey);
					if (twin) return replayOf(twin, request, current);
					logger.info({ event: 'booking.taken' }, 'A chosen consultation time was no longer free');
					return { kind: 'taken', alternatives: await alternativesTo(start) };
				}
				case 'booked':
					deps.mail.nudge();
					logger.info({ event: 'booking.created', bookingId: id }, 'Consultation booked');
					return {
						kind: 'booked',
						booking: view(row, current.cancellationCutoffMinutes),
						manageToken: token,
						replay: false
					};
			}
		},

		/** The booking a manage link opens; undefined for a link that opens nothing. */
		async findByToken(token: string): Promise<BookingView | undefined> {
			const row = await rowForToken(token);
			if (!row) return undefined;
			const current = await settings();
			return view(row, current.cancellationCutoffMinutes);
		},

		/** The booking's calendar file to download (METHOD:PUBLISH), with its UID and SEQUENCE. */
		async calendarFile(token: string): Promise<string | undefined> {
			const row = await rowForToken(token);
			if (!row || row.status !== 'confirmed') return undefined;
			return calendarFor(row, await settings(), 'PUBLISH');
		},

		async reschedule(token: string, newStart: string): Promise<ChangeResult> {
			const found = await rowForToken(token);
			if (!found) return { kind: 'not-found' };
			const current = await settings();
			const start = Date.parse(newStart);
			const end = start + current.rules.slotMinutes * minute;
			type Outcome = ChangeResult | { kind: 'taken' };
			let outcome: Outcome;
			try {
				outcome = await repository.write<Outcome>(async (trx) => {
					const row = await repository.findById(found.id, trx);
					if (!row) return { kind: 'not-found' };
					const before = view(row, current.cancellationCutoffMinutes);
					if (row.status !== 'confirmed') return { kind: 'not-active', booking: before };
					if (!before.canChange) return { kind: 'too-late', booking: before };
					const moved = await moveWithin(trx, row, current, start, end, (moved) => {
						const context = emailContext(current);
						return [
							confirmationEmail(
								emailBooking(moved),
								context,
								manageUrl(token),
								calendarFor(moved, current, 'REQUEST'),
								true
							),
							practitionerNotice(emailBooking(moved), context, 'moved')
						];
					});
					if (moved === 'taken') return { kind: 'taken' };
					return { kind: 'rescheduled', booking: view(moved, current.cancellationCutoffMinutes) };
				});
			} catch (error) {
				if (refusalOf(error) !== 'time-taken') throw error;
				outcome = { kind: 'taken' };
			}
			if (outcome.kind === 'taken' && !('alternatives' in outcome)) {
				return { kind: 'taken', alternatives: await alternativesTo(start, found.id) };
			}
			if (outcome.kind === 'rescheduled') {
				deps.mail.nudge();
				logger.info({ event: 'booking.rescheduled', bookingId: found.id }, 'Consultation moved');
			}
			return outcome as ChangeResult;
		},

		async cancel(token: string): Promise<ChangeResult> {
			const found = await rowForToken(token);
			if (!found) return { kind: 'not-found' };
			const current = await settings();
			const outcome = await repository.write<ChangeResult>(async (trx) => {
				const row = await repository.findById(found.id, trx);
				if (!row) return { kind: 'not-found' };
				const before = view(row, current.cancellationCutoffMinutes);
				if (row.status !== 'confirmed') return { kind: 'not-active', booking: before };
				if (!before.canChange) return { kind: 'too-late', booking: before };
				const now = deps.clock.now().toISOString();
				await repository.cancel(trx, row.id, { at: now, by: 'visitor' });
				await withdrawReminders(trx, row.id);
				const cancelled: BookingRow = {
					...row,
					status: 'cancelled',
					cancelled_at: now,
					cancelled_by: 'visitor',
					updated_at: now,
					sequence: row.sequence + 1
				};
				const context = emailContext(current);
				await enqueueAll(trx, [
					cancellationEmail(
						emailBooking(cancelled),
						context,
						calendarFor(cancelled, current, 'CANCEL')
					),
					practitionerNotice(emailBooking(cancelled), context, 'cancelled')
				]);
				return { kind: 'cancelled', booking: view(cancelled, current.cancellationCutoffMinutes) };
			});
			if (outcome.kind === 'cancelled') {
				deps.mail.nudge();
				logger.info({ event: 'booking.cancelled', bookingId: found.id }, 'Consultation cancelled');
			}
			return outcome;
		},

		/**
		 * What the visitor wrote, decrypted. For the practitioner's consultation page, which must
		 * record the read in the audit log before showing it.
		 */
		async readIntake(
			bookingId: string
		): Promise<{ topic: string; answers: Record<string, string> } | null> {
			const row = await repository.findById(bookingId);
			if (!row?.intake_ciphertext) return null;
			return JSON.parse(intake.decrypt(row.intake_ciphertext, `booking:${row.id}`)) as {
				topic: string;
				answers: Record<string, string>;
			};
		},

		/** Consultations for the practitioner's list (at most 200), soonest or latest first. */
		async listForPractitioner(options: {
			when: 'upcoming' | 'past';
			status?: BookingRow['status'] | null;
		}): Promise<PractitionerBooking[]> {
			const rows = await repository.listForPractitioner({
				now: deps.clock.now().toISOString(),
				when: options.when,
				status: options.status ?? null,
				limit: 200
			});
			return rows.map(practitionerView);
		},

		/** One booking for the practitioner's page; undefined for an id that opens nothing. */
		async findForPractitioner(id: string): Promise<PractitionerBooking | undefined> {
			if (!bookingIdPattern.test(id)) return undefined;
			const row = await repository.findById(id);
			return row ? practitionerView(row) : undefined;
		},

		/**
		 * What the visitor wrote, decrypted for the practitioner. The read is recorded first (who,
		 * which booking, never the text); if it cannot be recorded, nothing is shown.
		 */
		async openIntake(
			id: string,
			reader: Reader
		): Promise<{ topic: string; answers: Record<string, string> } | null | undefined> {
			if (!deps.audit) throw new Error('Reading intake needs the audit log.');
			if (!bookingIdPattern.test(id)) return undefined;
			const row = await repository.findById(id);
			if (!row) return undefined;
			await deps.audit.record({
				action: 'booking.intake-read',
				actorUserId: reader.userId,
				target: `booking:${row.id}`,
				ip: reader.ip ?? null,
				userAgent: reader.userAgent ?? null
			});
			if (!row.intake_ciphertext) return null;
			return JSON.parse(intake.decrypt(row.intake_ciphertext, `booking:${row.id}`)) as {
				topic: string;
				answers: Record<string, string>;
			};
		},

		/**
		 * The practitioner cancels: the visitor gets the cancellation with the practitioner's note
		 * and a CANCEL update; reminders are withdrawn and the time is freed, all in one transaction.
		 */
		async cancelByPractitioner(id: string, message: string | null): Promise<PracticeChangeResult> {
			if (!bookingIdPattern.test(id)) return { kind: 'not-found' };
			const current = await settings();
			const outcome = await repository.write<PracticeChangeResult>(async (trx) => {
				const row = await repository.findById(id, trx);
				if (!row) return { kind: 'not-found' };
				const before = practitionerView(row);
				if (!before.canChange) return { kind: 'not-changeable', booking: before };
				const now = deps.clock.now().toISOString();
				await repository.cancel(trx, row.id, { at: now, by: 'practitioner' });
				await withdrawReminders(trx, row.id);
				const cancelled: BookingRow = {
					...row,
					status: 'cancelled',
					cancelled_at: now,
					cancelled_by: 'practitioner',
					updated_at: now,
					sequence: row.sequence + 1
				};
				await enqueueAll(trx, [
					practiceCancellationEmail(
						emailBooking(cancelled),
						emailContext(current),
						calendarFor(cancelled, current, 'CANCEL'),
						message
					)
				]);
				return { kind: 'cancelled', booking: practitionerView(cancelled) };
			});
			if (outcome.kind === 'cancelled') {
				deps.mail.nudge();
				logger.info(
					{ event: 'booking.cancelled-by-practice', bookingId: id },
					'Consultation cancelled by the practice'
				);
			}
			return outcome;
		},

		/**
		 * The practitioner moves a consultation to another free time: the same checks and guard as a
		 * visitor's move, without the visitor's cut-off. The visitor gets the new time, the note and
		 * an updated invitation (same UID, higher SEQUENCE); reminders follow the new time.
		 */
		async rescheduleByPractitioner(
			id: string,
			newStart: string,
			message: string | null
		): Promise<PracticeChangeResult> {
			if (!bookingIdPattern.test(id)) return { kind: 'not-found' };
			const current = await settings();
			const start = Date.parse(newStart);
			const end = start + current.rules.slotMinutes * minute;
			type Outcome = PracticeChangeResult | { kind: 'taken' };
			let outcome: Outcome;
			try {
				outcome = await repository.write<Outcome>(async (trx) => {
					const row = await repository.findById(id, trx);
					if (!row) return { kind: 'not-found' };
					const before = practitionerView(row);
					if (!before.canChange) return { kind: 'not-changeable', booking: before };
					const moved = await moveWithin(trx, row, current, start, end, (moved) => [
						practiceMovedEmail(
							emailBooking(moved),
							emailContext(current),
							manageUrl(manageTokenFor(moved)),
							calendarFor(moved, current, 'REQUEST'),
							message
						)
					]);
					if (moved === 'taken') return { kind: 'taken' };
					return { kind: 'rescheduled', booking: practitionerView(moved) };
				});
			} catch (error) {
				if (refusalOf(error) !== 'time-taken') throw error;
				outcome = { kind: 'taken' };
			}
			if (outcome.kind === 'taken' && !('alternatives' in outcome)) {
				return { kind: 'taken', alternatives: await alternativesTo(start, id) };
			}
			if (outcome.kind === 'rescheduled') {
				deps.mail.nudge();
				logger.info(
					{ event: 'booking.rescheduled-by-practice', bookingId: id },
					'Consultation moved by the practice'
				);
			}
			return outcome as PracticeChangeResult;
		},

		/** Marks a consultation that has started as missed, or takes that back. No e-mail is sent. */
		async setNoShow(id: string, noShow: boolean): Promise<PracticeChangeResult> {
			if (!bookingIdPattern.test(id)) return { kind: 'not-found' };
			return repository.write<PracticeChangeResult>(async (trx) => {
				const row = await repository.findById(id, trx);
				if (!row) return { kind: 'not-found' };
				const before = practitionerView(row);
				const from = noShow ? 'confirmed' : 'no-show';
				if (!before.canMarkOutcome || row.status !== from) {
					return { kind: 'not-changeable', booking: before };
				}
				const at = deps.clock.now().toISOString();
				const status = noShow ? 'no-show' : 'confirmed';
				await repository.setOutcome(trx, row.id, { status, at });
				return { kind: 'marked', booking: practitionerView({ ...row, status, updated_at: at }) };
			});
		},

		/** Free times for moving one booking (its own time counts as free). */
		slotsForMove: (id: string, from: number, to: number) => slotsBetween(from, to, id),

		/** Whether the private calendar feed is on. */
		async feedIsOn(): Promise<boolean> {
			const row = await repository.findSettings();
			return Boolean(row?.calendar_feed_token_hash);
		},

		/**
		 * A new private feed token (256 bits), replacing any earlier one, which stops working at
		 * once. Only its SHA-256 is kept; the token is shown once, to the practitioner.
		 */
		async newFeedToken(): Promise<string> {
			const token = randomBytes(32).toString('base64url');
			await repository.setFeedTokenHash(hashToken(token), deps.clock.now().toISOString());
			logger.info({ event: 'calendar-feed.new' }, 'A new calendar feed link was made');
			return token;
		},

		async turnOffFeed(): Promise<void> {
			await repository.setFeedTokenHash(null, deps.clock.now().toISOString());
			logger.info({ event: 'calendar-feed.off' }, 'The calendar feed was turned off');
		},

		/**
		 * The practitioner's calendar: upcoming consultations and those of the last 30 days, each
		 * with the visitor's initials and the time only. Undefined for a token that opens nothing.
		 */
		async feed(token: string): Promise<string | undefined> {
			if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
			if (!(await repository.feedTokenHashExists(hashToken(token)))) return undefined;
			const now = deps.clock.now();
			const rows = await repository.listForFeed(iso(now.getTime() - feedPastDays * day), feedLimit);
			return practiceFeed({
				practiceName: deps.practice.name,
				host,
				origin: deps.origin,
				stamp: now,
				consultations: rows.map((r) => ({
					id: r.id,
					start: r.start_at,
					end: r.end_at,
					sequence: r.sequence,
					initials: initials(r.name),
					missed: r.status === 'no-show'
				}))
			});
		},

		/** The reminders waiting for a booking (for tests and the practitioner's page). */
		remindersFor: (bookingId: string) => repository.listReminders(bookingId)
	};
}

export type BookingService = ReturnType<typeof createBookingService>;
