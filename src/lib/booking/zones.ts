/** The time zones a visitor can choose from, with readable names. Intl only. */

/** Remembers the zone a visitor chose, or the one their browser reported, for the next page. */
export const zoneCookie = 'steady_tz';

let known: Set<string> | undefined;

function knownZones(): Set<string> {
	if (!known) {
		known = new Set(Intl.supportedValuesOf('timeZone'));
		known.add('UTC');
	}
	return known;
}

export function isTimeZone(zone: string): boolean {
	return knownZones().has(zone);
}

export interface ZoneGroup {
	region: string;
	zones: { value: string; label: string }[];
}

let grouped: ZoneGroup[] | undefined;

/**
 * "America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires", grouped under "America". The list
 * is the same for everyone, so it is made once.
 */
export function zoneGroups(): ZoneGroup[] {
	grouped ??= groupZones();
	return grouped;
}

function groupZones(): ZoneGroup[] {
	const groups = new Map<string, ZoneGroup['zones']>();
	for (const zone of [...knownZones()].sort()) {
		const slash = zone.indexOf('/');
		const region = slash > 0 ? zone.slice(0, slash) : 'Other';
		const place = (slash > 0 ? zone.slice(slash + 1) : zone)
			.replaceAll('_', ' ')
			.replaceAll('/', ' / ');
		const list = groups.get(region) ?? [];
		list.push({ value: zone, label: place });
		groups.set(region, list);
	}
	return [...groups].map(([region, zones]) => ({ region, zones }));
}
