import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface StartedServer {
	baseURL: string;
	dataDir: string;
	output: () => string;
	stop: () => Promise<void>;
}

/** Starts another copy of the built server on a fresh database, for tests of start-up itself. */
export async function startServer(
	port: number,
	env: Record<string, string> = {}
): Promise<StartedServer> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'steady-e2e-extra-'));
	const baseURL = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATA_DIR: dataDir,
			LOG_LEVEL: 'warn',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const until = Date.now() + 30_000;
	for (;;) {
		try {
			const response = await fetch(`${baseURL}/healthz`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null) throw new Error(`The server stopped at start:\n${output}`);
		if (Date.now() > until) throw new Error(`The server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		baseURL,
		dataDir,
		output: () => output,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.on('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Runs `npm run practitioner -- …` against a data folder and returns what it printed. */
export function practitionerCommand(
	args: string[],
	env: Record<string, string>
): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn('npx', ['tsx', 'scripts/practitioner.ts', ...args], {
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('exit', (code) => resolve({ code, output }));
	});
}
