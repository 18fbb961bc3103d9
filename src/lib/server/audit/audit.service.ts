import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import type { AuditRepository, AuditRow } from './audit.repository';

/** Every kind of entry. A new kind is added here first, so the log never holds free text. */
export const auditActions = [
	'sign-in.success',
	'sign-in.failure',
	'sign-out',
	'account.created',
	'password.changed',
	'password.reset',
	'email.change-requested',
	'session.revoked',
	'session.expired',
	'passkey.removed',
	'data.exported',
	'two-factor.enabled',
	'two-factor.disabled',
	'passkey.added',
	'role.changed',
	'account.deleted',
	'member-data.read',
	'booking.intake-read',
	'summary.shared',
	'summary.revoked',
	'summary.deleted',
	'summary.read'
] as const;

export type AuditAction = (typeof auditActions)[number];

/**
 * Each kind of entry in words, for the person the entry is about (their download shows these).
 * Who did it is said beside them, so the words fit either.
 */
export const auditActionWords: Record<AuditAction, string> = {
	'sign-in.success': 'Signed in',
	'sign-in.failure': 'A sign-in that did not succeed',
	'sign-out': 'Signed out',
	'account.created': 'The account was made',
	'password.changed': 'Password changed',
	'password.reset': 'Password set again with an e-mailed link',
	'email.change-requested': 'A change of e-mail address was asked for',
	'session.revoked': 'A device was signed out',
	'session.expired': 'Signed out after a long time away',
	'passkey.removed': 'A passkey was removed',
	'data.exported': 'Data downloaded',
	'two-factor.enabled': 'Authenticator app turned on',
	'two-factor.disabled': 'Authenticator app turned off',
	'passkey.added': 'A passkey was added',
	'role.changed': 'The account’s role changed',
	'account.deleted': 'The account was deleted',
	'member-data.read': 'The practitioner opened workbook data you shared',
	'booking.intake-read': 'The practitioner read what you wrote when booking',
	'summary.shared': 'A summary was shared with the practitioner',
	'summary.revoked': 'A shared summary was taken back',
	'summary.deleted': 'A summary was deleted',
	'summary.read': 'The practitioner opened a summary you shared'
};

/** An entry's kind in words; a kind from an older version of Steady is shown as it was kept. */
export function auditActionInWords(action: string): string {
	return Object.hasOwn(auditActionWords, action) ? auditActionWords[action as AuditAction] : action;
}

export interface AuditEvent {
	action: AuditAction;
	/** Who acted; leave out when nobody was signed in. */
	actorUserId?: string | null;
	/** Whose account or data it concerns. */
	subjectUserId?: string | null;
	/** What was read or changed: an id or a kind ('journal', 'session:abc123'), never content. */
	target?: string | null;
	ip?: string | null;
	userAgent?: string | null;
}

export interface AuditEntry {
	id: string;
	/** ISO 8601 UTC. */
	at: string;
	actorUserId: string | null;
	subjectUserId: string | null;
	action: string;
	target: string | null;
	ip: string | null;
	userAgent: string | null;
}

/**
 * The log is kept for years and read by people who should not see a member's words, so a target
 * must look like an id or a kind; anything else (a sentence, a token with spaces, a note) is
 * refused outright rather than cleaned up.
 */
export const auditTargetPattern = /^[A-Za-z0-9:_.-]{1,200}$/;

export const userAgentMaxLength = 200;

/** Enough for an account's history page or one page of the practitioner's log. */
export const maxListLimit = 500;

export class AuditEntryError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AuditEntryError';
	}
}

const knownActions: ReadonlySet<string> = new Set(auditActions);

function checkEvent(event: AuditEvent): void {
	if (!knownActions.has(event.action)) {
		throw new AuditEntryError('An audit entry needs one of the known actions in auditActions.');
	}
	// The refused value is left out of the message: it may be exactly what must not be logged.
	if (event.target != null && !auditTargetPattern.test(event.target)) {
		throw new AuditEntryError(
			'An audit target must be an id or a kind (letters, digits and : _ . -, at most 200 ' +
				'characters), never content; the entry was not written.'
		);
	}
}

function cutUserAgent(userAgent: string | null | undefined): string | null {
	if (!userAgent) return null;
	// By code point, so a cut never leaves half of a surrogate pair.
	return Array.from(userAgent).slice(0, userAgentMaxLength).join('');
}

function checkLimit(limit: number, offset = 0): void {
	if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
		throw new RangeError(`An audit list limit must be a whole number from 1 to ${maxListLimit}.`);
	}
	if (!Number.isInteger(offset) || offset < 0) {
		throw new RangeError('An audit list offset must be a whole number of 0 or more.');
	}
}

function toEntry(row: AuditRow): AuditEntry {
	return {
		id: row.id,
		at: row.at,
		actorUserId: row.actor_user_id,
		subjectUserId: row.subject_user_id,
		action: row.action,
		target: row.target,
		ip: row.ip,
		userAgent: row.user_agent
	};
}

export function createAuditService(deps: { audit: AuditRepository; clock: Clock }) {
	return {
		/**
		 * Writes one entry, or throws AuditEntryError and writes nothing. Pass a transaction as
		 * `executor` to keep the entry with the change it records.
		 */
		async record(event: AuditEvent, executor?: Kysely<DB>): Promise<AuditEntry> {
			checkEvent(event);
			const row: AuditRow = {
				id: randomUUID(),
				at: deps.clock.now().toISOString(),
				actor_user_id: event.actorUserId ?? null,
				subject_user_id: event.subjectUserId ?? null,
				action: event.action,
				target: event.target ?? null,
				ip: event.ip || null,
				user_agent: cutUserAgent(event.userAgent)
			};
			await deps.audit.insert(row, executor);
			return toEntry(row);
		},

		/** What happened to one person's account and data, newest first. */
		async listForSubject(userId: string, options: { limit: number }): Promise<AuditEntry[]> {
			checkLimit(options.limit);
			const rows = await deps.audit.listForSubject(userId, options);
			return rows.map(toEntry);
		},

		/** The whole log, newest first, optionally of one action. */
		async listRecent(options: {
			limit: number;
			offset?: number;
			action?: AuditAction;
		}): Promise<AuditEntry[]> {
			checkLimit(options.limit, options.offset);
			const rows = await deps.audit.listRecent(options);
			return rows.map(toEntry);
		}
	};
}

export type AuditService = ReturnType<typeof createAuditService>;
