import { z } from 'zod';
import { isKnownTimeZone } from './time-zone';

/**
 * One schema per form of the account settings. The browser may check with them; the server always
 * parses again, and adds the password policy (which needs the bundled list of common passwords).
 * No schema has a field for a user id, a role or an e-mail other than the new one: a form that
 * sends such a field is refused whole by `parseForm`.
 */

const passwordLimit = 128;

/** A password being confirmed: never trimmed, only bounded. */
const currentPassword = (missing: string) =>
	z
		.string({ error: missing })
		.min(1, missing)
		.max(passwordLimit, 'That is longer than any password we keep. Could you check it?');

/**
 * A password confirming a change that cannot be undone. It may be left out: an account without a
 * password confirms with a fresh sign-in instead, and the server says what it needs.
 */
const confirmingPassword = z
	.string()
	.max(passwordLimit, 'That is longer than any password we keep. Could you check it?')
	.default('');

export const profileSchema = z.object({
	name: z
		.string({ error: 'Please tell us what to call you.' })
		.trim()
		.min(1, 'Please tell us what to call you.')
		.max(120, 'That name is longer than we can show. Could you shorten it?'),
	timeZone: z
		.string({ error: 'Please choose your time zone.' })
		.refine(isKnownTimeZone, 'Please choose a time zone from the list.')
});

export const passwordChangeSchema = z
	.object({
		currentPassword: currentPassword('Please type your current password.'),
		newPassword: z
			.string({ error: 'Please choose a new password.' })
			.min(1, 'Please choose a new password.'),
		confirmPassword: z.string({ error: 'Please type the new password once more.' })
	})
	.refine((form) => form.newPassword === form.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The two new passwords are not the same. Could you type them again?'
	});

export const enableTwoFactorSchema = z.object({
	enablePassword: currentPassword('Please type your password to begin.')
});

export const confirmTwoFactorSchema = z.object({
	code: z
		.string({ error: 'Please type the 6-digit code from your app.' })
		.transform((value) => value.replace(/[\s-]/g, ''))
		.pipe(
			z.string().regex(/^\d{6}$/, 'The code is 6 digits, shown in your app. Could you check it?')
		)
});

export const disableTwoFactorSchema = z.object({
	disablePassword: currentPassword('Please type your password to turn this off.')
});

export const backupCodesSchema = z.object({
	codesPassword: currentPassword('Please type your password to make new codes.')
});

const passkeyId = z
	.string({ error: 'We could not tell which passkey you meant. Please try again.' })
	.min(1, 'We could not tell which passkey you meant. Please try again.')
	.max(200, 'We could not tell which passkey you meant. Please try again.');

export const passkeyNameSchema = z
	.string({ error: 'Please give the passkey a name.' })
	.trim()
	.min(1, 'Please give the passkey a name, such as "My phone".')
	.max(60, 'Please keep the name to 60 characters or fewer.');

export const renamePasskeySchema = z.object({ passkeyId, passkeyName: passkeyNameSchema });

export const removePasskeySchema = z.object({ passkeyId });

export const revokeSessionSchema = z.object({
	sessionId: z
		.string({ error: 'We could not tell which device you meant. Please try again.' })
		.min(1, 'We could not tell which device you meant. Please try again.')
		.max(200, 'We could not tell which device you meant. Please try again.')
});

export const emailChangeSchema = z.object({
	password: confirmingPassword,
	newEmail: z
		.string({ error: 'Please type the new e-mail address.' })
		.trim()
		.max(254, 'That e-mail address is longer than any we can use.')
		.email('That e-mail address looks incomplete — could you check it?')
		.transform((value) => value.toLowerCase())
});

/** What a person types to show they mean to delete their account. */
export const deletePhrase = 'delete my account';

export const deleteAccountSchema = z.object({
	password: confirmingPassword,
	confirmation: z
		.string({ error: `Please type "${deletePhrase}" to confirm.` })
		.refine(
			(value) => value.trim().toLowerCase() === deletePhrase,
			`Please type "${deletePhrase}" exactly, so we know you mean it.`
		)
});

/** A form that is only a button: any field it sends is unexpected. */
export const buttonOnlySchema = z.object({});
