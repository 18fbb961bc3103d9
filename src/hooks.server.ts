import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { svelteKitHandler } from 'better-auth/svelte-kit';
import { config } from '$lib/server/env';
import { createLogger } from '$lib/server/logger';
import { startupErrorMessage } from '$lib/server/startup-error';
import { services, startServices, type Services } from '$lib/server/app';
import { createSetupTokenRepository } from '$lib/server/accounts/setup-token.repository';
import { createSetupService } from '$lib/server/accounts/setup.service';
import { isPractitioner, sessionStillValid } from '$lib/server/accounts/session-policy';
import { clientAddressHeader, sessionCookieNames } from '$lib/server/accounts/auth';
import type { Role } from '$lib/server/db/schema';
import { chooseEncoding, compressed, mayCompress } from '$lib/server/http/compression';
import { createPageCache, responseFrom } from '$lib/server/http/page-cache';
import { zoneCookie } from '$lib/booking/zones';
import { markUnreadableForm, refusalMessage } from '$lib/server/http/refusals';

let logger = createLogger('info');

export const init: ServerInit = async () => {
	// Prerendering the articles needs no database.
	if (building) return;
	try {
		const cfg = config();
		logger = createLogger(cfg.logLevel);
		const started = await startServices(cfg, logger);
		logger.info({ database: started.database.kind }, 'Steady is ready');
		await printOwnerSetupLink(started);
	} catch (error) {
		console.error(startupErrorMessage(error, 'Steady could not start'));
		process.exit(1);
	}
};

/**
 * On a database without an owner, the console shows a one-time link to create the practice's
 * account. It goes to the terminal, never to the log.
 */
async function printOwnerSetupLink(started: Services): Promise<void> {
	const setup = createSetupService({
		tokens: createSetupTokenRepository(started.database.db),
		clock: started.clock
	});
	const link = await setup.ownerLinkIfNeeded(started.origin);
	if (!link) return;
	process.stdout.write(
		`\nWelcome to Steady. To create the practice's owner account, open this link (it works once, for 24 hours):\n\n  ${link}\n\n`
	);
}

/**
 * Behind a proxy, adapter-node reads the address from ADDRESS_HEADER and throws when a request
 * lacks it; such a request is still served, counted under 'unknown'.
 */
function clientAddressOf(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** Private areas: never cached by the browser or anything in between. */
const privatePrefixes = ['/app', '/admin', '/account', '/api/auth', '/setup'];

async function loadSession(event: RequestEvent): Promise<void> {
	// Most visitors have no session at all; asking better-auth would only be slower.
	if (!sessionCookieNames.some((name) => event.cookies.get(name))) return;
	const { auth, sessions, clock, audit } = services();
	const found = await auth.api.getSession({ headers: event.request.headers });
	if (!found) return;
	const role = (found.user as { role?: Role }).role ?? 'member';
	if (isPractitioner(role)) {
		const now = clock.now();
		const lastSeen = await sessions.lastSeen(found.session.id);
		const valid = sessionStillValid({
			role,
			createdAt: new Date(found.session.createdAt),
			lastSeenAt: lastSeen ? new Date(lastSeen) : undefined,
			now
		});
		if (!valid) {
			await sessions.remove(found.session.id);
			await audit.record({
				action: 'session.expired',
				actorUserId: found.user.id,
				subjectUserId: found.user.id,
				ip: event.locals.clientAddress
			});
			return;
		}
		await sessions.touch(found.session.id, now.toISOString());
	}
	const user = found.user as typeof found.user & { role?: Role; timeZone?: string | null };
	event.locals.user = {
		id: user.id,
		name: user.name,
		email: user.email,
		emailVerified: Boolean(user.emailVerified),
		role,
		timeZone: user.timeZone ?? null,
		twoFactorEnabled: Boolean(user.twoFactorEnabled)
	};
	event.locals.session = {
		id: found.session.id,
		createdAt: new Date(found.session.createdAt).toISOString(),
		expiresAt: new Date(found.session.expiresAt).toISOString()
	};
}

/**
 * The consultation page is the same for every visitor without a session who sees the same week in
 * the same zone; it is worked out at most once every few seconds, and again at once after any
 * change (src/lib/server/http/page-cache.ts).
 */
const sharedPages = createPageCache({ ttlMs: 5_000, maxEntries: 200 });

function sharedPageKey(event: RequestEvent): string | null {
	if (event.request.method !== 'GET' || event.url.pathname !== '/consultation') return null;
	// A zone in the address is remembered with a cookie: that response is each visitor's own.
	if (event.url.searchParams.has('tz')) return null;
	if (sessionCookieNames.some((name) => event.cookies.get(name))) return null;
	return `${event.url.search}|${event.cookies.get(zoneCookie) ?? ''}`;
}

export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = randomUUID();
	event.locals.requestId = requestId;
	event.locals.log = logger.child({ requestId });
	event.locals.user = null;
	event.locals.session = null;
	event.locals.clientAddress = clientAddressOf(event);

	if (!building) {
		// better-auth reads the client's address from this header; whatever a client sent in it is
		// replaced by the address adapter-node trusts.
		try {
			event.request.headers.set(clientAddressHeader, event.locals.clientAddress);
		} catch {
			// Requests whose headers cannot be changed (none in practice) keep better-auth's default.
		}
		markUnreadableForm(event.request, event.route.id, event.url.pathname);
		await loadSession(event);
	}

	const sharedKey = building ? null : sharedPageKey(event);
	const copy = sharedKey === null ? undefined : sharedPages.get(sharedKey);
	const generation = sharedPages.generation;
	const resolved = copy
		? responseFrom(copy)
		: building
			? await resolve(event)
			: await svelteKitHandler({ event, resolve, auth: services().auth, building });
	if (sharedKey !== null && !copy) await sharedPages.keep(sharedKey, resolved, generation);
	const encoding =
		!building &&
		event.request.method === 'GET' &&
		mayCompress(event.route.id, event.locals.user !== null)
			? chooseEncoding(event.request.headers.get('accept-encoding'))
			: null;
	const response = await compressed(resolved, encoding, copy);
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') sharedPages.clear();

	response.headers.set('X-Request-Id', requestId);
	const path = event.url.pathname;
	if (event.locals.user || privatePrefixes.some((p) => path === p || path.startsWith(p + '/'))) {
		response.headers.set('Cache-Control', 'no-store');
	}
	if (!building) {
		// The route's id only: never the address (its query) or the body, so nothing a person
		// chose or wrote (a self-check's answers, a moment) can reach a log line.
		event.locals.log.info(
			{
				method: event.request.method,
				route: event.route.id,
				status: response.status,
				ms: Math.round(performance.now() - started)
			},
			'request'
		);
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const errorId = event.locals.requestId ?? randomUUID();
	if (status === 404) return { message: 'Page not found', errorId };
	if (status < 500) {
		// A refused request (too large, a type we cannot read): nothing failed here, so a warning.
		(event.locals.log ?? logger).warn(
			{ errorId, route: event.route.id, status },
			'request refused'
		);
		return { message: refusalMessage(status, message), errorId };
	}
	(event.locals.log ?? logger).error(
		{ errorId, route: event.route.id, status, err: error },
		'unhandled error'
	);
	return { message: 'Something went wrong on our side.', errorId };
};
