import { essayBeliefs, happenedPicks, peoplePicks } from './vocabulary';

/**
 * The insights page's arithmetic: what a member noted over a period, turned into the figures its
 * pictures draw, the tables beside them and a plain summary of each. Pure: it is given facts
 * already opened (numbers, keys and days, never free text but the member's own names for people)
 * and the day it is in the member's zone, and reads no clock and no database.
 */

export const periods = [
	{ key: '4w', label: '4 weeks', within: 'in the last 4 weeks' },
	{ key: '3m', label: '3 months', within: 'in the last 3 months' },
	{ key: '1y', label: 'A year', within: 'in the last year' },
	{ key: 'all', label: 'Everything', within: 'so far' }
] as const;
export type Period = (typeof periods)[number]['key'];
export const defaultPeriod: Period = '3m';

/** The period asked for in a link; anything unknown (or nothing) is the default. */
export function readPeriod(raw: string | null | undefined): { period: Period; fellBack: boolean } {
	const found = periods.find((p) => p.key === raw);
	return found
		? { period: found.key, fellBack: false }
		: { period: defaultPeriod, fellBack: raw != null };
}

// Days are "YYYY-MM-DD" in the member's zone; arithmetic on them is done on UTC midnights, where
// every day is 24 hours long.
const dayMs = 86_400_000;

export function dayNumber(day: string): number {
	return (
		Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / dayMs
	);
}

function dayOfNumber(n: number): string {
	return new Date(n * dayMs).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
	return dayOfNumber(dayNumber(day) + days);
}

/** The Monday of the week a day falls in (weeks begin on Monday, as the practices' weeks do). */
export function mondayOf(day: string): string {
	const n = dayNumber(day);
	const weekday = (new Date(n * dayMs).getUTCDay() + 6) % 7;
	return dayOfNumber(n - weekday);
}

/** The first day of the month `back` months before the month of `day`. */
function firstOfMonthBefore(day: string, back: number): string {
	const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - back;
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The day an instant falls on in a time zone. */
export function localDay(iso: string, timeZone: string): string {
	let format = dayFormatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-CA', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		});
		dayFormatters.set(timeZone, format);
	}
	return format.format(new Date(iso));
}

export type Grain = 'week' | 'month';

export interface Range {
	/** The first day counted. */
	start: string;
	/** Today, the last day counted. */
	end: string;
	/** How the bars group the days. */
	grain: Grain;
}

/**
 * The first day of a period, for reading only the rows it needs; null for everything. Periods
 * hold whole weeks or months: 4 weeks and 3 months (13 weeks) end with this week, a year with this
 * month.
 */
export function periodStart(period: Period, today: string): string | null {
	switch (period) {
		case '4w':
			return addDays(mondayOf(today), -21);
		case '3m':
			return addDays(mondayOf(today), -84);
		case '1y':
			return firstOfMonthBefore(today, 11);
		case 'all':
			return null;
	}
}

/** The days a period covers. Everything begins with the earliest day anything was noted. */
export function rangeOf(period: Period, today: string, earliest: string | null): Range {
	const start = periodStart(period, today);
	if (start) return { start, end: today, grain: period === '1y' ? 'month' : 'week' };
	const first = earliest && earliest < today ? earliest : today;
	// Up to 13 weeks are drawn week by week, like 3 months; anything longer month by month.
	if (first >= addDays(mondayOf(today), -84)) {
		return { start: mondayOf(first), end: today, grain: 'week' };
	}
	return { start: firstOfMonthBefore(first, 0), end: today, grain: 'month' };
}

export interface Bucket {
	key: string;
	/** For the axis: "7 Sept" (a week, by its Monday) or "Sept ’26". */
	short: string;
	/** For tables: "Week of 7 September 2026" or "September 2026". */
	long: string;
}

const utcDate = (day: string) => new Date(dayNumber(day) * dayMs);
const shortDay = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});
const longDay = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
/** "Nov ’26": short enough for an axis of many months. */
const shortMonth = (day: string) => `${monthName.format(utcDate(day))} ’${day.slice(2, 4)}`;
const longMonth = new Intl.DateTimeFormat('en-GB', {
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});

/** "7 Sep" */
export const dayShort = (day: string) => shortDay.format(utcDate(day));
/** "7 September 2026" */
export const dayLong = (day: string) => longDay.format(utcDate(day));

export function bucketKey(day: string, grain: Grain): string {
	return grain === 'week' ? mondayOf(day) : day.slice(0, 7);
}

/** Every week or month of a range, oldest first, including the current one. */
export function bucketsOf(range: Range): Bucket[] {
	const buckets: Bucket[] = [];
	if (range.grain === 'week') {
		for (let day = mondayOf(range.start); day <= range.end; day = addDays(day, 7)) {
			buckets.push({ key: day, short: dayShort(day), long: `Week of ${dayLong(day)}` });
		}
	} else {
		for (let day = firstOfMonthBefore(range.start, 0); day <= range.end;) {
			buckets.push({
				key: day.slice(0, 7),
				short: shortMonth(day),
				long: longMonth.format(utcDate(day))
			});
			day = firstOfMonthBefore(day, -1);
		}
	}
	return buckets;
}

/** Where a day sits across a range, from 0 (its first day) to 1 (its last). */
export function positionOf(day: string, range: Range): number {
	const span = dayNumber(range.end) - dayNumber(range.start);
	if (span <= 0) return 0.5;
	return Math.min(1, Math.max(0, (dayNumber(day) - dayNumber(range.start)) / span));
}

// What the service hands over, opened.

export type Instrument = 'rses' | 'scs-sf';

export interface CheckinFact {
	instrument: Instrument;
	day: string;
	score: number;
}

export interface MomentFact {
	day: string;
	/** The strongest feeling named at the time, 0–100; null when no strength was given. */
	before: number | null;
	/** How strong the feeling was afterwards, 0–100. */
	after: number | null;
	waitedOut: 'yes' | 'no' | 'not-asked';
	/** 'essay:<key>' or 'own:<belief id>'. */
	beliefs: string[];
	/** Keys of the people picked, and the member's own names for anyone else. */
	people: string[];
	peopleOwn: string[];
	happened: string[];
}

export interface BeliefFact {
	id: string;
	label: string;
	/** The essay's belief it rewords, if any: moments naming that one count for it too. */
	essay: string | null;
}

export interface RatingFact {
	beliefId: string;
	day: string;
	/** When it was rated, to keep ratings of one day in order. */
	at: string;
	strength: number;
}

export interface InsightsInput {
	period: Period;
	/** The day it is in the member's zone. */
	today: string;
	checkins: CheckinFact[];
	moments: MomentFact[];
	beliefs: BeliefFact[];
	ratings: RatingFact[];
	/** Each week's practices chosen: the Monday and how many. */
	practiceWeeks: { week: string; chosen: number }[];
	/** The day of each practice entry. */
	practiceEntries: string[];
	/** The day each quiet win happened. */
	wins: string[];
	/** Entries that could not be opened and are left out. */
	unreadable: number;
}

// What the page draws.

export interface CheckinSeries {
	instrument: Instrument;
	name: string;
	min: number;
	max: number;
	points: { day: string; when: string; x: number; score: number; shown: string }[];
	summary: string;
}

export interface IntensityRow {
	bucket: Bucket;
	/** Moments with both strengths noted. */
	count: number;
	before: number | null;
	after: number | null;
}

export interface WaitedRow {
	bucket: Bucket;
	asked: number;
	yes: number;
	/** Per cent, whole; null when nothing was asked. */
	share: number | null;
}

export interface BeliefSeries {
	id: string;
	label: string;
	/** Every rating, or the mean of each week or month when there are many. */
	points: { when: string; x: number; strength: number; ratings: number }[];
	grouped: Grain | null;
	first: number;
	last: number;
	ratings: number;
	summary: string;
}

export interface MatrixRow {
	ref: string;
	label: string;
	total: number;
	byPerson: number[];
	byHappened: number[];
}

export interface PracticeRow {
	bucket: Bucket;
	chosen: number;
	entries: number;
	wins: number;
}

export interface Insights {
	period: Period;
	within: string;
	range: Range;
	buckets: Bucket[];
	/** Nothing at all was noted in the period. */
	empty: boolean;
	unreadable: number;
	xTicks: { x: number; label: string }[];
	checkins: { series: CheckinSeries[]; count: number; summary: string };
	intensity: {
		moments: number;
		pairs: number;
		before: number | null;
		after: number | null;
		rows: IntensityRow[];
		summary: string;
	};
	waited: { asked: number; yes: number; share: number | null; rows: WaitedRow[]; summary: string };
	beliefs: { series: BeliefSeries[]; summary: string };
	matrix: {
		rows: MatrixRow[];
		people: { key: string; label: string }[];
		happened: { key: string; label: string }[];
		max: number;
		summary: string;
	};
	practice: {
		rows: PracticeRow[];
		chosen: number;
		weeksChosen: number;
		entries: number;
		wins: number;
		summary: string;
	};
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (n: number, one: string, many: string) => (n === 1 ? `one ${one}` : `${n} ${many}`);
const quoted = (label: string) => `“${label}”`;

export const instruments: Record<
	Instrument,
	{ name: string; what: string; min: number; max: number; shown: (n: number) => string }
> = {
	rses: {
		name: 'Rosenberg Self-Esteem Scale',
		what: 'self-esteem',
		min: 0,
		max: 30,
		shown: (n) => String(Math.round(n))
	},
	'scs-sf': {
		name: 'Self-Compassion Scale (short form)',
		what: 'self-compassion',
		min: 1,
		max: 5,
		shown: (n) => n.toFixed(1)
	}
};

function checkinsPart(input: InsightsInput, range: Range): Insights['checkins'] {
	const within = periodWords(input.period);
	const series: CheckinSeries[] = [];
	const clauses: string[] = [];
	for (const instrument of ['rses', 'scs-sf'] as const) {
		const about = instruments[instrument];
		const taken = input.checkins
			.filter((c) => c.instrument === instrument)
			.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
		const points = taken.map((c) => ({
			day: c.day,
			when: dayLong(c.day),
			x: positionOf(c.day, range),
			score: c.score,
			shown: about.shown(c.score)
		}));
		let summary = `No ${about.what} check-ins ${within}.`;
		const first = points[0];
		const last = points[points.length - 1];
		if (first && last) {
			const of = `out of ${about.max}`;
			if (points.length === 1) {
				summary = `Your one ${about.what} check-in ${within} came to ${first.shown} ${of}.`;
				clauses.push(`your ${about.what} score was ${first.shown} ${of} at your one check-in`);
			} else if (first.shown === last.shown) {
				summary = `Your ${about.what} score was ${first.shown} ${of} at the first and the last of ${points.length} check-ins ${within}.`;
				clauses.push(
					`your ${about.what} score was ${first.shown} ${of} at the first and the last of ${points.length} check-ins`
				);
			} else {
				summary = `Your ${about.what} score went from ${first.shown} to ${last.shown} ${of} over ${points.length} check-ins ${within}.`;
				clauses.push(
					`your ${about.what} score went from ${first.shown} to ${last.shown} ${of} over ${points.length} check-ins`
				);
			}
		}
		series.push({
			instrument,
			name: about.name,
			min: about.min,
			max: about.max,
			points,
			summary
		});
	}
	const count = series.reduce((n, s) => n + s.points.length, 0);
	const summary =
		count === 0
			? `No check-ins ${within}. A check-in takes a few minutes, whenever you would like one, and shows how you regard yourself over time.`
			: `${capital(within)}, ${clauses.join(', and ')}. Higher means a warmer regard for yourself; scores move with what life brings, and they are not a grade.`;
	return { series, count, summary };
}

/** The items of a list grouped by the week or month they fall in. */
function byBucket<T>(items: T[], dayOf: (item: T) => string, grain: Grain): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = bucketKey(dayOf(item), grain);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}

function intensityPart(input: InsightsInput, buckets: Bucket[], grain: Grain) {
	const within = periodWords(input.period);
	const paired = input.moments.filter(
		(m): m is MomentFact & { before: number; after: number } =>
			m.before !== null && m.after !== null
	);
	const groups = byBucket(paired, (m) => m.day, grain);
	const rows: IntensityRow[] = buckets.map((bucket) => {
		const inBucket = groups.get(bucket.key) ?? [];
		return {
			bucket,
			count: inBucket.length,
			before: inBucket.length ? Math.round(mean(inBucket.map((m) => m.before))) : null,
			after: inBucket.length ? Math.round(mean(inBucket.map((m) => m.after))) : null
		};
	});
	const before = paired.length ? Math.round(mean(paired.map((m) => m.before))) : null;
	const after = paired.length ? Math.round(mean(paired.map((m) => m.after))) : null;
	let summary: string;
	if (input.moments.length === 0) {
		summary = `No moments ${within}. When something shakes you, writing it down — even a few words — begins this picture.`;
	} else if (before === null || after === null) {
		const yours =
			input.moments.length === 1
				? `Your one moment ${within} does not have`
				: `None of your ${input.moments.length} moments ${within} has`;
		summary = `${yours} both how strong a feeling was at the time and how strong it was afterwards. The last step of a moment, “How strong is the feeling now?”, fills this in.`;
	} else {
		const which =
			paired.length === 1
				? `In the one moment ${within} where you noted both, the strongest feeling was ${before} out of 100 at the time`
				: `Across the ${paired.length} moments ${within} where you noted both, the strongest feeling was ${before} out of 100 on average at the time`;
		const kind =
			after < before
				? 'Strong feelings do ease, even when it does not seem so at the time.'
				: 'Some feelings take longer to settle; noticing them is already part of the work.';
		summary = `${which} and ${after} afterwards. ${kind}`;
	}
	return { moments: input.moments.length, pairs: paired.length, before, after, rows, summary };
}

function waitedPart(input: InsightsInput, buckets: Bucket[], grain: Grain): Insights['waited'] {
	const within = periodWords(input.period);
	const share = (yes: number, asked: number) => (asked ? Math.round((100 * yes) / asked) : null);
	const answered = input.moments.filter((m) => m.waitedOut !== 'not-asked');
	const groups = byBucket(answered, (m) => m.day, grain);
	const rows: WaitedRow[] = buckets.map((bucket) => {
		const inBucket = groups.get(bucket.key) ?? [];
		const yes = inBucket.filter((m) => m.waitedOut === 'yes').length;
		return { bucket, asked: inBucket.length, yes, share: share(yes, inBucket.length) };
	});
	const asked = answered.length;
	const yes = answered.filter((m) => m.waitedOut === 'yes').length;
	const summary =
		asked === 0
			? `No moment ${within} says whether you waited out the urge. A pause asks this at its end, and you can add it to any moment when you change it.`
			: asked === 1
				? `In the one moment ${within} where you said whether you waited out the urge, you ${yes ? 'did' : 'did not'}. Each time you notice the urge counts, whichever way it goes.`
				: `Of the ${asked} moments ${within} where you said whether you waited out the urge, you did in ${yes} (${share(yes, asked)}%). Each time you noticed the urge counts, whichever way it went.`;
	return { asked, yes, share: share(yes, asked), rows, summary };
}

/** More ratings than this for one belief are drawn as the mean of each week or month. */
export const ratingsDrawnOneByOne = 60;

function beliefsPart(input: InsightsInput, range: Range): Insights['beliefs'] {
	const within = periodWords(input.period);
	const series: BeliefSeries[] = [];
	for (const belief of input.beliefs) {
		const ratings = input.ratings
			.filter((r) => r.beliefId === belief.id)
			.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
		const first = ratings[0];
		const last = ratings[ratings.length - 1];
		if (!first || !last) continue;
		const grouped = ratings.length > ratingsDrawnOneByOne ? range.grain : null;
		let points: BeliefSeries['points'];
		if (grouped) {
			const groups = byBucket(ratings, (r) => r.day, grouped);
			points = [...groups.entries()].map(([key, group]) => {
				const firstDay = grouped === 'week' ? key : `${key}-01`;
				return {
					when:
						grouped === 'week' ? `Week of ${dayLong(key)}` : longMonth.format(utcDate(firstDay)),
					x: positionOf(group[Math.floor(group.length / 2)]!.day, range),
					strength: Math.round(mean(group.map((r) => r.strength))),
					ratings: group.length
				};
			});
		} else {
			points = ratings.map((r) => ({
				when: dayLong(r.day),
				x: positionOf(r.day, range),
				strength: r.strength,
				ratings: 1
			}));
		}
		const summary =
			ratings.length === 1
				? `Rated once ${within}: ${first.strength} out of 100.`
				: first.strength === last.strength
					? `${ratings.length} ratings ${within}, ${first.strength} out of 100 at the first and the last.`
					: `${ratings.length} ratings ${within}: from ${first.strength} to ${last.strength} out of 100.`;
		series.push({
			id: belief.id,
			label: belief.label,
			points,
			grouped,
			first: first.strength,
			last: last.strength,
			ratings: ratings.length,
			summary
		});
	}
	const summary =
		series.length === 0
			? `You have not rated a belief ${within}. Rating a belief now and then, on its own page, shows how its hold on you moves.`
			: `You have rated ${plural(series.length, 'belief', 'beliefs')} ${within}. Lower means the belief holds you less tightly; beliefs tend to move slowly, and up as well as down.`;
	return { series, summary };
}

/** The member's own names for people shown as columns of their own; any more share one column. */
export const ownPeopleShown = 4;

const involvingWords: Record<string, string> = {
	partner: 'your partner',
	friend: 'a friend',
	family: 'family',
	work: 'work',
	myself: 'yourself'
};

/** "your partner", "a friend", or the member's own name for someone. */
function involving(column: { key: string; label: string }): string {
	if (column.key === 'own:*') return 'someone else you named';
	return involvingWords[column.key] ?? column.label;
}

function matrixPart(input: InsightsInput): Insights['matrix'] {
	const within = periodWords(input.period);
	// A moment naming the essay's words counts for the member's own belief that rewords them, as
	// on the belief's own page; the oldest such belief when there are several.
	const rowOf = new Map<string, string>();
	const labels = new Map<string, string>();
	for (const belief of input.beliefs) {
		rowOf.set(`own:${belief.id}`, `own:${belief.id}`);
		labels.set(`own:${belief.id}`, belief.label);
		if (belief.essay && !rowOf.has(`essay:${belief.essay}`)) {
			rowOf.set(`essay:${belief.essay}`, `own:${belief.id}`);
		}
	}
	for (const belief of essayBeliefs) {
		if (!rowOf.has(`essay:${belief.key}`)) {
			rowOf.set(`essay:${belief.key}`, `essay:${belief.key}`);
			labels.set(`essay:${belief.key}`, belief.label);
		}
	}

	const fired = input.moments
		.map((m) => ({
			moment: m,
			rows: [...new Set(m.beliefs.map((ref) => rowOf.get(ref)).filter((r) => r !== undefined))]
		}))
		.filter((f) => f.rows.length > 0);

	// The member's own names, merged whatever their capitals, the most used first.
	const ownCounts = new Map<string, { label: string; count: number }>();
	for (const { moment } of fired) {
		for (const name of new Set(moment.peopleOwn.map((p) => p.trim()).filter((p) => p !== ''))) {
			const key = name.toLocaleLowerCase();
			const known = ownCounts.get(key);
			if (known) known.count += 1;
			else ownCounts.set(key, { label: name, count: 1 });
		}
	}
	const ownSorted = [...ownCounts.entries()].sort(
		(a, b) => b[1].count - a[1].count || a[1].label.localeCompare(b[1].label)
	);
	const ownColumn = new Map<string, string>();
	ownSorted.forEach(([key], index) =>
		ownColumn.set(key, index < ownPeopleShown ? `own:${key}` : 'own:*')
	);
	const columnsOf = new Map(
		fired.map(({ moment: m }) => [
			m,
			new Set([
				...m.people,
				...m.peopleOwn
					.map((p) => ownColumn.get(p.trim().toLocaleLowerCase()))
					.filter((c) => c !== undefined)
			])
		])
	);

	const usedPeople = new Set([...columnsOf.values()].flatMap((c) => [...c]));
	const people = [
		...peoplePicks
			.filter((p) => usedPeople.has(p.key))
			.map((p) => ({ key: p.key, label: p.label })),
		...ownSorted.slice(0, ownPeopleShown).map(([key, { label }]) => ({ key: `own:${key}`, label })),
		...(ownSorted.length > ownPeopleShown ? [{ key: 'own:*', label: 'Others you named' }] : [])
	];
	const usedHappened = new Set(fired.flatMap((f) => f.moment.happened));
	const happened = happenedPicks
		.filter((h) => usedHappened.has(h.key))
		.map((h) => ({ key: h.key, label: h.label }));

	const rowKeys = [...new Set(fired.flatMap((f) => f.rows))];
	const rows: MatrixRow[] = rowKeys.map((ref) => {
		const mine = fired.filter((f) => f.rows.includes(ref)).map((f) => f.moment);
		return {
			ref,
			label: labels.get(ref) ?? 'A belief',
			total: mine.length,
			byPerson: people.map((p) => mine.filter((m) => columnsOf.get(m)!.has(p.key)).length),
			byHappened: happened.map((h) => mine.filter((m) => m.happened.includes(h.key)).length)
		};
	});
	rows.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
	const max = Math.max(0, ...rows.flatMap((r) => [...r.byPerson, ...r.byHappened]));

	let summary: string;
	const top = rows[0];
	if (input.moments.length === 0) {
		summary = `No moments ${within}. When you write one down, the step “What story did you tell yourself?” can link it to a belief, and it shows here.`;
	} else if (!top) {
		summary = `None of your moments ${within} names a belief. The step “What story did you tell yourself?” links a moment to a belief, and it shows here.`;
	} else {
		const most = <C extends { key: string; label: string }>(counts: number[], columns: C[]) => {
			const highest = Math.max(0, ...counts);
			return highest > 0 ? { column: columns[counts.indexOf(highest)]!, count: highest } : null;
		};
		const person = most(top.byPerson, people);
		const trigger = most(top.byHappened, happened);
		const who = person && involving(person.column);
		const what = trigger && trigger.column.label.toLocaleLowerCase();
		let where: string;
		if (top.total === 1) {
			where = `in one moment${who ? `, involving ${who}` : ''}${what ? `, after ${what}` : ''}`;
		} else {
			where = `in ${top.total} moments`;
			if (person) where += `, ${person.count} of them involving ${who}`;
			if (trigger) where += `${person ? ' and' : ','} ${trigger.count} after ${what}`;
		}
		summary = `${quoted(top.label)} came up most often ${within}: ${where}. Knowing where a belief tends to fire can make it easier to notice next time.`;
	}
	return { rows, people, happened, max, summary };
}

function practicePart(input: InsightsInput, buckets: Bucket[], grain: Grain) {
	const within = periodWords(input.period);
	const rows: PracticeRow[] = buckets.map((bucket) => ({
		bucket,
		chosen: 0,
		entries: 0,
		wins: 0
	}));
	const byKey = new Map(rows.map((r) => [r.bucket.key, r]));
	for (const week of input.practiceWeeks) {
		const row = byKey.get(bucketKey(week.week, grain));
		if (row) row.chosen += week.chosen;
	}
	for (const day of input.practiceEntries) {
		const row = byKey.get(bucketKey(day, grain));
		if (row) row.entries += 1;
	}
	for (const day of input.wins) {
		const row = byKey.get(bucketKey(day, grain));
		if (row) row.wins += 1;
	}
	const chosen = rows.reduce((n, r) => n + r.chosen, 0);
	const entries = rows.reduce((n, r) => n + r.entries, 0);
	const wins = rows.reduce((n, r) => n + r.wins, 0);
	const weeksChosen = input.practiceWeeks.filter(
		(w) => w.chosen > 0 && byKey.has(bucketKey(w.week, grain))
	).length;
	const parts = [
		entries ? `written ${plural(entries, 'practice entry', 'practice entries')}` : '',
		weeksChosen ? `chosen practices for ${plural(weeksChosen, 'week', 'weeks')}` : '',
		wins ? `noted ${plural(wins, 'quiet win', 'quiet wins')}` : ''
	].filter((p) => p !== '');
	const joined =
		parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
	const summary = joined
		? `${capital(within)} you have ${joined}. Small steps like these are how a steadier sense of yourself grows.`
		: `No practices or quiet wins ${within}. Trying one small practice, or noting one quiet win, is a gentle place to begin.`;
	return { rows, chosen, weeksChosen, entries, wins, summary };
}

function periodWords(period: Period): string {
	return periods.find((p) => p.key === period)!.within;
}

/** The axis labels of a range: the start of some of its weeks or months, at most `most`. */
function ticksOf(buckets: Bucket[], range: Range, most = 7): Insights['xTicks'] {
	const every = Math.max(1, Math.ceil(buckets.length / most));
	return buckets
		.filter((_, i) => i % every === 0)
		.map((b) => {
			const day = range.grain === 'week' ? b.key : `${b.key}-01`;
			return { x: positionOf(day < range.start ? range.start : day, range), label: b.short };
		});
}

/** Everything the insights page shows for a period, from facts already limited to the owner. */
export function buildInsights(input: InsightsInput): Insights {
	const start = periodStart(input.period, input.today);
	const inRange = (day: string) => (!start || day >= start) && day <= input.today;
	const facts: InsightsInput = {
		...input,
		checkins: input.checkins.filter((c) => inRange(c.day)),
		moments: input.moments.filter((m) => inRange(m.day)),
		ratings: input.ratings.filter((r) => inRange(r.day)),
		practiceWeeks: input.practiceWeeks.filter((w) => inRange(w.week)),
		practiceEntries: input.practiceEntries.filter(inRange),
		wins: input.wins.filter(inRange)
	};
	const days = [
		...facts.checkins.map((c) => c.day),
		...facts.moments.map((m) => m.day),
		...facts.ratings.map((r) => r.day),
		...facts.practiceWeeks.map((w) => w.week),
		...facts.practiceEntries,
		...facts.wins
	];
	const earliest = days.length ? days.reduce((a, b) => (a < b ? a : b)) : null;
	const range = rangeOf(input.period, input.today, earliest);
	const buckets = bucketsOf(range);
	const checkins = checkinsPart(facts, range);
	const practice = practicePart(facts, buckets, range.grain);
	return {
		period: input.period,
		within: periodWords(input.period),
		range,
		buckets,
		empty: days.length === 0,
		unreadable: input.unreadable,
		xTicks: ticksOf(buckets, range),
		checkins,
		intensity: intensityPart(facts, buckets, range.grain),
		waited: waitedPart(facts, buckets, range.grain),
		beliefs: beliefsPart(facts, range),
		matrix: matrixPart(facts),
		practice
	};
}

/** A scale for counts: a round top at or above `most`, and three or more ticks from 0. */
export function countScale(most: number): { max: number; ticks: number[] } {
	if (most <= 4) return { max: 4, ticks: [0, 2, 4] };
	const rough = most / 2;
	const power = 10 ** Math.floor(Math.log10(rough));
	const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
	const max = step * Math.ceil(most / step);
	const ticks: number[] = [];
	for (let t = 0; t <= max; t += step) ticks.push(t);
	return { max, ticks };
}
