/**
 * npm run bench:slots — how long computing 30 days of consultation times takes for a practitioner
 * with 200 booked consultations. Prints the median and 99th percentile, and the same figures for a
 * trivial reference loop run in the same process, so the result reads as a ratio as well as a time
 * (a slower machine slows both).
 */
import { pathToFileURL } from 'node:url';
import { computeSlots } from '../src/lib/booking/slots';
import type { AvailabilityRules, BusyTime } from '../src/lib/booking/availability';

const minute = 60_000;
const print = (line: string) => process.stdout.write(`${line}\n`);
const day = 86_400_000;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function measure(run: () => unknown, rounds: number): { median: number; p99: number } {
	for (let i = 0; i < 50; i++) run();
	const times: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const started = performance.now();
		run();
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	return { median: percentile(times, 50), p99: percentile(times, 99) };
}

function scenario(zone: string, nowIso: string) {
	const availability: AvailabilityRules = {
		timeZone: zone,
		slotMinutes: 20,
		intervalMinutes: 30,
		bufferBeforeMinutes: 0,
		bufferAfterMinutes: 10,
		minimumNoticeMinutes: 24 * 60,
		horizonDays: 30,
		dailyCap: 12,
		weekly: [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
			{ weekday, start: '08:00', end: '12:00' },
			{ weekday, start: '13:00', end: '19:00' }
		]),
		exceptions: [
			{ date: '2026-12-24', kind: 'closed', start: null, end: null },
			{ date: '2026-12-27', kind: 'open', start: '10:00', end: '12:00' }
		]
	};
	const now = Date.parse(nowIso);
	// 200 consultations spread over the 30 days on the half-hour grid, some outside working hours.
	const bookings: BusyTime[] = [];
	let seed = 7;
	const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
	while (bookings.length < 200) {
		const start = Math.floor((now + random() * 30 * day) / (30 * minute)) * 30 * minute;
		bookings.push({
			start,
			end: start + 20 * minute,
			blockedStart: start,
			blockedEnd: start + 30 * minute
		});
	}
	return { availability, bookings, now, from: now, to: now + 30 * day };
}

// A reference loop of known, trivial cost: summing 100,000 numbers.
const numbers = Array.from({ length: 100_000 }, (_, i) => i % 97);
function reference(): number {
	let total = 0;
	for (let i = 0; i < numbers.length; i++) total += numbers[i]!;
	return total;
}

export interface SlotFigures {
	label: string;
	offered: number;
	medianMs: number;
	p99Ms: number;
	/** Median over the reference loop's median, measured in the same process. */
	ratio: number;
}

export interface SlotReport {
	reference: { medianMs: number; p99Ms: number };
	scenarios: SlotFigures[];
}

/** Times 30 days of slots with 200 bookings in four zones, beside the reference loop. */
export function measureSlots(rounds = 2000): SlotReport {
	const ref = measure(reference, rounds);
	const scenarios: SlotFigures[] = [];
	for (const [label, zone, now] of [
		['New York, 30 quiet days', 'America/New_York', '2026-12-01T12:00:00Z'],
		['New York, 30 days across the March change', 'America/New_York', '2026-02-20T12:00:00Z'],
		['Lord Howe, 30 days across the April change', 'Australia/Lord_Howe', '2026-03-20T12:00:00Z'],
		['Kolkata (no daylight saving)', 'Asia/Kolkata', '2026-12-01T12:00:00Z']
	] as const) {
		const query = scenario(zone, now);
		const offered = computeSlots(query).length;
		const result = measure(() => computeSlots(query), rounds);
		scenarios.push({
			label,
			offered,
			medianMs: result.median,
			p99Ms: result.p99,
			ratio: result.median / ref.median
		});
	}
	return { reference: { medianMs: ref.median, p99Ms: ref.p99 }, scenarios };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const report = measureSlots();
	print(
		`reference loop (100,000 additions): median ${report.reference.medianMs.toFixed(3)} ms, p99 ${report.reference.p99Ms.toFixed(3)} ms`
	);
	for (const s of report.scenarios) {
		print(
			`${s.label}: ${s.offered} times offered; median ${s.medianMs.toFixed(3)} ms, p99 ${s.p99Ms.toFixed(3)} ms; ` +
				`${s.ratio.toFixed(1)}× the reference loop`
		);
	}
}
