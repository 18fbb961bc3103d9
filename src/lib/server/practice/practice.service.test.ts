import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createPracticeRepository } from './practice.repository';
import { createPracticeService } from './practice.service';

describe.each(testDatabaseKinds)('practice service on %s', (kind) => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	it('creates the practice from the defaults once and then keeps the stored row', async () => {
		current = await createTestDatabase(kind);
		const service = createPracticeService({
			practices: createPracticeRepository(current.db),
			clock: fixedClock('2026-11-29T15:00:00.000Z')
		});
		expect(await service.get()).toBeUndefined();
		const first = await service.ensure({
			name: 'Steady',
			timeZone: 'America/New_York',
			contactEmail: 'hello@example.org'
		});
		expect(first).toEqual({
			name: 'Steady',
			timeZone: 'America/New_York',
			contactEmail: 'hello@example.org'
		});
		const again = await service.ensure({
			name: 'Other',
			timeZone: 'UTC',
			contactEmail: 'other@example.org'
		});
		expect(again).toEqual(first);
	});

	it('survives two processes creating it at the same moment', async () => {
		current = await createTestDatabase(kind);
		const make = () =>
			createPracticeService({
				practices: createPracticeRepository(current!.db),
				clock: fixedClock('2026-11-29T15:00:00.000Z')
			});
		const defaults = { name: 'Steady', timeZone: 'UTC', contactEmail: 'a@example.org' };
		const results = await Promise.all([make().ensure(defaults), make().ensure(defaults)]);
		expect(results[0]).toEqual(results[1]);
	});
});
