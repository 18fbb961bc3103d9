import { afterEach, describe, expect, it } from 'vitest';
import { futureDayMessage } from '../../workbook/win-form';
import { testDatabaseKinds } from '../db/test-database';
import { sealedAtRest } from './sealed-at-rest.test-setup';
import { createWinsRepository } from './wins.repository';
import { createWinsService } from './wins.service';
import { crisisWords, member, workbookTestBed, type WorkbookTestBed } from './workbook.test-setup';

// The test bed's clock: Sunday 29 November 2026, 15:00 UTC — already Monday morning in Auckland.
const losAngeles = 'America/Los_Angeles';
const auckland = 'Pacific/Auckland';

describe.each(testDatabaseKinds)('quiet wins on %s', (kind) => {
	let bed: WorkbookTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	async function setUp() {
		bed = await workbookTestBed(kind);
		const wins = createWinsService({ ...bed.deps, repository: createWinsRepository(bed.db) });
		return { bed, wins };
	}

	it('notes a win in one tap, on today in the member’s own zone', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		const here = await wins.add(ada, losAngeles, { kind: 'took-up-space' });
		const there = await wins.add(ada, auckland, {
			kind: 'spoke-honestly',
			note: '',
			happened_on: ''
		});
		if (!here.ok || !there.ok) throw new Error('refused');
		expect(await wins.get(ada, here.id)).toMatchObject({
			readable: true,
			content: { kind: 'took-up-space', note: null, happenedOn: '2026-11-29' }
		});
		expect(await wins.get(ada, there.id)).toMatchObject({
			content: { kind: 'spoke-honestly', note: null, happenedOn: '2026-11-30' }
		});
		expect(wins.today(losAngeles)).toBe('2026-11-29');
		expect(wins.today(auckland)).toBe('2026-11-30');
	});

	it('reads today across a clock change', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		// London's clocks go forward at 01:00 UTC on 29 March 2026: 23:30 UTC is 00:30 the next day.
		bed.clock.set('2026-03-29T23:30:00.000Z');
		expect(wins.today('Europe/London')).toBe('2026-03-30');
		expect(wins.today('UTC')).toBe('2026-03-29');
		const added = await wins.add(ada, 'Europe/London', { kind: 'trusted-feelings' });
		if (!added.ok) throw new Error('refused');
		expect(await wins.get(ada, added.id)).toMatchObject({ content: { happenedOn: '2026-03-30' } });
		// In October the hour comes back: 23:30 UTC on the 25th is still the 25th in London.
		bed.clock.set('2026-10-25T23:30:00.000Z');
		expect(wins.today('Europe/London')).toBe('2026-10-25');
	});

	it('keeps a note and an earlier day, and refuses a day that has not come yet', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		const added = await wins.add(ada, losAngeles, {
			kind: 'chose-by-values',
			note: '  Said no to the Saturday shift. ',
			happened_on: '2026-11-27'
		});
		if (!added.ok) throw new Error('refused');
		expect(await wins.get(ada, added.id)).toMatchObject({
			content: {
				kind: 'chose-by-values',
				note: 'Said no to the Saturday shift.',
				happenedOn: '2026-11-27'
			}
		});
		// Monday the 30th is tomorrow in Los Angeles, but already today in Auckland.
		expect(
			await wins.add(ada, losAngeles, { kind: 'chose-by-values', happened_on: '2026-11-30' })
		).toEqual({ ok: false, errors: { happened_on: futureDayMessage } });
		expect(
			await wins.add(ada, auckland, { kind: 'chose-by-values', happened_on: '2026-11-30' })
		).toMatchObject({ ok: true });
		expect(futureDayMessage).toBe(
			'That day has not come yet. Please choose today or a day before it.'
		);
	});

	it('says what is wrong beside each field', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		expect(await wins.add(ada, losAngeles, {})).toEqual({
			ok: false,
			errors: { kind: 'Please choose which kind of win it was.' }
		});
		expect(
			await wins.add(ada, losAngeles, {
				kind: 'won-the-lottery',
				note: 'x'.repeat(1_001),
				happened_on: '2026-02-30'
			})
		).toEqual({
			ok: false,
			errors: {
				kind: 'That is not one of the wins listed. Please choose one of them.',
				note: 'Please keep the note to a few lines (up to 1,000 characters).',
				happened_on: 'Please give the day as a date, for example 2026-11-29.'
			}
		});
		expect(
			await wins.add(ada, losAngeles, { kind: 'took-up-space', happened_on: '29/11/2026' })
		).toMatchObject({ ok: false, errors: { happened_on: expect.any(String) } });
		expect(
			await wins.add(ada, losAngeles, { kind: 'took-up-space', note: 'x'.repeat(1_000) })
		).toMatchObject({ ok: true });
		expect(await wins.list(ada)).toHaveLength(1);
	});

	it('lists wins by the day they happened, newest first, and changes and deletes them', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		const add = async (happened_on: string, kind = 'took-up-space') => {
			const added = await wins.add(ada, losAngeles, { kind, happened_on });
			if (!added.ok) throw new Error('refused');
			bed.clock.advance(1_000);
			return added.id;
		};
		const october = await add('2026-10-03');
		const today = await add('');
		const earlier = await add('2026-11-20');
		const alsoToday = await add('2026-11-29', 'kind-in-failure');
		expect((await wins.list(ada)).map((w) => w.id)).toEqual([alsoToday, today, earlier, october]);

		expect(
			await wins.update(ada, october, losAngeles, {
				kind: 'recovered-from-rejection',
				note: 'Slept on it.',
				happened_on: '2026-11-28'
			})
		).toEqual({ ok: true, crisis: false });
		expect((await wins.list(ada)).map((w) => w.id)).toEqual([alsoToday, today, october, earlier]);
		// A change without a day keeps the day it had.
		await wins.update(ada, earlier, losAngeles, { kind: 'tolerated-imperfection' });
		expect(await wins.get(ada, earlier)).toMatchObject({
			content: { kind: 'tolerated-imperfection', note: null, happenedOn: '2026-11-20' }
		});
		expect(
			await wins.update(ada, earlier, losAngeles, {
				kind: 'took-up-space',
				happened_on: '2027-01-01'
			})
		).toEqual({ ok: false, errors: { happened_on: futureDayMessage } });

		expect(await wins.remove(ada, today)).toBe(true);
		expect(await wins.get(ada, today)).toBeNull();
		expect(await wins.list(ada)).toHaveLength(3);
	});

	it('lets only the owner read, change or delete a win', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed, 'Ada');
		const grace = await member(bed, 'Grace');
		const added = await wins.add(ada, losAngeles, { kind: 'spoke-honestly', note: 'Ada’s note' });
		if (!added.ok) throw new Error('refused');
		expect(await wins.get(grace, added.id)).toBeNull();
		expect(await wins.list(grace)).toEqual([]);
		expect(await wins.update(grace, added.id, losAngeles, { kind: 'took-up-space' })).toEqual({
			ok: false,
			notFound: true
		});
		expect(await wins.remove(grace, added.id)).toBe(false);
		expect(await wins.get(ada, added.id)).toMatchObject({
			content: { kind: 'spoke-honestly', note: 'Ada’s note' }
		});
	});

	it('keeps a note that matches the crisis check, and says so for help to be shown', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		const added = await wins.add(ada, losAngeles, {
			kind: 'kind-in-failure',
			note: `Even though ${crisisWords}`
		});
		expect(added).toMatchObject({ ok: true, crisis: true });
		if (!added.ok) throw new Error('refused');
		expect(await wins.get(ada, added.id)).toMatchObject({
			content: { note: `Even though ${crisisWords}` }
		});
		expect(await wins.update(ada, added.id, losAngeles, { kind: 'kind-in-failure' })).toEqual({
			ok: true,
			crisis: false
		});
	});

	it('keeps the kind, the note and the day sealed at rest', async () => {
		const { bed, wins } = await setUp();
		const ada = await member(bed);
		await wins.add(ada, losAngeles, {
			kind: 'stayed-with-myself',
			note: 'At the lighthouse at Tarbat Ness',
			happened_on: '2026-11-17'
		});
		const row = await bed.db.selectFrom('workbook_win').selectAll().executeTakeFirstOrThrow();
		for (const value of [row.kind, row.note, row.happened_on]) expect(value).toMatch(/^k1:v1\./);
		expect(
			await sealedAtRest(bed, ['Tarbat Ness', 'stayed-with-myself', '2026-11-17'])
		).toBeGreaterThan(1000);
	});
});
