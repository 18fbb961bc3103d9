/** The time zones a visitor can choose from, with readable names. Intl only. */

/** Remembers the zone a visitor chose, or the one their browser reported, for the next page. */
export const zoneCookie = 'steady_tz';

let listed: string[] | undefined;
let known: Set<string> | undefined;

/** The zones offered in the list: the runtime's own names, and UTC. */
function listedZones(): string[] {
	listed ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'].sort();
	return listed;
}

function knownZones(): Set<string> {
	known ??= new Set(listedZones());
	return known;
}

// The shape of an IANA name such as "America/Argentina/Buenos_Aires" or "Etc/GMT+5".
const zoneShape = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * A zone Steady can show times in: one of the listed names, or another name this runtime knows
 * (a browser may report an older alias such as "Asia/Calcutta", or a newer name than the list
 * holds). Names that pass are remembered; nothing else is kept.
 */
export function isTimeZone(zone: string): boolean {
	const names = knownZones();
	if (names.has(zone)) return true;
	if (zone.length > 64 || !zoneShape.test(zone)) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
	} catch {
		return false;
	}
	names.add(zone);
	return true;
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
	for (const zone of listedZones()) {
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
