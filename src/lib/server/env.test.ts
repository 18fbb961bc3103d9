import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './env';

function problemsOf(source: Record<string, string>): string[] {
	try {
		parseConfig(source);
	} catch (error) {
		if (error instanceof ConfigError) return error.problems;
		throw error;
	}
	return [];
}

const dataKey = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

describe('parseConfig', () => {
	it('defaults to SQLite under data/', () => {
		const config = parseConfig({});
		expect(config.database).toEqual({
			kind: 'sqlite',
			file: path.resolve('data', 'steady.db')
		});
		expect(config.logLevel).toBe('info');
	});

	it('reads file: and postgres:// addresses', () => {
		expect(parseConfig({ DATABASE_URL: 'file:/tmp/x.db' }).database).toEqual({
			kind: 'sqlite',
			file: '/tmp/x.db'
		});
		expect(
			parseConfig({
				DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
				AUTH_SECRET: 'x'.repeat(32),
				BOOKING_KEY: 'z'.repeat(32),
				STEADY_DATA_KEYS: dataKey
			}).database
		).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
	});

	it('asks for AUTH_SECRET with PostgreSQL, and for a long enough one always', () => {
		expect(problemsOf({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' })[0]).toMatch(
			/^AUTH_SECRET: required with PostgreSQL/
		);
		expect(problemsOf({ AUTH_SECRET: 'short' })[0]).toMatch(/^AUTH_SECRET: expected at least 32/);
		expect(parseConfig({ AUTH_SECRET: 'y'.repeat(40) }).authSecret).toBe('y'.repeat(40));
	});

	it('asks for BOOKING_KEY with PostgreSQL, and for a long enough one always', () => {
		const problems = problemsOf({
			DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
			AUTH_SECRET: 'x'.repeat(32),
			STEADY_DATA_KEYS: dataKey
		});
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^BOOKING_KEY: required with PostgreSQL/);
		expect(problemsOf({ BOOKING_KEY: 'short' })[0]).toMatch(/^BOOKING_KEY: expected at least 32/);
		expect(parseConfig({ BOOKING_KEY: 'k'.repeat(32) }).bookingKey).toBe('k'.repeat(32));
	});

	it('asks for STEADY_DATA_KEYS with PostgreSQL, and for well-formed keys always', () => {
		const problems = problemsOf({
			DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
			AUTH_SECRET: 'x'.repeat(32),
			BOOKING_KEY: 'z'.repeat(32)
		});
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/^STEADY_DATA_KEYS: required with PostgreSQL/);
		const short = 'k1:' + Buffer.alloc(16, 7).toString('base64');
		const refused = problemsOf({ STEADY_DATA_KEYS: short });
		expect(refused[0]).toMatch(/^STEADY_DATA_KEYS: the key "k1" is not 32 bytes/);
		expect(refused[0]).not.toContain(short.slice(3));
		const two = `${dataKey},old:${Buffer.alloc(32, 9).toString('base64')}`;
		expect(parseConfig({ STEADY_DATA_KEYS: two }).dataKeys).toBe(two);
	});

	it('names DATABASE_URL and what it expects when it is malformed', () => {
		for (const bad of ['mysql://x/y', 'postgres://', 'file:', 'steady.db']) {
			const problems = problemsOf({ DATABASE_URL: bad });
			expect(problems).toHaveLength(1);
			expect(problems[0]).toMatch(/^DATABASE_URL: expected|^DATABASE_URL: the PostgreSQL address/);
		}
	});

	it('reports every bad variable at once, each by name', () => {
		const problems = problemsOf({
			ORIGIN: 'localhost:3000',
			LOG_LEVEL: 'loud',
			PRACTICE_TIME_ZONE: 'Mars/Olympus',
			PRACTICE_EMAIL: 'not-an-address',
			PORT: '99999'
		});
		expect(problems.map((p) => p.split(':')[0])).toEqual([
			'ORIGIN',
			'LOG_LEVEL',
			'PRACTICE_TIME_ZONE',
			'PRACTICE_EMAIL',
			'PORT'
		]);
	});

	it('gives a message a person can act on', () => {
		expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(
			/LOG_LEVEL: expected one of fatal, error, warn, info, debug, silent[\s\S]*\.env\.example/
		);
	});

	it('accepts an origin without a path and keeps only the origin', () => {
		expect(parseConfig({ ORIGIN: 'https://steady.example.org/' }).origin).toBe(
			'https://steady.example.org'
		);
		expect(problemsOf({ ORIGIN: 'https://steady.example.org/app' })[0]).toMatch(/^ORIGIN/);
	});
});

describe('mail configuration', () => {
	it('keeps mail in the outbox when SMTP_URL is unset, sending as the practice', () => {
		expect(parseConfig({}).mail).toEqual({ from: 'Steady <hello@steady.example.org>' });
		expect(
			parseConfig({ PRACTICE_NAME: 'Calm Rooms', PRACTICE_EMAIL: 'rooms@example.org' }).mail
		).toEqual({ from: 'Calm Rooms <rooms@example.org>' });
	});

	it('quotes a practice name that needs it and never lets it break the header', () => {
		expect(parseConfig({ PRACTICE_NAME: 'Dr. "Ana" Ruiz, LCSW' }).mail.from).toBe(
			'"Dr. \\"Ana\\" Ruiz, LCSW" <hello@steady.example.org>'
		);
		expect(parseConfig({ PRACTICE_NAME: 'Steady\r\nBcc: x@evil.example' }).mail.from).toBe(
			'"Steady Bcc: x@evil.example" <hello@steady.example.org>'
		);
	});

	it('reads smtp:// and smtps:// addresses', () => {
		for (const url of [
			'smtp://user:pass@mail.example.org:587',
			'smtps://user:p%40ss@mail.example.org:465',
			'smtp://127.0.0.1:2525'
		]) {
			expect(parseConfig({ SMTP_URL: url }).mail.smtpUrl).toBe(url);
		}
		expect(parseConfig({ SMTP_URL: '  ' }).mail.smtpUrl).toBeUndefined();
	});

	it('names SMTP_URL and what it expects, without repeating the password', () => {
		for (const bad of [
			'mail.example.org:587',
			'http://mail.example.org',
			'smtp://',
			'smtp://user:secret@host:99999'
		]) {
			const problems = problemsOf({ SMTP_URL: bad });
			expect(problems).toHaveLength(1);
			expect(problems[0]).toMatch(/^SMTP_URL: expected smtp:\/\/user:password@host:587/);
			expect(problems[0]).not.toContain('secret');
		}
	});

	it('takes MAIL_FROM as "Name <address>" or a bare address', () => {
		expect(parseConfig({ MAIL_FROM: 'Front Desk <desk@example.org>' }).mail.from).toBe(
			'Front Desk <desk@example.org>'
		);
		expect(parseConfig({ MAIL_FROM: '"Front Desk, Steady" <desk@example.org>' }).mail.from).toBe(
			'"Front Desk, Steady" <desk@example.org>'
		);
		expect(parseConfig({ MAIL_FROM: 'desk@example.org' }).mail.from).toBe('desk@example.org');
	});

	it('names MAIL_FROM when it is not a sender', () => {
		for (const bad of ['Front Desk', 'Desk <desk>', '<>', 'a@b.co <c@d.co> <e@f.co>']) {
			const problems = problemsOf({ MAIL_FROM: bad });
			expect(problems).toHaveLength(1);
			expect(problems[0]).toMatch(/^MAIL_FROM: expected a sender/);
		}
	});
});
