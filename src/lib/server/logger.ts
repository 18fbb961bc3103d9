import pino from 'pino';

/**
 * The one logger. Bodies, form values, tokens and health text never go in a log line: callers pass
 * ids, routes, statuses and durations only, and the redaction below is a second guard.
 */
export function createLogger(level: string) {
	return pino({
		level,
		base: { app: 'steady' },
		redact: {
			paths: [
				'password',
				'token',
				'body',
				'values',
				'answers',
				'*.password',
				'*.token',
				'*.body',
				'*.values',
				'*.answers'
			],
			censor: '[removed]'
		}
	});
}
