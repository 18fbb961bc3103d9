/** The one source of "now"; services take a clock so tests can fix the time. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
	iso: string
): Clock & { set(iso: string): void; advance(ms: number): void } {
	let instant = new Date(iso);
	return {
		now: () => new Date(instant),
		set: (next) => (instant = new Date(next)),
		advance: (ms) => (instant = new Date(instant.getTime() + ms))
	};
}
