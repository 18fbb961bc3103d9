/**
 * Crashes: a stream of visitors booking distinct times while the server is killed with SIGKILL
 * at random moments and started again each time. A visitor whose page did not load, or whose
 * form got no answer, sends the same form again (same key), as a browser's reload does. Every
 * booking a visitor was told of must exist exactly once, with its e-mails queued or sent, and the
 * database must pass its own integrity check.
 */
import { createHash } from 'node:crypto';
import { startSmtpPeer } from '../../src/lib/server/mail/test-smtp-peer';
import { openEveryDay, type TestDatabase } from './databases';
import { appProcess, lastWords, onCleanup } from './processes';
import { count, describeCounts, newReport, seconds, type Report } from './report';
import {
	confirmationToken,
	median,
	offeredTimes,
	openForm,
	outcomeOf,
	sendForm,
	visitorAddress,
	type BookingForm
} from './visitors';

export interface CrashOptions {
	port: number;
	smtpPort: number;
	bookings: number;
	/** Visitors booking at the same time. */
	concurrency: number;
	addressGroup: number;
	/**
	 * How many answers the server gives after a start before the next kill: a random number in
	 * this range, and then a random moment up to 150 ms later, with requests in flight. Counted in
	 * answers rather than time, so that a slow machine still gets some work done between kills.
	 */
	answersBetweenKills: [number, number];
	/** The whole stream must end within this, ms. */
	deadlineMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: [number, number]) => low + Math.random() * (high - low);

interface Visitor {
	start: string;
	email: string;
	form?: BookingForm;
	token?: string;
	outcome?: string;
	posts: number;
}

interface BookingRow {
	id: string;
	idempotency_key: string;
	manage_token_hash: string;
	email: string;
	start_at: string;
	blocked_start: string;
	blocked_end: string;
	status: string;
}

interface MailRow {
	id: string;
	kind: string;
	to_address: string;
	status: string;
	message_id: string;
	next_attempt_at: string;
	claimed_until: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * "refused" while the server is down, "cut off" when it died during the request (or did not answer
 * in time), "without its form" for a booking page that loaded but did not offer the time.
 */
function networkFailure(error: unknown): string {
	const code = (error as { code?: string }).code;
	if (code === 'ECONNREFUSED') return 'refused';
	if ((error as Error).message?.startsWith('The booking page')) return 'without its form';
	return 'cut off';
}

export async function crashes(
	database: TestDatabase,
	options: CrashOptions,
	log: (line: string) => void
): Promise<Report> {
	const report = newReport();
	const began = performance.now();
	const peer = await startSmtpPeer(options.smtpPort);
	const closePeer = onCleanup(() => peer.close());
	const app = appProcess(options.port, { ...database.env, SMTP_URL: peer.url });
	try {
		await app.start();
		await openEveryDay(database);
		// Times that stay outside the practice's notice (24 hours) for the whole run.
		const times = (await offeredTimes(app.origin, 5)).filter(
			(t) => Date.parse(t) > Date.now() + 86_400_000 + options.deadlineMs
		);
		if (
			!report.check(
				times.length >= options.bookings,
				`only ${times.length} free times for ${options.bookings} bookings`
			)
		) {
			return report;
		}
		const run = Date.now().toString(36);
		const visitors: Visitor[] = times.slice(0, options.bookings).map((start, n) => ({
			start,
			email: `crash-${run}-${n}@example.org`,
			posts: 0
		}));

		const failures = new Map<string, number>();
		const answers = new Map<string, number>();
		const confirmedOnResend = { after: 0 };
		let deadline = Date.now() + options.deadlineMs;
		let streamDone = false;
		let answeredSinceStart = 0;

		async function book(visitor: Visitor, n: number): Promise<void> {
			const address = visitorAddress(options.addressGroup, n);
			let interrupted = false;
			while (!visitor.outcome) {
				if (Date.now() > deadline) {
					visitor.outcome = 'gave up at the deadline';
					return;
				}
				try {
					// A visitor whose form never loaded opens the page again: a new form, a new key.
					if (!visitor.form) {
						visitor.form = await openForm(app.origin, visitor.start, address, visitor.email);
						answeredSinceStart++;
					}
					const answer = await sendForm(app.origin, visitor.form, 60_000);
					visitor.posts++;
					answeredSinceStart++;
					const outcome = outcomeOf(answer);
					count(answers, outcome);
					if (answer.status >= 500) {
						await pause(between([50, 300]));
						continue;
					}
					visitor.outcome = outcome;
					visitor.token = confirmationToken(answer) ?? undefined;
					if (visitor.token && interrupted) confirmedOnResend.after++;
				} catch (error) {
					const failure = networkFailure(error);
					count(failures, `${visitor.form ? 'form' : 'page'} ${failure}`);
					// A form cut off may have reached the server: it counts as sent, and is sent again.
					if (visitor.form && failure === 'cut off') {
						visitor.posts++;
						interrupted = true;
					}
					await pause(between([50, 300]));
				}
			}
		}

		let next = 0;
		const stream = Promise.all(
			Array.from({ length: options.concurrency }, async () => {
				while (next < visitors.length) {
					const n = next++;
					await book(visitors[n]!, n);
				}
			})
		).finally(() => {
			streamDone = true;
		});

		let kills = 0;
		const restarts: number[] = [];
		const streamBegan = performance.now();
		const killer = (async () => {
			while (!streamDone) {
				const answers = Math.round(between(options.answersBetweenKills));
				while (!streamDone && answeredSinceStart < answers) await pause(5);
				if (streamDone) return;
				await pause(between([0, 150]));
				await app.kill();
				kills++;
				const downAt = performance.now();
				try {
					await app.start();
				} catch (error) {
					// Nothing more can be booked: the visitors stop, and the report says why.
					report.check(false, `the server did not come back: ${(error as Error).message}`);
					deadline = 0;
					return;
				}
				answeredSinceStart = 0;
				restarts.push(performance.now() - downAt);
			}
		})();
		await stream;
		await killer;
		const streamMs = performance.now() - streamBegan;
		log(`    ${visitors.length} visitors done in ${seconds(streamMs)} with ${kills} kills`);

		// A moment for the last process's worker, then a clean stop before reading the files.
		await pause(2000);
		await app.stop();

		const outcomes = new Map<string, number>();
		for (const visitor of visitors) count(outcomes, visitor.outcome ?? 'no answer');
		const confirmed = visitors.filter((v) => v.token);
		report.check(
			confirmed.length === visitors.length,
			`not every visitor got a confirmation: ${describeCounts(outcomes)}`
		);

		const rows = await database.query<BookingRow>(
			'select id, idempotency_key, manage_token_hash, email, start_at, blocked_start, blocked_end, status from booking'
		);
		const byHash = new Map<string, BookingRow[]>();
		for (const row of rows)
			byHash.set(row.manage_token_hash, [...(byHash.get(row.manage_token_hash) ?? []), row]);
		let exactlyOnce = 0;
		for (const visitor of confirmed) {
			const found = byHash.get(sha256(visitor.token!)) ?? [];
			const row = found[0];
			const right =
				found.length === 1 &&
				row!.idempotency_key === visitor.form!.fields.idempotencyKey &&
				row!.start_at === visitor.start &&
				row!.email === visitor.email &&
				row!.status === 'confirmed';
			if (right) exactlyOnce++;
			else
				report.check(
					false,
					`the booking confirmed for ${visitor.start} is there ${found.length} times`
				);
		}
		report.check(
			rows.length === confirmed.length,
			`${rows.length} bookings in the database, ${confirmed.length} confirmed to visitors`
		);

		// No two live bookings share any instant of their blocked time.
		const live = rows
			.filter((r) => r.status !== 'cancelled')
			.sort((a, b) => a.blocked_start.localeCompare(b.blocked_start));
		let overlaps = 0;
		for (let i = 1; i < live.length; i++) {
			if (live[i]!.blocked_start < live[i - 1]!.blocked_end) overlaps++;
		}
		report.check(overlaps === 0, `${overlaps} bookings overlap another`);
		if (database.kind === 'sqlite') {
			const cells = await database.query<{ booking_id: string }>(
				'select distinct booking_id from booking_cell'
			);
			const holding = new Set(cells.map((c) => c.booking_id));
			const without = rows.filter((r) => !holding.has(r.id)).length;
			report.check(without === 0, `${without} bookings hold no cells of their time`);
		}

		// Each booking's e-mails were written in its transaction: all of them, or none.
		const mails = await database.query<MailRow>(
			"select id, kind, to_address, status, message_id, next_attempt_at, claimed_until from mail_outbox where kind like 'booking-%'"
		);
		const reminders = await database.query<{ mail_id: string; booking_id: string }>(
			'select mail_id, booking_id from booking_reminder'
		);
		const mailById = new Map(mails.map((m) => [m.id, m]));
		const byAddress = new Map<string, MailRow[]>();
		for (const mail of mails) {
			byAddress.set(mail.to_address, [...(byAddress.get(mail.to_address) ?? []), mail]);
		}
		const remindersOf = new Map<string, string[]>();
		for (const r of reminders)
			remindersOf.set(r.booking_id, [...(remindersOf.get(r.booking_id) ?? []), r.mail_id]);
		let complete = 0;
		for (const row of rows) {
			const own = byAddress.get(row.email) ?? [];
			const confirmations = own.filter((m) => m.kind === 'booking-confirmed');
			const reminderMails = (remindersOf.get(row.id) ?? []).map((id) => mailById.get(id));
			const ok =
				confirmations.length === 1 &&
				reminderMails.length === 2 &&
				reminderMails.every((m) => m?.kind === 'booking-reminder' && m.to_address === row.email) &&
				own.length === 3;
			if (ok) complete++;
			else report.check(false, `the booking at ${row.start_at} has ${own.length} of its 3 e-mails`);
		}
		const notices = mails.filter((m) => m.kind === 'booking-notice').length;
		report.check(
			notices === rows.length,
			`${notices} notices to the practice for ${rows.length} bookings`
		);
		// Pending mail is a reminder for later, mail a killed process had claimed (sent once its
		// claim runs out, within 10 minutes), or mail not reached yet.
		const now = new Date().toISOString();
		const statuses = new Map<string, number>();
		for (const mail of mails) {
			if (mail.status !== 'pending') count(statuses, mail.status);
			else if (mail.next_attempt_at > now) count(statuses, 'reminders for later');
			else if (mail.claimed_until && mail.claimed_until > now)
				count(statuses, 'claimed by a killed process');
			else count(statuses, 'due');
		}
		const unsendable = mails.filter((m) => m.status !== 'pending' && m.status !== 'sent').length;
		report.check(unsendable === 0, `${unsendable} booking e-mails are neither waiting nor sent`);

		const received = new Map<string, number>();
		for (const id of peer.messageIds()) count(received, id);
		const twice = [...received.values()].filter((n) => n > 1).length;
		report.check(twice === 0, `${twice} messages were received more than once`);
		const sentNotReceived = mails.filter(
			(m) => m.status === 'sent' && !received.has(m.message_id)
		).length;
		report.check(sentNotReceived === 0, `${sentNotReceived} e-mails marked sent never arrived`);
		const known = new Set(mails.map((m) => m.message_id));
		const strangers = [...received.keys()].filter((id) => !known.has(id)).length;
		report.check(
			strangers === 0,
			`${strangers} messages arrived that no booking in the database queued`
		);
		// Sent by a process killed before it could mark them: they wait out their claim (10 minutes)
		// and then go again, so the receiving side sees the same Message-ID twice.
		const sentButUnmarked = mails.filter(
			(m) => m.status === 'pending' && received.has(m.message_id)
		).length;

		const integrity = await database.integrity();
		report.check(integrity.startsWith('ok'), `integrity check: ${integrity}`);
		const serverErrors = [...answers]
			.filter(([outcome]) => outcome.startsWith('server error'))
			.reduce((sum, [, n]) => sum + n, 0);
		report.check(serverErrors === 0, `${serverErrors} server errors`);

		const posts = visitors.reduce((sum, v) => sum + v.posts, 0);
		report.figure('database', database.kind);
		report.figure(
			'bookings',
			`${visitors.length} distinct times, ${options.concurrency} visitors at a time`
		);
		report.figure(
			'kills',
			`${kills} × SIGKILL, each after ${options.answersBetweenKills[0]}–${options.answersBetweenKills[1]} answers; back up in ${Math.round(median(restarts))} ms (median)`
		);
		const withForm = visitors.filter((v) => v.posts > 0).length;
		report.figure(
			'forms that reached the server',
			`${posts} (${posts - withForm} sent again with the same key); tries while it was down not counted`
		);
		report.figure('network failures', describeCounts(failures));
		report.figure('answers', describeCounts(answers));
		report.figure('outcomes', describeCounts(outcomes));
		report.figure('confirmed after a resend of a form cut off', confirmedOnResend.after);
		report.figure(
			'in the database',
			`${rows.length} bookings, ${exactlyOnce} confirmed ones exactly once, ${complete} with all 3 e-mails, ${overlaps} overlaps`
		);
		report.figure(
			'booking e-mails',
			`${describeCounts(statuses)}; ${received.size} received, ${twice} twice; ${sentButUnmarked} sent by a process killed before marking them`
		);
		report.figure('integrity', integrity);
		report.figure('time', seconds(performance.now() - began));
		return report;
	} catch (error) {
		report.check(false, `stopped: ${(error as Error).stack ?? error}`);
		return report;
	} finally {
		if (report.problems.length > 0) for (const line of lastWords(app)) report.check(false, line);
		await app.stop();
		await closePeer();
	}
}
