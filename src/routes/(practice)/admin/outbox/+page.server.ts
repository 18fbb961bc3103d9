import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

const pageSize = 50;

export async function load(event) {
	await requireRole(event, 'practitioner');
	const raw = Number(event.url.searchParams.get('page') ?? '1');
	const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
	const { mail } = services();
	const messages = await mail.listRecent({ limit: pageSize + 1, offset: (page - 1) * pageSize });
	return {
		mailConfigured: mail.mailConfigured,
		page,
		hasMore: messages.length > pageSize,
		messages: messages.slice(0, pageSize).map((m) => ({
			id: m.id,
			kind: m.kind,
			to: m.to_address,
			subject: m.subject,
			status: m.status,
			createdAt: m.created_at
		}))
	};
}
