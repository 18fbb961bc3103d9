/**
 * Time zones for the profile form. Pure: the server uses it to build and check the list, the
 * browser to guess the person's zone on their first visit.
 */

let zoneList: readonly string[] | undefined;

/** Every IANA zone this runtime knows, plus UTC (which `supportedValuesOf` leaves out). */
export function timeZones(): readonly string[] {
	if (!zoneList) {
		const zones = new Set(Intl.supportedValuesOf('timeZone'));
		zones.add('UTC');
		zoneList = [...zones].sort();
	}
	return zoneList;
}

export function isKnownTimeZone(zone: string): boolean {
	return timeZones().includes(zone);
}

export interface TimeZoneGroup {
	region: string;
	zones: { value: string; label: string }[];
}

/** "America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires", grouped under "America". */
export function groupedTimeZones(zones: readonly string[] = timeZones()): TimeZoneGroup[] {
	const groups = new Map<string, TimeZoneGroup['zones']>();
	for (const zone of zones) {
		const slash = zone.indexOf('/');
		const region = slash > 0 ? zone.slice(0, slash) : 'Other';
		const place = slash > 0 ? zone.slice(slash + 1) : zone;
		const label = place.replaceAll('_', ' ').replaceAll('/', ' / ');
		const list = groups.get(region) ?? [];
		list.push({ value: zone, label });
		groups.set(region, list);
	}
	return [...groups.entries()].map(([region, list]) => ({ region, zones: list }));
}

/**
 * The zone the browser says it is in, if it is one of `offered`. Some browsers name a zone by an
 * older alias (Asia/Calcutta for Asia/Kolkata); then nothing is guessed rather than a wrong one.
 */
export function detectTimeZone(offered: readonly string[]): string | undefined {
	try {
		const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
		return zone && offered.includes(zone) ? zone : undefined;
	} catch {
		return undefined;
	}
}
