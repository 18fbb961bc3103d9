import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from '../clock';
import type { DatabaseKind } from '../db/database';
import type { DB, MailStatus } from '../db/schema';
import { createMailRepository, type MailRow } from './mail.repository';

export type { MailRow, MailSummary } from './mail.repository';
export type { MailStatus } from '../db/schema';

/** One e-mail to one person. `subject`, `text` and `html` are usually what renderEmail returns. */
export interface OutgoingMail {
	/** What the message is for, e.g. 'verify-email'; logged in place of anything personal. */
	kind: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	/** An iCalendar body sent as the calendar part; method as in its METHOD line (REQUEST, CANCEL). */
	calendar?: { content: string; method: string };
	/** Not sent before this instant (a reminder); unset means as soon as possible. */
	sendAfter?: Date;
}

export interface EnqueuedMail {
	id: string;
	messageId: string;
	status: MailStatus;
}

export interface DeliveryReport {
	claimed: number;
	sent: number;
	retrying: number;
	failed: number;
}

/** The part of pino the mail module uses. */
export interface MailLogger {
	info(details: object, message?: string): void;
	warn(details: object, message?: string): void;
	error(details: object, message?: string): void;
}

export interface MailServiceDeps {
	db: Kysely<DB>;
	kind: DatabaseKind;
	clock: Clock;
	/** null: no SMTP server is configured, and every message is kept for the practitioner. */
	transport: Transporter | null;
	/** The From header, "Name <address>" or an address. */
	from: string;
	logger?: MailLogger;
}

const minute = 60_000;

/** Wait after the 1st, 2nd, 3rd … failed attempt; the last one repeats until giving up. */
export const retryDelaysMs: readonly number[] = [minute, 5 * minute, 30 * minute, 120 * minute];

/** After this many failed attempts (about eight and a half hours) a message is marked failed. */
export const maxAttempts = 8;

/**
 * How long a claim lasts. Longer than the transport's timeouts allow one batch to take, so a slow
 * send is never taken over; if the process dies, the message is sent after the claim runs out.
 */
export const claimMs = 10 * minute;

/** The wait before the next try after `attempts` failed ones, or null to give up. */
export function retryDelayMs(attempts: number): number | null {
	if (attempts >= maxAttempts) return null;
	const index = Math.min(Math.max(attempts, 1), retryDelaysMs.length) - 1;
	return retryDelaysMs[index] ?? null;
}

/**
 * The SMTP transport for SMTP_URL, or null when it is unset. Timeouts are short because a worker
 * that waits minutes on one server holds up every message behind it; a timeout is simply retried.
 */
export function createMailTransport(smtpUrl: string | undefined): Transporter | null {
	if (!smtpUrl) return null;
	return nodemailer.createTransport({
		url: smtpUrl,
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		socketTimeout: 60_000
	});
}

const silentLogger: MailLogger = { info() {}, warn() {}, error() {} };

function domainOf(from: string): string {
	const match = /@([^\s<>@]+?)>?\s*$/.exec(from);
	return match?.[1] ?? 'steady.invalid';
}

// Kept for the practitioner and the retry decision. Only what the server said and our error
// code: never the message, which nodemailer does not put in errors anyway.
function describeError(error: unknown): string {
	const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown };
	const message = error instanceof Error ? error.message : String(error);
	const code = [e.code, e.responseCode].filter((part) => part !== undefined).join(' ');
	const detail = typeof e.response === 'string' ? e.response : message;
	return `${code ? `${code}: ` : ''}${detail}`.replace(/\s+/g, ' ').trim().slice(0, 500);
}

const headerBreak = /[\r\n]/;
const addressPattern = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

function checkMail(mail: OutgoingMail): void {
	if (!addressPattern.test(mail.to)) {
		throw new Error(`A ${mail.kind} e-mail needs one plain recipient address.`);
	}
	if (headerBreak.test(mail.subject) || headerBreak.test(mail.kind)) {
		throw new Error(`A ${mail.kind} e-mail subject must be one line.`);
	}
	if (mail.calendar && !/^[A-Z-]+$/.test(mail.calendar.method)) {
		throw new Error(`A ${mail.kind} e-mail has an unknown calendar method.`);
	}
}

export function createMailService(deps: MailServiceDeps) {
	const repository = createMailRepository(deps.db, deps.kind);
	const logger = deps.logger ?? silentLogger;
	const transport = deps.transport;
	const domain = domainOf(deps.from);
	const listeners = new Set<() => void>();

	function nudge(): void {
		for (const listener of listeners) listener();
	}

	async function deliver(row: MailRow, report: DeliveryReport): Promise<void> {
		if (!transport) return;
		// A round sends its messages one after another, and a slow server can keep the later ones
		// waiting for minutes; one withdrawn meanwhile (a reminder for a booking that moved or was
		// cancelled) must not go out from the copy this round holds.
		if (!(await repository.isPending(row.id))) {
			logger.info({ mailId: row.id, kind: row.kind }, 'An e-mail was withdrawn before its turn');
			return;
		}
		const attempts = row.attempts + 1;
		try {
			await transport.sendMail({
				from: deps.from,
				to: row.to_address,
				subject: row.subject,
				text: row.text_body,
				html: row.html_body,
				// The same Message-ID on every attempt lets the receiving side recognise a resend.
				messageId: row.message_id,
				date: deps.clock.now(),
				// Asks vacation responders not to answer a machine (RFC 3834).
				headers: { 'Auto-Submitted': 'auto-generated' },
				...(row.calendar
					? {
							icalEvent: {
								method: row.calendar_method ?? 'REQUEST',
								content: row.calendar,
								filename: 'invite.ics'
							}
						}
					: {})
			});
		} catch (error) {
			const description = describeError(error);
			const delay = retryDelayMs(attempts);
			const e = error as { code?: unknown; responseCode?: unknown };
			const details = {
				mailId: row.id,
				kind: row.kind,
				attempts,
				code: e.code,
				responseCode: e.responseCode
			};
			if (delay === null) {
				await repository.markFailed(row.id, { attempts, error: description });
				report.failed++;
				logger.error(details, 'An e-mail could not be sent and will not be tried again');
			} else {
				const nextAttemptAt = new Date(deps.clock.now().getTime() + delay).toISOString();
				await repository.markRetry(row.id, { attempts, nextAttemptAt, error: description });
				report.retrying++;
				logger.warn({ ...details, nextAttemptAt }, 'An e-mail could not be sent; will retry');
			}
			return;
		}
		await repository.markSent(row.id, { sentAt: deps.clock.now().toISOString(), attempts });
		report.sent++;
		logger.info({ mailId: row.id, kind: row.kind, attempts }, 'E-mail sent');
	}

	return {
		/** False when SMTP_URL is unset: the practitioner's pages say so and show the kept mail. */
		mailConfigured: transport !== null,

		/**
		 * Puts a message in the outbox. Pass the caller's transaction as `executor` so the message
		 * exists exactly when what it is about does; call nudge() after that transaction commits
		 * to send at once rather than at the worker's next round.
		 */
		async enqueue(mail: OutgoingMail, executor?: Kysely<DB>): Promise<EnqueuedMail> {
			checkMail(mail);
			const now = deps.clock.now().toISOString();
			const notBefore = mail.sendAfter ? mail.sendAfter.toISOString() : now;
			const id = randomUUID();
			const messageId = `<${randomUUID()}@${domain}>`;
			const status: MailStatus = transport ? 'pending' : 'kept';
			await repository.insert(
				{
					id,
					message_id: messageId,
					kind: mail.kind,
					to_address: mail.to,
					subject: mail.subject,
					text_body: mail.text,
					html_body: mail.html,
					calendar: mail.calendar?.content ?? null,
					calendar_method: mail.calendar?.method ?? null,
					status,
					attempts: 0,
					next_attempt_at: notBefore > now ? notBefore : now,
					claimed_until: null,
					last_error: null,
					created_at: now,
					sent_at: null
				},
				executor
			);
			// Inside an open transaction the row is not visible to the worker until commit.
			if (status === 'pending' && !executor?.isTransaction) nudge();
			return { id, messageId, status };
		},

		/**
		 * Takes back messages that have not been sent (a reminder for a booking that moved or was
		 * cancelled). Pass the caller's transaction so they go exactly when the change commits.
		 * Returns how many were taken back; a message already sent stays as it is.
		 */
		withdraw(ids: readonly string[], executor?: Kysely<DB>): Promise<number> {
			return repository.deleteUnsent(ids, executor);
		},

		/** Sends up to `limit` due messages, one after another, and records each outcome. */
		async deliverDue(limit = 20): Promise<DeliveryReport> {
			const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
			if (!transport) return report;
			const now = deps.clock.now();
			const rows = await repository.claimDue({
				now: now.toISOString(),
				until: new Date(now.getTime() + claimMs).toISOString(),
				limit
			});
			report.claimed = rows.length;
			for (const row of rows) await deliver(row, report);
			return report;
		},

		/** Asks the worker, if one listens, to look for due mail now. */
		nudge,

		/** Called on every nudge; returns the function that stops listening. */
		onNudge(listener: () => void): () => void {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},

		listRecent(options: { limit: number; offset?: number; status?: MailStatus }) {
			return repository.listRecent(options);
		},

		find(id: string): Promise<MailRow | undefined> {
			return repository.findById(id);
		},

		countByStatus(): Promise<Record<MailStatus, number>> {
			return repository.countByStatus();
		}
	};
}

export type MailService = ReturnType<typeof createMailService>;

export interface MailWorker {
	/** Looks for due mail now instead of at the next interval. */
	nudge(): void;
	/** Stops the loop and waits for a round in progress to finish. */
	stop(): Promise<void>;
}

/**
 * Sends due mail every `intervalMs` and whenever the service is nudged. Safe in every process:
 * claims keep two workers off the same message. Rounds never overlap within one process.
 */
export function startMailWorker(options: {
	service: MailService;
	intervalMs?: number;
	batchSize?: number;
	logger?: MailLogger;
}): MailWorker {
	const { service } = options;
	const intervalMs = options.intervalMs ?? 5_000;
	const batchSize = options.batchSize ?? 20;
	const logger = options.logger ?? silentLogger;
	let stopped = false;
	let again = false;
	let running: Promise<void> | null = null;

	async function loop(): Promise<void> {
		do {
			again = false;
			try {
				const report = await service.deliverDue(batchSize);
				// A full batch suggests more are waiting: go on without waiting for the timer.
				if (report.claimed === batchSize) again = true;
			} catch (error) {
				logger.error(
					{ error: error instanceof Error ? error.message : String(error) },
					'The mail worker could not look for due e-mail'
				);
			}
		} while (again && !stopped);
	}

	function tick(): void {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = loop().finally(() => {
			running = null;
		});
	}

	if (!service.mailConfigured) {
		return { nudge() {}, stop: async () => {} };
	}

	const timer = setInterval(tick, intervalMs);
	// The worker alone must not keep a finished process (a script, a test) alive.
	timer.unref();
	const unsubscribe = service.onNudge(tick);
	tick();

	return {
		nudge: tick,
		async stop() {
			stopped = true;
			clearInterval(timer);
			unsubscribe();
			await running;
		}
	};
}
