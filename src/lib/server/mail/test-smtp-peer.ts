import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMessage {
	mailFrom: string;
	rcptTo: string[];
	/** The message as it came over the wire, headers and MIME parts. */
	raw: string;
}

export interface SmtpPeer {
	/** smtp://127.0.0.1:<port>, what SMTP_URL would hold. */
	url: string;
	received: ReceivedMessage[];
	/** Refuse the next `count` messages after their data, as a busy server does (451). */
	refuseNext(count: number): void;
	/**
	 * Holds the next message after its data, as a slow server does: `arrived` resolves once it is
	 * there, and it is answered (accepted) when `release` is called.
	 */
	holdNext(): { arrived: Promise<void>; release: () => void };
	/** Every Message-ID header received, in order. */
	messageIds(): string[];
	close(): Promise<void>;
}

function readAll(stream: SMTPServerDataStream): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		stream.on('error', reject);
	});
}

/**
 * A real SMTP server on loopback that keeps what it is sent, for tests of the mail module; on
 * `port`, or on any free port when it is 0.
 */
export async function startSmtpPeer(port = 0): Promise<SmtpPeer> {
	const received: ReceivedMessage[] = [];
	let refusals = 0;
	let hold: { arrive: () => void; released: Promise<void> } | null = null;
	const server = new SMTPServer({
		secure: false,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			readAll(stream).then(
				async (raw) => {
					if (hold) {
						const { arrive, released } = hold;
						hold = null;
						arrive();
						await released;
					}
					if (refusals > 0) {
						refusals--;
						const error = new Error('Too busy just now, try again later') as Error & {
							responseCode: number;
						};
						error.responseCode = 451;
						callback(error);
						return;
					}
					received.push({
						mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						rcptTo: session.envelope.rcptTo.map((r) => r.address),
						raw
					});
					callback();
				},
				(error: Error) => callback(error)
			);
		}
	});
	// A sender that vanishes mid-conversation (a process killed while sending) ends only its own
	// connection, as with any SMTP server; it must not stop the peer.
	server.on('error', () => {});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
	const listening = (server.server.address() as AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${listening}`,
		received,
		refuseNext(count) {
			refusals = count;
		},
		holdNext() {
			let arrive = () => {};
			let release = () => {};
			const arrived = new Promise<void>((resolve) => (arrive = resolve));
			const released = new Promise<void>((resolve) => (release = resolve));
			hold = { arrive, released };
			return { arrived, release };
		},
		messageIds: () =>
			received.map((m) => /^Message-ID: *(.+)$/im.exec(m.raw)?.[1]?.trim() ?? '(none)'),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
