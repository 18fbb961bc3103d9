import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** Starts the built server with the given environment and waits for it to exit. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['server.js'], {
			env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

test('a malformed DATABASE_URL stops start-up with a message naming it', async () => {
	const { code, output } = await start({ DATABASE_URL: 'mysql://root@localhost/steady' });
	expect(code).toBe(1);
	expect(output).toContain('DATABASE_URL: expected');
	expect(output).not.toMatch(/\n\s+at /);
});

test('an unusable data folder stops start-up with a clear message', async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'steady-start-'));
	const notAFolder = path.join(dir, 'file');
	writeFileSync(notAFolder, 'x');
	const { code, output } = await start({ DATA_DIR: path.join(notAFolder, 'data') });
	expect(code).toBe(1);
	expect(output).toContain('cannot read and write there');
});

test('several bad variables are all named at once', async () => {
	const { code, output } = await start({ LOG_LEVEL: 'loud', PRACTICE_TIME_ZONE: 'Nowhere/Else' });
	expect(code).toBe(1);
	expect(output).toContain('LOG_LEVEL');
	expect(output).toContain('PRACTICE_TIME_ZONE');
});
