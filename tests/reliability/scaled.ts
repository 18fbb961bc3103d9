/**
 * Scaled mode: two Steady processes on one database behind nginx (deploy/nginx.conf), and many
 * visitors pressing "Book this time" for the same time at the same moment. Exactly one booking,
 * everyone else told kindly that the time was just taken, no server error, and the booking's
 * e-mails sent once although both processes run a mail worker.
 */
import { startSmtpPeer } from '../../src/lib/server/mail/test-smtp-peer';
import type { TestDatabase } from './databases';
import { openEveryDay } from './databases';
import { appProcess, lastWords, onCleanup, startNginx } from './processes';
import { count, describeCounts, newReport, seconds, type Report } from './report';
import {
	median,
	offeredTimes,
	openForm,
	outcomeOf,
	sendForm,
	visitorAddress,
	type Answer,
	type BookingForm
} from './visitors';

export interface ScaledOptions {
	/** nginx listens here, the two processes on the next two ports, the SMTP peer on the third. */
	basePort: number;
	/** Simultaneous attempts for one time. */
	attempts: number;
	/** Times raced for, one after another. */
	rounds: number;
	/** Loopback group (127.<group>.x.y) the visitors speak from. */
	addressGroup: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `tasks` with at most `limit` in flight. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
	const results: T[] = new Array(tasks.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			while (next < tasks.length) {
				const i = next++;
				results[i] = await tasks[i]!();
			}
		})
	);
	return results;
}

interface MailRow {
	kind: string;
	message_id: string;
	status: string;
}

export async function scaledMode(
	database: TestDatabase,
	options: ScaledOptions,
	log: (line: string) => void
): Promise<Report> {
	const report = newReport();
	const began = performance.now();
	const peer = await startSmtpPeer(options.basePort + 3);
	const closePeer = onCleanup(() => peer.close());
	const nginxPort = options.basePort;
	const ports = [options.basePort + 1, options.basePort + 2];
	const env = {
		...database.env,
		ORIGIN: `http://127.0.0.1:${nginxPort}`,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1',
		SMTP_URL: peer.url
	};
	const apps = ports.map((port) => appProcess(port, env));
	let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
	try {
		if (database.kind === 'postgres') {
			// Both at once: migrations at start must be safe from any number of processes.
			await Promise.all(apps.map((app) => app.start()));
		} else {
			for (const app of apps) await app.start();
		}
		await openEveryDay(database);
		nginx = await startNginx(nginxPort, ports);
		const { origin } = nginx;
		const times = await offeredTimes(origin, 2);
		if (!report.check(times.length >= options.rounds * 3, `only ${times.length} times offered`)) {
			return report;
		}

		const outcomes = new Map<string, number>();
		const latencies: number[] = [];
		const perProcess = new Map<string, number>();
		const chosen: string[] = [];
		let visitor = 0;
		for (let round = 0; round < options.rounds; round++) {
			// Spread over the week rather than the first few times of the first day.
			const start = times[Math.floor(((round + 1) * times.length) / (options.rounds + 2))]!;
			chosen.push(start);
			const forms = await inBatches(
				Array.from({ length: options.attempts }, () => {
					const n = visitor++;
					return () =>
						openForm(
							origin,
							start,
							visitorAddress(options.addressGroup, n),
							`scaled-${n}-${Date.now()}@example.org`
						);
				}),
				16
			);
			const logBefore = nginx.upstreams().length;
			const roundBegan = performance.now();
			const answers = await Promise.all(
				forms.map((form: BookingForm) =>
					sendForm(origin, form).catch((error: Error): Answer => ({
						status: 0,
						location: '',
						body: error.message,
						ms: 0
					}))
				)
			);
			const roundMs = performance.now() - roundBegan;
			// nginx writes its log line once the answer has gone out, a moment after it arrives.
			await pause(500);
			const roundOutcomes = new Map<string, number>();
			for (const answer of answers) {
				const outcome = answer.status === 0 ? `network error: ${answer.body}` : outcomeOf(answer);
				count(roundOutcomes, outcome);
				count(outcomes, outcome);
				if (answer.status !== 0) latencies.push(answer.ms);
			}
			const posts = nginx
				.upstreams()
				.slice(logBefore)
				.filter((entry) => entry.method === 'POST' && entry.path === '/consultation/book');
			const split = new Map<string, number>();
			for (const post of posts) count(split, post.upstream);
			for (const [upstream, n] of split)
				perProcess.set(upstream, (perProcess.get(upstream) ?? 0) + n);
			log(
				`    round ${round + 1}: ${describeCounts(roundOutcomes)} in ${seconds(roundMs)}; by process ${describeCounts(split)}`
			);
			report.check(
				roundOutcomes.get('booked') === 1,
				`round ${round + 1}: ${roundOutcomes.get('booked') ?? 0} bookings instead of one`
			);
			report.check(
				roundOutcomes.get('just taken') === options.attempts - 1,
				`round ${round + 1}: ${describeCounts(roundOutcomes)}`
			);
			report.check(
				ports.every((port) => (split.get(`127.0.0.1:${port}`) ?? 0) > 0),
				`round ${round + 1}: not every process answered (${describeCounts(split)})`
			);
		}

		// What the database holds: one booking per round, at the time raced for.
		const bookings = await database.query<{ id: string; start_at: string }>(
			'select id, start_at from booking order by start_at'
		);
		report.check(
			bookings.length === options.rounds &&
				bookings.every((b, i) => b.start_at === [...chosen].sort()[i]),
			`${bookings.length} bookings in the database for ${options.rounds} times raced for`
		);

		// Each visitor was counted under its own address, the one nginx saw, not nginx's own.
		const buckets = await database.query<{ key: string }>(
			"select key from rate_limit_bucket where key like 'booking:ip:%'"
		);
		const visitorKeys = buckets.filter((b) =>
			b.key.startsWith(`booking:ip:127.${options.addressGroup}.`)
		).length;
		// (Only when every answer came back: a request nginx gave up on may still be in the process.)
		const allAnswered = [...outcomes.keys()].every((o) => o === 'booked' || o === 'just taken');
		report.check(
			!allAnswered || (visitorKeys === visitor && buckets.length === visitor),
			`${buckets.length} addresses counted for ${visitor} visitors (${visitorKeys} of them theirs)`
		);

		// Mail: wait for both workers to send what is due, then one more worker interval, in which a
		// second copy would show up if both processes had taken the same message.
		const dueKinds = ['booking-confirmed', 'booking-notice'];
		let mails: MailRow[] = [];
		const until = Date.now() + 30_000;
		for (;;) {
			mails = await database.query<MailRow>(
				"select kind, message_id, status from mail_outbox where kind like 'booking-%'"
			);
			const due = mails.filter((m) => dueKinds.includes(m.kind));
			if (due.length > 0 && due.every((m) => m.status === 'sent')) break;
			if (Date.now() > until) break;
			await pause(250);
		}
		await pause(6000);
		const received = new Map<string, number>();
		for (const id of peer.messageIds()) count(received, id);
		const due = mails.filter((m) => dueKinds.includes(m.kind));
		const reminders = mails.filter((m) => m.kind === 'booking-reminder');
		report.check(
			due.length === 2 * options.rounds,
			`${due.length} confirmations and notices queued for ${options.rounds} bookings`
		);
		for (const mail of due) {
			report.check(mail.status === 'sent', `a ${mail.kind} e-mail is ${mail.status}, not sent`);
			const times = received.get(mail.message_id) ?? 0;
			report.check(times === 1, `${mail.kind} ${mail.message_id} arrived ${times} times`);
		}
		for (const mail of reminders) {
			report.check(
				mail.status === 'pending' && !received.has(mail.message_id),
				`a reminder for later was ${mail.status}`
			);
		}
		const known = new Set(mails.map((m) => m.message_id));
		const strangers = [...received.keys()].filter((id) => !known.has(id));
		report.check(
			strangers.length === 0,
			`${strangers.length} messages arrived that no booking queued`
		);
		const duplicates = [...received.values()].filter((n) => n > 1).length;

		const errors = [...outcomes]
			.filter(([outcome]) => outcome !== 'booked' && outcome !== 'just taken')
			.reduce((sum, [, n]) => sum + n, 0);
		report.check(errors === 0, `${errors} answers were neither a booking nor "just taken"`);

		report.figure('processes', `2 behind nginx (deploy/nginx.conf), ${database.kind}`);
		report.figure(
			'attempts',
			`${options.rounds} × ${options.attempts} simultaneous, one time each`
		);
		report.figure('outcomes', describeCounts(outcomes));
		report.figure(
			'answered by',
			[...perProcess].map(([upstream, n]) => `${upstream} ${n}`).join(', ') || 'unknown'
		);
		report.figure('server errors and other answers', errors);
		report.figure('addresses counted by the rate limit', `${visitorKeys} of ${visitor} visitors`);
		report.figure(
			'answer time',
			`median ${Math.round(median(latencies))} ms, slowest ${Math.round(Math.max(0, ...latencies))} ms`
		);
		report.figure(
			'mail',
			`${due.length} due e-mails sent, ${peer.received.length} received by the SMTP peer, ${duplicates} twice; ${reminders.length} reminders waiting`
		);
		report.figure('time', seconds(performance.now() - began));
		return report;
	} catch (error) {
		report.check(false, `stopped: ${(error as Error).stack ?? error}`);
		return report;
	} finally {
		if (report.problems.length > 0) {
			for (const line of [
				...(nginx?.errors() ?? []).slice(-5),
				...apps.flatMap((app) => lastWords(app))
			]) {
				report.check(false, line);
			}
		}
		await nginx?.stop();
		await Promise.all(apps.map((app) => app.stop()));
		await closePeer();
	}
}
