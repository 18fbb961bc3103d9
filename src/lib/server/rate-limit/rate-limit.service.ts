import type { Clock } from '../clock';
import type { RateLimitRepository } from './rate-limit.repository';

export interface Limit {
	/** How many attempts a key may make in one window. */
	max: number;
	windowMs: number;
}

export interface LimitVerdict {
	allowed: boolean;
	/** Seconds until the window ends, for Retry-After. */
	retryAfterSeconds: number;
}

export function createRateLimiter(deps: { buckets: RateLimitRepository; clock: Clock }) {
	return {
		async hit(key: string, limit: Limit): Promise<LimitVerdict> {
			const now = deps.clock.now();
			const windowStartedBefore = new Date(now.getTime() - limit.windowMs).toISOString();
			const count = await deps.buckets.hit(key, now.toISOString(), windowStartedBefore);
			return {
				allowed: count <= limit.max,
				retryAfterSeconds: Math.ceil(limit.windowMs / 1000)
			};
		},

		/** Clears a key, e.g. an account's failures after a successful sign-in. */
		reset: (key: string) => deps.buckets.clear(key)
	};
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The limits on account forms: per address of the request and per account. */
export const accountLimits = {
	signInPerAccount: { max: 10, windowMs: 15 * 60_000 },
	signInPerIp: { max: 30, windowMs: 15 * 60_000 },
	signUpPerIp: { max: 10, windowMs: 60 * 60_000 },
	emailLinkPerAccount: { max: 5, windowMs: 60 * 60_000 },
	emailLinkPerIp: { max: 20, windowMs: 60 * 60_000 },
	secondFactorPerAccount: { max: 10, windowMs: 15 * 60_000 }
} satisfies Record<string, Limit>;
