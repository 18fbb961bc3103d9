import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database';
import { createDataKeyRing, parseDataKeys } from '../privacy/data-keys';
import { rotateWorkbookKeys } from './key-rotation.service';
import { createBeliefsService } from './beliefs.service';
import { createMomentsService } from './moments.service';
import { sealedColumns } from './workbook.repository';
import {
	crisisWords,
	keyEntry,
	member,
	workbookTestBed,
	partTwoRows,
	type WorkbookTestBed
} from './workbook.test-setup';

const sentence = 'Nobody answered my message about the lighthouse at Tarbat Ness';

describe.each(testDatabaseKinds)('the workbook on %s', (kind) => {
	let bed: WorkbookTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	/** Records a moment the way the step pages do: one draft, saved step by step, then finished. */
	async function recordMoment(
		b: WorkbookTestBed,
		userId: string,
		steps: [string, Record<string, string | string[]>][]
	) {
		let draftId: string | null = null;
		for (const [step, values] of steps) {
			const saved = await b.moments.saveDraft(userId, {
				draftId,
				step: step as never,
				values,
				fields: Object.keys(values)
			});
			draftId = saved!.draftId;
		}
		const finished = await b.moments.finishDraft(userId, draftId!);
		if (!finished.ok) throw new Error(`not finished: ${JSON.stringify(finished)}`);
		return finished.momentId;
	}

	it('keeps a moment written step by step, and lets the draft go once it is saved', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const id = await recordMoment(bed, ada, [
			['happened', { what_happened: sentence, happened: ['no-reply'] }],
			['who', { people: ['partner'], people_own: 'Sam, my sister' }],
			[
				'felt',
				{ feel_anxious: '80', feel_hurt: '55', feel_own_name: 'Small', feel_own_level: '40' }
			],
			['story', { beliefs: ['essay:too-much', 'essay:pulls-away-failing'] }],
			['urge', { urges: ['seek-reassurance', 'check-phone'], urge_other: '' }],
			['did', { what_i_did: 'Sent three more messages.' }],
			['helped', { what_helped: 'A walk, and naming the story.' }],
			['now', { intensity_now: '35' }]
		]);
		const moment = await bed.moments.get(ada, id);
		expect(moment).toMatchObject({
			readable: true,
			content: {
				whatHappened: sentence,
				happenedPicks: ['no-reply'],
				people: ['partner'],
				peopleOwn: ['Sam', 'my sister'],
				feelings: [
					{ key: 'anxious', name: 'Anxious', level: 80 },
					{ key: 'hurt', name: 'Hurt', level: 55 },
					{ name: 'Small', level: 40 }
				],
				beliefs: ['essay:too-much', 'essay:pulls-away-failing'],
				urges: ['seek-reassurance', 'check-phone'],
				whatIDid: 'Sent three more messages.',
				whatHelped: 'A walk, and naming the story.',
				intensityNow: 35,
				waitedOut: 'not-asked'
			}
		});
		expect(await bed.moments.drafts(ada)).toEqual([]);
	});

	it('skips steps, keeps what was typed even when it cannot be saved yet, and says where', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const first = await bed.moments.saveDraft(ada, {
			draftId: null,
			step: 'happened',
			values: { what_happened: 'They went quiet after dinner.' },
			fields: ['what_happened', 'happened']
		});
		const draftId = first!.draftId;
		await bed.moments.saveDraft(ada, {
			draftId,
			step: 'now',
			values: { intensity_now: 'very' },
			fields: ['intensity_now']
		});
		const draft = await bed.moments.draft(ada, draftId);
		expect(draft?.values).toEqual({
			what_happened: 'They went quiet after dinner.',
			intensity_now: 'very'
		});
		expect(draft?.step).toBe('now');
		const refused = await bed.moments.finishDraft(ada, draftId);
		expect(refused).toMatchObject({ ok: false, errors: { intensity_now: expect.any(String) } });
		expect(await bed.moments.draft(ada, draftId)).not.toBeNull();

		// Unticking a box on a later visit to the step is kept as unticked.
		await bed.moments.saveDraft(ada, {
			draftId,
			step: 'happened',
			values: { what_happened: 'They went quiet after dinner.', happened: [] },
			fields: ['what_happened', 'happened']
		});
		await bed.moments.saveDraft(ada, {
			draftId,
			step: 'now',
			values: { intensity_now: '20' },
			fields: ['intensity_now']
		});
		const finished = await bed.moments.finishDraft(ada, draftId);
		expect(finished.ok).toBe(true);
	});

	it('lists moments newest first and filters them by belief, person and urge', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const belief = await bed.beliefs.create(ada, { essay: '', words: 'I am a bother' });
		if (!belief.ok) throw new Error('belief refused');
		const older = await recordMoment(bed, ada, [
			['happened', { what_happened: 'older', people: ['work'], beliefs: [`own:${belief.id}`] }]
		]);
		bed.clock.advance(60_000);
		const newer = await recordMoment(bed, ada, [
			[
				'happened',
				{
					what_happened: 'newer',
					people: ['partner'],
					people_own: 'Jo',
					beliefs: ['essay:not-enough'],
					urges: ['withdraw']
				}
			]
		]);
		const ids = async (filter = {}) => (await bed!.moments.list(ada, filter)).map((m) => m.id);
		expect(await ids()).toEqual([newer, older]);
		expect(await ids({ belief: `own:${belief.id}` })).toEqual([older]);
		expect(await ids({ belief: 'essay:not-enough' })).toEqual([newer]);
		expect(await ids({ person: 'work' })).toEqual([older]);
		expect(await ids({ person: bed.moments.personFilter('jo') })).toEqual([newer]);
		expect(await ids({ person: bed.moments.personFilter('JO') })).toEqual([newer]);
		expect(await ids({ person: 'Jo' })).toEqual([]);
		expect(bed.moments.personFilter('Jo')).not.toContain('Jo');
		expect(await ids({ urge: 'withdraw' })).toEqual([newer]);
		expect(await ids({ urge: 'apologise' })).toEqual([]);
	});

	it('lets only the owner read, change or delete a moment, a draft or a belief', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed, 'Ada');
		const grace = await member(bed, 'Grace');
		const momentId = await recordMoment(bed, ada, [['happened', { what_happened: 'mine' }]]);
		const draft = await bed.moments.saveDraft(ada, {
			draftId: null,
			step: 'happened',
			values: { what_happened: 'half-written' },
			fields: ['what_happened']
		});
		const belief = await bed.beliefs.create(ada, { essay: 'too-much', strength: '70' });
		if (!belief.ok) throw new Error('belief refused');

		expect(await bed.moments.get(grace, momentId)).toBeNull();
		expect(await bed.moments.list(grace)).toEqual([]);
		expect(await bed.moments.draft(grace, draft!.draftId)).toBeNull();
		expect(await bed.moments.drafts(grace)).toEqual([]);
		expect(await bed.beliefs.get(grace, belief.id)).toBeNull();
		expect(await bed.beliefs.list(grace)).toEqual([]);
		expect(await bed.moments.update(grace, momentId, { what_happened: 'x' })).toEqual({
			ok: false,
			notFound: true
		});
		expect(
			await bed.moments.saveDraft(grace, {
				draftId: draft!.draftId,
				step: 'happened',
				values: { what_happened: 'overwritten' },
				fields: ['what_happened']
			})
		).toBeNull();
		expect(
			await bed.moments.saveDraft(grace, {
				draftId: null,
				momentId,
				step: 'edit',
				values: {},
				fields: []
			})
		).toBeNull();
		expect(await bed.moments.finishDraft(grace, draft!.draftId)).toEqual({
			ok: false,
			notFound: true
		});
		await bed.moments.discardDraft(grace, draft!.draftId);
		expect(await bed.moments.remove(grace, momentId)).toBe(false);
		expect(await bed.beliefs.rate(grace, belief.id, { strength: '1' })).toEqual({
			ok: false,
			notFound: true
		});
		expect(await bed.beliefs.update(grace, belief.id, { words: 'x' })).toEqual({
			ok: false,
			notFound: true
		});
		expect(await bed.beliefs.remove(grace, belief.id)).toBe(false);
		// A moment of Grace's cannot name Ada's belief.
		const refused = await bed.moments.update(
			grace,
			await recordMoment(bed, grace, [['happened', { what_happened: 'hers' }]]),
			{ beliefs: [`own:${belief.id}`] }
		);
		expect(refused).toMatchObject({ ok: false, errors: { beliefs: expect.any(String) } });

		expect((await bed.moments.get(ada, momentId))?.readable).toBe(true);
		expect((await bed.moments.draft(ada, draft!.draftId))?.values).toEqual({
			what_happened: 'half-written'
		});
		expect(await bed.beliefs.get(ada, belief.id)).not.toBeNull();
	});

	it('edits a saved moment through a draft of its own', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const id = await recordMoment(bed, ada, [['happened', { what_happened: 'first words' }]]);
		const draft = await bed.moments.saveDraft(ada, {
			draftId: null,
			momentId: id,
			step: 'edit',
			values: { what_happened: 'better words', intensity_now: '10' },
			fields: ['what_happened', 'intensity_now']
		});
		expect((await bed.moments.draftFor(ada, id))?.id).toBe(draft!.draftId);
		const done = await bed.moments.finishDraft(ada, draft!.draftId);
		expect(done).toMatchObject({ ok: true, momentId: id });
		const moment = await bed.moments.get(ada, id);
		expect(moment).toMatchObject({ content: { whatHappened: 'better words', intensityNow: 10 } });
		expect(await bed.moments.list(ada)).toHaveLength(1);
	});

	it('saves a moment from a pause with whether the urge was waited out', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const saved = await bed.moments.saveFromPause(ada, {
			feelings: [{ key: 'anxious', name: 'Anxious', level: 70 }],
			urges: ['seek-reassurance'],
			intensityNow: 30,
			waitedOut: 'yes'
		});
		expect(saved.crisis).toBe(false);
		expect(await bed.moments.get(ada, saved.momentId)).toMatchObject({
			content: { waitedOut: 'yes', intensityNow: 30, whatHappened: '' }
		});
	});

	it('keeps writing that matches the crisis check, and says so for help to be shown', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const saved = await bed.moments.saveDraft(ada, {
			draftId: null,
			step: 'happened',
			values: { what_happened: `Tonight ${crisisWords}.` },
			fields: ['what_happened']
		});
		expect(saved?.crisis).toBe(true);
		const finished = await bed.moments.finishDraft(ada, saved!.draftId);
		expect(finished).toMatchObject({ ok: true, crisis: true });
		const moments = await bed.moments.list(ada);
		expect(moments[0]).toMatchObject({ content: { whatHappened: `Tonight ${crisisWords}.` } });
		const belief = await bed.beliefs.create(ada, {
			essay: '',
			evidence_for: crisisWords,
			words: 'x'
		});
		expect(belief).toMatchObject({ ok: true, crisis: true });
	});

	it('keeps a belief’s ratings over time and counts the moments it fired in', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const created = await bed.beliefs.create(ada, {
			essay: 'needs-burden',
			words: '',
			strength: '90',
			origins: ['family', 'past-relationships'],
			evidence_for: 'I was told to stop asking.',
			evidence_against: 'My friend thanked me for asking.',
			alternative: 'My needs are part of me, and people who care want to know them.',
			alternative_strength: '20'
		});
		if (!created.ok) throw new Error('refused');
		bed.clock.advance(86_400_000);
		expect(
			await bed.beliefs.rate(ada, created.id, { strength: '60', alternative_strength: '45' })
		).toEqual({ ok: true });
		expect(await bed.beliefs.rate(ada, created.id, { strength: '101' })).toMatchObject({
			ok: false,
			errors: { strength: expect.any(String) }
		});
		bed.clock.advance(3_600_000);
		const first = await recordMoment(bed, ada, [['story', { beliefs: ['essay:needs-burden'] }]]);
		bed.clock.advance(3_600_000);
		const second = await recordMoment(bed, ada, [['story', { beliefs: [`own:${created.id}`] }]]);
		await recordMoment(bed, ada, [['story', { beliefs: ['essay:too-much'] }]]);

		const belief = await bed.beliefs.get(ada, created.id);
		expect(belief).toMatchObject({
			readable: true,
			content: {
				statement: { essay: 'needs-burden', words: '' },
				strength: 60,
				alternativeStrength: 45,
				origins: ['family', 'past-relationships']
			},
			fired: { count: 2, moments: [{ id: second }, { id: first }] },
			history: [
				{ at: '2026-11-29T15:00:00.000Z', strength: 90, alternativeStrength: 20 },
				{ at: '2026-11-30T15:00:00.000Z', strength: 60, alternativeStrength: 45 }
			]
		});
		const edited = await bed.beliefs.update(ada, created.id, {
			essay: 'needs-burden',
			strength: '50',
			alternative_strength: '45'
		});
		expect(edited).toMatchObject({ ok: true });
		expect((await bed.beliefs.get(ada, created.id))?.history).toHaveLength(3);
		expect(await bed.beliefs.create(ada, { essay: '', words: '' })).toMatchObject({
			ok: false,
			errors: { words: expect.any(String) }
		});
	});

	it('shows a changed or moved value as unreadable and logs only ids', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const a = await recordMoment(bed, ada, [['happened', { what_happened: sentence }]]);
		const b = await recordMoment(bed, ada, [['happened', { what_happened: 'another' }]]);
		const row = await bed.db
			.selectFrom('workbook_moment')
			.select('what_happened')
			.where('id', '=', a)
			.executeTakeFirstOrThrow();
		// Copied into another row: it must not open there.
		await bed.db
			.updateTable('workbook_moment')
			.set({ what_happened: row.what_happened })
			.where('id', '=', b)
			.execute();
		// Changed in place: one character of the ciphertext.
		const sealed = row.what_happened!;
		const flipAt = sealed.length - 30;
		const tampered =
			sealed.slice(0, flipAt) + (sealed[flipAt] === 'A' ? 'B' : 'A') + sealed.slice(flipAt + 1);
		await bed.db
			.updateTable('workbook_moment')
			.set({ what_happened: tampered })
			.where('id', '=', a)
			.execute();

		expect(await bed.moments.get(ada, a)).toMatchObject({ id: a, readable: false });
		expect(await bed.moments.get(ada, b)).toMatchObject({ id: b, readable: false });
		expect((await bed.moments.list(ada)).map((m) => m.readable)).toEqual([false, false]);
		expect(bed.logged.length).toBeGreaterThan(0);
		expect(bed.logged[0]).toMatchObject({
			message: 'a workbook entry could not be opened',
			details: { table: 'workbook_moment', column: 'what_happened', reason: 'damaged' }
		});
		expect(JSON.stringify(bed.logged)).not.toContain('Tarbat');
	});

	it('keeps no workbook text or rating in clear in the database files', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		await recordMoment(bed, ada, [
			['happened', { what_happened: sentence }],
			['did', { what_i_did: `${sentence} (did)` }],
			['now', { intensity_now: '73' }]
		]);
		await bed.moments.saveDraft(ada, {
			draftId: null,
			step: 'happened',
			values: { what_happened: `${sentence} (draft)` },
			fields: ['what_happened']
		});
		const belief = await bed.beliefs.create(ada, {
			essay: '',
			words: `${sentence} (belief)`,
			evidence_for: `${sentence} (for)`
		});
		expect(belief.ok).toBe(true);
		// The words are there to be read by their owner…
		expect(JSON.stringify(await bed.moments.list(ada))).toContain(sentence);

		// …and nowhere in what the database keeps.
		const needle = 'Tarbat Ness';
		let searched = 0;
		if (kind === 'sqlite') {
			const file = (
				await sql<{
					file: string;
				}>`select file from pragma_database_list where name = 'main'`.execute(bed.db)
			).rows[0]!.file;
			const dir = path.dirname(file);
			const files = readdirSync(dir).filter((f) => f.startsWith(path.basename(file)));
			expect(files).toContain(`${path.basename(file)}-wal`);
			for (const name of files) {
				const bytes = readFileSync(path.join(dir, name));
				searched += bytes.length;
				expect(bytes.includes(Buffer.from(needle)), name).toBe(false);
				expect(bytes.includes(Buffer.from(needle, 'utf16le')), name).toBe(false);
			}
		} else {
			const dump = execFileSync(
				'pg_dump',
				['--schema', bed.database.schema!, '--data-only', process.env.TEST_DATABASE_URL!],
				{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
			);
			searched = dump.length;
			expect(dump).toContain('workbook_moment');
			expect(dump).not.toContain(needle);
		}
		expect(searched).toBeGreaterThan(1000);
	});

	it('re-seals every value under the first key, in batches, and again finds nothing to do', async () => {
		const oldKey = keyEntry('old');
		const newKey = keyEntry('new');
		bed = await workbookTestBed(kind, createDataKeyRing(parseDataKeys(oldKey)));
		const ada = await member(bed);
		for (let i = 0; i < 5; i += 1) {
			await recordMoment(bed, ada, [['happened', { what_happened: `moment ${i}` }]]);
		}
		await bed.moments.saveDraft(ada, {
			draftId: null,
			step: 'happened',
			values: { what_happened: 'a draft' },
			fields: ['what_happened']
		});
		const belief = await bed.beliefs.create(ada, { essay: 'too-much', strength: '80' });
		if (!belief.ok) throw new Error('refused');
		bed.clock.advance(60_000);
		await bed.beliefs.rate(ada, belief.id, { strength: '70' });

		const both = createDataKeyRing(parseDataKeys(`${newKey},${oldKey}`));
		const batches: number[] = [];
		const report = await rotateWorkbookKeys(bed.repository, both, {
			batchSize: 2,
			onBatch: (_table, rows) => batches.push(rows)
		});
		const sealedValues = 5 * 10 + 1 + 7 + 2 * 2;
		expect(report).toEqual({ resealed: sealedValues, current: 0, unreadable: [], skipped: 0 });
		expect(Math.max(...batches)).toBe(2);

		for (const [table, columns] of Object.entries(sealedColumns)) {
			const rows = await bed.db
				.selectFrom(table as keyof typeof sealedColumns)
				.selectAll()
				.execute();
			for (const row of rows as Record<string, string | null>[]) {
				for (const column of columns) expect(row[column]?.startsWith('new:'), table).toBe(true);
			}
		}

		// Only the new key is needed now.
		const onlyNew = { ...bed.deps, keys: createDataKeyRing(parseDataKeys(newKey)) };
		const moments = await createMomentsService(onlyNew).list(ada);
		expect(moments.map((m) => (m.readable ? m.content.whatHappened : null)).sort()).toEqual([
			'moment 0',
			'moment 1',
			'moment 2',
			'moment 3',
			'moment 4'
		]);
		expect((await createMomentsService(onlyNew).drafts(ada))[0]?.values).toEqual({
			what_happened: 'a draft'
		});
		expect(await createBeliefsService(onlyNew).get(ada, belief.id)).toMatchObject({
			readable: true,
			content: { strength: 70 },
			history: [{ strength: 80 }, { strength: 70 }]
		});

		const again = await rotateWorkbookKeys(bed.repository, both, { batchSize: 2 });
		expect(again).toEqual({ resealed: 0, current: sealedValues, unreadable: [], skipped: 0 });
	});

	it('leaves a value it cannot open where it is, and reports it by id', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const id = await recordMoment(bed, ada, [['happened', { what_happened: 'x' }]]);
		const stranger = createDataKeyRing(parseDataKeys(keyEntry('gone')));
		await bed.db
			.updateTable('workbook_moment')
			.set({ what_helped: stranger.seal('"x"', `workbook_moment:${id}:what_helped`) })
			.where('id', '=', id)
			.execute();
		const ring = createDataKeyRing(parseDataKeys(`${keyEntry('next')},${keyEntry('other')}`));
		const report = await rotateWorkbookKeys(bed.repository, ring);
		// The ring has lost the key the moment was sealed with: every value is left and named.
		expect(report.unreadable).toEqual(
			sealedColumns.workbook_moment.map((column) => ({ table: 'workbook_moment', id, column }))
		);
		expect(report.resealed).toBe(0);
	});

	it('goes with the account', async () => {
		bed = await workbookTestBed(kind);
		const ada = await member(bed);
		const grace = await member(bed, 'Grace');
		for (const userId of [ada, grace]) {
			await recordMoment(bed, userId, [['happened', { what_happened: 'x' }]]);
			await bed.moments.saveDraft(userId, {
				draftId: null,
				step: 'happened',
				values: {},
				fields: []
			});
			const b = await bed.beliefs.create(userId, { essay: 'too-much', strength: '5' });
			if (!b.ok) throw new Error('refused');
			await bed.beliefs.rate(userId, b.id, { strength: '6' });
			await partTwoRows(bed.db, userId);
		}
		await bed.db.deleteFrom('user').where('id', '=', ada).execute();
		for (const table of Object.keys(sealedColumns) as (keyof typeof sealedColumns)[]) {
			const owners = await bed.db.selectFrom(table).select('user_id').execute();
			expect(owners.length, table).toBeGreaterThan(0);
			expect(
				owners.every((o) => o.user_id === grace),
				table
			).toBe(true);
		}
	});
});
