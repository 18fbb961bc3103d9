import { error, fail, redirect } from '@sveltejs/kit';
import { setupSchema } from '$lib/accounts/setup-schema';
import { parseForm } from '$lib/forms/parse';
import { services } from '$lib/server/app';
import { createPracticeAccount, PracticeAccountError } from '$lib/server/accounts/practice-account';
import { createSetupTokenRepository } from '$lib/server/accounts/setup-token.repository';
import { createSetupService } from '$lib/server/accounts/setup.service';

function setup() {
	const { database, clock, audit, auth } = services();
	const tokens = createSetupTokenRepository(database.db);
	return { tokens, auth, audit, service: createSetupService({ tokens, clock, audit }) };
}

export async function load({ url }) {
	const token = url.searchParams.get('token') ?? '';
	const invitation = await setup().service.check(token);
	// Without a valid link this page does not exist, and once the owner exists the owner link is gone.
	if (!invitation) error(404, 'Page not found');
	return { token, role: invitation.role, email: invitation.email };
}

export const actions = {
	default: async (event) => {
		const { request, locals } = event;
		const parsed = parseForm(setupSchema, await request.formData(), { secret: ['password'] });
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { token, name, email, password } = parsed.data;
		const { tokens, auth, audit, service } = setup();
		try {
			const created = await service.redeem(token, async (invitation) => {
				if (invitation.email && invitation.email !== email.toLowerCase()) {
					throw new PracticeAccountError(
						'email',
						`This link was made for ${invitation.email}. Please use that address.`
					);
				}
				return createPracticeAccount(
					{ auth, tokens },
					{ name, email, password, role: invitation.role }
				);
			});
			if (!created) {
				return fail(410, {
					errors: {
						form: 'This link has been used or has expired. A new one can be made at the practice’s console with npm run practitioner.'
					},
					values: parsed.values
				});
			}
			await audit.record({
				action: 'account.created',
				actorUserId: created.userId,
				subjectUserId: created.userId,
				ip: locals.clientAddress
			});
		} catch (err) {
			if (err instanceof PracticeAccountError) {
				return fail(400, { errors: { [err.field]: err.message }, values: parsed.values });
			}
			throw err;
		}
		// Sign in straight away; the practice area then asks for a second factor before it opens.
		await auth.api.signInEmail({ body: { email, password }, headers: request.headers });
		redirect(303, '/account/security?required=1');
	}
};
