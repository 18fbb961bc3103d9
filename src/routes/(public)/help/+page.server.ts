import { loadCrisisResources } from '$lib/server/safety/crisis-resources';

export const prerender = true;

export function load() {
	return { resources: loadCrisisResources() };
}
