import { redirect } from '@sveltejs/kit';
import { requireRole, requireUser } from '$lib/server/accounts/guards';
import { isPractitioner } from '$lib/server/accounts/session-policy';

export async function load(event) {
	// Practitioners keep their own area; sending them there is kinder than a refusal.
	if (isPractitioner(requireUser(event).role)) redirect(303, '/admin');
	const user = await requireRole(event, 'member');
	return { name: user.name };
}
