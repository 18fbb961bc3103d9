import type { Auth } from './auth';
import { checkPassword } from './password-policy';
import type { SetupTokenRepository } from './setup-token.repository';

export class PracticeAccountError extends Error {
	constructor(
		readonly field: 'email' | 'password',
		message: string
	) {
		super(message);
	}
}

/**
 * Creates a practitioner's or the owner's account from a console link. The link itself proves the
 * address for the owner (it was printed on the practice's own machine), so no verification e-mail
 * is sent; a practitioner's link was made for one address, which is the only one accepted.
 */
export async function createPracticeAccount(
	deps: { auth: Auth; tokens: SetupTokenRepository },
	input: { name: string; email: string; password: string; role: 'owner' | 'practitioner' }
): Promise<{ userId: string }> {
	const email = input.email.trim().toLowerCase();
	const verdict = checkPassword(input.password, { email });
	if (!verdict.ok) throw new PracticeAccountError('password', verdict.message);
	const ctx = await deps.auth.$context;
	if (await ctx.internalAdapter.findUserByEmail(email)) {
		throw new PracticeAccountError(
			'email',
			'An account with this e-mail address already exists. Sign in with it, or use another address.'
		);
	}
	const user = await ctx.internalAdapter.createUser(
		{ name: input.name, email, emailVerified: true },
		{ method: 'email-password' }
	);
	await ctx.internalAdapter.linkAccount({
		userId: user.id,
		providerId: 'credential',
		accountId: user.id,
		password: await ctx.password.hash(input.password)
	});
	await deps.tokens.setRole(user.id, input.role);
	return { userId: user.id };
}
