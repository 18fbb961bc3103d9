import { fail, type RequestEvent } from '@sveltejs/kit';
import type { FieldErrors } from '$lib/forms/parse';
import type { SignedInUser } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';
import {
	accountExporters,
	createAccountDataService
} from '$lib/server/accounts/account-data.service';
import { workbookExporters } from '$lib/server/workbook/workbook-export';
import {
	createAccountSettingsService,
	type Actor,
	type Outcome
} from '$lib/server/accounts/account-settings.service';

/**
 * What every settings page needs once `requireUser` has let the person in: who is acting, and
 * the two account services built on the running app's parts.
 */
export function accountContext(event: RequestEvent, user: SignedInUser) {
	const app = services();
	const session = event.locals.session;
	if (!session) throw new Error('A signed-in person without a session.');
	const actor: Actor = {
		userId: user.id,
		sessionId: session.id,
		email: user.email,
		role: user.role,
		headers: event.request.headers,
		ip: event.locals.clientAddress,
		userAgent: event.request.headers.get('user-agent')
	};
	const settings = createAccountSettingsService({
		db: app.database.db,
		auth: app.auth,
		audit: app.audit,
		sessions: app.sessions,
		limiter: app.limiter,
		clock: app.clock
	});
	const data = createAccountDataService({
		db: app.database.db,
		audit: app.audit,
		clock: app.clock,
		confirmPassword: settings.confirmPassword,
		practiceName: app.practice.name,
		exporters: [...accountExporters, ...workbookExporters(app.moments, app.beliefs)]
	});
	return { app, actor, settings, data, timeZone: user.timeZone ?? app.practice.timeZone };
}

/** The answer to a form that could not be done: which form, what to show beside which field. */
export function refuse(form: string, errors: FieldErrors, values: Record<string, string> = {}) {
	return fail(400, { form, errors, values });
}

/** A refused outcome of a service, as the form's answer. */
export function refuseOutcome(
	form: string,
	outcome: Extract<Outcome<unknown>, { ok: false }>,
	values: Record<string, string> = {}
) {
	return refuse(form, { [outcome.field]: outcome.message }, values);
}

/** "29 November 2026, 15:04" in the person's own time zone. */
export function formatWhen(iso: string | null, timeZone: string): string | null {
	if (!iso) return null;
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone
	}).format(new Date(iso));
}

export function formatDay(iso: string | null, timeZone: string): string | null {
	if (!iso) return null;
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone
	}).format(new Date(iso));
}
