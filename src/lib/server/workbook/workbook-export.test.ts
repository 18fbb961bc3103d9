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
import { practiceAndWinExporters, workbookExporters } from './workbook-export';
import { practiceGuides } from '../content/practices';
import { createPracticesRepository } from './practices.repository';
import { createPracticesService } from './practices.service';
import { createWinsRepository } from './wins.repository';
import { createWinsService } from './wins.service';
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
