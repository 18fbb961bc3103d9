import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The built server (node server.js) as a child process, for the reliability runs. */
export interface SteadyServer {
	origin: string;
	dataDir: string;
	/** Everything it printed so far. */
	output(): string;
	/** Whether it is still running. */
	running(): boolean;
	stop(): Promise<void>;
}

export function buildIsMissing(): string | null {
	return existsSync(path.resolve('build/handler.js'))
		? null
		: 'Steady has not been built: run `npm run build` first (these runs start node server.js).';
}

export function freshDataDir(label: string): string {
	return mkdtempSync(path.join(os.tmpdir(), `steady-reliability-${label}-`));
}

/** Secrets for several processes sharing one data folder (each would make its own otherwise). */
export function sharedSecrets(): Record<string, string> {
	return {
		AUTH_SECRET: randomBytes(32).toString('base64url'),
		BOOKING_KEY: randomBytes(32).toString('base64url'),
		STEADY_DATA_KEYS: `reliability:${randomBytes(32).toString('base64')}`
	};
}

/**
 * Starts `node server.js` on 127.0.0.1:`port` and waits until /healthz answers. The runs play the
 * part of a proxy (X-Forwarded-For), so each simulated visitor has an address of their own.
 */
export async function startSteady(options: {
	port: number;
	dataDir: string;
	env?: Record<string, string>;
	/** How long to wait for /healthz; false to return once it listens at all (a broken database). */
	healthy?: boolean;
}): Promise<SteadyServer> {
	const origin = `http://127.0.0.1:${options.port}`;
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(options.port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATA_DIR: options.dataDir,
			DATABASE_URL: '',
			LOG_LEVEL: 'warn',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const until = Date.now() + 60_000;
	for (;;) {
		try {
			const response = await fetch(`${origin}/healthz`);
			if (response.ok || options.healthy === false) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null) throw new Error(`The server at ${origin} stopped:\n${output}`);
		if (Date.now() > until) throw new Error(`The server at ${origin} did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		origin,
		dataDir: options.dataDir,
		output: () => output,
		running: () => child.exitCode === null && child.signalCode === null,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.on('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Opens the server's SQLite file beside it, as another process would. */
export function openSteadyDatabase(dataDir: string, readonly = false): Database.Database {
	const db = new Database(path.join(dataDir, 'steady.db'), { readonly, fileMustExist: true });
	db.pragma('busy_timeout = 10000');
	return db;
}

let addressCounter = 0;
/** A made-up client address; each call is a different visitor to the rate limits. */
export function visitorAddress(): string {
	addressCounter++;
	const n = (process.pid * 7919 + addressCounter) % 16_000_000;
	return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${(n & 255) + 1}`;
}

/** Turns the entities Svelte writes in attribute values back into text. */
export function decodeAttribute(value: string): string {
	return value
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** The hidden fields of the first form in a page (name → value). */
export function hiddenInputs(html: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const match of html.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
		const name = match[0].match(/\bname="([^"]*)"/)?.[1];
		const value = match[0].match(/\bvalue="([^"]*)"/)?.[1];
		if (name && value !== undefined) fields[name] = decodeAttribute(value);
	}
	return fields;
}

/** Prints a line of the run's report. */
export const print = (line = '') => process.stdout.write(`${line}\n`);
