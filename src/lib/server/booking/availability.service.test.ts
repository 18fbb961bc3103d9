import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	exceptionFrom,
	exceptionSchema,
	hoursFrom,
	hoursSchema,
	meetingSchema,
	parseDayHours,
	parseReminderHours,
	placeFrom,
	placeSchema,
	questionSchema,
	rulesSchema
} from '../../booking/availability-forms';
import { privacyNoticeVersion } from '../../booking/booking-form';
import { parseForm } from '../../forms/parse';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createMailService } from '../mail/mail.service';
import { createAvailabilityRepository } from './availability.repository';
import { createAvailabilityService } from './availability.service';
import { createBookingService, type BookingRequest } from './booking.service';

const monday = '2026-11-30T12:00:00.000Z';
const day = 86_400_000;
const practice = {
	name: 'Steady',
	contactEmail: 'hello@steady.example.org',
	timeZone: 'America/New_York'
};

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.append(name, value);
	return data;
}

const defaultRules = {
	intervalMinutes: '30',
	bufferBeforeMinutes: '0',
	bufferAfterMinutes: '10',
	minimumNoticeHours: '24',
	horizonDays: '30',
	dailyCap: '',
	cancellationCutoffHours: '4',
	reminderHours: '24, 1'
};

let keyCount = 0;
function request(overrides: Partial<BookingRequest> = {}): BookingRequest {
	keyCount += 1;
	return {
		idempotencyKey: `avail-${keyCount}-${Math.random().toString(36).slice(2, 12)}`,
		start: '2026-12-01T15:00:00.000Z',
		visitorTimeZone: 'America/New_York',
		name: 'Ana Lima',
		email: `ana${keyCount}@example.org`,
		phone: '',
		preferredContact: 'email',
		country: 'US',
		region: 'NY',
		topic: '',
		answers: {},
		noticeVersion: privacyNoticeVersion,
		...overrides
	};
}

describe('availability forms', () => {
	it('reads a day’s hours as typed, in order, and says what to fix', () => {
		expect(parseDayHours('13:00-17:00, 9-12')).toEqual({
			ok: true,
			ranges: [
				{ start: '09:00', end: '12:00' },
				{ start: '13:00', end: '17:00' }
			]
		});
		expect(parseDayHours('9:00 to 24:00')).toEqual({
			ok: true,
			ranges: [{ start: '09:00', end: '24:00' }]
		});
		expect(parseDayHours('')).toEqual({ ok: true, ranges: [] });
		expect(parseDayHours('17:00-9:00')).toMatchObject({ ok: false });
		expect(parseDayHours('9:00-12:00, 11:00-13:00')).toMatchObject({
			ok: false,
			message: expect.stringContaining('overlap')
		});
		expect(parseDayHours('mornings')).toMatchObject({ ok: false });
		expect(parseDayHours('9:75-10:00')).toMatchObject({ ok: false });
	});

	it('puts each problem beside its own field and keeps what was typed', () => {
		const parsed = parseForm(
			hoursSchema,
			form({ timeZone: 'Mars/Olympus', 'day-1': '9-12, 13-17', 'day-2': 'all day' })
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.keys(parsed.errors).sort()).toEqual(['day-2', 'timeZone']);
		expect(parsed.values['day-1']).toBe('9-12, 13-17');
		const good = parseForm(
			hoursSchema,
			form({ timeZone: 'Europe/Dublin', 'day-1': '9-12, 13-17', 'day-3': '10:00-11:00' })
		);
		expect(good.ok).toBe(true);
		if (!good.ok) return;
		expect(hoursFrom(good.data)).toEqual({
			timeZone: 'Europe/Dublin',
			weekly: [
				{ weekday: 1, start: '09:00', end: '12:00' },
				{ weekday: 1, start: '13:00', end: '17:00' },
				{ weekday: 3, start: '10:00', end: '11:00' }
			]
		});
	});

	it('checks the rules, the dates, the places, the questions and how people join', () => {
		const rules = parseForm(
			rulesSchema,
			form({ ...defaultRules, dailyCap: '0', reminderHours: '24, soon', horizonDays: '1000' })
		);
		expect(rules.ok).toBe(false);
		if (!rules.ok) {
			expect(Object.keys(rules.errors).sort()).toEqual([
				'dailyCap',
				'horizonDays',
				'reminderHours'
			]);
		}
		const fine = parseForm(
			rulesSchema,
			form({ ...defaultRules, dailyCap: '3', reminderHours: '1, 48, 0.5' })
		);
		expect(fine.ok && fine.data).toMatchObject({ dailyCap: 3, reminderHours: [2880, 60, 30] });
		expect(parseReminderHours('1,2,3,4,5')).toMatchObject({ ok: false });

		const hoursMissing = parseForm(exceptionSchema, form({ date: '2026-12-24', kind: 'open' }));
		expect(hoursMissing.ok ? {} : Object.keys(hoursMissing.errors).sort()).toEqual([
			'end',
			'start'
		]);
		const badDate = parseForm(exceptionSchema, form({ date: '2026-02-30', kind: 'closed-day' }));
		expect(badDate.ok ? {} : Object.keys(badDate.errors)).toEqual(['date']);
		const closed = parseForm(
			exceptionSchema,
			form({ date: '2026-12-24', kind: 'closed-hours', start: '9:00', end: '12:00' })
		);
		expect(closed.ok && exceptionFrom(closed.data)).toEqual({
			date: '2026-12-24',
			kind: 'closed',
			start: '09:00',
			end: '12:00',
			note: ''
		});

		const noState = parseForm(placeSchema, form({ country: 'US', region: '' }));
		expect(noState.ok ? {} : Object.keys(noState.errors)).toEqual(['region']);
		const wrongState = parseForm(placeSchema, form({ country: 'CA', region: 'US-NY' }));
		expect(wrongState.ok).toBe(false);
		const ontario = parseForm(placeSchema, form({ country: 'CA', region: 'CA-ON' }));
		expect(ontario.ok && placeFrom(ontario.data)).toEqual({ country: 'CA', region: 'ON' });
		const ireland = parseForm(placeSchema, form({ country: 'IE', region: 'US-NY' }));
		expect(ireland.ok && placeFrom(ireland.data)).toEqual({ country: 'IE', region: '' });

		expect(parseForm(questionSchema, form({ label: ' ', maxLength: '10' })).ok).toBe(false);
		expect(
			parseForm(meetingSchema, form({ meetingDetails: 'Video', meetingUrl: 'http://x.example' })).ok
		).toBe(false);
		expect(
			parseForm(meetingSchema, form({ meetingDetails: 'Video', meetingUrl: 'javascript:alert(1)' }))
				.ok
		).toBe(false);
		const meeting = parseForm(meetingSchema, form({ meetingDetails: ' Video ', meetingUrl: '' }));
		expect(meeting.ok && meeting.data).toEqual({ meetingDetails: 'Video', meetingUrl: null });
	});
});

describe.each(testDatabaseKinds)('availability service on %s', (kind) => {
	let current: TestDatabase;
	let clock: ReturnType<typeof fixedClock>;

	function services() {
		const mail = createMailService({
			db: current.db,
			kind: current.kind,
			clock,
			transport: null,
			from: 'Steady <hello@steady.example.org>'
		});
		const booking = createBookingService({
			db: current.db,
			kind: current.kind,
			clock,
			mail,
			practice,
			origin: 'https://steady.example.org',
			secret: 'test-booking-secret-that-is-long-enough'
		});
		const availability = createAvailabilityService({
			availability: createAvailabilityRepository(current.db),
			clock
		});
		return { booking, availability };
	}

	/** Offered start times on one date in New York, as "HH:MM". */
	async function timesOn(date: string, zone = 'America/New_York') {
		const { booking } = services();
		const from = Date.parse(`${date}T00:00:00Z`) - day;
		const slots = await booking.slotsBetween(from, from + 3 * day);
		const format = new Intl.DateTimeFormat('en-CA', {
			timeZone: zone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
		return slots
			.map((s) => format.format(s.start).replace(',', ''))
			.filter((t) => t.startsWith(date))
			.map((t) => t.slice(11));
	}

	beforeEach(async () => {
		current = await createTestDatabase(kind);
		clock = fixedClock(monday);
		await services().booking.ensureDefaults();
	});

	afterEach(async () => {
		await current.destroy();
	});

	it('saves weekly hours in the practitioner’s zone, several ranges a day, and the engine follows', async () => {
		const { availability } = services();
		const before = await timesOn('2026-12-02');
		expect(before[0]).toBe('09:00');
		expect(before.at(-1)).toBe('16:30');
		await availability.saveHours({
			timeZone: 'America/New_York',
			weekly: [
				{ weekday: 3, start: '08:00', end: '09:00' },
				{ weekday: 3, start: '14:00', end: '15:00' },
				{ weekday: 6, start: '10:00', end: '11:00' }
			]
		});
		expect(await timesOn('2026-12-02')).toEqual(['08:00', '08:30', '14:00', '14:30']);
		expect(await timesOn('2026-12-01')).toEqual([]);
		expect(await timesOn('2026-12-05')).toEqual(['10:00', '10:30']);
		const overview = await availability.overview();
		expect(overview.weekly).toHaveLength(3);

		// The same hours in another zone are other instants.
		await availability.saveHours({
			timeZone: 'Europe/London',
			weekly: [{ weekday: 3, start: '14:00', end: '15:00' }]
		});
		expect(await timesOn('2026-12-02')).toEqual(['09:00', '09:30']);
		expect((await availability.overview()).timeZone).toBe('Europe/London');
	});

	it('closes a date, takes hours away, and opens extra hours on a day off', async () => {
		const { availability } = services();
		await availability.addException({
			date: '2026-12-02',
			kind: 'closed',
			start: null,
			end: null,
			note: 'Training'
		});
		await availability.addException({
			date: '2026-12-03',
			kind: 'closed',
			start: '09:00',
			end: '16:00',
			note: ''
		});
		await availability.addException({
			date: '2026-12-05',
			kind: 'open',
			start: '10:00',
			end: '11:00',
			note: ''
		});
		expect(await timesOn('2026-12-02')).toEqual([]);
		expect(await timesOn('2026-12-03')).toEqual(['16:00', '16:30']);
		expect(await timesOn('2026-12-05')).toEqual(['10:00', '10:30']);
		const overview = await availability.overview();
		expect(overview.exceptions.map((e) => [e.date, e.kind, e.note])).toEqual([
			['2026-12-02', 'closed', 'Training'],
			['2026-12-03', 'closed', null],
			['2026-12-05', 'open', null]
		]);
		expect(await availability.removeException(overview.exceptions[0]!.id)).toBe(true);
		expect(await availability.removeException(overview.exceptions[0]!.id)).toBe(false);
		expect((await timesOn('2026-12-02')).length).toBe(16);
	});

	it('saves the rules the engine reads: interval, buffers, notice, horizon, cap, cut-off, reminders', async () => {
		const { availability, booking } = services();
		await availability.saveRules({
			intervalMinutes: 60,
			bufferBeforeMinutes: 15,
			bufferAfterMinutes: 15,
			minimumNoticeHours: 48,
			horizonDays: 7,
			dailyCap: 2,
			cancellationCutoffHours: 12,
			reminderHours: [120]
		});
		const settings = await booking.settings();
		expect(settings.rules).toMatchObject({
			intervalMinutes: 60,
			bufferBeforeMinutes: 15,
			bufferAfterMinutes: 15,
			minimumNoticeMinutes: 2880,
			horizonDays: 7,
			dailyCap: 2
		});
		expect(settings.cancellationCutoffMinutes).toBe(720);
		expect(settings.reminderOffsetsMinutes).toEqual([120]);
		// 48 hours' notice from Monday 7:00 in New York: nothing on Tuesday; Wednesday on the hour.
		expect(await timesOn('2026-12-01')).toEqual([]);
		expect(await timesOn('2026-12-02')).toEqual([
			'09:00',
			'10:00',
			'11:00',
			'12:00',
			'13:00',
			'14:00',
			'15:00',
			'16:00'
		]);
		expect(await timesOn('2026-12-08')).toEqual([]);

		// At most two a day: the third time that day is no longer offered, nor bookable.
		const thursday = (hour: number) => `2026-12-03T${String(hour + 5).padStart(2, '0')}:00:00.000Z`;
		expect((await booking.book(request({ start: thursday(9) }))).kind).toBe('booked');
		expect((await booking.book(request({ start: thursday(11) }))).kind).toBe('booked');
		expect(await timesOn('2026-12-03')).toEqual([]);
		expect((await booking.book(request({ start: thursday(14) }))).kind).toBe('taken');
		// The buffers: 9:00 with 15 minutes either side keeps 10:00 free (touching) but not 9:30.
		expect((await timesOn('2026-12-04'))[0]).toBe('09:00');
		await availability.saveRules({
			intervalMinutes: 30,
			bufferBeforeMinutes: 15,
			bufferAfterMinutes: 15,
			minimumNoticeHours: 0,
			horizonDays: 7,
			dailyCap: null,
			cancellationCutoffHours: 12,
			reminderHours: []
		});
		expect(await timesOn('2026-12-03')).not.toContain('09:30');
		expect(await timesOn('2026-12-03')).toContain('10:00');
		expect((await booking.settings()).rules.dailyCap).toBeNull();
	});

	it('keeps the list of licensed places, and booking follows it', async () => {
		const { availability, booking } = services();
		expect(await availability.addPlace({ country: 'CA', region: 'ON' })).toBe(true);
		expect(await availability.addPlace({ country: 'CA', region: 'ON' })).toBe(false);
		expect(await availability.addPlace({ country: 'IE', region: '' })).toBe(true);
		expect((await availability.overview()).places).toEqual([
			{ country: 'CA', region: 'ON' },
			{ country: 'IE', region: null },
			{ country: 'US', region: 'NY' }
		]);
		expect((await booking.book(request({ country: 'IE', region: '' }))).kind).toBe('booked');
		expect(await availability.removePlace({ country: 'US', region: 'NY' })).toBe(true);
		expect((await booking.book(request({ start: '2026-12-02T15:00:00.000Z' }))).kind).toBe(
			'not-licensed'
		);
	});

	it('adds, edits and removes the practitioner’s questions; an edit keeps the question’s id', async () => {
		const { availability, booking } = services();
		const base = { id: '', hint: '', required: false, maxLength: 300 };
		expect(await availability.saveQuestion({ ...base, label: 'What times suit you best?' })).toBe(
			'saved'
		);
		expect(
			await availability.saveQuestion({
				...base,
				label: 'What times suit you best?',
				required: true
			})
		).toBe('saved');
		let questions = (await booking.settings()).intakeQuestions;
		expect(questions.map((q) => q.id)).toEqual([
			'what-times-suit-you-best',
			'what-times-suit-you-best-2'
		]);
		expect(
			await availability.saveQuestion({
				...base,
				id: 'what-times-suit-you-best',
				label: 'Which times of day are easiest?',
				hint: 'Mornings, evenings…',
				maxLength: 200
			})
		).toBe('saved');
		questions = (await booking.settings()).intakeQuestions;
		expect(questions[0]).toEqual({
			id: 'what-times-suit-you-best',
			label: 'Which times of day are easiest?',
			hint: 'Mornings, evenings…',
			required: false,
			maxLength: 200
		});
		expect(await availability.saveQuestion({ ...base, id: 'gone', label: 'x' })).toBe('not-found');
		expect(await availability.removeQuestion('what-times-suit-you-best-2')).toBe(true);
		expect(await availability.removeQuestion('what-times-suit-you-best-2')).toBe(false);
		for (let i = 0; i < 7; i++)
			await availability.saveQuestion({ ...base, label: `Question ${i}` });
		expect(await availability.saveQuestion({ ...base, label: 'One too many' })).toBe('too-many');
		expect((await booking.settings()).intakeQuestions).toHaveLength(8);
	});

	it('saves how people join, and the next confirmation says so', async () => {
		const { availability, booking } = services();
		await availability.saveMeeting({
			meetingDetails: 'By video: the link below opens a private room.',
			meetingUrl: 'https://video.example.org/room/steady'
		});
		const overview = await availability.overview();
		expect(overview.meetingDetails).toBe('By video: the link below opens a private room.');
		expect(overview.meetingUrl).toBe('https://video.example.org/room/steady');
		expect((await booking.book(request())).kind).toBe('booked');
		const confirmation = await current.db
			.selectFrom('mail_outbox')
			.select('text_body')
			.where('kind', '=', 'booking-confirmed')
			.executeTakeFirstOrThrow();
		expect(confirmation.text_body).toContain('the link below opens a private room');
		expect(confirmation.text_body).toContain('https://video.example.org/room/steady');
	});
});
