import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export async function load(event) {
	const user = await requireRole(event, 'practitioner');
	const { mail } = services();
	return {
		name: user.name,
		role: user.role,
		mailConfigured: mail.mailConfigured,
		outbox: await mail.countByStatus()
	};
}
