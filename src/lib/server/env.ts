import path from 'node:path';
import { isTimeZone } from '../booking/zones';
import { parseDataKeys } from './privacy/data-keys';

/** Steady's configuration, read from the environment once at start. */
export interface Config {
	database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
	origin: string | undefined;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
	practiceName: string;
	practiceEmail: string;
	practiceTimeZone: string;
	/** smtpUrl unset: mail is kept in the outbox and shown to the practitioner instead of sent. */
	mail: { smtpUrl?: string; from: string };
	/** Where Steady keeps its SQLite file and, when not given, its generated secrets. */
	dataDir: string;
	/** Signs session cookies and tokens; generated into dataDir when unset (SQLite only). */
	authSecret?: string;
	/** Derives the keys for consultation intake text; generated into dataDir when unset (SQLite only). */
	bookingKey?: string;
	/**
	 * STEADY_DATA_KEYS as given (`id:base64key,…`, checked here): the keys that seal the workbook.
	 * Unset: kept in dataDir/data.keys, made on first start (SQLite only).
	 */
	dataKeys?: string;
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`Steady cannot start because its configuration needs attention:\n${problems
				.map((p) => `  - ${p}`)
				.join('\n')}\nSee .env.example for every variable and what it expects.`
		);
		this.name = 'ConfigError';
	}
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

function parseDatabase(
	raw: string | undefined,
	dataDir: string,
	problems: string[]
): Config['database'] {
	const fallback = { kind: 'sqlite', file: path.join(dataDir, 'steady.db') } as const;
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = raw.trim();
	if (value.startsWith('file:')) {
		const file = value.slice('file:'.length);
		if (file === '' || file.includes('\0')) {
			problems.push(
				'DATABASE_URL: expected "file:<path to a SQLite file>", for example file:data/steady.db'
			);
			return fallback;
		}
		return { kind: 'sqlite', file: path.resolve(file) };
	}
	if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
		try {
			const url = new URL(value);
			if (!url.hostname || url.pathname.length <= 1) throw new Error('no host or database');
			return { kind: 'postgres', url: value };
		} catch {
			problems.push(
				'DATABASE_URL: the PostgreSQL address could not be read; expected postgres://user@host:5432/database'
			);
			return fallback;
		}
	}
	problems.push(
		'DATABASE_URL: expected nothing (SQLite under data/), "file:<path>" or "postgres://user@host:5432/database"'
	);
	return fallback;
}

function parseSmtpUrl(raw: string | undefined, problems: string[]): string | undefined {
	const value = raw?.trim();
	if (!value) return undefined;
	// The value holds a password: the problem describes what is expected and never repeats it.
	try {
		const url = new URL(value);
		if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('protocol');
		if (!url.hostname) throw new Error('host');
		if (url.port !== '' && !(Number(url.port) > 0 && Number(url.port) < 65536)) {
			throw new Error('port');
		}
		return value;
	} catch {
		problems.push(
			'SMTP_URL: expected smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 ' +
				'(TLS), with special characters in the user or password percent-encoded; leave it unset to ' +
				'keep e-mail in the outbox'
		);
		return undefined;
	}
}

const addressPattern = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** "Name <address>", quoting the name only when RFC 5322 needs it. */
function mailbox(rawName: string, address: string): string {
	// A line break in a header would let a name start a header of its own.
	const name = rawName.replace(/[\r\n\t]+/g, ' ');
	const plain = /^[\p{L}\p{N} !#$%&'*+\-/=?^_`{|}~]*$/u.test(name);
	const display = plain ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
	return `${display} <${address}>`;
}

function parseMailFrom(raw: string | undefined, fallback: string, problems: string[]): string {
	const value = raw?.trim();
	if (!value) return fallback;
	const match = /^(?:([^<>]*?)\s*<([^<>]*)>|([^<>]*))$/.exec(value);
	const address = match?.[2]?.trim() ?? match?.[3]?.trim();
	const name = match?.[1]?.trim();
	if (!address || !addressPattern.test(address) || /[\r\n]/.test(value)) {
		problems.push(
			'MAIL_FROM: expected a sender such as "Steady <hello@example.org>" or hello@example.org'
		);
		return fallback;
	}
	return name ? mailbox(name.replace(/^"(.*)"$/, '$1'), address) : address;
}

/** Reads and checks the configuration; every problem is reported at once, each naming its variable. */
export function parseConfig(source: Record<string, string | undefined>): Config {
	const problems: string[] = [];
	const dataDir = path.resolve(source.DATA_DIR?.trim() || 'data');
	const database = parseDatabase(source.DATABASE_URL, dataDir, problems);

	let origin: string | undefined;
	if (source.ORIGIN?.trim()) {
		try {
			const url = new URL(source.ORIGIN.trim());
			if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
			if (url.pathname !== '/' || url.search || url.hash) throw new Error('path');
			origin = url.origin;
		} catch {
			problems.push(
				'ORIGIN: expected the public address of the site without a path, for example https://steady.example.org'
			);
		}
	}

	const rawLevel = (source.LOG_LEVEL?.trim() || 'info').toLowerCase();
	const logLevel = (logLevels as readonly string[]).includes(rawLevel)
		? (rawLevel as Config['logLevel'])
		: undefined;
	if (!logLevel) problems.push(`LOG_LEVEL: expected one of ${logLevels.join(', ')}`);

	const practiceTimeZone = source.PRACTICE_TIME_ZONE?.trim() || 'America/New_York';
	if (!isTimeZone(practiceTimeZone)) {
		problems.push('PRACTICE_TIME_ZONE: expected an IANA time zone such as Europe/London');
	}

	const practiceEmail = source.PRACTICE_EMAIL?.trim() || 'hello@steady.example.org';
	if (!addressPattern.test(practiceEmail)) {
		problems.push('PRACTICE_EMAIL: expected an e-mail address, for example hello@example.org');
	}

	const practiceName = source.PRACTICE_NAME?.trim() || 'Steady';
	const smtpUrl = parseSmtpUrl(source.SMTP_URL, problems);
	const from = parseMailFrom(source.MAIL_FROM, mailbox(practiceName, practiceEmail), problems);

	const port = source.PORT?.trim();
	if (port && !(/^\d+$/.test(port) && Number(port) < 65536)) {
		problems.push('PORT: expected a port number between 1 and 65535 (or 0 for any free port)');
	}

	const authSecret = source.AUTH_SECRET?.trim() || undefined;
	if (authSecret !== undefined && authSecret.length < 32) {
		problems.push(
			'AUTH_SECRET: expected at least 32 random characters, for example from `openssl rand -base64 32`'
		);
	}
	if (authSecret === undefined && database.kind === 'postgres') {
		problems.push(
			'AUTH_SECRET: required with PostgreSQL, so that every process signs sessions with the same key (at least 32 random characters)'
		);
	}

	const bookingKey = source.BOOKING_KEY?.trim() || undefined;
	if (bookingKey !== undefined && bookingKey.length < 32) {
		problems.push(
			'BOOKING_KEY: expected at least 32 random characters, for example from `openssl rand -base64 32`'
		);
	}
	if (bookingKey === undefined && database.kind === 'postgres') {
		problems.push(
			'BOOKING_KEY: required with PostgreSQL, so that every process can read the intake text it encrypts (at least 32 random characters)'
		);
	}

	const dataKeys = source.STEADY_DATA_KEYS?.trim() || undefined;
	if (dataKeys !== undefined) {
		try {
			parseDataKeys(dataKeys);
		} catch (error) {
			problems.push(`STEADY_DATA_KEYS: ${(error as Error).message}`);
		}
	}
	if (dataKeys === undefined && database.kind === 'postgres') {
		problems.push(
			'STEADY_DATA_KEYS: required with PostgreSQL, so that every process can open the workbook it seals (for example "k1:" followed by the output of `openssl rand -base64 32`)'
		);
	}

	if (problems.length > 0) throw new ConfigError(problems);
	return {
		database,
		origin,
		logLevel: logLevel ?? 'info',
		practiceName,
		practiceEmail,
		practiceTimeZone,
		mail: smtpUrl ? { smtpUrl, from } : { from },
		dataDir,
		...(authSecret ? { authSecret } : {}),
		...(bookingKey ? { bookingKey } : {}),
		...(dataKeys ? { dataKeys } : {})
	};
}

let loaded: Config | undefined;

/** The configuration of this process, parsed on first use and kept. */
export function config(): Config {
	loaded ??= parseConfig(process.env);
	return loaded;
}
