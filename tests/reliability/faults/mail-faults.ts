/**
 * npm run test:reliability:mail — Steady's e-mail through a mail server that keeps failing.
 *
 * Two processes of the built server (node server.js) share one fresh SQLite folder and send their
 * mail to a faulty SMTP peer on loopback (faulty-smtp-peer.ts): it greylists new recipients,
 * refuses about 30% of messages with 451 after their data, cuts connections in the middle of a
 * message, and cuts some after accepting a message but before the sender hears "250 OK".
 *
 * Through the real pages it signs people up (with a password and by link), asks for password
 * resets, books consultations, then moves and cancels some of them. Retries wait minutes and
 * reminders wait days, so the run moves the outbox's clock forward: every jump subtracts the same
 * time from each waiting message's due time, as if that much time had passed, and the servers'
 * own workers (every 5 seconds) do the rest.
 *
 * It then checks, by Message-ID, that every e-mail in the outbox arrived, that each was
 * acknowledged exactly once (a second copy exists only where the peer kept the first and cut the
 * connection before saying so: the sender cannot know, RFC 5321 §4.1.1.4), that no withdrawn
 * reminder was sent, that each remaining booking got its two reminders, that the outbox counted
 * every attempt the peer saw, and that neither server logged an error. It prints its figures.
 *
 *   npm run build && npm run test:reliability:mail        (RELIABILITY_BOUNDED=1 for fewer rounds)
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { defaultFaultPlan, startFaultySmtpPeer, type FaultySmtpPeer } from './faulty-smtp-peer';
import {
	buildIsMissing,
	freshDataDir,
	hiddenInputs,
	openSteadyDatabase,
	print,
	sharedSecrets,
	startSteady,
	visitorAddress,
	type SteadyServer
} from './steady-server';

const bounded = process.env.RELIABILITY_BOUNDED === '1';
const scale = bounded
	? { signUps: 3, linkSignUps: 2, resets: 2, bookings: 8, moves: 1, cancels: 1 }
	: { signUps: 16, linkSignUps: 8, resets: 8, bookings: 36, moves: 6, cancels: 6 };
const ports = { first: 4450, second: 4451, peer: 4452, peerInner: 4453 };
const practiceEmail = 'hello@steady.example.org';
const password = 'a slow walk along the quiet canal';
const minute = 60_000;
const hour = 60 * minute;

const failures: string[] = [];
const fail = (message: string) => failures.push(message);

interface OutboxRow {
	id: string;
	message_id: string;
	kind: string;
	to_address: string;
	status: string;
	attempts: number;
	next_attempt_at: string;
	claimed_until: string | null;
}

interface Booking {
	email: string;
	manage: string;
	server: SteadyServer;
	/** What happened to it after booking. */
	fate: 'kept' | 'moved' | 'cancelled';
}

async function post(
	server: SteadyServer,
	path: string,
	fields: Record<string, string>
): Promise<{ status: number; location: string; body: string }> {
	const response = await fetch(`${server.origin}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded',
			Origin: server.origin,
			'X-Forwarded-For': visitorAddress()
		},
		body: new URLSearchParams(fields)
	});
	return {
		status: response.status,
		location: response.headers.get('location') ?? '',
		body: await response.text()
	};
}

/** Every free time the consultation page offers over the coming weeks. */
async function offeredTimes(server: SteadyServer): Promise<string[]> {
	const times = new Set<string>();
	for (let week = 0; week < 5; week++) {
		const day = new Date(Date.now() + week * 7 * 86_400_000).toISOString().slice(0, 10);
		const html = await (await fetch(`${server.origin}/consultation?week=${day}`)).text();
		for (const match of html.matchAll(/data-start="([^"]+)"/g)) times.add(match[1]!);
	}
	return [...times].sort();
}

/** Up to `perDay` times of each day to book, and the rest to move bookings to. */
function spread(all: string[], perDay: number): { times: string[]; spare: string[] } {
	const taken = new Map<string, number>();
	const times: string[] = [];
	const spare: string[] = [];
	for (const start of all) {
		const day = start.slice(0, 10);
		const count = taken.get(day) ?? 0;
		taken.set(day, count + 1);
		(count < perDay ? times : spare).push(start);
	}
	return { times, spare };
}

async function book(server: SteadyServer, start: string, n: number): Promise<Booking | null> {
	const page = await fetch(
		`${server.origin}/consultation/book?tz=America%2FNew_York&start=${encodeURIComponent(start)}`,
		{ headers: { 'X-Forwarded-For': visitorAddress() } }
	);
	const hidden = hiddenInputs(await page.text());
	if (hidden.start !== start) {
		fail(`The booking page did not offer ${start} (${page.status})`);
		return null;
	}
	const email = `visitor-${n}-${randomUUID().slice(0, 8)}@example.org`;
	const answer = await post(server, '/consultation/book', {
		...hidden,
		name: `Visitor ${n}`,
		email,
		phone: '',
		preferredContact: 'email',
		country: 'US',
		region: 'US-NY',
		consent: 'yes',
		topic: 'I would like to talk about trusting my own judgement.',
		leaveEmpty: ''
	});
	const manage = /^(\/consultation\/manage\/[\w-]{43})\?done=booked$/.exec(answer.location)?.[1];
	if (answer.status !== 303 || !manage) {
		fail(`Booking ${start} answered ${answer.status} ${answer.location}`);
		return null;
	}
	return { email, manage, server, fate: 'kept' };
}

function outbox(dataDir: string): OutboxRow[] {
	const db = openSteadyDatabase(dataDir, true);
	try {
		return db
			.prepare(
				'select id, message_id, kind, to_address, status, attempts, next_attempt_at, claimed_until from mail_outbox'
			)
			.all() as OutboxRow[];
	} finally {
		db.close();
	}
}

/**
 * Moves the outbox's clock forward by `ms`: every waiting message that is not being sent becomes
 * due that much sooner. A message a worker is sending keeps its due time (its claim protects it).
 */
function advance(dataDir: string, ms: number): void {
	const db = openSteadyDatabase(dataDir);
	try {
		const now = new Date().toISOString();
		const rows = db
			.prepare(
				"select id, next_attempt_at from mail_outbox where status = 'pending' and (claimed_until is null or claimed_until <= ?)"
			)
			.all(now) as { id: string; next_attempt_at: string }[];
		const update = db.prepare(
			"update mail_outbox set next_attempt_at = ? where id = ? and next_attempt_at = ? and status = 'pending'"
		);
		db.transaction(() => {
			for (const row of rows) {
				const earlier = new Date(Date.parse(row.next_attempt_at) - ms).toISOString();
				update.run(earlier, row.id, row.next_attempt_at);
			}
		})();
	} finally {
		db.close();
	}
}

/** Waits until no message is due or being sent: the workers have done all they can for now. */
async function idle(dataDir: string, timeoutMs = 90_000): Promise<boolean> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const now = new Date().toISOString();
		const busy = outbox(dataDir).filter(
			(r) =>
				r.status === 'pending' &&
				(r.next_attempt_at <= now || (r.claimed_until !== null && r.claimed_until > now))
		);
		if (busy.length === 0) return true;
		if (Date.now() > until) {
			fail(`${busy.length} due e-mails were still waiting after ${timeoutMs / 1000} s`);
			return false;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

let simulatedMs = 0;
let jumps = 0;

/**
 * Lets the workers send, jumping the clock to each next due time, until nothing is left or the
 * next due time is further away than `horizonMs` (retries are minutes away, reminders days).
 * `stepMs` makes each jump at least that long, so reminders days apart go in a few jumps.
 */
async function settle(dataDir: string, horizonMs: number, stepMs = 0): Promise<void> {
	for (;;) {
		if (!(await idle(dataDir))) return;
		const waiting = outbox(dataDir)
			.filter((r) => r.status === 'pending')
			.map((r) => Date.parse(r.next_attempt_at))
			.sort((a, b) => a - b);
		if (waiting.length === 0) return;
		const distance = waiting[0]! - Date.now() + 1000;
		if (distance > horizonMs) return;
		const jump = Math.max(distance, stepMs);
		advance(dataDir, jump);
		simulatedMs += jump;
		jumps++;
	}
}

/** Every booking's reminders with their state in the outbox. */
function reminders(
	dataDir: string
): { email: string; id: string; messageId: string; status: string; claimed: boolean }[] {
	const db = openSteadyDatabase(dataDir, true);
	try {
		const now = new Date().toISOString();
		return (
			db
				.prepare(
					'select b.email as email, r.mail_id as id, m.message_id as messageId, m.status as status, m.claimed_until as claimed_until from booking_reminder r join booking b on b.id = r.booking_id join mail_outbox m on m.id = r.mail_id'
				)
				.all() as {
				email: string;
				id: string;
				messageId: string;
				status: string;
				claimed_until: string | null;
			}[]
		).map((r) => ({ ...r, claimed: r.claimed_until !== null && r.claimed_until > now }));
	} finally {
		db.close();
	}
}

async function cancel(booking: Booking): Promise<void> {
	const answer = await post(booking.server, `${booking.manage}?/cancel`, {});
	if (answer.status !== 303 || !answer.location.endsWith('?done=cancelled')) {
		fail(`Cancelling a booking answered ${answer.status} ${answer.location}`);
	} else booking.fate = 'cancelled';
}

/**
 * Slows the peer down (1.5 s for each message), moves the clock so that the next dozen reminders
 * fall due together, waits until a worker has claimed them, and cancels the bookings whose
 * reminders are last in that round: they must not go out. Returns how many were cancelled.
 */
async function cancelWhileSending(
	bookings: Booking[],
	noteReminders: (booking: Booking) => void,
	peer: FaultySmtpPeer
): Promise<number> {
	const dataDir = bookings[0]?.server.dataDir;
	if (!dataDir) return 0;
	const kept = new Map(bookings.filter((b) => b.fate === 'kept').map((b) => [b.email, b]));
	const waiting = outbox(dataDir)
		.filter(
			(r) => r.status === 'pending' && r.kind === 'booking-reminder' && kept.has(r.to_address)
		)
		.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at));
	const round = waiting.slice(0, 12);
	if (round.length < 6) {
		fail(`Only ${round.length} reminders were waiting for the slow round`);
		return 0;
	}
	const targets = [...new Set(round.slice(-4).map((r) => r.to_address))].map((e) => kept.get(e)!);
	const targetIds = round.slice(-4).map((r) => r.id);
	peer.slowDown(1500);
	const jump = Date.parse(round[round.length - 1]!.next_attempt_at) - Date.now() + 1000;
	advance(dataDir, jump);
	simulatedMs += jump;
	jumps++;
	const until = Date.now() + 30_000;
	while (!reminders(dataDir).some((r) => targetIds.includes(r.id) && r.claimed)) {
		if (Date.now() > until) {
			fail('No worker claimed the reminders of the slow round');
			break;
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	for (const booking of targets) {
		noteReminders(booking);
		await cancel(booking);
	}
	await idle(dataDir);
	peer.slowDown(0);
	return targets.length;
}

async function main(): Promise<number> {
	const missing = buildIsMissing();
	if (missing) {
		console.error(missing);
		return 1;
	}
	const began = performance.now();
	print(
		`Mail faults${bounded ? ' (bounded)' : ''}: two servers on one SQLite folder, a faulty SMTP peer`
	);
	const peer = await startFaultySmtpPeer({ port: ports.peer, innerPort: ports.peerInner });
	const dataDir = freshDataDir('mail');
	const env = { ...sharedSecrets(), SMTP_URL: peer.url, PRACTICE_EMAIL: practiceEmail };
	const servers: SteadyServer[] = [];
	try {
		servers.push(await startSteady({ port: ports.first, dataDir, env }));
		servers.push(await startSteady({ port: ports.second, dataDir, env }));
		const on = (n: number) => servers[n % servers.length]!;

		// Accounts: sign-ups with a password and by link, then password resets for some of them.
		const accounts: string[] = [];
		for (let n = 0; n < scale.signUps; n++) {
			const email = `member-${n}-${randomUUID().slice(0, 8)}@example.org`;
			const answer = await post(on(n), '/sign-up?/password', {
				name: `Member ${n}`,
				email,
				password
			});
			if (answer.status !== 303 || !answer.location.startsWith('/sign-up/check-email')) {
				fail(`Sign-up answered ${answer.status} ${answer.location}`);
			} else accounts.push(email);
		}
		for (let n = 0; n < scale.linkSignUps; n++) {
			const answer = await post(on(n), '/sign-up?/link', {
				linkName: `Linked ${n}`,
				linkEmail: `linked-${n}-${randomUUID().slice(0, 8)}@example.org`
			});
			if (answer.status !== 303) fail(`Sign-up by link answered ${answer.status}`);
		}
		for (let n = 0; n < scale.resets && n < accounts.length; n++) {
			const answer = await post(on(n + 1), '/forgot-password', { email: accounts[n]! });
			if (answer.status !== 200) fail(`Forgot password answered ${answer.status}`);
		}

		// Consultations, four at a time, each at a time of its own; at most four a day, as the
		// practice takes six a day, so that a move finds room too.
		const { times, spare } = spread(await offeredTimes(servers[0]!), 4);
		if (times.length < scale.bookings || spare.length < scale.moves) {
			fail(`Only ${times.length + spare.length} free times were offered`);
		}
		const bookings: Booking[] = [];
		for (let n = 0; n < scale.bookings && n < times.length; n += 4) {
			const batch = times.slice(n, Math.min(n + 4, scale.bookings));
			const made = await Promise.all(batch.map((start, i) => book(on(n + i), start, n + i)));
			for (const b of made) if (b) bookings.push(b);
		}
		print(
			`  ${accounts.length} sign-ups with a password, ${scale.linkSignUps} by link, ${scale.resets} password resets, ${bookings.length} bookings`
		);

		await settle(dataDir, 3 * hour);

		// Some move, some cancel: their reminders still waiting must be withdrawn, never sent. (A
		// reminder already sent, for a consultation within a day, stays sent.)
		const withdrawn = new Set<string>();
		const withdrawnMessageIds = new Set<string>();
		const sentBeforeChange = new Map<string, number>();
		const noteReminders = (booking: Booking) => {
			const mine = reminders(dataDir).filter((r) => r.email === booking.email);
			for (const r of mine) {
				if (r.status === 'sent') continue;
				withdrawn.add(r.id);
				withdrawnMessageIds.add(r.messageId);
			}
			sentBeforeChange.set(booking.email, mine.filter((r) => r.status === 'sent').length);
		};
		for (let n = 0; n < scale.moves && n < bookings.length && n < spare.length; n++) {
			const booking = bookings[n]!;
			noteReminders(booking);
			const answer = await post(booking.server, `${booking.manage}?/reschedule`, {
				start: spare[n]!,
				tz: 'America/New_York'
			});
			if (answer.status !== 303 || !answer.location.endsWith('?done=moved')) {
				fail(`Moving a booking answered ${answer.status} ${answer.location}`);
			} else booking.fate = 'moved';
		}
		for (let n = scale.moves; n < scale.moves + scale.cancels && n < bookings.length; n++) {
			const booking = bookings[n]!;
			noteReminders(booking);
			await cancel(booking);
		}
		await settle(dataDir, 3 * hour);
		const simulatedBeforeReminders = simulatedMs;

		// A slow server while reminders go out: a round claims several and sends them one by one;
		// bookings whose reminders wait in that round are cancelled meanwhile.
		const late = await cancelWhileSending(bookings, noteReminders, peer);

		// Days pass: every reminder falls due, and its retries too.
		await settle(dataDir, Number.POSITIVE_INFINITY, 12 * hour);

		// What the outbox holds against what arrived.
		const rows = outbox(dataDir);
		const present = new Set(rows.map((r) => r.id));
		for (const id of withdrawn) {
			if (present.has(id))
				fail(`A reminder of a moved or cancelled booking is still in the outbox`);
		}
		const notSent = rows.filter((r) => r.status !== 'sent');
		for (const row of notSent) {
			fail(`A ${row.kind} e-mail ended ${row.status} after ${row.attempts} attempts`);
		}
		const copies = new Map<string, { all: number; acknowledged: number }>();
		for (const copy of peer.stored) {
			const seen = copies.get(copy.messageId) ?? { all: 0, acknowledged: 0 };
			seen.all++;
			if (copy.acknowledged) seen.acknowledged++;
			copies.set(copy.messageId, seen);
		}
		for (const id of copies.keys()) {
			if (withdrawnMessageIds.has(id))
				fail('A reminder withdrawn by a move or cancellation arrived');
		}
		const known = new Set(rows.map((r) => r.message_id));
		for (const id of copies.keys()) {
			if (!known.has(id)) fail(`A message arrived that the outbox does not hold: ${id}`);
		}
		let duplicates = 0;
		for (const row of rows) {
			const seen = copies.get(row.message_id);
			if (!seen) {
				fail(`A ${row.kind} e-mail (${row.status}) never arrived`);
				continue;
			}
			duplicates += seen.all - 1;
			if (seen.acknowledged !== 1) {
				fail(
					`A ${row.kind} e-mail was acknowledged ${seen.acknowledged} times (${seen.all} copies)`
				);
			}
			const faults = peer.faultsByMessage.get(row.message_id) ?? 0;
			if (row.attempts < faults + 1) {
				fail(`A ${row.kind} e-mail records ${row.attempts} attempts but met ${faults} faults`);
			}
		}
		const attemptsRecorded = rows.reduce((sum, r) => sum + r.attempts, 0);
		if (attemptsRecorded !== peer.counts.connections) {
			fail(
				`The outbox records ${attemptsRecorded} attempts; the peer saw ${peer.counts.connections} connections`
			);
		}
		const unacknowledged = peer.stored.filter((c) => !c.acknowledged).length;
		if (duplicates !== unacknowledged) {
			fail(
				`${duplicates} second copies arrived, but only ${unacknowledged} acceptances went unheard`
			);
		}

		// Each booking that stayed got both reminders; each one that moved got them at its new time.
		const delivered = new Set(peer.stored.map((c) => c.messageId));
		for (const booking of bookings) {
			const mine = rows.filter((r) => r.to_address === booking.email);
			const reminders = mine.filter(
				(r) => r.kind === 'booking-reminder' && delivered.has(r.message_id)
			);
			const sentBefore = sentBeforeChange.get(booking.email) ?? 0;
			const expected = (booking.fate === 'cancelled' ? 0 : 2) + sentBefore;
			if (reminders.length !== expected) {
				fail(`A ${booking.fate} booking got ${reminders.length} reminders, not ${expected}`);
			}
			const kinds = new Set(mine.map((r) => r.kind));
			if (!kinds.has('booking-confirmed')) fail('A booking got no confirmation');
			if (booking.fate === 'moved' && !kinds.has('booking-rescheduled')) {
				fail('A moved booking got no e-mail saying so');
			}
			if (booking.fate === 'cancelled' && !kinds.has('booking-cancelled')) {
				fail('A cancelled booking got no e-mail saying so');
			}
		}
		for (const email of accounts) {
			if (!rows.some((r) => r.to_address === email && r.kind === 'verify-email')) {
				fail('A new account got no confirmation e-mail');
			}
		}

		for (const server of servers) {
			if (!server.running()) fail(`The server at ${server.origin} stopped during the run`);
			const errors = server
				.output()
				.split('\n')
				.filter((line) => /"level":(50|60)/.test(line));
			for (const line of errors.slice(0, 5)) fail(`${server.origin} logged: ${line.slice(0, 300)}`);
		}

		// Figures.
		const byKind = new Map<string, number>();
		for (const row of rows) byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + 1);
		const c = peer.counts;
		const refusals = c.greylisted + c.refused;
		print();
		print(`  e-mails in the outbox      ${rows.length} (${notSent.length} not sent)`);
		for (const [kind, count] of [...byKind].sort()) print(`    ${kind.padEnd(24)} ${count}`);
		print(
			`  reminders withdrawn        ${withdrawn.size} (${late} bookings cancelled while their reminders waited in a slow round)`
		);
		print(`  delivery attempts          ${c.connections}`);
		print(
			`    refused (4xx)            ${refusals} (${((100 * refusals) / c.connections).toFixed(1)}%): ${c.greylisted} greylisted at RCPT, ${c.refused} with 451 after the data`
		);
		print(`    cut during the data      ${c.cutDuringData}`);
		print(`    cut after acceptance     ${c.cutAfterAccept}`);
		print(`    accepted and kept        ${c.stored}`);
		print(
			`  distinct arrivals          ${copies.size}; second copies ${duplicates} (each after an acceptance the sender never heard)`
		);
		print(
			`  clock moved                ${(simulatedBeforeReminders / hour).toFixed(1)} h for retries, ${(simulatedMs / 86_400_000).toFixed(1)} days in all, in ${jumps} jumps`
		);
		print(`  fault plan                 ${JSON.stringify(defaultFaultPlan)}`);
		print(`  failures                   ${failures.length}`);
		for (const failure of failures) print(`    - ${failure}`);
		print(`  time                       ${((performance.now() - began) / 1000).toFixed(1)} s`);
		return failures.length === 0 ? 0 : 1;
	} finally {
		for (const server of servers) await server.stop();
		await peer.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

process.exitCode = await main().catch((error: unknown) => {
	console.error(error);
	return 1;
});
