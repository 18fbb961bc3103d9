import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readSummaryForm, type SummaryChoice } from '../../workbook/summary';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { testDatabaseKinds } from '../db/test-database';
import { createSummariesRepository } from './summaries.repository';
import { createSummariesService, type SummaryMember } from './summaries.service';
import { createSealer } from './workbook-seal';
import { member, workbookTestBed, type WorkbookTestBed } from './workbook.test-setup';

const chosenWords = 'The message about the lighthouse went unanswered all weekend';
const otherWords = 'My sister laughed at the plan for the allotment';

describe.each(testDatabaseKinds)('summaries on %s', (kind) => {
	let bed: WorkbookTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	async function setUp() {
		bed = await workbookTestBed(kind);
		const b = bed;
		const audit = createAuditService({ audit: createAuditRepository(b.db), clock: b.clock });
		const summaries = createSummariesService({
			repository: createSummariesRepository(b.db),
			keys: b.keys,
			clock: b.clock,
			audit,
			moments: b.moments,
			beliefs: b.beliefs,
			logger: b.deps.logger
		});
		const sealer = createSealer(b.keys);
		const memberOf = async (name: string): Promise<SummaryMember> => {
			const id = await member(b, name);
			return { id, email: `${id}@example.org`, emailVerified: true, timeZone: 'Europe/London' };
		};
		const practitioner = async (name = 'Dr Rivers') => {
			const id = await member(b, name);
			await b.db.updateTable('user').set({ role: 'practitioner' }).where('id', '=', id).execute();
			return { userId: id, ip: '203.0.113.9', userAgent: 'Test browser' };
		};
		return { b, audit, summaries, sealer, memberOf, practitioner };
	}

	const choose = (form: Record<string, string | string[]>): SummaryChoice => {
		const data = new FormData();
		for (const [name, value] of Object.entries(form)) {
			for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
		}
		const read = readSummaryForm(data);
		if (!read.ok) throw new Error(`refused: ${JSON.stringify(read.errors)}`);
		return read.choice;
	};

	/** A member with a belief and two moments; the belief comes up in the first moment. */
	async function workbookOf(b: WorkbookTestBed, person: SummaryMember) {
		const belief = await b.beliefs.create(person.id, {
			essay: '',
			words: 'I have to be useful to be loved',
			strength: '80'
		});
		if (!belief.ok) throw new Error('refused');
		const chosen = await b.moments.saveFromPause(person.id, {
			whatHappened: chosenWords,
			people: ['partner'],
			beliefs: [`own:${belief.id}`],
			whatHelped: 'A slow walk by the harbour',
			waitedOut: 'yes'
		});
		b.clock.advance(60_000);
		const other = await b.moments.saveFromPause(person.id, { whatHappened: otherWords });
		return { beliefId: belief.id, chosenId: chosen.momentId, otherId: other.momentId };
	}

	it('keeps the summary as a sealed snapshot of exactly what was chosen', async () => {
		const { b, summaries, memberOf } = await setUp();
		const ada = await memberOf('Ada');
		const w = await workbookOf(b, ada);

		const prepared = await summaries.prepare(
			ada,
			choose({
				title: 'Before our first session',
				belief: [w.beliefId],
				moment: [w.chosenId],
				weeks: '4'
			})
		);
		if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors));

		// At rest: nothing readable, in either sealed column.
		const row = await b.db
			.selectFrom('workbook_summary')
			.selectAll()
			.where('id', '=', prepared.id)
			.executeTakeFirstOrThrow();
		expect(row.user_id).toBe(ada.id);
		expect(row.shared_at).toBeNull();
		for (const value of [row.title, row.content]) {
			expect(value).toMatch(/^k1:v1\./);
			expect(value).not.toContain('lighthouse');
			expect(value).not.toContain('Before our first');
		}

		const view = await summaries.get(ada, prepared.id);
		expect(view?.title).toBe('Before our first session');
		expect(view?.state).toBe('private');
		expect(view?.content?.beliefs).toEqual([
			{ words: 'I have to be useful to be loved', strength: 80 }
		]);
		expect(view?.content?.moments).toEqual([
			{
				on: '29 November 2026, 15:00',
				parts: [
					{ title: 'What happened', items: [chosenWords] },
					{ title: 'Who it involved', items: ['Partner'] },
					{ title: 'The story I told myself', items: ['“I have to be useful to be loved”'] },
					{ title: 'What helped', items: ['A slow walk by the harbour'] },
					{ title: 'Waited out the urge', items: ['Yes'] }
				]
			}
		]);
		expect(JSON.stringify(view)).not.toContain(otherWords);
		expect(view?.content?.selfCheck).toBeUndefined();
		expect(view?.content?.overview).toBeUndefined();

		// Later changes to the workbook do not reach the snapshot.
		await b.beliefs.rate(ada.id, w.beliefId, { strength: '35' });
		await b.moments.remove(ada.id, w.chosenId);
		const later = await summaries.get(ada, prepared.id);
		expect(later?.content).toEqual(view?.content);
	});

	it('includes the latest self-check, the latest finished check-ins and a period’s overview', async () => {
		const { b, summaries, sealer, memberOf } = await setUp();
		const ada = await memberOf('Ada');
		const row = (at: string) => ({
			id: randomUUID(),
			user_id: ada.id,
			created_at: at,
			updated_at: at
		});

		const older = row('2026-10-01T10:00:00.000Z');
		const latest = row('2026-11-20T10:00:00.000Z');
		for (const [r, level] of [
			[older, 'not-at-all'],
			[latest, 'a-lot']
		] as const) {
			await b.db
				.insertInto('workbook_self_check')
				.values({
					...r,
					answers: sealer.seal('workbook_self_check', r.id, 'answers', {
						questions: { 'need-reassurance': level, 'lose-confidence': 'a-little' },
						beliefs: { 'not-enough': level },
						cycles: ['criticism-catastrophic']
					})
				})
				.execute();
		}
		const checkin = async (instrument: string, at: string | null, score: number | null) => {
			const r = row(at ?? '2026-11-28T10:00:00.000Z');
			await b.db
				.insertInto('workbook_checkin')
				.values({
					...r,
					instrument,
					completed_at: at,
					answers: sealer.seal('workbook_checkin', r.id, 'answers', []),
					score: sealer.seal('workbook_checkin', r.id, 'score', score)
				})
				.execute();
		};
		await checkin('rses', '2026-11-02T09:00:00.000Z', 17);
		await checkin('rses', '2026-11-25T09:00:00.000Z', 21);
		await checkin('scs-sf', '2026-11-26T09:00:00.000Z', 3.25);
		await checkin('rses', null, null);

		// The overview: this week is 23–29 November 2026; four weeks cover 2–29 November.
		const moment = async (at: string, waitedOut: 'yes' | 'no' | 'not-asked') => {
			b.clock.set(at);
			await b.moments.saveFromPause(ada.id, { whatHappened: 'x', waitedOut });
		};
		await moment('2026-10-20T12:00:00.000Z', 'yes'); // before the period
		await moment('2026-11-10T12:00:00.000Z', 'yes');
		await moment('2026-11-17T12:00:00.000Z', 'yes');
		await moment('2026-11-24T12:00:00.000Z', 'no');
		await moment('2026-11-25T12:00:00.000Z', 'not-asked');
		await moment('2026-11-26T12:00:00.000Z', 'yes');
		for (const on of ['2026-11-12', '2026-11-18', '2026-11-27', '2026-11-28']) {
			const r = row('2026-11-29T10:00:00.000Z');
			await b.db
				.insertInto('workbook_win')
				.values({
					...r,
					kind: sealer.seal('workbook_win', r.id, 'kind', 'took-up-space'),
					note: sealer.seal('workbook_win', r.id, 'note', null),
					happened_on: sealer.seal('workbook_win', r.id, 'happened_on', on)
				})
				.execute();
		}
		await b.db
			.insertInto('workbook_practice_entry')
			.values(row('2026-11-19T10:00:00.000Z'))
			.execute();
		b.clock.set('2026-11-29T15:00:00.000Z');

		const options = await summaries.options(ada);
		expect(options.selfCheck).toEqual({ savedOn: '20 November 2026' });
		expect(options.checkIns).toBe(true);

		const prepared = await summaries.prepare(
			ada,
			choose({
				title: 'How things are',
				section: ['self-check', 'check-ins', 'overview'],
				weeks: '4'
			})
		);
		if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors));
		const content = (await summaries.get(ada, prepared.id))!.content!;
		expect(content.selfCheck).toEqual({
			savedOn: '20 November 2026',
			questions: [
				{ question: 'Why do I lose confidence so quickly in relationships?', answer: 'A little' },
				{ question: 'Why do I need so much reassurance?', answer: 'A lot' }
			],
			beliefs: [{ question: 'I am not enough', answer: 'A lot' }],
			cycles: ['Criticism feels catastrophic']
		});
		expect(content.checkIns).toEqual([
			{
				questionnaire: 'Self-Compassion Scale – Short Form (SCS-SF)',
				score: '3.25 out of 5',
				on: '26 November 2026'
			},
			{
				questionnaire: 'Rosenberg Self-Esteem Scale (RSES)',
				score: '21 out of 30',
				on: '25 November 2026'
			},
			{
				questionnaire: 'Rosenberg Self-Esteem Scale (RSES)',
				score: '17 out of 30',
				on: '2 November 2026'
			}
		]);
		expect(content.overview).toEqual({
			from: '2026-11-02',
			to: '2026-11-29',
			moments: 5,
			waitedOut: { asked: 4, yes: 3 },
			weeks: [
				{ monday: '2026-11-02', wins: 0, practiceEntries: 0 },
				{ monday: '2026-11-09', wins: 1, practiceEntries: 0 },
				{ monday: '2026-11-16', wins: 1, practiceEntries: 1 },
				{ monday: '2026-11-23', wins: 2, practiceEntries: 0 }
			]
		});
	});

	it('refuses parts there is nothing for, and moments or beliefs that are not the member’s', async () => {
		const { b, summaries, memberOf } = await setUp();
		const ada = await memberOf('Ada');
		const grace = await memberOf('Grace');
		const theirs = await workbookOf(b, grace);
		const refused = await summaries.prepare(
			ada,
			choose({
				title: 'Mine',
				section: ['self-check'],
				moment: [theirs.chosenId],
				belief: [theirs.beliefId]
			})
		);
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(Object.keys(refused.errors).sort()).toEqual(['belief', 'moment', 'section']);
		expect(await b.db.selectFrom('workbook_summary').select('id').execute()).toEqual([]);
	});

	it('shares, is read by the practice with each reading recorded, and is taken back at once', async () => {
		const { b, summaries, memberOf, practitioner } = await setUp();
		const ada = await memberOf('Ada');
		const w = await workbookOf(b, ada);
		const rivers = await practitioner('Dr Rivers');
		const prepared = await summaries.prepare(
			ada,
			choose({ title: 'For Dr Rivers', moment: [w.chosenId] })
		);
		if (!prepared.ok) throw new Error('refused');
		const privateOne = await summaries.prepare(
			ada,
			choose({ title: 'Just for me', moment: [w.otherId] })
		);
		if (!privateOne.ok) throw new Error('refused');

		// Before sharing, the practice finds nothing at all.
		expect(await summaries.read(rivers, ada.id, prepared.id)).toBeNull();
		expect(await summaries.sharingMembers()).toEqual([]);
		expect(await summaries.sharedBy(ada.id)).toBeNull();

		b.clock.set('2026-11-29T16:00:00.000Z');
		expect(await summaries.share(ada, prepared.id, null, { ip: '198.51.100.4' })).toBe('shared');
		const shared = await summaries.get(ada, prepared.id);
		expect(shared).toMatchObject({ state: 'shared', sharedAt: '2026-11-29T16:00:00.000Z' });

		expect(await summaries.sharingMembers()).toEqual([{ userId: ada.id, name: 'Ada', count: 1 }]);
		const listed = await summaries.sharedBy(ada.id);
		expect(listed?.member).toEqual({ id: ada.id, name: 'Ada' });
		expect(listed?.summaries.map((s) => s.title)).toEqual(['For Dr Rivers']);

		b.clock.set('2026-11-30T09:30:00.000Z');
		const read = await summaries.read(rivers, ada.id, prepared.id);
		expect(read?.content).toEqual(shared?.content);
		expect(JSON.stringify(read)).toContain(chosenWords);
		expect(JSON.stringify(read)).not.toContain(otherWords);
		// The private one, or a shared one asked for under another member's id, is not found.
		expect(await summaries.read(rivers, ada.id, privateOne.id)).toBeNull();
		expect(await summaries.read(rivers, rivers.userId, prepared.id)).toBeNull();
		b.clock.set('2026-11-30T09:45:00.000Z');
		await summaries.read(rivers, ada.id, prepared.id);

		const entries = await b.db.selectFrom('audit_log').selectAll().orderBy('at').execute();
		expect(entries.map((e) => [e.action, e.actor_user_id, e.subject_user_id, e.target])).toEqual([
			['summary.shared', ada.id, ada.id, prepared.id],
			['summary.read', rivers.userId, ada.id, prepared.id],
			['summary.read', rivers.userId, ada.id, prepared.id]
		]);
		expect(JSON.stringify(entries)).not.toContain('lighthouse');
		expect(await summaries.reads(ada)).toEqual([
			{
				at: '2026-11-30T09:45:00.000Z',
				reader: 'Dr Rivers',
				summaryId: prepared.id,
				title: 'For Dr Rivers'
			},
			{
				at: '2026-11-30T09:30:00.000Z',
				reader: 'Dr Rivers',
				summaryId: prepared.id,
				title: 'For Dr Rivers'
			}
		]);

		// Taken back: the practice's next reading finds nothing, and nothing more is recorded.
		b.clock.set('2026-11-30T10:00:00.000Z');
		expect(await summaries.revoke(ada, prepared.id)).toBe(true);
		expect(await summaries.get(ada, prepared.id)).toMatchObject({
			state: 'taken-back',
			sharedAt: null,
			revokedAt: '2026-11-30T10:00:00.000Z'
		});
		expect(await summaries.read(rivers, ada.id, prepared.id)).toBeNull();
		expect(await summaries.sharingMembers()).toEqual([]);
		expect(await summaries.sharedBy(ada.id)).toBeNull();
		expect(await summaries.revoke(ada, prepared.id)).toBe(false);
		const actions = await b.db.selectFrom('audit_log').select('action').orderBy('at').execute();
		expect(actions.map((a) => a.action)).toEqual([
			'summary.shared',
			'summary.read',
			'summary.read',
			'summary.revoked'
		]);

		// A deleted summary's readings stay listed for the member, without a title. It was no
		// longer shared, so its deletion changes nothing for the practice and is not recorded.
		expect(await summaries.remove(ada, prepared.id)).toBe(true);
		expect((await summaries.reads(ada)).map((r) => r.title)).toEqual([null, null]);
		expect(await summaries.remove(ada, prepared.id)).toBe(false);

		// Deleting one while it is shared ends the practice's access and is recorded.
		expect(await summaries.share(ada, privateOne.id, null)).toBe('shared');
		b.clock.set('2026-11-30T11:00:00.000Z');
		expect(await summaries.remove(ada, privateOne.id, { ip: '198.51.100.4' })).toBe(true);
		expect(await summaries.read(rivers, ada.id, privateOne.id)).toBeNull();
		const last = await b.db
			.selectFrom('audit_log')
			.select(['action', 'target', 'ip'])
			.orderBy('at', 'desc')
			.executeTakeFirst();
		expect(last).toEqual({ action: 'summary.deleted', target: privateOne.id, ip: '198.51.100.4' });
	});

	it('lets no other member see, share, take back or delete a member’s summary', async () => {
		const { b, summaries, memberOf } = await setUp();
		const ada = await memberOf('Ada');
		const grace = await memberOf('Grace');
		const w = await workbookOf(b, ada);
		const prepared = await summaries.prepare(ada, choose({ title: 'Ada’s', moment: [w.chosenId] }));
		if (!prepared.ok) throw new Error('refused');
		expect(await summaries.get(grace, prepared.id)).toBeNull();
		expect(await summaries.list(grace)).toEqual([]);
		expect(await summaries.share(grace, prepared.id, null)).toBe('not-found');
		expect(await summaries.remove(grace, prepared.id)).toBe(false);
		await summaries.share(ada, prepared.id, null);
		expect(await summaries.revoke(grace, prepared.id)).toBe(false);
		const row = await b.db
			.selectFrom('workbook_summary')
			.select(['shared_at', 'user_id'])
			.where('id', '=', prepared.id)
			.executeTakeFirstOrThrow();
		expect(row.user_id).toBe(ada.id);
		expect(row.shared_at).not.toBeNull();
		expect(await summaries.reads(grace)).toEqual([]);
		expect(
			(await b.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)
		).toEqual(['summary.shared']);
	});

	it('is shared for one of the member’s own upcoming consultations, and shows there', async () => {
		const { b, summaries, memberOf, practitioner } = await setUp();
		const ada = await memberOf('Ada');
		const grace = await memberOf('Grace');
		const rivers = await practitioner();
		const w = await workbookOf(b, ada);
		const booking = async (email: string, start: string, status = 'confirmed' as const) => {
			const id = randomUUID();
			const end = new Date(Date.parse(start) + 20 * 60_000).toISOString();
			await b.db
				.insertInto('booking')
				.values({
					id,
					start_at: start,
					end_at: end,
					blocked_start: start,
					blocked_end: end,
					time_zone: 'America/New_York',
					visitor_time_zone: 'Europe/London',
					status,
					name: 'Ada',
					email,
					phone: null,
					preferred_contact: 'email',
					location_country: 'US',
					location_region: 'NY',
					intake_ciphertext: null,
					consent_notice_version: '1',
					consented_at: '2026-11-20T10:00:00.000Z',
					idempotency_key: randomUUID(),
					manage_token_hash: randomUUID(),
					cancelled_at: null,
					cancelled_by: null,
					created_at: '2026-11-20T10:00:00.000Z',
					updated_at: '2026-11-20T10:00:00.000Z'
				})
				.execute();
			return id;
		};
		const upcoming = await booking(ada.email, '2026-12-03T15:00:00.000Z');
		await booking(ada.email, '2026-11-25T15:00:00.000Z'); // already past
		const graces = await booking(grace.email, '2026-12-04T15:00:00.000Z');

		expect(await summaries.consultations(ada)).toEqual([
			{ id: upcoming, start: '2026-12-03T15:00:00.000Z' }
		]);
		// An address not yet confirmed proves nothing about whose consultation it is.
		expect(await summaries.consultations({ ...ada, emailVerified: false })).toEqual([]);

		const prepared = await summaries.prepare(
			ada,
			choose({ title: 'For our consultation', moment: [w.chosenId] })
		);
		if (!prepared.ok) throw new Error('refused');
		expect(await summaries.share(ada, prepared.id, graces)).toBe('not-your-consultation');
		expect((await summaries.get(ada, prepared.id))?.state).toBe('private');

		expect(await summaries.share(ada, prepared.id, upcoming)).toBe('shared');
		expect((await summaries.get(ada, prepared.id))?.consultation).toEqual({
			id: upcoming,
			start: '2026-12-03T15:00:00.000Z'
		});
		const attached = await summaries.readForConsultation(rivers, upcoming);
		expect(attached.map((s) => s.title)).toEqual(['For our consultation']);
		expect(attached[0]?.member).toEqual({ id: ada.id, name: 'Ada' });
		expect(await summaries.readForConsultation(rivers, graces)).toEqual([]);
		const reads = await b.db
			.selectFrom('audit_log')
			.select(['action', 'target'])
			.where('action', '=', 'summary.read')
			.execute();
		expect(reads).toEqual([{ action: 'summary.read', target: prepared.id }]);

		// Taking it back detaches it from the consultation too.
		await summaries.revoke(ada, prepared.id);
		expect(await summaries.readForConsultation(rivers, upcoming)).toEqual([]);
	});

	it('goes with the account', async () => {
		const { b, summaries, memberOf } = await setUp();
		const ada = await memberOf('Ada');
		const grace = await memberOf('Grace');
		for (const person of [ada, grace]) {
			const w = await workbookOf(b, person);
			const prepared = await summaries.prepare(
				person,
				choose({ title: 'Mine', moment: [w.chosenId] })
			);
			if (!prepared.ok) throw new Error('refused');
			await summaries.share(person, prepared.id, null);
		}
		await b.db.deleteFrom('user').where('id', '=', ada.id).execute();
		const left = await b.db.selectFrom('workbook_summary').select('user_id').execute();
		expect(left).toEqual([{ user_id: grace.id }]);
		expect(await summaries.sharingMembers()).toEqual([
			{ userId: grace.id, name: 'Grace', count: 1 }
		]);
	});
});
