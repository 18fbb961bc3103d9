import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database';
import { createRateLimitRepository } from './rate-limit.repository';
import { createRateLimiter } from './rate-limit.service';

describe.each(testDatabaseKinds)('rate limiter on %s', (kind) => {
	let current: TestDatabase | undefined;
	afterEach(async () => {
		await current?.destroy();
		current = undefined;
	});

	it('allows up to the limit in a window, then refuses, then allows again in a new window', async () => {
		current = await createTestDatabase(kind);
		const clock = fixedClock('2026-11-29T15:00:00.000Z');
		const limiter = createRateLimiter({ buckets: createRateLimitRepository(current.db), clock });
		const limit = { max: 3, windowMs: 60_000 };
		const verdicts = [];
		for (let i = 0; i < 5; i++) verdicts.push((await limiter.hit('k', limit)).allowed);
		expect(verdicts).toEqual([true, true, true, false, false]);
		clock.advance(61_000);
		expect((await limiter.hit('k', limit)).allowed).toBe(true);
		expect((await limiter.hit('other', limit)).allowed).toBe(true);
	});

	it('counts every one of many concurrent attempts', async () => {
		current = await createTestDatabase(kind);
		const limiter = createRateLimiter({
			buckets: createRateLimitRepository(current.db),
			clock: fixedClock('2026-11-29T15:00:00.000Z')
		});
		const limit = { max: 100, windowMs: 60_000 };
		const verdicts = await Promise.all(
			Array.from({ length: 1000 }, () => limiter.hit('account:a@example.org', limit))
		);
		expect(verdicts.filter((v) => v.allowed)).toHaveLength(100);
	});
});
