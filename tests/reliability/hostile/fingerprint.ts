/**
 * A fingerprint of what the database holds, taken before and after each refused request: a refusal
 * must write nothing. Each table's rows are hashed in full (not only counted), so a refused edit
 * that still changed a row is caught too.
 *
 * Left out, because they change on requests that are rightly refused (schema in
 * src/lib/server/db/migrations):
 * - rate_limit_bucket and better-auth's rateLimit: every counted request, refused or not, is
 *   counted there; that is their purpose.
 * - session_activity: a practitioner's last activity, touched on every request they make.
 * - session.updatedAt and session.expiresAt: better-auth extends a session as it is used.
 * - mail_outbox's delivery columns (status, attempts, next_attempt_at, claimed_until, last_error,
 *   sent_at): the mail worker moves mail along in the background. A new or changed e-mail still
 *   shows, through its other columns and the row count.
 * - twoFactor.failedVerificationCount and lockedUntil: a wrong code is counted against the
 *   account, which is what refusing it means.
 * - audit_log rows for a failed sign-in ('sign-in.failure') and for a practitioner's reads
 *   ('member-data.read', 'booking.intake-read', 'summary.read'): the record of a refused sign-in
 *   and of every page a practitioner opened, which a refused form shows again. Every other audit
 *   row counts.
 * Forms that keep what was typed even when they refuse it ("what a person writes is never lost")
 * may change their drafts, named in hostile.ts: a moment's workbook_draft, and a check-in's draft
 * (workbook_checkin rows not completed, fingerprinted apart from the completed ones).
 */
import { createHash } from 'node:crypto';
import type { TestDatabase } from '../databases';

const skippedTables = new Set(['rate_limit_bucket', 'rateLimit', 'session_activity']);

const skippedColumns: Record<string, string[]> = {
	session: ['updatedAt', 'expiresAt'],
	mail_outbox: ['status', 'attempts', 'next_attempt_at', 'claimed_until', 'last_error', 'sent_at'],
	twoFactor: ['failedVerificationCount', 'lockedUntil']
};

const loggedRefusalsAndReads = new Set([
	'sign-in.failure',
	'member-data.read',
	'booking.intake-read',
	'summary.read'
]);

export type Fingerprint = Map<string, { rows: number; hash: string }>;

export async function fingerprint(database: TestDatabase): Promise<Fingerprint> {
	const tables = await database.query<{ name: string }>(
		"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
	);
	const print: Fingerprint = new Map();
	for (const { name } of tables) {
		if (skippedTables.has(name)) continue;
		let rows = await database.query<Record<string, unknown>>(`select * from "${name}"`);
		if (name === 'audit_log') {
			rows = rows.filter((row) => !loggedRefusalsAndReads.has(String(row.action)));
		}
		const leaveOut = skippedColumns[name] ?? [];
		const add = (label: string, part: Record<string, unknown>[]) => {
			const lines = part
				.map((row) =>
					JSON.stringify(Object.entries(row).filter(([column]) => !leaveOut.includes(column)))
				)
				.sort();
			const hash = createHash('sha256');
			for (const line of lines) hash.update(line).update('\n');
			print.set(label, { rows: part.length, hash: hash.digest('hex') });
		};
		if (name === 'workbook_checkin') {
			// Drafts apart from completed check-ins: a refused check-in keeps its answers as a draft.
			add(
				'workbook_checkin:draft',
				rows.filter((row) => row.completed_at === null)
			);
			add(
				'workbook_checkin:completed',
				rows.filter((row) => row.completed_at !== null)
			);
		} else {
			add(name, rows);
		}
	}
	return print;
}

/** The tables that differ, each with its row counts before and after. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
	const changed: string[] = [];
	for (const name of new Set([...before.keys(), ...after.keys()])) {
		const a = before.get(name);
		const b = after.get(name);
		if (a?.hash === b?.hash) continue;
		changed.push(
			a?.rows === b?.rows
				? `${name} (a row changed)`
				: `${name} (${a?.rows ?? 0} → ${b?.rows ?? 0} rows)`
		);
	}
	return changed;
}
