/**
 * Throughput as a ratio: a route of Steady against a reference measured in alternating rounds of
 * the same run, with the same load generator, concurrency and duration.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, medianRatio } from './measure';
import { track, type RawResponse } from './server';

export interface LoadSettings {
	connections: number;
	durationSeconds: number;
	rounds: number;
	warmUpSeconds: number;
}

export interface RoundFigures {
	/** Successful (2xx) responses per second. */
	rps: number;
	p50Ms: number;
	p99Ms: number;
	failures: number;
}

export interface Comparison {
	measured: { label: string; url: string; rounds: RoundFigures[] };
	reference: { label: string; url: string; rounds: RoundFigures[] };
	/** Median rps of the measured route over median rps of the reference. */
	ratio: number;
	goal: number;
	meetsGoal: boolean;
}

async function load(url: string, connections: number, seconds: number): Promise<RoundFigures> {
	const result = await autocannon({ url, connections, duration: seconds, timeout: 10 });
	const ok = result['2xx'];
	return {
		rps: ok / result.duration,
		p50Ms: result.latency.p50,
		p99Ms: result.latency.p99,
		failures: result.errors + result.non2xx
	};
}

/**
 * Runs `rounds` rounds of each URL, alternating which goes first, after a short warm-up of both.
 * Only 2xx answers count towards the rate, so a failing route cannot look fast.
 */
export async function compare(
	measured: { label: string; url: string },
	reference: { label: string; url: string },
	goal: number,
	settings: LoadSettings,
	progress: (line: string) => void = () => {}
): Promise<Comparison> {
	await load(measured.url, settings.connections, settings.warmUpSeconds);
	await load(reference.url, settings.connections, settings.warmUpSeconds);
	const measuredRounds: RoundFigures[] = [];
	const referenceRounds: RoundFigures[] = [];
	for (let round = 0; round < settings.rounds; round++) {
		const order = round % 2 === 0 ? ['measured', 'reference'] : ['reference', 'measured'];
		for (const which of order) {
			const target = which === 'measured' ? measured : reference;
			const figures = await load(target.url, settings.connections, settings.durationSeconds);
			(which === 'measured' ? measuredRounds : referenceRounds).push(figures);
			progress(
				`  round ${round + 1}, ${target.label}: ${figures.rps.toFixed(0)} rps, p99 ${figures.p99Ms} ms` +
					(figures.failures ? `, ${figures.failures} failures` : '')
			);
		}
	}
	const ratio = medianRatio(
		measuredRounds.map((r) => r.rps),
		referenceRounds.map((r) => r.rps)
	);
	return {
		measured: { ...measured, rounds: measuredRounds },
		reference: { ...reference, rounds: referenceRounds },
		ratio,
		goal,
		meetsGoal: ratio >= goal
	};
}

export const medianRps = (rounds: RoundFigures[]) => median(rounds.map((r) => r.rps));

const hopByHop = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);

export interface ReplayServer {
	url: string;
	pid: number;
	stop: () => Promise<void>;
}

/**
 * Starts bench/replay-server.js in its own process (as Steady runs in its own, so neither shares
 * an event loop with the load generator): it answers every request with the recorded response.
 * Node adds Date and Connection itself, as it does for Steady.
 */
export async function startReplayServer(
	root: string,
	port: number,
	path: string,
	recorded: RawResponse
): Promise<ReplayServer> {
	const headers: string[] = [];
	for (let i = 0; i < recorded.rawHeaders.length; i += 2) {
		const name = recorded.rawHeaders[i]!;
		if (!hopByHop.has(name.toLowerCase())) headers.push(name, recorded.rawHeaders[i + 1]!);
	}
	const folder = mkdtempSync(join(tmpdir(), 'steady-bench-replay-'));
	const file = join(folder, 'recorded.json');
	writeFileSync(
		file,
		JSON.stringify({ status: recorded.status, headers, body: recorded.body.toString('base64') })
	);
	const child = spawn(
		process.execPath,
		[join(root, 'bench', 'replay-server.js'), String(port), file],
		{
			stdio: ['ignore', 'ignore', 'pipe']
		}
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = track(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(folder, { recursive: true, force: true });
	});
	await new Promise<void>((resolve, reject) => {
		child.stderr.once('data', () => resolve());
		child.once('exit', (code) => reject(new Error(`The reference server stopped (${code})`)));
	});
	return { url: `http://127.0.0.1:${port}${path}`, pid: child.pid ?? -1, stop };
}
