/**
 * Where a visitor will be during sessions. A practitioner may only work with people in places they
 * are licensed for; for the United States, Canada and Australia that is a state, province or
 * territory, elsewhere the country.
 */

// ISO 3166-1 alpha-2 codes; names come from Intl so they read naturally.
const countryCodes =
	'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
		' '
	);

export const regionsByCountry: Record<string, Record<string, string>> = {
	US: {
		AL: 'Alabama',
		AK: 'Alaska',
		AZ: 'Arizona',
		AR: 'Arkansas',
		CA: 'California',
		CO: 'Colorado',
		CT: 'Connecticut',
		DE: 'Delaware',
		DC: 'District of Columbia',
		FL: 'Florida',
		GA: 'Georgia',
		HI: 'Hawaii',
		ID: 'Idaho',
		IL: 'Illinois',
		IN: 'Indiana',
		IA: 'Iowa',
		KS: 'Kansas',
		KY: 'Kentucky',
		LA: 'Louisiana',
		ME: 'Maine',
		MD: 'Maryland',
		MA: 'Massachusetts',
		MI: 'Michigan',
		MN: 'Minnesota',
		MS: 'Mississippi',
		MO: 'Missouri',
		MT: 'Montana',
		NE: 'Nebraska',
		NV: 'Nevada',
		NH: 'New Hampshire',
		NJ: 'New Jersey',
		NM: 'New Mexico',
		NY: 'New York',
		NC: 'North Carolina',
		ND: 'North Dakota',
		OH: 'Ohio',
		OK: 'Oklahoma',
		OR: 'Oregon',
		PA: 'Pennsylvania',
		RI: 'Rhode Island',
		SC: 'South Carolina',
		SD: 'South Dakota',
		TN: 'Tennessee',
		TX: 'Texas',
		UT: 'Utah',
		VT: 'Vermont',
		VA: 'Virginia',
		WA: 'Washington',
		WV: 'West Virginia',
		WI: 'Wisconsin',
		WY: 'Wyoming'
	},
	CA: {
		AB: 'Alberta',
		BC: 'British Columbia',
		MB: 'Manitoba',
		NB: 'New Brunswick',
		NL: 'Newfoundland and Labrador',
		NS: 'Nova Scotia',
		NT: 'Northwest Territories',
		NU: 'Nunavut',
		ON: 'Ontario',
		PE: 'Prince Edward Island',
		QC: 'Quebec',
		SK: 'Saskatchewan',
		YT: 'Yukon'
	},
	AU: {
		ACT: 'Australian Capital Territory',
		NSW: 'New South Wales',
		NT: 'Northern Territory',
		QLD: 'Queensland',
		SA: 'South Australia',
		TAS: 'Tasmania',
		VIC: 'Victoria',
		WA: 'Western Australia'
	}
};

/** Countries whose practitioners are licensed state by state, so the form asks for the region. */
export const countriesWithRegions = Object.keys(regionsByCountry);

let countryNames: Map<string, string> | undefined;

function names(): Map<string, string> {
	if (!countryNames) {
		const display = new Intl.DisplayNames(['en'], { type: 'region' });
		countryNames = new Map(countryCodes.map((code) => [code, display.of(code) ?? code]));
	}
	return countryNames;
}

/** Every country, sorted by its English name. */
export function countries(): { code: string; name: string }[] {
	return [...names()]
		.map(([code, name]) => ({ code, name }))
		.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

export function isCountry(code: string): boolean {
	return names().has(code);
}

export function countryName(code: string): string {
	return names().get(code) ?? code;
}

export function regionName(country: string, region: string): string {
	return regionsByCountry[country]?.[region] ?? region;
}

export interface Place {
	country: string;
	/** '' or null for the whole country. */
	region: string | null;
}

/** "New York, United States" or "Ireland". */
export function placeName(place: Place): string {
	return place.region
		? `${regionName(place.country, place.region)}, ${countryName(place.country)}`
		: countryName(place.country);
}

/** Whether someone in `where` may book: a licence for the whole country or for that region. */
export function isLicensedFor(licensed: readonly Place[], where: Place): boolean {
	return licensed.some(
		(place) =>
			place.country === where.country &&
			(!place.region || (where.region !== null && place.region === where.region))
	);
}
