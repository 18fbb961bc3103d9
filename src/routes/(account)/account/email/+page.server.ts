import { requireUser } from '$lib/server/accounts/guards';
import { emailChangeSchema } from '$lib/accounts/settings-schemas';
import { parseForm } from '$lib/forms/parse';
import { accountContext, refuse, refuseOutcome, sendSignInAgainLink } from '../account.server';

export async function load(event) {
	const user = requireUser(event);
	const { actor, settings } = accountContext(event, user);
	return { email: user.email, identity: await settings.identityCheck(actor) };
}

export const actions = {
	signInAgain: async (event) => sendSignInAgainLink(event, requireUser(event), '/account/email'),

	change: async (event) => {
		const user = requireUser(event);
		const { actor, settings } = accountContext(event, user);
		const parsed = parseForm(emailChangeSchema, await event.request.formData(), {
			secret: ['password']
		});
		if (!parsed.ok) return refuse('email', parsed.errors, parsed.values);
		const outcome = await settings.requestEmailChange(actor, parsed.data);
		if (!outcome.ok) return refuseOutcome('email', outcome, { newEmail: parsed.data.newEmail });
		return { form: 'email', requested: parsed.data.newEmail };
	}
};
