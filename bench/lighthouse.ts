/**
 * Lighthouse (mobile, default config) against Debian's Chromium, started here with the flags that
 * keep it off the network. Lighthouse connects to that browser; it never fetches one of its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { track } from './server';

type Result = import('lighthouse').Result;

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface LighthousePage {
	path: string;
	/** Category scores of the median run (by performance). */
	scores: Record<string, number | null>;
	/**
	 * Lighthouse's own measure of the machine's speed during the median run (higher is faster);
	 * its simulated throttling scales with it, so a busy machine lowers the performance score.
	 */
	benchmarkIndex: number | null;
	/**
	 * The median run's timings (simulated on a slow phone and network, in ms) and the bytes the
	 * page transferred: they show a change that a score already at 1.00 cannot.
	 */
	metrics: Record<string, number | null>;
	/** The performance score of every run, in order of score. */
	performanceRuns: (number | null)[];
	/** Runtime errors of runs that were repeated. */
	problems: string[];
	/** Titles of the audits that cost points in a category below its goal. */
	failing: Record<string, string[]>;
	meetsGoal: boolean;
}

export interface LighthouseReport {
	ran: boolean;
	/** Why Lighthouse could not run, when it could not. */
	reason?: string;
	version?: string;
	pages: LighthousePage[];
	skipped: { path: string; reason: string }[];
	/** Pages on which no run of Lighthouse completed. */
	failed?: { path: string; reason: string }[];
}

/** The audits whose numbers are kept with each page, by the names the report uses. */
const metricAudits: Record<string, string> = {
	'first contentful paint': 'first-contentful-paint',
	'largest contentful paint': 'largest-contentful-paint',
	'total blocking time': 'total-blocking-time',
	'cumulative layout shift': 'cumulative-layout-shift',
	'bytes transferred': 'total-byte-weight'
};

export const lighthouseGoals: Record<string, number> = {
	performance: 0.95,
	accessibility: 1,
	'best-practices': 1,
	seo: 1
};

interface Browser {
	port: number;
	stop: () => Promise<void>;
}

async function startChromium(port: number): Promise<Browser> {
	const profile = mkdtempSync(path.join(os.tmpdir(), 'steady-bench-chromium-'));
	const child = spawn(
		chromiumPath,
		[
			'--headless=new',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--no-default-browser-check',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-domain-reliability',
			'--disable-client-side-phishing-detection',
			'--metrics-recording-only',
			'--remote-debugging-address=127.0.0.1',
			`--remote-debugging-port=${port}`,
			`--user-data-dir=${profile}`,
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let output = '';
	child.stderr.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = track(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(profile, { recursive: true, force: true });
	});
	const until = Date.now() + 30_000;
	for (;;) {
		try {
			const response = await fetch(`http://127.0.0.1:${port}/json/version`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null || Date.now() > until) {
			await stop();
			throw new Error(`Chromium did not start: ${output.trim().slice(-500)}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return { port, stop };
}

/** Runs Lighthouse on each path that answers 200; `debugPort` is where Chromium listens. */
export async function runLighthouse(
	origin: string,
	paths: string[],
	debugPort: number,
	options: { runs: number },
	progress: (line: string) => void = () => {}
): Promise<LighthouseReport> {
	if (!existsSync(chromiumPath)) {
		return { ran: false, reason: `No Chromium at ${chromiumPath}`, pages: [], skipped: [] };
	}
	let lighthouse: typeof import('lighthouse').default;
	try {
		lighthouse = (await import('lighthouse')).default;
	} catch (error) {
		return {
			ran: false,
			reason: `The lighthouse package could not be loaded: ${(error as Error).message}`,
			pages: [],
			skipped: []
		};
	}
	const pages: LighthousePage[] = [];
	const skipped: LighthouseReport['skipped'] = [];
	const failed: NonNullable<LighthouseReport['failed']> = [];
	let version: string | undefined;
	let browser: Browser;
	try {
		browser = await startChromium(debugPort);
	} catch (error) {
		return { ran: false, reason: (error as Error).message, pages, skipped };
	}
	try {
		for (const pagePath of paths) {
			const status = (await fetch(`${origin}${pagePath}`)).status;
			if (status !== 200) {
				skipped.push({ path: pagePath, reason: `answers ${status}` });
				continue;
			}
			// Lighthouse's own advice for a noisy machine: several runs, report the median one.
			const runs: Result[] = [];
			const problems: string[] = [];
			while (runs.length < options.runs && problems.length < options.runs + 2) {
				const result = await lighthouse(`${origin}${pagePath}`, {
					port: browser.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: Object.keys(lighthouseGoals)
				});
				const lhr = result?.lhr;
				if (!lhr) problems.push('Lighthouse returned nothing');
				else if (lhr.runtimeError) problems.push(lhr.runtimeError.message);
				else runs.push(lhr);
			}
			if (runs.length === 0) {
				failed.push({ path: pagePath, reason: problems.join(' / ') });
				progress(`  ${pagePath}: Lighthouse failed: ${problems.join(' / ')}`);
				continue;
			}
			runs.sort(
				(a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0)
			);
			const lhr = runs[Math.floor((runs.length - 1) / 2)]!;
			version = lhr.lighthouseVersion;
			const scores: Record<string, number | null> = {};
			const failing: Record<string, string[]> = {};
			let meetsGoal = true;
			for (const [id, goal] of Object.entries(lighthouseGoals)) {
				const category = lhr.categories[id];
				const score = category?.score ?? null;
				scores[id] = score;
				if (score !== null && score >= goal) continue;
				meetsGoal = false;
				failing[id] = (category?.auditRefs ?? [])
					.filter((ref) => ref.weight > 0)
					.map((ref) => lhr.audits[ref.id])
					.filter(
						(audit) =>
							audit && audit.score !== null && audit.score < (id === 'performance' ? 0.9 : 1)
					)
					.map(
						(audit) => `${audit!.title}${audit!.displayValue ? ` (${audit!.displayValue})` : ''}`
					);
			}
			const performanceRuns = runs.map((r) => r.categories.performance?.score ?? null);
			const metrics: Record<string, number | null> = {};
			for (const [name, id] of Object.entries(metricAudits)) {
				const value = lhr.audits[id]?.numericValue;
				metrics[name] = typeof value === 'number' ? Number(value.toFixed(3)) : null;
			}
			pages.push({
				path: pagePath,
				scores,
				benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
				metrics,
				performanceRuns,
				failing,
				meetsGoal,
				problems
			});
			progress(
				`  ${pagePath}: ${Object.entries(scores)
					.map(([id, s]) => `${id} ${s === null ? '—' : s.toFixed(2)}`)
					.join(', ')} (performance in ${runs.length} runs: ${performanceRuns.join(', ')})`
			);
		}
	} finally {
		await browser.stop();
	}
	if (pages.length === 0 && failed.length > 0) {
		return {
			ran: false,
			reason: failed.map((f) => `${f.path}: ${f.reason}`).join('; '),
			version,
			pages,
			skipped,
			failed
		};
	}
	return { ran: true, version, pages, skipped, failed };
}
