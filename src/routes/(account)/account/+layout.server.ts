import { requireUser } from '$lib/server/accounts/guards';

export function load(event) {
	const user = requireUser(event);
	return { account: { name: user.name, email: user.email, role: user.role } };
}
