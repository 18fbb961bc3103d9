import net from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP server on loopback behind a small TCP relay that misbehaves the way mail servers do:
 * it greylists a first contact (450 at RCPT), refuses a message after its data (451), drops the
 * connection in the middle of a message, and drops it after the message was accepted but before
 * the "250 OK" reaches the sender (so the sender cannot know it arrived: RFC 5321 §4.1.1.4 and
 * RFC 1047). Each copy it keeps is recorded with its Message-ID.
 *
 * Faults are drawn from a seeded generator, at most `maxFaultsPerMessage` per Message-ID and one
 * greylisting per recipient, so a message is always delivered within the sender's attempts: the
 * faults are temporary, as a real server's are.
 */
export interface FaultPlan {
	/** Seed for the generator; the same seed gives the same draws in the same order. */
	seed: number;
	/** Share of new recipients whose first attempt is greylisted (450 at RCPT TO). */
	greylist: number;
	/** Share of messages refused with 451 after their data has been read. */
	refuse: number;
	/** Share of messages whose connection is cut in the middle of the data. */
	cutDuringData: number;
	/** Share of accepted messages whose connection is cut before the 250 reaches the sender. */
	cutAfterAccept: number;
	/** Faults drawn for one Message-ID at most; after that it goes through. */
	maxFaultsPerMessage: number;
}

export const defaultFaultPlan: FaultPlan = {
	seed: 20261129,
	greylist: 0.5,
	refuse: 0.3,
	cutDuringData: 0.08,
	cutAfterAccept: 0.06,
	maxFaultsPerMessage: 4
};

export interface StoredCopy {
	messageId: string;
	rcptTo: string[];
	raw: string;
	/** False when the connection was cut after acceptance, before the 250 reached the sender. */
	acknowledged: boolean;
}

export interface FaultCounts {
	connections: number;
	greylisted: number;
	refused: number;
	cutDuringData: number;
	cutAfterAccept: number;
	stored: number;
}

export interface FaultySmtpPeer {
	/** smtp://127.0.0.1:<port>, what SMTP_URL holds. */
	url: string;
	/** Every copy kept, in order, duplicates included. */
	stored: StoredCopy[];
	counts: FaultCounts;
	/** How many faults each Message-ID met (greylisting is counted per recipient, not here). */
	faultsByMessage: Map<string, number>;
	/** From now on, answers each message's data only after `ms` (0: at once), as a slow server. */
	slowDown(ms: number): void;
	close(): Promise<void>;
}

/** mulberry32: small, fast and good enough to draw faults from a seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function messageIdOf(raw: string): string | undefined {
	return /^Message-ID: *(<[^>\r\n]+>)/im.exec(raw)?.[1];
}

function readAll(stream: SMTPServerDataStream): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		stream.on('error', reject);
	});
}

function temporary(code: number, text: string): Error {
	return Object.assign(new Error(text), { responseCode: code });
}

/**
 * Starts the peer: the relay listens on `port` (what the sender connects to), the SMTP server
 * behind it on `innerPort`. Both on 127.0.0.1.
 */
export async function startFaultySmtpPeer(options: {
	port: number;
	innerPort: number;
	plan?: FaultPlan;
}): Promise<FaultySmtpPeer> {
	const plan = options.plan ?? defaultFaultPlan;
	const random = seededRandom(plan.seed);
	const stored: StoredCopy[] = [];
	const counts: FaultCounts = {
		connections: 0,
		greylisted: 0,
		refused: 0,
		cutDuringData: 0,
		cutAfterAccept: 0,
		stored: 0
	};
	const faultsByMessage = new Map<string, number>();
	const seenRecipients = new Set<string>();
	let answerAfterMs = 0;
	/** Relay connections whose next 250 must not reach the sender, by the inner session's port. */
	const cutAfterAcceptOn = new Set<number>();

	/** Draws a fault of the given share for a message, within its allowance. */
	function draw(messageId: string, share: number): boolean {
		const soFar = faultsByMessage.get(messageId) ?? 0;
		if (soFar >= plan.maxFaultsPerMessage) return false;
		if (random() >= share) return false;
		faultsByMessage.set(messageId, soFar + 1);
		return true;
	}

	const inner = new SMTPServer({
		secure: false,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(address, _session, callback) {
			const recipient = address.address.toLowerCase();
			if (!seenRecipients.has(recipient)) {
				seenRecipients.add(recipient);
				if (random() < plan.greylist) {
					counts.greylisted++;
					callback(temporary(450, 'Greylisted: please try again in a little while'));
					return;
				}
			}
			callback();
		},
		onData(stream, session, callback) {
			readAll(stream).then(
				async (raw) => {
					if (answerAfterMs > 0) await new Promise((r) => setTimeout(r, answerAfterMs));
					const messageId = messageIdOf(raw) ?? '(none)';
					if (draw(messageId, plan.refuse)) {
						counts.refused++;
						callback(temporary(451, 'Too busy just now, please try again later'));
						return;
					}
					const cut = draw(messageId, plan.cutAfterAccept);
					if (cut) {
						counts.cutAfterAccept++;
						cutAfterAcceptOn.add(session.remotePort);
					}
					stored.push({
						messageId,
						rcptTo: session.envelope.rcptTo.map((r) => r.address),
						raw,
						acknowledged: !cut
					});
					counts.stored++;
					callback();
				},
				// The connection went away in the middle of the data: nothing is kept.
				() => callback(temporary(451, 'The message did not arrive whole'))
			);
		}
	});
	await new Promise<void>((resolve, reject) => {
		inner.server.once('error', reject);
		inner.listen(options.innerPort, '127.0.0.1', () => resolve());
	});

	const relays = new Set<net.Socket>();
	const relay = net.createServer((client) => {
		counts.connections++;
		const upstream = net.connect(options.innerPort, '127.0.0.1');
		relays.add(client);
		relays.add(upstream);
		let state: 'command' | 'await-354' | 'data' | 'await-reply' = 'command';
		let commandLine = '';
		let dataSoFar = '';
		let decided = false;
		const cut = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('close', () => {
			relays.delete(client);
			upstream.destroy();
		});
		upstream.on('close', () => {
			relays.delete(upstream);
			client.destroy();
		});
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());

		client.on('data', (chunk: Buffer) => {
			if (state === 'data') {
				const text = chunk.toString('latin1');
				dataSoFar += text;
				if (!decided) {
					const id = messageIdOf(dataSoFar);
					if (id || dataSoFar.length > 65_536 || dataSoFar.includes('\r\n\r\n')) {
						decided = true;
						if (id && draw(id, plan.cutDuringData)) {
							counts.cutDuringData++;
							// Part of the message, never its end: the server must not keep it.
							const keep = Math.max(0, text.length - Math.ceil(text.length / 2) - 8);
							upstream.write(chunk.subarray(0, keep), () => cut());
							return;
						}
					}
				}
				upstream.write(chunk);
				if (dataSoFar.endsWith('\r\n.\r\n')) {
					state = 'await-reply';
					dataSoFar = '';
					decided = false;
				}
				return;
			}
			upstream.write(chunk);
			commandLine += chunk.toString('latin1');
			const lines = commandLine.split('\r\n');
			commandLine = lines.pop() ?? '';
			if (lines.some((line) => line.toUpperCase() === 'DATA')) state = 'await-354';
		});

		upstream.on('data', (chunk: Buffer) => {
			const reply = chunk.toString('latin1');
			if (state === 'await-354' && reply.startsWith('354')) {
				state = 'data';
			} else if (state === 'await-354' && /^[45]/.test(reply)) {
				state = 'command';
			} else if (state === 'await-reply') {
				state = 'command';
				if (reply.startsWith('250') && cutAfterAcceptOn.delete(upstream.localPort ?? -1)) {
					cut();
					return;
				}
			}
			client.write(chunk);
		});
	});
	await new Promise<void>((resolve, reject) => {
		relay.once('error', reject);
		relay.listen(options.port, '127.0.0.1', () => resolve());
	});

	return {
		url: `smtp://127.0.0.1:${options.port}`,
		stored,
		counts,
		faultsByMessage,
		slowDown(ms) {
			answerAfterMs = ms;
		},
		async close() {
			for (const socket of relays) socket.destroy();
			await new Promise<void>((resolve) => relay.close(() => resolve()));
			await new Promise<void>((resolve) => inner.close(() => resolve()));
		}
	};
}
