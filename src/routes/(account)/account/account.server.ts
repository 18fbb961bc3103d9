import { fail, type RequestEvent } from '@sveltejs/kit';
import { buttonOnlySchema } from '$lib/accounts/settings-schemas';
import { parseForm, type FieldErrors } from '$lib/forms/parse';
import type { SignedInUser } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';
import type { Actor, Outcome } from '$lib/server/accounts/account-settings.service';

/**
 * What every settings page needs once `requireUser` has let the person in: who is acting, and
 * the running app's two account services.
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
		userAgent: event.request.headers.get('user-agent'),
		sessionCreatedAt: session.createdAt
	};
	const { accountSettings: settings, accountData: data } = app;
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

/**
 * For an account without a password: e-mails the person a sign-in link that brings them back to
 * `returnTo`, where the fresh sign-in confirms it is them.
 */
export async function sendSignInAgainLink(
	event: RequestEvent,
	user: SignedInUser,
	returnTo: string
) {
	const { app, actor } = accountContext(event, user);
	const parsed = parseForm(buttonOnlySchema, await event.request.formData());
	if (!parsed.ok) return refuse('sign-in-again', parsed.errors);
	const result = await app.signIn.requestSignInLink(
		{ email: actor.email, next: returnTo },
		{ headers: actor.headers, ip: actor.ip, userAgent: actor.userAgent }
	);
	if (result.kind === 'limited') {
		return fail(429, { form: 'sign-in-again', errors: { form: result.message }, values: {} });
	}
	return { form: 'sign-in-again', sent: true };
}
