import { sql, type Kysely } from 'kysely';

// Every e-mail goes through this table first, so that a message written in the same transaction
// as the thing it is about (a booking, an account) is never lost, and so that several processes
// can share the sending without sending anything twice.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('mail_outbox')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('message_id', 'text', (c) => c.notNull().unique())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('text_body', 'text', (c) => c.notNull())
		.addColumn('html_body', 'text', (c) => c.notNull())
		.addColumn('calendar', 'text')
		.addColumn('calendar_method', 'text')
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'text', (c) => c.notNull())
		.addColumn('claimed_until', 'text')
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text')
		.addCheckConstraint(
			'mail_outbox_status_known',
			sql`status in ('pending', 'sent', 'kept', 'failed')`
		)
		.execute();
	// The worker's question, asked every few seconds: which pending messages are due?
	await db.schema
		.createIndex('mail_outbox_status_next_attempt_at')
		.on('mail_outbox')
		.columns(['status', 'next_attempt_at'])
		.execute();
	// The practitioner's outbox page lists newest first.
	await db.schema
		.createIndex('mail_outbox_created_at')
		.on('mail_outbox')
		.column('created_at')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('mail_outbox').execute();
}
