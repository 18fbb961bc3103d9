import { escapeHtml } from '../text/escape-html';

/**
 * The readable copy of "Download my data": the same parts as the JSON file, laid out as one web
 * page that opens in any browser, offline, with no script and nothing fetched from anywhere.
 *
 * It walks the export rather than knowing each part's shape, so a part added to the JSON appears
 * here too. Every piece of text is escaped; what a person wrote keeps its line breaks.
 */

export interface ReadableSection {
	key: string;
	title: string;
}

export interface ReadableOptions {
	/** The zone that times are shown in (the member's own, else the practice's). */
	zone: string;
}

/** Machine keys: the JSON keeps them to link entries together; a reader has the words beside them. */
const hiddenKeys = new Set(['id', 'key', 'couldNotBeOpened']);

/** Nicer names than the key spelled out, where the key alone reads awkwardly. */
const labels: Record<string, string> = {
	createdAt: 'Written',
	updatedAt: 'Last changed',
	savedAt: 'Saved',
	preparedAt: 'Prepared',
	addedAt: 'Added',
	signedInAt: 'Signed in',
	lastUpdatedAt: 'Last used',
	at: 'When',
	actionName: 'What happened',
	email: 'E-mail address',
	ipAddress: 'Internet address',
	userAgent: 'Browser',
	emailConfirmed: 'E-mail address confirmed',
	byYou: 'Done by you',
	kindName: 'Sign of self-esteem',
	practiceName: 'Practice',
	happenedOn: 'The day it happened',
	takenBackAt: 'Taken back',
	forConsultationAt: 'For the consultation on',
	readBy: 'Opened by',
	summaryId: 'Summary',
	cameUpInMoments: 'Came up in moments',
	changesMoment: 'Changes the moment',
	typed: 'What you had typed',
	happenedPicksName: 'What kind of moment',
	peopleName: 'Who it involved',
	peopleOwn: 'Others it involved',
	beliefsName: 'The story you told yourself',
	urgesName: 'The urge',
	urgeOther: 'The urge, in your words',
	whatIDid: 'What you did',
	whatHelped: 'What helped',
	intensityNow: 'How strong the feeling was afterwards',
	waitedOutName: 'Waited out the urge',
	words: 'In the essay’s words'
};

/** "whatHappened" → "What happened". */
export function labelFor(key: string): string {
	if (labels[key]) return labels[key];
	const spaced = key
		.replace(/_/g, ' ')
		.replace(/([a-z\d])([A-Z])/g, '$1 $2')
		.toLowerCase();
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const day = /^\d{4}-\d{2}-\d{2}$/;

function formatText(value: string, zone: string): string {
	if (instant.test(value)) {
		const at = new Date(value);
		if (!Number.isNaN(at.getTime())) {
			return new Intl.DateTimeFormat('en-GB', {
				timeZone: zone,
				dateStyle: 'long',
				timeStyle: 'short'
			}).format(at);
		}
	}
	if (day.test(value)) {
		const at = new Date(`${value}T12:00:00Z`);
		if (!Number.isNaN(at.getTime())) {
			return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' }).format(at);
		}
	}
	return value;
}

function isPlain(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const empty = '<span class="none">—</span>';

function renderValue(value: unknown, zone: string): string {
	if (value === null || value === undefined || value === '') return empty;
	if (typeof value === 'boolean') return value ? 'Yes' : 'No';
	if (typeof value === 'number') return escapeHtml(String(value));
	if (typeof value === 'string') {
		const text = escapeHtml(formatText(value, zone));
		return value.includes('\n') ? `<span class="written">${text}</span>` : text;
	}
	if (Array.isArray(value)) {
		if (value.length === 0) return empty;
		if (value.every((v) => !isPlain(v) && !Array.isArray(v))) {
			return `<ul>${value.map((v) => `<li>${renderValue(v, zone)}</li>`).join('')}</ul>`;
		}
		return `<ol class="items">${value.map((v) => `<li>${renderValue(v, zone)}</li>`).join('')}</ol>`;
	}
	if (isPlain(value)) return renderFields(value, zone);
	return escapeHtml(String(value));
}

function renderFields(record: Record<string, unknown>, zone: string): string {
	const note =
		record.couldNotBeOpened === true
			? '<p class="note">This entry could not be opened with the practice’s keys, so only its dates are shown.</p>'
			: '';
	// A key with its words beside it ("kind" and "kindName") is shown by the words alone.
	const rows = Object.entries(record)
		.filter(([key]) => !hiddenKeys.has(key) && !(`${key}Name` in record))
		.map(
			([key, value]) => `<dt>${escapeHtml(labelFor(key))}</dt><dd>${renderValue(value, zone)}</dd>`
		)
		.join('');
	return `${note}${rows ? `<dl>${rows}</dl>` : ''}`;
}

function renderSection(
	section: ReadableSection,
	about: string | undefined,
	value: unknown,
	zone: string
): string {
	const intro = about ? `<p class="about">${escapeHtml(about)}</p>` : '';
	const nothing = value === null || value === undefined || (Array.isArray(value) && !value.length);
	const body = nothing ? '<p>Nothing here.</p>' : renderValue(value, zone);
	return `<section id="${escapeHtml(section.key)}"><h2>${escapeHtml(section.title)}</h2>${intro}${body}</section>`;
}

const style = `
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2a2e;background:#fbfaf7;margin:0}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1{font-size:1.8rem;margin:0 0 .5rem}h2{font-size:1.3rem;margin:2.5rem 0 .5rem;padding-top:1rem;border-top:1px solid #d9d4c7}
nav ol{columns:2;padding-left:1.25rem}a{color:#235a52}
.about,.lead{color:#4a5559}.none{color:#6b7579}.note{font-style:italic}
dl{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem 1rem;margin:.25rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
ol.items{padding-left:1.25rem}ol.items>li{margin:.75rem 0;padding:.5rem .75rem;background:#fff;border:1px solid #e4dfd3;border-radius:6px}
ul{margin:0;padding-left:1.1rem}.written{white-space:pre-wrap}
@media (max-width:32rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
@media print{body{background:#fff}nav{display:none}ol.items>li{break-inside:avoid}}`;

/**
 * The whole page. `exported` is what exportAccount returned; `sections` names its parts in order.
 */
export function renderReadableExport(
	exported: Record<string, unknown>,
	sections: readonly ReadableSection[],
	options: ReadableOptions
): string {
	const about = isPlain(exported.about) ? (exported.about as Record<string, string>) : {};
	const practice = typeof exported.practice === 'string' ? exported.practice : 'Steady';
	const when =
		typeof exported.exportedAt === 'string' ? formatText(exported.exportedAt, options.zone) : '';
	const contents = sections
		.map((s) => `<li><a href="#${escapeHtml(s.key)}">${escapeHtml(s.title)}</a></li>`)
		.join('');
	const body = sections
		.map((s) => renderSection(s, about[s.key], exported[s.key], options.zone))
		.join('');
	return [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>Your data from ${escapeHtml(practice)}</title>`,
		`<style>${style}</style>`,
		'</head>',
		'<body>',
		'<main>',
		`<h1>Your data from ${escapeHtml(practice)}</h1>`,
		`<p class="lead">Everything your account held on ${escapeHtml(when)}, opened and readable. Times are shown in ${escapeHtml(options.zone.replace(/_/g, ' '))}. The JSON download holds the same, with the ids that link entries together. This page may hold private details, so please keep it somewhere safe.</p>`,
		`<nav aria-label="Contents"><ol>${contents}</ol></nav>`,
		body,
		'</main>',
		'</body>',
		'</html>',
		''
	].join('\n');
}
