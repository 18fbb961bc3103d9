import { afterEach, describe, expect, it } from 'vitest';
import { accountExporters, createAccountDataService } from '../accounts/account-data.service';
import {
	accountTestBed,
	member,
	testPassword,
	type AccountTestBed
} from '../accounts/account-settings.test-setup';
import { fixedClock } from '../clock';
import { testDatabaseKinds } from '../db/test-database';
import { createDataKeyRing, parseDataKeys } from '../privacy/data-keys';
import { detectCrisis } from '../safety/crisis';
import { createBeliefsService } from './beliefs.service';
import { createCheckinsRepository } from './checkins.repository';
import { createCheckinsService } from './checkins.service';
import { createMomentsService } from './moments.service';
import { createSelfCheckRepository } from './self-check.repository';
import { createSelfCheckService } from './self-check.service';
import {
	checkinsExporter,
	practiceAndWinExporters,
	selfCheckExporter,
	summariesExporters,
	workbookExporters
} from './workbook-export';
import { practiceGuides } from '../content/practices';
import { createPracticesRepository } from './practices.repository';
import { createPracticesService } from './practices.service';
import { createWinsRepository } from './wins.repository';
import { createWinsService } from './wins.service';
import { readSummaryForm } from '../../workbook/summary';
import { essayBeliefs, labelOf, waitedOutChoices } from '../../workbook/vocabulary';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { createSummariesRepository } from './summaries.repository';
import { createSummariesService } from './summaries.service';
import { createWorkbookRepository, sealedColumns } from './workbook.repository';
import { keyEntry, partTwoRows } from './workbook.test-setup';

describe.each(testDatabaseKinds)('the workbook in an account’s data on %s', (kind) => {
	let bed: AccountTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	async function setUp() {
		bed = await accountTestBed(kind);
		const deps = {
			repository: createWorkbookRepository(bed.db),
			keys: createDataKeyRing(parseDataKeys(keyEntry('k1'))),
			clock: fixedClock('2026-11-29T15:00:00.000Z'),
			detectCrisis
		};
		const moments = createMomentsService(deps);
		const beliefs = createBeliefsService(deps);
		const selfChecks = createSelfCheckService({
			...deps,
			repository: createSelfCheckRepository(bed.db)
		});
		const checkins = createCheckinsService({
			...deps,
			repository: createCheckinsRepository(bed.db)
		});
		const data = createAccountDataService({
			db: bed.db,
			audit: bed.audit,
			clock: deps.clock,
			confirmPassword: bed.settings.confirmPassword,
			practiceName: 'Steady',
			exporters: [
				...accountExporters,
				...workbookExporters(moments, beliefs),
				selfCheckExporter(selfChecks),
				checkinsExporter(checkins)
			]
		});
		return { bed, moments, beliefs, selfChecks, checkins, data, clock: deps.clock };
	}

	it('exports moments, drafts and beliefs with their history, opened, and no one else’s', async () => {
		const { bed, moments, beliefs, data, clock } = await setUp();
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		const belief = await beliefs.create(ada.userId, {
			essay: 'earn-love',
			words: '',
			strength: '85',
			alternative: 'Love is not a wage.',
			alternative_strength: '15'
		});
		if (!belief.ok) throw new Error('refused');
		clock.advance(60_000);
		await beliefs.rate(ada.userId, belief.id, { strength: '65', alternative_strength: '35' });
		const saved = await moments.saveFromPause(ada.userId, {
			whatHappened: 'My friend cancelled at the last minute.',
			beliefs: [`own:${belief.id}`],
			intensityNow: 40,
			waitedOut: 'yes'
		});
		await moments.saveDraft(ada.userId, {
			draftId: null,
			step: 'happened',
			values: { what_happened: 'Half a thought' },
			fields: ['what_happened']
		});
		await moments.saveFromPause(grace.userId, { whatHappened: 'Grace’s own words' });

		const exported = await data.exportAccount(ada);
		const ownLabel = (await moments.ownBeliefs(ada.userId)).find((b) => b.id === belief.id)?.label;
		expect(exported.moments).toEqual([
			expect.objectContaining({
				id: saved.momentId,
				whatHappened: 'My friend cancelled at the last minute.',
				intensityNow: 40,
				waitedOut: 'yes',
				beliefs: [`own:${belief.id}`],
				// Keys for the JSON, their words for a reader.
				beliefsName: [ownLabel],
				waitedOutName: labelOf(waitedOutChoices, 'yes'),
				happenedPicksName: []
			})
		]);
		expect(ownLabel).toBe(labelOf(essayBeliefs, 'earn-love'));
		expect(exported.momentDrafts).toEqual([
			expect.objectContaining({ typed: { what_happened: 'Half a thought' }, lastStep: 'happened' })
		]);
		expect(exported.beliefs).toEqual([
			expect.objectContaining({
				id: belief.id,
				statement: { essay: 'earn-love', words: '' },
				strength: 65,
				alternative: 'Love is not a wage.',
				cameUpInMoments: [saved.momentId],
				ratings: [
					{ at: '2026-11-29T15:00:00.000Z', strength: 85, alternativeStrength: 15 },
					{ at: '2026-11-29T15:01:00.000Z', strength: 65, alternativeStrength: 35 }
				]
			})
		]);
		const text = JSON.stringify(exported);
		expect(text).not.toContain('Grace’s own words');
		expect(text).not.toMatch(/k1:v1\./);
		expect(Object.keys(exported.about as object)).toEqual(
			expect.arrayContaining(['moments', 'momentDrafts', 'beliefs'])
		);
	});

	it('exports kept self-checks in the essay’s words, newest first, and no one else’s', async () => {
		const { bed, selfChecks, data, clock } = await setUp();
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		const first = await selfChecks.save(ada.userId, {
			questions: { 'need-reassurance': 'a-lot', 'okay-alone': 'not-at-all' },
			beliefs: { 'needs-burden': 'a-little' },
			cycles: ['over-accommodate']
		});
		clock.advance(60_000);
		const second = await selfChecks.save(ada.userId, { questions: {}, beliefs: {}, cycles: [] });
		await selfChecks.save(grace.userId, {
			questions: { 'abandon-myself': 'a-lot' },
			beliefs: {},
			cycles: []
		});
		if (!first.ok || !second.ok) throw new Error('refused');
		// One that can no longer be opened is listed, not left out.
		await bed.db
			.updateTable('workbook_self_check')
			.set({ answers: 'k1:v1.damaged' })
			.where('id', '=', second.id)
			.execute();

		const exported = await data.exportAccount(ada);
		expect(exported.selfChecks).toEqual([
			{ id: second.id, savedAt: '2026-11-29T15:01:00.000Z', couldNotBeOpened: true },
			{
				id: first.id,
				savedAt: '2026-11-29T15:00:00.000Z',
				questions: [
					{
						key: 'okay-alone',
						words: 'Why do I feel okay alone sometimes, but insecure in intimacy?',
						howMuch: 'Not at all'
					},
					{
						key: 'need-reassurance',
						words: 'Why do I need so much reassurance?',
						howMuch: 'A lot'
					}
				],
				beliefs: [{ key: 'needs-burden', words: 'My needs are a burden', howMuch: 'A little' }],
				cycles: [
					{
						key: 'over-accommodate',
						words: 'Over-accommodating to avoid abandonment or disconnection'
					}
				]
			}
		]);
		expect(JSON.stringify(exported)).not.toContain('abandon-myself');
		expect((exported.about as Record<string, string>).selfChecks).toMatch(/self-checks you kept/);
	});

	it('exports check-ins and drafts of them, opened, and no one else’s', async () => {
		const { bed, checkins, data, clock } = await setUp();
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		// RSES, worked by hand: 3 + (3−0) + 3 + 3 + (3−1) + (3−1) + 2 + (3−0) + (3−0) + 3 = 27.
		const done = await checkins.complete(ada.userId, 'rses', [3, 0, 3, 3, 1, 1, 2, 0, 0, 3]);
		expect(done).toMatchObject({ ok: true, score: 27 });
		clock.advance(60_000);
		await checkins.saveDraft(ada.userId, 'scs-sf', [4, 2, ...Array(10).fill(null)]);
		await checkins.complete(grace.userId, 'rses', [0, 3, 0, 0, 3, 3, 0, 3, 3, 1]);

		const exported = await data.exportAccount(ada);
		expect(exported.checkins).toEqual([
			expect.objectContaining({
				instrument: 'rses',
				completedAt: '2026-11-29T15:00:00.000Z',
				score: 27
			}),
			expect.objectContaining({ instrument: 'scs-sf', completedAt: null, score: null })
		]);
		const [rses, scs] = exported.checkins as { answers: { answer: string | null }[] }[];
		expect(rses!.answers.map((a) => a.answer)).toEqual([
			'Strongly agree',
			'Strongly disagree',
			'Strongly agree',
			'Strongly agree',
			'Disagree',
			'Disagree',
			'Agree',
			'Strongly disagree',
			'Strongly disagree',
			'Strongly agree'
		]);
		expect(scs!.answers.slice(0, 3).map((a) => a.answer)).toEqual(['Often', 'Rarely', null]);
		expect(JSON.stringify(exported.checkins)).not.toContain('"score":1');
		expect((exported.about as Record<string, string>).checkins).toMatch(/Rosenberg/);
	});

	it('removes the workbook with the account, and keeps everyone else’s', async () => {
		const { bed, moments, beliefs, data } = await setUp();
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		for (const person of [ada, grace]) {
			const b = await beliefs.create(person.userId, { essay: 'too-much', strength: '50' });
			if (!b.ok) throw new Error('refused');
			await beliefs.rate(person.userId, b.id, { strength: '40' });
			await moments.saveFromPause(person.userId, { whatHappened: 'x' });
			await moments.saveDraft(person.userId, {
				draftId: null,
				step: 'happened',
				values: { what_happened: 'y' },
				fields: ['what_happened']
			});
			await partTwoRows(bed.db, person.userId);
		}
		const deleted = await data.deleteAccount(ada, { password: testPassword });
		expect(deleted.ok).toBe(true);
		for (const table of Object.keys(sealedColumns) as (keyof typeof sealedColumns)[]) {
			const rows = await bed.db.selectFrom(table).select('user_id').execute();
			expect(
				rows.map((r) => r.user_id),
				table
			).toEqual(table === 'workbook_belief_rating' ? [grace.userId, grace.userId] : [grace.userId]);
		}
	});
});

describe.each(testDatabaseKinds)('practices and quiet wins in an account’s data on %s', (kind) => {
	let bed: AccountTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	it('exports the weeks, the entries beside their questions and the wins, and no one else’s', async () => {
		bed = await accountTestBed(kind);
		const deps = {
			keys: createDataKeyRing(parseDataKeys(keyEntry('k1'))),
			clock: fixedClock('2026-11-29T15:00:00.000Z'),
			detectCrisis
		};
		const practices = createPracticesService({
			...deps,
			repository: createPracticesRepository(bed.db),
			guides: practiceGuides
		});
		const wins = createWinsService({ ...deps, repository: createWinsRepository(bed.db) });
		const data = createAccountDataService({
			db: bed.db,
			audit: bed.audit,
			clock: deps.clock,
			confirmPassword: bed.settings.confirmPassword,
			practiceName: 'Steady',
			exporters: [...accountExporters, ...practiceAndWinExporters(practices, wins)]
		});
		const ada = await member(bed, 'ada@example.org');
		const grace = await member(bed, 'grace@example.org', 'Grace');
		await practices.chooseForWeek(ada.userId, 'Europe/London', ['express-needs', 'purpose']);
		const entry = await practices.saveEntry(ada.userId, 'express-needs', {
			'i-felt': 'unseen',
			'what-stops-me': 'Fear of being too much.'
		});
		if (!entry.ok) throw new Error('refused');
		const win = await wins.add(ada.userId, 'Europe/London', {
			kind: 'took-up-space',
			note: 'Asked for the window seat.',
			happened_on: '2026-11-28'
		});
		if (!win.ok) throw new Error('refused');
		await wins.add(grace.userId, 'Europe/London', { kind: 'took-up-space', note: 'Grace’s note' });
		await practices.saveEntry(grace.userId, 'identity', { mine: 'Grace’s words' });

		const exported = await data.exportAccount(ada);
		expect(exported.practiceWeeks).toEqual([
			expect.objectContaining({
				week: '2026-11-23',
				practices: [
					{ key: 'express-needs', name: 'Expressing needs honestly' },
					{ key: 'purpose', name: 'Purpose and meaning' }
				]
			})
		]);
		expect(exported.practiceEntries).toEqual([
			{
				id: entry.id,
				createdAt: '2026-11-29T15:00:00.000Z',
				updatedAt: '2026-11-29T15:00:00.000Z',
				practice: 'express-needs',
				practiceName: 'Expressing needs honestly',
				answers: [
					{ id: 'i-felt', answering: 'I felt …', text: 'unseen' },
					{
						id: 'what-stops-me',
						answering:
							'What usually stops me from saying what I need, and what do I fear would happen if I did?',
						text: 'Fear of being too much.'
					}
				]
			}
		]);
		expect(exported.quietWins).toEqual([
			expect.objectContaining({
				id: win.id,
				kind: 'took-up-space',
				kindName: 'I took up space',
				note: 'Asked for the window seat.',
				happenedOn: '2026-11-28'
			})
		]);
		const text = JSON.stringify(exported);
		expect(text).not.toContain('Grace’s');
		expect(text).not.toMatch(/k1:v1\./);
		expect(Object.keys(exported.about as object)).toEqual(
			expect.arrayContaining(['practiceWeeks', 'practiceEntries', 'quietWins'])
		);
	});
});

describe.each(testDatabaseKinds)('summaries in an account’s data on %s', (kind) => {
	let bed: AccountTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	it('exports each summary as prepared, its state and its readings, and deletes them with the account', async () => {
		bed = await accountTestBed(kind);
		const clock = fixedClock('2026-11-29T15:00:00.000Z');
		const deps = {
			repository: createWorkbookRepository(bed.db),
			keys: createDataKeyRing(parseDataKeys(keyEntry('k1'))),
			clock,
			detectCrisis
		};
		const moments = createMomentsService(deps);
		const beliefs = createBeliefsService(deps);
		const audit = createAuditService({ audit: createAuditRepository(bed.db), clock });
		const summaries = createSummariesService({
			repository: createSummariesRepository(bed.db),
			keys: deps.keys,
			clock,
			audit,
			moments,
			beliefs
		});
		const data = createAccountDataService({
			db: bed.db,
			audit: bed.audit,
			clock,
			confirmPassword: bed.settings.confirmPassword,
			practiceName: 'Steady',
			exporters: [
				...accountExporters,
				...workbookExporters(moments, beliefs),
				...summariesExporters(summaries)
			]
		});
		const ada = await member(bed, 'ada@example.org');
		const rivers = await member(bed, 'rivers@example.org', 'Dr Rivers');
		const person = {
			id: ada.userId,
			email: 'ada@example.org',
			emailVerified: true,
			timeZone: 'Europe/London'
		};
		const moment = await moments.saveFromPause(ada.userId, { whatHappened: 'The quiet phone' });
		const form = new FormData();
		form.append('title', 'For the practice');
		form.append('moment', moment.momentId);
		const read = readSummaryForm(form);
		if (!read.ok) throw new Error('refused');
		const prepared = await summaries.prepare(person, read.choice);
		if (!prepared.ok) throw new Error('refused');
		await summaries.share(person, prepared.id, null);
		await summaries.read({ userId: rivers.userId }, ada.userId, prepared.id);

		const exported = await data.exportAccount(ada);
		expect(exported.summaries).toEqual([
			expect.objectContaining({
				id: prepared.id,
				title: 'For the practice',
				state: 'shared',
				sharedAt: '2026-11-29T15:00:00.000Z',
				takenBackAt: null,
				content: expect.objectContaining({
					moments: [
						{
							on: '29 November 2026, 15:00',
							parts: [{ title: 'What happened', items: ['The quiet phone'] }]
						}
					]
				})
			})
		]);
		expect(exported.summaryReads).toEqual([
			{ at: '2026-11-29T15:00:00.000Z', readBy: 'Dr Rivers', summaryId: prepared.id }
		]);
		expect(JSON.stringify(exported)).not.toMatch(/k1:v1\./);

		// The readable copy holds the same parts, each under its heading.
		const readable = await data.exportReadable(ada, 'Europe/London');
		for (const { title } of data.sections()) expect(readable).toContain(`<h2>${title}</h2>`);
		expect(readable).toContain('<h2>Summaries for the practice</h2>');
		expect(readable).toContain('The quiet phone');
		expect(readable).toContain('<dt>Opened by</dt><dd>Dr Rivers</dd>');
		expect(readable).not.toMatch(/k1:v1\./);

		const deleted = await data.deleteAccount(ada, { password: testPassword });
		expect(deleted.ok).toBe(true);
		expect(await bed.db.selectFrom('workbook_summary').select('id').execute()).toEqual([]);
	});
});
