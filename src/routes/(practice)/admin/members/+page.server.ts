import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';

export const csr = false;

export async function load(event) {
	await requireRole(event, 'practitioner');
	return { members: await services().summaries.sharingMembers() };
}
