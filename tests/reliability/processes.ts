/**
 * The processes a reliability run starts: the built server (node server.js), which it may kill
 * with SIGKILL and start again on the same port and database, and nginx with deploy/nginx.conf.
 * Everything started is remembered, so an interrupted run still stops it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

const cleanups = new Set<() => Promise<void>>();

/** Remembers how to undo something this run did; returns the undo, which forgets itself. */
export function onCleanup(undo: () => Promise<void>): () => Promise<void> {
	const once = async () => {
		if (!cleanups.delete(once)) return;
		await undo();
	};
	cleanups.add(once);
	return once;
}

/** Undoes everything still remembered, newest first; for signal handlers and `finally`. */
export async function cleanUpAll(): Promise<void> {
	for (const undo of [...cleanups].reverse()) {
		try {
			await undo();
		} catch (error) {
			console.error(`Could not clean up: ${(error as Error).message}`);
		}
	}
}

export function buildIsMissing(): string | null {
	const handler = path.join(root, 'build', 'handler.js');
	return existsSync(handler)
		? null
		: `Steady has not been built (${handler} is missing). Run "npm run build" first, then "npm run test:reliability".`;
}

export function tempDir(label: string): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), `steady-reliability-${label}-`));
	onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * /healthz over a connection of its own: a kept-alive connection to a process killed a moment ago
 * would only report that process's death.
 */
function healthStatus(port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = http.get(
			{ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 10_000 },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('timeout', () => req.destroy(new Error('no answer in 10 seconds')));
		req.on('error', reject);
	});
}

/** One Steady process that can be killed and started again with the same settings. */
export interface AppProcess {
	readonly port: number;
	readonly origin: string;
	/** The process id of the current run, or null while it is down. */
	pid(): number | null;
	/** Everything the process printed, over all its runs. */
	output(): string;
	/** Starts it and waits until /healthz answers 200. */
	start(): Promise<void>;
	/** SIGKILL: no shutdown, no finishing of requests or transactions. */
	kill(): Promise<void>;
	/** SIGTERM, and SIGKILL if it has not ended after a few seconds. */
	stop(): Promise<void>;
}

/**
 * `node server.js` from the repository's root on 127.0.0.1:`port`; `env` completes the
 * environment (database, secrets, ORIGIN, ADDRESS_HEADER, SMTP_URL).
 */
export function appProcess(port: number, env: Record<string, string>): AppProcess {
	let child: ChildProcess | null = null;
	let exited: Promise<void> = Promise.resolve();
	let output = '';
	const origin = env.ORIGIN ?? `http://127.0.0.1:${port}`;

	const running = () => child !== null && child.exitCode === null && child.signalCode === null;

	const app: AppProcess = {
		port,
		origin,
		pid: () => (running() ? (child?.pid ?? null) : null),
		output: () => output,
		async start() {
			if (running()) throw new Error(`The server on port ${port} is already running`);
			const started = spawn(process.execPath, ['server.js'], {
				cwd: root,
				env: {
					PATH: process.env.PATH ?? '',
					PORT: String(port),
					HOST: '127.0.0.1',
					ORIGIN: origin,
					DATABASE_URL: '',
					LOG_LEVEL: 'warn',
					...env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			child = started;
			exited = new Promise((resolve) => started.once('exit', () => resolve()));
			started.stdout?.on('data', (d) => (output += d));
			started.stderr?.on('data', (d) => (output += d));
			const until = Date.now() + 120_000;
			let last = 'no answer';
			for (;;) {
				try {
					const status = await healthStatus(port);
					if (status === 200) return;
					last = `answered ${status}`;
				} catch (error) {
					last = (error as Error).message; // not listening yet
				}
				if (started.exitCode !== null) {
					throw new Error(`The server on port ${port} stopped at start:\n${output.slice(-3000)}`);
				}
				if (Date.now() > until) {
					await app.kill();
					throw new Error(
						`The server on port ${port} did not start within two minutes (/healthz: ${last}):\n${output.slice(-3000)}`
					);
				}
				await pause(100);
			}
		},
		async kill() {
			if (!running()) return;
			child?.kill('SIGKILL');
			await exited;
		},
		async stop() {
			if (!running()) return;
			child?.kill('SIGTERM');
			const timer = setTimeout(() => child?.kill('SIGKILL'), 6000);
			await exited;
			clearTimeout(timer);
		}
	};
	onCleanup(() => app.kill());
	return app;
}

/** The last lines a process printed that are not the start-up greeting, for a failed test. */
export function lastWords(app: AppProcess, lines = 12): string[] {
	return app
		.output()
		.split('\n')
		.filter((line) => line.trim() && !/setup\?token=|Welcome to Steady|is listening on/.test(line))
		.slice(-lines)
		.map((line) => `port ${app.port}: ${line.slice(0, 400)}`);
}

export const nginxBinary = process.env.NGINX_BINARY || '/usr/sbin/nginx';

export function nginxIsMissing(): string | null {
	return existsSync(nginxBinary)
		? null
		: `nginx is not installed (${nginxBinary} is missing). On Debian: apt-get install -y nginx`;
}

export interface RunningNginx {
	origin: string;
	/** The process ("127.0.0.1:4401") that answered each request, as nginx logged it. */
	upstreams(): { method: string; path: string; status: number; upstream: string }[];
	/** nginx's own error log: why it answered 502, for instance. */
	errors(): string[];
	stop(): Promise<void>;
}

/**
 * deploy/nginx.conf with the given ports written into its `steady:listen` and `steady:upstream`
 * lines. Refuses a file whose marked lines are gone, so the test cannot drift from the file.
 */
export function siteConfig(listenPort: number, upstreamPorts: number[]): string {
	const template = readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8');
	const lines = template.split('\n');
	const marked = (tag: string) => lines.filter((line) => line.includes(`# steady:${tag}`));
	if (marked('listen').length !== 1 || marked('upstream').length === 0) {
		throw new Error(
			'deploy/nginx.conf has lost its "# steady:listen" or "# steady:upstream" lines'
		);
	}
	const out: string[] = [];
	let upstreamsWritten = false;
	for (const line of lines) {
		if (line.includes('# steady:listen')) {
			out.push(line.replace(/listen\s+[^;]+;/, `listen 127.0.0.1:${listenPort};`));
		} else if (line.includes('# steady:upstream')) {
			if (upstreamsWritten) continue;
			upstreamsWritten = true;
			for (const port of upstreamPorts) {
				out.push(line.replace(/server\s+\S+/, `server 127.0.0.1:${port}`));
			}
		} else {
			out.push(line);
		}
	}
	return out.join('\n');
}

/**
 * Starts nginx as the current user with a prefix, pid file, logs and temporary folders of its
 * own, around the site file made from deploy/nginx.conf.
 */
export async function startNginx(
	listenPort: number,
	upstreamPorts: number[]
): Promise<RunningNginx> {
	const missing = nginxIsMissing();
	if (missing) throw new Error(missing);
	const prefix = tempDir('nginx');
	for (const dir of ['logs', 'temp']) mkdirSync(path.join(prefix, dir));
	writeFileSync(path.join(prefix, 'steady.conf'), siteConfig(listenPort, upstreamPorts));
	const user = os.userInfo();
	// nginx started by root hands its workers to "nobody" unless told otherwise.
	const userLine = user.uid === 0 ? `user ${user.username};` : '';
	const temp = (name: string) => `${name}_temp_path ${path.join(prefix, 'temp', name)};`;
	writeFileSync(
		path.join(prefix, 'nginx.conf'),
		[
			userLine,
			'worker_processes 1;',
			'daemon on;',
			`pid ${path.join(prefix, 'nginx.pid')};`,
			`error_log ${path.join(prefix, 'logs', 'error.log')} warn;`,
			'events { worker_connections 1024; }',
			'http {',
			`  ${temp('client_body')}`,
			`  ${temp('proxy')}`,
			`  ${temp('fastcgi')}`,
			`  ${temp('uwsgi')}`,
			`  ${temp('scgi')}`,
			"  log_format upstreams '$request_method $uri $status $upstream_addr';",
			`  access_log ${path.join(prefix, 'logs', 'access.log')} upstreams;`,
			`  include ${path.join(prefix, 'steady.conf')};`,
			'}',
			''
		].join('\n')
	);
	const args = ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')];
	const checked = spawnSync(nginxBinary, [...args, '-t'], { encoding: 'utf8' });
	if (checked.status !== 0) {
		throw new Error(`nginx refused the configuration:\n${checked.stderr}`);
	}
	const started = spawnSync(nginxBinary, args, { encoding: 'utf8' });
	if (started.status !== 0) throw new Error(`nginx did not start:\n${started.stderr}`);
	const pidFile = path.join(prefix, 'nginx.pid');
	const pid = Number(readFileSync(pidFile, 'utf8').trim());

	const stop = onCleanup(async () => {
		try {
			process.kill(pid, 'SIGQUIT');
		} catch {
			return; // already gone
		}
		const until = Date.now() + 5000;
		while (existsSync(pidFile) && Date.now() < until) await pause(50);
	});
	const origin = `http://127.0.0.1:${listenPort}`;
	const until = Date.now() + 10_000;
	for (;;) {
		try {
			if ((await healthStatus(listenPort)) === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > until) {
			await stop();
			throw new Error('nginx did not pass /healthz through within 10 seconds');
		}
		await pause(100);
	}
	return {
		origin,
		upstreams: () =>
			readFileSync(path.join(prefix, 'logs', 'access.log'), 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((line) => {
					const [method = '', uri = '', status = '0', ...tried] = line.split(' ');
					// "127.0.0.1:4401, 127.0.0.1:4402" when the first refused: the last one answered.
					const upstream = tried.join(' ').split(', ').at(-1) ?? '';
					return { method, path: uri, status: Number(status), upstream };
				}),
		errors: () => {
			const file = path.join(prefix, 'logs', 'error.log');
			return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
		},
		stop
	};
}
