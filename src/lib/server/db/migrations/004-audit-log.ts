import type { Kysely } from 'kysely';

// Who did what to whose account or data, and when: sign-ins, security changes, and a
// practitioner reading a member's workbook. The user ids are plain text, not foreign keys, so the
// record outlives the account it is about and can be written for a sign-in that matched nobody.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'text')
		.addColumn('subject_user_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target', 'text')
		.addColumn('ip', 'text')
		.addColumn('user_agent', 'text')
		.execute();
	// A member's "recent activity on your account" and a practitioner's per-person history.
	await db.schema
		.createIndex('audit_log_subject_user_id_at')
		.on('audit_log')
		.columns(['subject_user_id', 'at'])
		.execute();
	// The practitioner's log filtered by kind of event, newest first.
	await db.schema
		.createIndex('audit_log_action_at')
		.on('audit_log')
		.columns(['action', 'at'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('audit_log').execute();
}
