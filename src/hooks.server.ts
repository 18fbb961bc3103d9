import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { config, ConfigError } from '$lib/server/env';
import { createLogger } from '$lib/server/logger';
import { startDatabase } from '$lib/server/db';
import { DatabaseStartError } from '$lib/server/db/database';
import { systemClock } from '$lib/server/clock';
import { createPracticeRepository } from '$lib/server/practice/practice.repository';
import { createPracticeService } from '$lib/server/practice/practice.service';

// Reading the configuration early means a bad value stops the server before it listens.
let logger = createLogger('info');

export const init: ServerInit = async () => {
	// Prerendering the articles needs no database.
	if (building) return;
	try {
		const cfg = config();
		logger = createLogger(cfg.logLevel);
		const { db, kind } = await startDatabase(cfg.database);
		await createPracticeService({
			practices: createPracticeRepository(db),
			clock: systemClock
		}).ensure({
			name: cfg.practiceName,
			timeZone: cfg.practiceTimeZone,
			contactEmail: cfg.practiceEmail
		});
		logger.info({ database: kind }, 'Steady is ready');
	} catch (error) {
		if (error instanceof ConfigError || error instanceof DatabaseStartError) {
			console.error(error.message);
		} else {
			console.error(`Steady could not start: ${(error as Error).message}`);
		}
		process.exit(1);
	}
};

export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = randomUUID();
	event.locals.requestId = requestId;
	event.locals.log = logger.child({ requestId });
	const response = await resolve(event);
	response.headers.set('X-Request-Id', requestId);
	if (!building)
		event.locals.log.info(
			{
				method: event.request.method,
				route: event.route.id,
				status: response.status,
				ms: Math.round(performance.now() - started)
			},
			'request'
		);
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const errorId = event.locals.requestId ?? randomUUID();
	if (status === 404) return { message: 'Page not found', errorId };
	(event.locals.log ?? logger).error(
		{ errorId, route: event.route.id, status, err: error },
		'unhandled error'
	);
	return { message: status >= 500 ? 'Something went wrong on our side.' : message, errorId };
};
