import { describe, expect, it } from 'vitest';
import { sessionStillValid } from './session-policy';

const at = (iso: string) => new Date(iso);

describe('session policy', () => {
	it('ends a practitioner session after 30 minutes idle', () => {
		const base = {
			role: 'practitioner',
			createdAt: at('2026-11-29T09:00:00Z'),
			lastSeenAt: at('2026-11-29T10:00:00Z')
		};
		expect(sessionStillValid({ ...base, now: at('2026-11-29T10:30:00Z') })).toBe(true);
		expect(sessionStillValid({ ...base, now: at('2026-11-29T10:30:01Z') })).toBe(false);
	});

	it('ends a practitioner session 12 hours after sign-in even when active', () => {
		const base = { role: 'owner', createdAt: at('2026-11-29T08:00:00Z') };
		expect(
			sessionStillValid({
				...base,
				lastSeenAt: at('2026-11-29T19:59:00Z'),
				now: at('2026-11-29T20:00:00Z')
			})
		).toBe(true);
		expect(
			sessionStillValid({
				...base,
				lastSeenAt: at('2026-11-29T19:59:00Z'),
				now: at('2026-11-29T20:00:01Z')
			})
		).toBe(false);
	});

	it('leaves members to the ordinary expiry', () => {
		expect(
			sessionStillValid({
				role: 'member',
				createdAt: at('2026-11-01T08:00:00Z'),
				lastSeenAt: at('2026-11-02T08:00:00Z'),
				now: at('2026-11-29T08:00:00Z')
			})
		).toBe(true);
	});
});
