import type { Kysely } from 'kysely';

// The member's workbook: moments (a relational thought record), drafts of moments being written,
// beliefs, and each re-rating of a belief. Everything a member writes or rates is sealed with the
// data keys (privacy/data-keys.ts) before it reaches these tables: each sealed column holds
// "<key id>:v1.<nonce>.<ciphertext>.<tag>" bound to "<table>:<row id>:<column>". Only ids, the
// owner and when a row was made or changed are in clear (docs/decisions/005-workbook-encryption.md).
// Every row names its owner, and goes with the account.

const sealedMomentColumns = [
	'what_happened',
	'happened_picks',
	'people',
	'feelings',
	'beliefs',
	'urges',
	'what_i_did',
	'what_helped',
	'intensity_now',
	'waited_out'
];

const sealedBeliefColumns = [
	'statement',
	'strength',
	'origins',
	'evidence_for',
	'evidence_against',
	'alternative',
	'alternative_strength'
];

export async function up(db: Kysely<unknown>): Promise<void> {
	let moment = db.schema
		.createTable('workbook_moment')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull());
	for (const column of sealedMomentColumns) moment = moment.addColumn(column, 'text');
	await moment.execute();
	await db.schema
		.createIndex('workbook_moment_user_id_created_at')
		.on('workbook_moment')
		.columns(['user_id', 'created_at'])
		.execute();

	// What is being typed, kept as the member goes: one sealed JSON document per draft. A draft of
	// a change to a saved moment names it; a draft of a new moment does not.
	await db.schema
		.createTable('workbook_draft')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('moment_id', 'text', (c) => c.references('workbook_moment.id').onDelete('cascade'))
		.addColumn('content', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('workbook_draft_user_id_updated_at')
		.on('workbook_draft')
		.columns(['user_id', 'updated_at'])
		.execute();
	await db.schema
		.createIndex('workbook_draft_moment_id')
		.on('workbook_draft')
		.column('moment_id')
		.execute();

	let belief = db.schema
		.createTable('workbook_belief')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull());
	for (const column of sealedBeliefColumns) belief = belief.addColumn(column, 'text');
	await belief.execute();
	await db.schema
		.createIndex('workbook_belief_user_id_created_at')
		.on('workbook_belief')
		.columns(['user_id', 'created_at'])
		.execute();

	// Each time a belief (and its alternative) is rated, so the page can show how it moved.
	await db.schema
		.createTable('workbook_belief_rating')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('belief_id', 'text', (c) =>
			c.notNull().references('workbook_belief.id').onDelete('cascade')
		)
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('strength', 'text')
		.addColumn('alternative_strength', 'text')
		.execute();
	await db.schema
		.createIndex('workbook_belief_rating_belief_id_created_at')
		.on('workbook_belief_rating')
		.columns(['belief_id', 'created_at'])
		.execute();
	await db.schema
		.createIndex('workbook_belief_rating_user_id')
		.on('workbook_belief_rating')
		.column('user_id')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'workbook_belief_rating',
		'workbook_belief',
		'workbook_draft',
		'workbook_moment'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
