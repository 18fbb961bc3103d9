import { renderEmail } from '../mail/render';
import type { OutgoingMail } from '../mail/mail.service';

/**
 * The account e-mails. Each carries one link and nothing else that is secret, and never anything a
 * person wrote in the workbook.
 */
export function accountEmails(site: { origin: string; practiceName: string }) {
	const footer = [
		`You are receiving this because someone used this address at ${site.origin}.`,
		'If it was not you, you can ignore this e-mail; nothing will change.'
	];
	const mail = (
		kind: string,
		to: string,
		subject: string,
		paragraphs: string[],
		action: { label: string; url: string }
	): OutgoingMail => ({
		kind,
		to,
		...renderEmail({ subject, greeting: 'Hello,', paragraphs, action, footer })
	});

	return {
		verifyEmail: (to: string, url: string) =>
			mail(
				'verify-email',
				to,
				`Confirm your e-mail address for ${site.practiceName}`,
				[
					`Thank you for creating an account with ${site.practiceName}.`,
					'Please confirm that this address is yours. The link works for 24 hours.'
				],
				{ label: 'Confirm my e-mail address', url }
			),
		magicLink: (to: string, url: string) =>
			mail(
				'magic-link',
				to,
				`Your sign-in link for ${site.practiceName}`,
				[
					'Here is the link you asked for. It signs you in once and works for 15 minutes.',
					'If the link has expired, you can ask for a new one on the sign-in page.'
				],
				{ label: 'Sign me in', url }
			),
		signUpLink: (to: string, url: string) =>
			mail(
				'sign-up-link',
				to,
				`Your link to open your account at ${site.practiceName}`,
				[
					'Thank you for creating an account. The link below confirms that this address is yours and opens your account, without a password. It works once, for 15 minutes.',
					'If you did not ask for this, you can ignore this message: no account is made until the link is opened.',
					'Later, you can sign in the same way from the sign-in page, or add a passkey or a password in your account settings.'
				],
				{ label: 'Open my account', url }
			),
		resetPassword: (to: string, url: string) =>
			mail(
				'reset-password',
				to,
				`Choose a new password for ${site.practiceName}`,
				[
					'Someone asked to reset the password for this account. If that was you, the link below lets you choose a new one. It works for one hour, once.',
					'Your other sessions will be signed out when you do.'
				],
				{ label: 'Choose a new password', url }
			),
		changeEmail: (to: string, newEmail: string, url: string) =>
			mail(
				'change-email',
				to,
				`Confirm the change of your e-mail address for ${site.practiceName}`,
				[
					`You asked to change the address of your account to ${newEmail}. If that was you, please confirm below; we will then ask the new address to confirm too. Until then, this address stays in use.`
				],
				{ label: 'Confirm the change', url }
			)
	};
}
