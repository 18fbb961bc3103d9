import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['vitest.global-setup.ts'],
		// Database tests open real SQLite files and PostgreSQL schemas; keep them apart but not starved.
		pool: 'forks',
		testTimeout: 20_000
	}
});
