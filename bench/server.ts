/**
 * Starting and stopping the built server for the benchmarks, on a fresh data folder each time,
 * and the few HTTP helpers they share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
	origin: string;
	port: number;
	pid: number;
	dataDir: string;
	output: () => string;
	stop: () => Promise<void>;
}

const running = new Set<() => Promise<void>>();

/** Remembers how to stop a process this script started; returns the stop, which forgets it. */
export function track(stop: () => Promise<void>): () => Promise<void> {
	const once = async () => {
		running.delete(once);
		await stop();
	};
	running.add(once);
	return once;
}

/** Stops every process still running; for signal handlers and `finally`. */
export async function stopAll(): Promise<void> {
	await Promise.all([...running].map((stop) => stop()));
}

export function buildIsMissing(root: string): string | null {
	const handler = path.join(root, 'build', 'handler.js');
	return existsSync(handler)
		? null
		: `Steady has not been built (${handler} is missing). Run "npm run build" first, then "npm run bench".`;
}

/**
 * `node server.js` from `root`, listening on 127.0.0.1:`port`, with a new SQLite folder (or the
 * given DATABASE_URL and its secrets). The server trusts X-Forwarded-For as a proxy would, so a
 * benchmark can speak for many visitors.
 */
export async function startServer(
	root: string,
	port: number,
	env: Record<string, string> = {}
): Promise<RunningServer> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'steady-bench-'));
	const origin = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		cwd: root,
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			LOG_LEVEL: 'warn',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const server: RunningServer = {
		origin,
		port,
		pid: child.pid ?? -1,
		dataDir,
		output: () => output,
		stop: track(async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 6000);
				await exited;
				clearTimeout(timer);
			}
			rmSync(dataDir, { recursive: true, force: true });
		})
	};

	const until = Date.now() + 60_000;
	for (;;) {
		try {
			const response = await fetch(`${origin}/healthz`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null) {
			await server.stop();
			throw new Error(`The server stopped at start:\n${output}`);
		}
		if (Date.now() > until) {
			await server.stop();
			throw new Error(`The server did not start within a minute:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return server;
}

/** The resident set of a process in bytes (VmRSS in /proc/<pid>/status). */
export function residentBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
	if (!kb) throw new Error(`No VmRSS for process ${pid}`);
	return Number(kb) * 1024;
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	rawHeaders: string[];
	body: Buffer;
}

/**
 * One GET over plain node:http, without the Accept-Encoding that fetch adds: what a load
 * generator that does not ask for compression receives.
 */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { headers, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({
					status: response.statusCode ?? 0,
					headers: response.headers,
					rawHeaders: response.rawHeaders,
					body: Buffer.concat(chunks)
				})
			);
			response.on('error', reject);
		});
		request.on('error', reject);
	});
}
