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
import { createMomentsService } from './moments.service';
import { readSummaryForm } from '../../workbook/summary';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { createSummariesRepository } from './summaries.repository';
import { createSummariesService } from './summaries.service';
import { summariesExporters, workbookExporters } from './workbook-export';
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
		const data = createAccountDataService({
			db: bed.db,
			audit: bed.audit,
			clock: deps.clock,
			confirmPassword: bed.settings.confirmPassword,
			practiceName: 'Steady',
			exporters: [...accountExporters, ...workbookExporters(moments, beliefs)]
		});
		return { bed, moments, beliefs, data, clock: deps.clock };
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
		expect(exported.moments).toEqual([
			expect.objectContaining({
				id: saved.momentId,
				whatHappened: 'My friend cancelled at the last minute.',
				intensityNow: 40,
				waitedOut: 'yes',
				beliefs: [`own:${belief.id}`]
			})
		]);
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

		const deleted = await data.deleteAccount(ada, { password: testPassword });
		expect(deleted.ok).toBe(true);
		expect(await bed.db.selectFrom('workbook_summary').select('id').execute()).toEqual([]);
	});
});
