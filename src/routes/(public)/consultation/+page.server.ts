import { services } from '$lib/server/app';

export function load() {
	return { contactEmail: services().practice.contactEmail };
}
