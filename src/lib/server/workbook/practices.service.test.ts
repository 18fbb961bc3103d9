import { afterEach, describe, expect, it } from 'vitest';
import { nothingWritten } from '../../workbook/practice-form';
import { practiceGuides, type PracticeGuides } from '../content/practices';
import { testDatabaseKinds } from '../db/test-database';
import { createPracticesRepository } from './practices.repository';
import { createPracticesService } from './practices.service';
import { sealedAtRest } from './sealed-at-rest.test-setup';
import { crisisWords, member, workbookTestBed, type WorkbookTestBed } from './workbook.test-setup';

const london = 'Europe/London';

describe.each(testDatabaseKinds)('practices on %s', (kind) => {
	let bed: WorkbookTestBed | undefined;
	afterEach(async () => {
		await bed?.database.destroy();
		bed = undefined;
	});

	async function setUp(guides: PracticeGuides = practiceGuides) {
		bed = await workbookTestBed(kind);
		const practices = createPracticesService({
			...bed.deps,
			repository: createPracticesRepository(bed.db),
			guides
		});
		return { bed, practices };
	}

	it('chooses up to three practices for the week, changes the choice, and lets it go', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		// Sunday 29 November 2026, 15:00 in London: the week began on Monday the 23rd.
		expect(await practices.thisWeek(ada, london)).toEqual({ week: '2026-11-23', practices: [] });
		const chosen = await practices.chooseForWeek(ada, london, ['self-compassion', 'express-needs']);
		// Kept in the order of the list.
		expect(chosen).toEqual({
			ok: true,
			week: '2026-11-23',
			practices: ['express-needs', 'self-compassion']
		});
		expect(await practices.thisWeek(ada, london)).toEqual({
			week: '2026-11-23',
			practices: ['express-needs', 'self-compassion']
		});
		await practices.chooseForWeek(ada, london, ['purpose']);
		expect((await practices.thisWeek(ada, london)).practices).toEqual(['purpose']);
		expect(await bed.db.selectFrom('workbook_practice_week').selectAll().execute()).toHaveLength(1);

		// Monday: a new week, with nothing carried over and nothing counted.
		bed.clock.set('2026-11-30T09:00:00.000Z');
		expect(await practices.thisWeek(ada, london)).toEqual({ week: '2026-11-30', practices: [] });
		await practices.chooseForWeek(ada, london, ['identity', 'community', 'autonomy']);
		expect(await practices.weeks(ada)).toEqual([
			expect.objectContaining({
				week: '2026-11-30',
				practices: ['identity', 'autonomy', 'community']
			}),
			expect.objectContaining({ week: '2026-11-23', practices: ['purpose'] })
		]);

		// Choosing none lets the week go without a choice.
		expect(await practices.chooseForWeek(ada, london, [])).toMatchObject({
			ok: true,
			practices: []
		});
		expect((await practices.weeks(ada)).map((w) => w.week)).toEqual(['2026-11-23']);
	});

	it('refuses more than three, or a practice it does not know, and keeps the earlier choice', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		await practices.chooseForWeek(ada, london, ['self-trust']);
		const four = await practices.chooseForWeek(ada, london, [
			'self-trust',
			'identity',
			'purpose',
			'community'
		]);
		expect(four).toEqual({
			ok: false,
			errors: { practices: expect.stringMatching(/^Please choose up to 3\. A few, gently/) }
		});
		expect(await practices.chooseForWeek(ada, london, ['self-trust', 'flying'])).toEqual({
			ok: false,
			errors: { practices: 'One of these is not a practice we know. Please choose again.' }
		});
		// The same practice twice is one practice.
		expect(
			await practices.chooseForWeek(ada, london, ['identity', 'identity', 'purpose', 'purpose'])
		).toMatchObject({ ok: true, practices: ['identity', 'purpose'] });
		expect((await practices.thisWeek(ada, london)).practices).toEqual(['identity', 'purpose']);
	});

	it('starts the week at Monday midnight in the member’s zone, across clock changes', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		// London's clocks go forward at 01:00 UTC on Sunday 29 March 2026.
		bed.clock.set('2026-03-29T22:59:00.000Z'); // Sunday 23:59 BST
		expect(practices.weekOf(london)).toBe('2026-03-23');
		await practices.chooseForWeek(ada, london, ['self-soothe']);
		bed.clock.set('2026-03-29T23:00:00.000Z'); // Monday 00:00 BST, still Sunday in UTC
		expect(practices.weekOf(london)).toBe('2026-03-30');
		expect(practices.weekOf('UTC')).toBe('2026-03-23');
		expect((await practices.thisWeek(ada, london)).practices).toEqual([]);
		await practices.chooseForWeek(ada, london, ['resilience']);

		// …and back on Sunday 25 October 2026 (02:00 BST becomes 01:00 GMT).
		bed.clock.set('2026-10-25T23:59:00.000Z'); // Sunday 23:59 GMT
		expect(practices.weekOf(london)).toBe('2026-10-19');
		bed.clock.set('2026-10-26T00:00:00.000Z'); // Monday 00:00 GMT
		expect(practices.weekOf(london)).toBe('2026-10-26');

		// New York moves on 1 November 2026; Auckland is already in Monday when London is not.
		bed.clock.set('2026-11-02T04:59:00.000Z'); // Sunday 23:59 EST
		expect(practices.weekOf('America/New_York')).toBe('2026-10-26');
		expect(practices.weekOf('Pacific/Auckland')).toBe('2026-11-02');
		bed.clock.set('2026-11-02T05:00:00.000Z'); // Monday 00:00 EST
		expect(practices.weekOf('America/New_York')).toBe('2026-11-02');

		expect((await practices.weeks(ada)).map((w) => [w.week, w.practices])).toEqual([
			['2026-03-30', ['resilience']],
			['2026-03-23', ['self-soothe']]
		]);
	});

	it('saves, lists, changes and deletes an entry, with each answer where it was written', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		const saved = await practices.saveEntry(ada, 'express-needs', {
			'when-happened': '  When you were on your phone at dinner ',
			'i-felt': 'unimportant',
			'what-i-need': 'ten minutes of your attention',
			'what-stops-me': ''
		});
		expect(saved).toMatchObject({ ok: true, crisis: false });
		if (!saved.ok) throw new Error('refused');
		bed.clock.advance(60_000);
		const other = await practices.saveEntry(ada, 'self-compassion', { letter: 'Dear me' });
		if (!other.ok) throw new Error('refused');

		expect(await practices.entry(ada, saved.id)).toEqual({
			id: saved.id,
			createdAt: '2026-11-29T15:00:00.000Z',
			updatedAt: '2026-11-29T15:00:00.000Z',
			readable: true,
			practice: 'express-needs',
			answers: {
				'when-happened': 'When you were on your phone at dinner',
				'i-felt': 'unimportant',
				'what-i-need': 'ten minutes of your attention'
			}
		});
		expect((await practices.entries(ada)).map((e) => e.id)).toEqual([other.id, saved.id]);
		expect((await practices.entries(ada, 'express-needs')).map((e) => e.id)).toEqual([saved.id]);
		expect(await practices.entries(ada, 'purpose')).toEqual([]);

		bed.clock.advance(60_000);
		const changed = await practices.updateEntry(ada, saved.id, {
			'when-happened': 'When you were on your phone at dinner',
			'what-stops-me': 'I fear being too much.'
		});
		expect(changed).toEqual({ ok: true, crisis: false });
		expect(await practices.entry(ada, saved.id)).toMatchObject({
			practice: 'express-needs',
			updatedAt: '2026-11-29T15:02:00.000Z',
			answers: {
				'when-happened': 'When you were on your phone at dinner',
				'what-stops-me': 'I fear being too much.'
			}
		});

		// Through the address of another practice, it is not there.
		expect(await practices.updateEntry(ada, saved.id, { letter: 'x' }, 'self-compassion')).toEqual({
			ok: false,
			notFound: true
		});

		expect(await practices.removeEntry(ada, saved.id)).toBe(true);
		expect(await practices.entry(ada, saved.id)).toBeNull();
		expect(await practices.removeEntry(ada, saved.id)).toBe(false);
	});

	it('says what is missing or too long, beside the place it belongs', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		expect(await practices.saveEntry(ada, 'identity', { mine: '   ' })).toEqual({
			ok: false,
			errors: { form: nothingWritten }
		});
		expect(
			await practices.saveEntry(ada, 'identity', { mine: 'x'.repeat(10_001), 'what-i-chose': 'a' })
		).toEqual({
			ok: false,
			errors: { mine: expect.stringContaining('longer than we can keep') }
		});
		expect(await practices.saveEntry(ada, 'identity', { elsewhere: 'x' })).toMatchObject({
			ok: false,
			errors: { form: expect.any(String) }
		});
		expect(await practices.saveEntry(ada, 'not-a-practice', { mine: 'x' })).toEqual({
			ok: false,
			notFound: true
		});
		expect(await practices.entries(ada)).toEqual([]);
	});

	it('keeps answers to a place the practice’s text no longer has', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		const saved = await practices.saveEntry(ada, 'purpose', {
			unnoticed: 'I fixed the neighbour’s gate.',
			'most-myself': 'Outdoors.'
		});
		if (!saved.ok) throw new Error('refused');
		// The practice edits its text: the second exercise is gone.
		const purpose = practiceGuides.get('purpose')!;
		const edited = new Map(practiceGuides);
		edited.set('purpose', { ...purpose, exercises: purpose.exercises.slice(0, 1) });
		const later = createPracticesService({
			...bed.deps,
			repository: createPracticesRepository(bed.db),
			guides: edited
		});
		expect(await later.updateEntry(ada, saved.id, { 'most-myself': 'Outdoors, early.' })).toEqual({
			ok: true,
			crisis: false
		});
		expect(await later.entry(ada, saved.id)).toMatchObject({
			answers: { unnoticed: 'I fixed the neighbour’s gate.', 'most-myself': 'Outdoors, early.' }
		});
	});

	it('lets only the owner read, change or delete an entry or a week', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed, 'Ada');
		const grace = await member(bed, 'Grace');
		const saved = await practices.saveEntry(ada, 'self-trust', { decision: 'Ada’s own words' });
		if (!saved.ok) throw new Error('refused');
		await practices.chooseForWeek(ada, london, ['self-trust']);

		expect(await practices.entry(grace, saved.id)).toBeNull();
		expect(await practices.entries(grace)).toEqual([]);
		expect(await practices.entries(grace, 'self-trust')).toEqual([]);
		expect(await practices.updateEntry(grace, saved.id, { decision: 'Grace was here' })).toEqual({
			ok: false,
			notFound: true
		});
		expect(await practices.removeEntry(grace, saved.id)).toBe(false);
		expect(await practices.weeks(grace)).toEqual([]);
		expect((await practices.thisWeek(grace, london)).practices).toEqual([]);
		// Grace choosing for the same week makes her own row, and leaves Ada's.
		await practices.chooseForWeek(grace, london, ['purpose']);
		expect((await practices.thisWeek(ada, london)).practices).toEqual(['self-trust']);

		expect(await practices.entry(ada, saved.id)).toMatchObject({
			answers: { decision: 'Ada’s own words' }
		});
	});

	it('keeps writing that matches the crisis check, and says so for help to be shown', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		const saved = await practices.saveEntry(ada, 'self-soothe', {
			before: `Tonight ${crisisWords}.`
		});
		expect(saved).toMatchObject({ ok: true, crisis: true });
		if (!saved.ok) throw new Error('refused');
		expect(await practices.entry(ada, saved.id)).toMatchObject({
			answers: { before: `Tonight ${crisisWords}.` }
		});
		expect(await practices.updateEntry(ada, saved.id, { before: 'Calmer now.' })).toEqual({
			ok: true,
			crisis: false
		});
		expect(await practices.updateEntry(ada, saved.id, { after: `Still, ${crisisWords}` })).toEqual({
			ok: true,
			crisis: true
		});
		// Everyday words about relationships are not crisis words.
		expect(
			await practices.saveEntry(ada, 'self-soothe', { before: 'This silence is killing me.' })
		).toMatchObject({ ok: true, crisis: false });
	});

	it('keeps the chosen practices and everything written sealed at rest', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		const words = 'the lighthouse at Tarbat Ness';
		const saved = await practices.saveEntry(ada, 'community', { circle: words });
		if (!saved.ok) throw new Error('refused');
		await practices.chooseForWeek(ada, london, ['community', 'be-seen']);

		const entry = await bed.db
			.selectFrom('workbook_practice_entry')
			.selectAll()
			.executeTakeFirstOrThrow();
		const week = await bed.db
			.selectFrom('workbook_practice_week')
			.selectAll()
			.executeTakeFirstOrThrow();
		for (const value of [entry.practice, entry.answers, week.practices]) {
			expect(value).toMatch(/^k1:v1\./);
		}
		expect(week.week).toBe('2026-11-23');
		// A sealed value moved to another row does not open there.
		await bed.db.updateTable('workbook_practice_entry').set({ answers: week.practices }).execute();
		expect(await practices.entry(ada, saved.id)).toMatchObject({ readable: false });
		expect(JSON.stringify(bed.logged)).not.toContain('Tarbat');

		await practices.saveEntry(ada, 'community', { circle: words });
		expect(await sealedAtRest(bed, ['Tarbat Ness', 'be-seen', 'community'])).toBeGreaterThan(1000);
	});

	it('keeps one row for the week when the member chooses in two places at once', async () => {
		const { bed, practices } = await setUp();
		const ada = await member(bed);
		const results = await Promise.all([
			practices.chooseForWeek(ada, london, ['identity']),
			practices.chooseForWeek(ada, london, ['purpose']),
			practices.chooseForWeek(ada, london, ['autonomy'])
		]);
		expect(results.every((r) => r.ok)).toBe(true);
		const rows = await bed.db.selectFrom('workbook_practice_week').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect((await practices.thisWeek(ada, london)).practices).toHaveLength(1);
	});
});
