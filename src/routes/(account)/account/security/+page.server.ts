import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/accounts/guards';
import { isPractitioner } from '$lib/server/accounts/session-policy';
import { describeDevice } from '$lib/server/accounts/account-settings.service';
import {
	backupCodesSchema,
	buttonOnlySchema,
	confirmTwoFactorSchema,
	disableTwoFactorSchema,
	enableTwoFactorSchema,
	passwordChangeSchema,
	removePasskeySchema,
	renamePasskeySchema
} from '$lib/accounts/settings-schemas';
import { parseForm } from '$lib/forms/parse';
import { accountContext, formatDay, refuse, refuseOutcome } from '../account.server';

/** better-auth only adds a passkey within this long of signing in (session.freshAge in auth.ts). */
const passkeyFreshMs = 10 * 60_000;

export async function load(event) {
	const user = requireUser(event);
	const { actor, settings, timeZone, app } = accountContext(event, user);
	// A passkey added in the browser is recorded the next time the list is read.
	await settings.recordNewPasskeys(actor);
	const [state, passkeys] = await Promise.all([
		settings.secondFactorState(user.id),
		settings.listPasskeys(user.id)
	]);
	const signedInAt = new Date(event.locals.session?.createdAt ?? 0).getTime();
	return {
		required: event.url.searchParams.get('required') === '1',
		practitioner: isPractitioner(user.role),
		authenticatorApp: state.authenticatorApp,
		hasSecondFactor: state.authenticatorApp === 'on' || passkeys.length > 0,
		passkeys: passkeys.map((passkey) => ({
			id: passkey.id,
			name: passkey.name,
			added: formatDay(passkey.addedAt, timeZone)
		})),
		suggestedPasskeyName: describeDevice(event.request.headers.get('user-agent')),
		passkeySignInFresh: app.clock.now().getTime() - signedInAt < passkeyFreshMs
	};
}

export const actions = {
	password: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(passwordChangeSchema, await event.request.formData(), {
			secret: ['currentPassword', 'newPassword', 'confirmPassword']
		});
		if (!parsed.ok) return refuse('password', parsed.errors, parsed.values);
		const outcome = await settings.changePassword(actor, parsed.data);
		if (!outcome.ok) return refuseOutcome('password', outcome);
		return { form: 'password', changed: true };
	},

	startTwoFactor: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(enableTwoFactorSchema, await event.request.formData(), {
			secret: ['enablePassword']
		});
		if (!parsed.ok) return refuse('two-factor', parsed.errors);
		const outcome = await settings.startTwoFactor(actor, parsed.data.enablePassword);
		if (!outcome.ok) return refuseOutcome('two-factor', outcome);
		return { form: 'two-factor', setup: outcome.value };
	},

	confirmTwoFactor: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(confirmTwoFactorSchema, await event.request.formData());
		if (!parsed.ok) return refuse('two-factor', parsed.errors);
		const outcome = await settings.confirmTwoFactor(actor, parsed.data.code);
		if (!outcome.ok) return refuseOutcome('two-factor', outcome);
		return { form: 'two-factor', enabled: true, backupCodes: outcome.value.backupCodes };
	},

	disableTwoFactor: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(disableTwoFactorSchema, await event.request.formData(), {
			secret: ['disablePassword']
		});
		if (!parsed.ok) return refuse('two-factor-off', parsed.errors);
		const outcome = await settings.disableTwoFactor(actor, parsed.data.disablePassword);
		if (!outcome.ok) return refuseOutcome('two-factor-off', outcome);
		return { form: 'two-factor-off', disabled: true };
	},

	backupCodes: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(backupCodesSchema, await event.request.formData(), {
			secret: ['codesPassword']
		});
		if (!parsed.ok) return refuse('backup-codes', parsed.errors);
		const outcome = await settings.regenerateBackupCodes(actor, parsed.data.codesPassword);
		if (!outcome.ok) return refuseOutcome('backup-codes', outcome);
		return { form: 'backup-codes', backupCodes: outcome.value.backupCodes };
	},

	renamePasskey: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(renamePasskeySchema, await event.request.formData());
		if (!parsed.ok) {
			return refuse(`passkey:${parsed.values.passkeyId ?? ''}`, parsed.errors, parsed.values);
		}
		const outcome = await settings.renamePasskey(
			actor,
			parsed.data.passkeyId,
			parsed.data.passkeyName
		);
		if (!outcome.ok) return refuseOutcome(`passkey:${parsed.data.passkeyId}`, outcome);
		return { form: `passkey:${parsed.data.passkeyId}`, renamed: true };
	},

	removePasskey: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(removePasskeySchema, await event.request.formData());
		if (!parsed.ok) return refuse('passkeys', parsed.errors);
		const outcome = await settings.removePasskey(actor, parsed.data.passkeyId);
		if (!outcome.ok) return refuseOutcome('passkeys', outcome);
		return { form: 'passkeys', removed: true };
	},

	/** Sent by the page after the browser has added a passkey through better-auth. */
	passkeyAdded: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(buttonOnlySchema, await event.request.formData());
		if (!parsed.ok) return refuse('passkeys', parsed.errors);
		await settings.recordNewPasskeys(actor);
		return { form: 'passkeys', added: true };
	},

	/** Adding a passkey needs a recent sign-in: sign out here and come back after signing in. */
	signInAgain: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(buttonOnlySchema, await event.request.formData());
		if (!parsed.ok) return refuse('passkeys', parsed.errors);
		await settings.signOut(actor);
		redirect(303, `/sign-in?next=${encodeURIComponent('/account/security')}`);
	}
};
