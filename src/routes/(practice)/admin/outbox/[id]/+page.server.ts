import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export async function load(event) {
	await requireRole(event, 'practitioner');
	if (!/^[0-9a-f-]{36}$/.test(event.params.id)) error(404, 'Page not found');
	const message = await services().mail.find(event.params.id);
	if (!message) error(404, 'Page not found');
	return {
		message: {
			to: message.to_address,
			subject: message.subject,
			text: message.text_body,
			status: message.status,
			createdAt: message.created_at,
			sentAt: message.sent_at
		}
	};
}
