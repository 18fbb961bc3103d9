import { z } from 'zod';

/**
 * The account forms: signing up, in and out, and getting back in. Shared by the browser and the
 * server, which always parses again. The password rules that need the bundled list of common
 * passwords (and the e-mail address) run on the server only, in `checkPassword`.
 */

export const passwordLength = { min: 10, max: 128 } as const;

export const passwordHint = 'At least 10 characters. A few words you will remember work well.';

const email = z
	.string({ error: 'Please type your e-mail address.' })
	.trim()
	.min(1, 'Please type your e-mail address.')
	.max(254, 'That e-mail address is longer than any we can use. Could you check it?')
	.pipe(z.email('That e-mail address looks incomplete — could you check it?'));

/** Where to go after signing in. Checked again with `safeNext` on the server before any use. */
const next = z.string().max(2000).optional();

const newPassword = z
	.string({ error: 'Please choose a password.' })
	.min(1, 'Please choose a password.')
	.refine((value) => Array.from(value).length >= passwordLength.min, {
		message: `That password is a little short. Please use at least ${passwordLength.min} characters. A few words you will remember work well.`
	})
	.refine((value) => Array.from(value).length <= passwordLength.max, {
		message: `That password is longer than we can take. Please keep it to ${passwordLength.max} characters or fewer.`
	});

const displayName = z
	.string({ error: 'Please tell us what to call you.' })
	.trim()
	.min(1, 'Please tell us what to call you.')
	.max(120, 'That name is longer than we can show. Could you shorten it?');

export const signUpSchema = z.object({ name: displayName, email, password: newPassword, next });

/** Sign-up without a password, by e-mailed link (a second form on the sign-up page). */
export const signUpLinkSchema = z.object({ linkName: displayName, linkEmail: email, next });

export const signInSchema = z.object({
	email,
	password: z
		.string({ error: 'Please type your password.' })
		.min(1, 'Please type your password.')
		// Longer than any password we accept, so it cannot match; better-auth refuses it anyway.
		.max(1000, 'That password is longer than any we accept. Could you check it?'),
	next
});

/** Asking for a one-time sign-in link. Its field has its own name: it shares a page with sign-in. */
export const signInLinkSchema = z.object({ linkEmail: email, next });

/** Asking for a new confirmation link, from the sign-in page or the verify-email page. */
export const resendVerificationSchema = z.object({ email, next });

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
	.object({
		token: z.string().min(1).max(200),
		password: newPassword,
		confirm: z.string({ error: 'Please type the new password again.' })
	})
	.superRefine((value, ctx) => {
		if (value.confirm === '') {
			ctx.addIssue({
				code: 'custom',
				path: ['confirm'],
				message: 'Please type the new password again.'
			});
		} else if (value.confirm !== value.password) {
			ctx.addIssue({
				code: 'custom',
				path: ['confirm'],
				message: 'The two passwords are not quite the same. Could you type them again?'
			});
		}
	});

/** The six digits an authenticator app shows; spaces between them are fine. */
export const totpSchema = z.object({
	code: z
		.string({ error: 'Please type the 6-digit code from your app.' })
		.transform((value) => value.replace(/[\s-]/g, ''))
		.pipe(
			z.string().regex(/^\d{6}$/, 'Please type the 6 digits your app shows, with nothing else.')
		),
	next
});

export const backupCodeSchema = z.object({
	code: z
		.string({ error: 'Please type one of your backup codes.' })
		.transform((value) => value.replace(/\s/g, ''))
		.pipe(
			z
				.string()
				.min(1, 'Please type one of your backup codes.')
				.max(64, 'That is longer than a backup code. Could you check it?')
		),
	next
});
