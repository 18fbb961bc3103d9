import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT || 4173);
export const baseURL = `http://127.0.0.1:${port}`;
// Each run starts from an empty SQLite database of its own. Set once in the main process so the
// workers (which inherit its environment) find the same folder and can read the outbox.
process.env.STEADY_E2E_DATA_DIR ??= path.join(os.tmpdir(), `steady-e2e-${Date.now()}`);
export const dataDir = process.env.STEADY_E2E_DATA_DIR;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	workers: 2,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: process.env.CI ? 'line' : 'list',
	use: {
		baseURL,
		browserName: 'chromium',
		launchOptions: {
			// Debian's Chromium; Playwright never downloads a browser of its own.
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node server.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			LOG_LEVEL: 'warn',
			// The tests play the part of a proxy: each test may send its own X-Forwarded-For, so one
			// test's sign-ups do not use up another's rate-limit allowance.
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1'
		}
	}
});
