import type { CreateTableBuilder, Kysely } from 'kysely';

// The workbook, part two: check-ins (validated questionnaires), the practices a member chose for a
// week and what they wrote in them, quiet wins, a saved self-check, and summaries a member prepares
// and may share with the practice. As in migration 007, everything a member chose, rated or wrote
// is sealed with the data keys ("<table>:<row id>:<column>"); in clear are only ids, owner,
// instants, which questionnaire a check-in is (to find a member's draft), the week a choice of
// practices belongs to (one row per week) and whether a summary is shared (so the practice's
// pages can list what they may open and nothing else). Every row goes with the account.

const tables: {
	name: string;
	clear?: (t: TableBuilder) => TableBuilder;
	sealed: string[];
}[] = [
	{
		// One taking of a questionnaire. completed_at is null while it is a draft (some items
		// answered); answers are the option values in item order (null for an unanswered item),
		// score the instrument's score once complete.
		name: 'workbook_checkin',
		clear: (t) =>
			t.addColumn('instrument', 'text', (c) => c.notNull()).addColumn('completed_at', 'text'),
		sealed: ['answers', 'score']
	},
	{
		// The practices a member chose for one week (week = the Monday, YYYY-MM-DD, in their zone).
		name: 'workbook_practice_week',
		clear: (t) => t.addColumn('week', 'text', (c) => c.notNull()),
		sealed: ['practices']
	},
	{
		// What a member wrote for a practice: its key, and the answers to its exercise and prompts.
		name: 'workbook_practice_entry',
		sealed: ['practice', 'answers']
	},
	{
		// A quiet win: which sign of self-esteem, an optional note, the day it happened.
		name: 'workbook_win',
		sealed: ['kind', 'note', 'happened_on']
	},
	{
		// A self-check result the member chose to keep.
		name: 'workbook_self_check',
		sealed: ['answers']
	},
	{
		// A summary prepared by the member: a snapshot of the sections they chose. shared_at is
		// set while the practice may read it; revoked_at when the member took it back. booking_id
		// links it to the free consultation it was shared for.
		name: 'workbook_summary',
		clear: (t) =>
			t
				.addColumn('shared_at', 'text')
				.addColumn('revoked_at', 'text')
				.addColumn('booking_id', 'text', (c) => c.references('booking.id').onDelete('set null')),
		sealed: ['title', 'content']
	}
];

type TableBuilder = CreateTableBuilder<string, string>;

export async function up(db: Kysely<unknown>): Promise<void> {
	for (const table of tables) {
		let builder: TableBuilder = db.schema
			.createTable(table.name)
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('updated_at', 'text', (c) => c.notNull());
		if (table.clear) builder = table.clear(builder);
		for (const column of table.sealed) builder = builder.addColumn(column, 'text');
		await builder.execute();
		await db.schema
			.createIndex(`${table.name}_user_id_created_at`)
			.on(table.name)
			.columns(['user_id', 'created_at'])
			.execute();
	}
	await db.schema
		.createIndex('workbook_practice_week_user_id_week')
		.unique()
		.on('workbook_practice_week')
		.columns(['user_id', 'week'])
		.execute();
	await db.schema
		.createIndex('workbook_checkin_user_id_instrument')
		.on('workbook_checkin')
		.columns(['user_id', 'instrument', 'completed_at'])
		.execute();
	await db.schema
		.createIndex('workbook_summary_shared_at')
		.on('workbook_summary')
		.columns(['shared_at'])
		.execute();
	await db.schema
		.createIndex('workbook_summary_booking_id')
		.on('workbook_summary')
		.columns(['booking_id'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [...tables].reverse()) await db.schema.dropTable(table.name).execute();
}
