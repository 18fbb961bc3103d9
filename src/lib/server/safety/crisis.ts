/**
 * Crisis language in what a person writes: thoughts of suicide or self-harm, or being in danger.
 *
 * A match never blocks or changes what was written; the page that received the text saves it and
 * shows the crisis resources at once, kindly. So the rules lean towards a match whenever a
 * sentence reads as a plain statement of one of these, and away from a match for the everyday
 * idioms people use in a workbook about relationships ("this deadline is killing me").
 *
 * How it reads a text:
 * - It is normalised first: Unicode compatibility forms, lower case, curly quotes and dashes made
 *   plain, apostrophes dropped ("don't" → "dont"), other punctuation turned into clause breaks,
 *   and letters repeated three or more times squeezed ("dieeee", "killlll"), tried both as two
 *   letters and as one.
 * - Known idioms are blanked out before any phrase is looked for ("dying to see them", "I could
 *   kill for a coffee", "killing myself laughing", "die of embarrassment").
 * - A phrase is negated when a negation ("not", "never", "no longer", "dont", "wouldnt" …) comes
 *   shortly before it in the same clause ("I would never hurt myself"), unless the negation belongs
 *   to a phrase that keeps it going ("I cant stop thinking about ending it") or intensifies it
 *   ("Ive never felt this suicidal"). Phrases that carry their own negation ("I dont want to be
 *   here anymore") are matched as written.
 *
 * What it deliberately does not catch (a person reads anything that matters; this is a net for
 * plain words, not a judgement of risk):
 * - Indirect or coded hints with no plain phrase ("I've given my things away", "soon it won't
 *   matter", "this is my last entry"), metaphors and sarcasm it cannot tell from an idiom.
 * - "He is going to kill me" on its own (most often "when he sees the bill"); it does match
 *   "I'm scared he will kill me", "he threatened to kill me" and physical violence named plainly.
 * - Emotional hurt ("it hurt me when she didn't reply"), which is the everyday language of the
 *   workbook; physical harm ("he hits me", "someone is hurting me") is matched.
 * - Accidents ("I hurt myself at the gym") and overwork idioms ("I'm killing myself trying to
 *   please him").
 * - "kys" aimed at someone else, and "kms" after a number (distances).
 * - Misspellings beyond the common ones listed below, other languages, and words split by
 *   spaces or symbols ("k i l l").
 * - Double negatives beyond the simple kinds above ("I'm not saying I won't …").
 *
 * Privacy: the function only reads the text. It never logs it, and the phrase it returns is the
 * normalised words of the rule that matched, for the tests and the page's own decision.
 */

export type CrisisKind = 'suicide' | 'self-harm' | 'danger';

export interface CrisisResult {
	match: boolean;
	kind?: CrisisKind;
	/** The normalised words that matched, e.g. "want to die". */
	phrase?: string;
}

interface Rule {
	kind: CrisisKind;
	pattern: RegExp;
	/** The phrase carries its own negation, so a negation before it does not cancel it. */
	selfNegated?: boolean;
	/** Looked for right after the match: when found, the match is an idiom or an accident. */
	unlessAfter?: RegExp;
}

const self = String.raw`(?:my ?self|myslef|mysef|meself|my own self)`;
const intend = String.raw`(?:want|wanna|wanted|need|needed|going|gonna|planning|plan|ready|trying|tried|try|about|thinking about|think about|thought about|urge|urges|tempted|close|wish i could|could|might|will|would|should|feel like)`;

const rules: Rule[] = [
	// Suicide
	{ kind: 'suicide', pattern: /\bsu[ie]?[cs]+i+d(?:e|al|el|ial|le|ality)?\b/ },
	{ kind: 'suicide', pattern: /\bsuicid\w*/ },
	{ kind: 'suicide', pattern: /\bun ?alive(?:d|ing)?(?: my ?self)?\b/ },
	{
		kind: 'suicide',
		pattern: new RegExp(String.raw`\bkill(?:ed|ing|s)? ?${self}`),
		unlessAfter:
			/^ (?:laughing|with laughter|trying|to (?:get|finish|make|keep|please|impress|be)|over (?:this|that|work|it)|for (?:him|her|them|work|this job)|at work)\b/
	},
	{ kind: 'suicide', pattern: /(?<!\d ?)\bkms\b/ },
	{
		kind: 'suicide',
		pattern:
			/\b(?:i|im|i am|id|i would|i will|ill|i should|should i|i might|i wanna|i want to|i just want to|i could|i feel like i should|gonna|going to|want to|wanna) (?:just |really |literally |honestly |probably )?kys\b/
	},
	{
		kind: 'suicide',
		pattern:
			/\b(?:want|wanna|wanted|wanting|ready|planning|plan|trying|tried|deserve|deserved|prefer|preferred) (?:to )?(?:just |really |honestly |simply )?die\b/,
		unlessAfter: /^ (?:of|from|laughing|for (?:a|some|the)|(?:my |her |his |your )?hair)\b/
	},
	{
		kind: 'suicide',
		pattern:
			/\b(?:going|gonna) (?:to )?(?:die (?:tonight|today|soon|by my own hand)|end (?:it|my life))\b/
	},
	{ kind: 'suicide', pattern: /\bwish (?:i|that i) (?:was|were|could be|had been) dead\b/ },
	{ kind: 'suicide', pattern: /\bwish (?:i|that i) (?:could )?(?:just )?die\b/ },
	{
		kind: 'suicide',
		pattern: /\bwish (?:i|that i) (?:had never been born|was never born|wasnt born)\b/
	},
	{ kind: 'suicide', pattern: /\b(?:better off|rather be) dead\b/ },
	{
		kind: 'suicide',
		pattern: /\b(?:would|might|could|will|d|be|are|is|were) (?:all )?better off without me\b/
	},
	{ kind: 'suicide', pattern: /\bbetter off without me\b/ },
	{
		kind: 'suicide',
		pattern: /\bend(?:ing|ed)? (?:it all|my life|my own life|everything|all of it)\b/
	},
	{
		kind: 'suicide',
		pattern:
			/\bend(?:ing)? it(?= ?(?:\.|$)| (?:now|tonight|today|for good|forever|soon|once and for all)\b)/
	},
	{ kind: 'suicide', pattern: /\btak(?:e|ing) my (?:own )?life\b/ },
	{ kind: 'suicide', pattern: /\bhang(?:ing)? my ?self\b/ },
	{ kind: 'suicide', pattern: /\b(?:slit|slitting|cut|cutting) my (?:wrists?|throat)\b/ },
	{ kind: 'suicide', pattern: /\boverdos(?:e|ing|ed)\b/ },
	{
		kind: 'suicide',
		pattern:
			/\bjump(?:ing)? (?:off (?:a|the|my) (?:bridge|building|roof|balcony|cliff)|in front of (?:a|the) (?:train|car|bus|truck))\b/
	},
	{
		kind: 'suicide',
		selfNegated: true,
		pattern:
			/\b(?:dont|do not|didnt|no longer|not|never) (?:really |even |actually )?(?:want|wanna|feel like i want) (?:to )?(?:be alive|live|exist|keep living|go on|wake up)\b/,
		unlessAfter:
			/^ (?:with|in|at|near|there|together|on|alone|abroad|somewhere|here|up to|without)\b/
	},
	{
		kind: 'suicide',
		selfNegated: true,
		pattern:
			/\b(?:dont|do not|no longer|not) (?:really |even )?(?:want|wanna) (?:to )?be here(?= ?(?:\.|$)| any ?more\b| now\b)/
	},
	{
		kind: 'suicide',
		selfNegated: true,
		pattern:
			/\bnot sure (?:if |that )?i (?:want|wanna) to (?:live|be alive|be here|keep going|go on|exist)\b/
	},
	{
		kind: 'suicide',
		selfNegated: true,
		pattern: /\bnot sure i (?:can|could) keep my ?self safe\b/
	},
	{
		kind: 'suicide',
		selfNegated: true,
		pattern: /\b(?:cant|cannot|can not) go on(?= ?(?:\.|$)| any ?more\b| living\b)/
	},
	{
		kind: 'suicide',
		selfNegated: true,
		pattern:
			/\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on|being alive|being here|wake up|waking up|keep going)\b/
	},
	{ kind: 'suicide', selfNegated: true, pattern: /\bnever wake up\b/ },
	{ kind: 'suicide', pattern: /\b(?:tired|sick) of (?:living|being alive|life itself)\b/ },
	{ kind: 'suicide', pattern: /\b(?:disappear|vanish) (?:forever|for good|permanently)\b/ },
	{
		kind: 'suicide',
		pattern:
			/\bwant (?:it|everything|my life) to (?:be over|end|stop) (?:forever|for good|permanently)\b/
	},
	{ kind: 'suicide', pattern: /\b(?:goodbye|suicide) note\b/ },

	// Self-harm
	{
		kind: 'self-harm',
		pattern:
			/\bself ?(?:harm|harming|harmed|injury|injuring|injure|mutilation|mutilate|mutilating)\b/
	},
	{
		kind: 'self-harm',
		pattern: new RegExp(
			String.raw`\b(?:hurt|hurting|harm|harming|harmed|cut|cutting|burn|burning|burned|burnt|starve|starving|starved|scratch|scratching|punch|punching|hit|hitting) ?${self}`
		),
		unlessAfter:
			/^ (?:out|at (?:the )?(?:gym|work)|playing|lifting|running|training|skiing|cooking|by accident|accidentally|when i (?:fell|tripped|slipped)|falling|tripping|on the (?:stairs|ice|door|table)|shaving)\b/
	},
	{
		kind: 'self-harm',
		pattern: new RegExp(String.raw`\b${intend} (?:to )?(?:hurt|harm|cut|burn|punish) ${self}`)
	},
	{
		kind: 'self-harm',
		pattern:
			/\b(?:urges? to|urge|relapsed?(?: on| into| with)?|clean from|did|doing|started|start|want to|wanna|going to|gonna|stop|stopped|need to|thinking about|history of|my) sh\b/
	},
	{
		kind: 'self-harm',
		pattern: /\bsh(?: ?ed| ?d| ?ing| again| urges?| scars?| wounds?| cuts?| relapse)\b/
	},
	{
		kind: 'self-harm',
		pattern:
			/\b(?:started|start|been|im|i am|was) cutting (?:again|my (?:arms?|legs?|skin|wrists?|thighs?))\b/
	},
	{
		kind: 'self-harm',
		pattern: /\b(?:deserve|want) to (?:feel pain|be in pain|bleed|suffer physically)\b/
	},

	// Danger
	{
		kind: 'danger',
		pattern:
			/\b(?:he|she|they|someone|somebody|my (?:partner|boyfriend|girlfriend|husband|wife|ex|dad|father|mum|mom|mother|stepdad|stepfather|stepmum|stepmom|brother|sister|uncle|flatmate|roommate|boss)) (?:still |often |always |sometimes |keeps |has |had |just )?(?:hits?|hitting|beats?|beating|beat up|chokes?|choked|choking|strangles?|strangled|strangling|slaps?|slapped|slapping|punch(?:es|ed)?|punching|kicks?|kicked|kicking|shoves?|shoved|rape[sd]?|raping|assaulted|assaults|abuses|abused|abusing|threatens|threatened|threatening) me\b/,
		unlessAfter: /^ (?:out|off|up on|back)\b/
	},
	{
		kind: 'danger',
		pattern:
			/\b(?:someone|somebody|people|he|hes|she|shes|they|theyre) (?:is |are |keeps |keep )?hurting me(?: physically)?\b/,
		unlessAfter: /^ (?:with|by|when|every time|emotionally|feelings|so much by)\b/
	},
	{ kind: 'danger', pattern: /\bhurt(?:s|ing)? me physically\b/ },
	{
		kind: 'danger',
		pattern: /\bthreaten(?:s|ed|ing)? to (?:kill|hurt|beat|hit|harm) (?:me|us|my)\b/
	},
	{
		kind: 'danger',
		pattern:
			/\b(?:afraid|scared|terrified|frightened|worried) (?:that )?(?:he|she|they|my partner|my husband|my wife|my boyfriend|my girlfriend|my ex)(?: ll| will| is going to| might| could)? (?:kill|hurt|hit|beat|attack) me\b/
	},
	{ kind: 'danger', pattern: /\b(?:scared|afraid|fear|fearing|fearful) for my (?:life|safety)\b/ },
	{
		kind: 'danger',
		pattern:
			/\b(?:im|i am|i feel|i dont feel|i do not feel|i never feel|we are|were) (?:not )?(?:really )?(?:safe|in danger)(?: at home| here| with (?:him|her|them|my \w+)| in my (?:home|house|flat|apartment))?\b/,
		selfNegated: true
	},
	{
		kind: 'danger',
		pattern:
			/\b(?:not|never|dont feel|do not feel) safe (?:at home|in my (?:home|house|flat|apartment)|with (?:him|her|them|my \w+)|around (?:him|her|them))\b/,
		selfNegated: true
	},
	{
		kind: 'danger',
		pattern:
			/\b(?:me|my (?:kids|children|child|son|daughter)|we|us|i (?:might|could|may) be|puts? me|put us) (?:are |is )?in danger\b/
	},
	{
		kind: 'danger',
		pattern: /\b(?:wont|doesnt|will not|does not|dont) let me leave\b/,
		selfNegated: true
	},
	{
		kind: 'danger',
		pattern: /\block(?:s|ed)? me (?:in|out of the house|in the house|in my room)\b/
	},
	{
		kind: 'danger',
		pattern:
			/\b(?:my )?(?:partner|boyfriend|girlfriend|husband|wife|home|relationship) is (?:violent|abusive)\b/
	},
	{ kind: 'danger', pattern: /\bforc(?:es|ed|ing) me to (?:have sex|sleep with)\b/ },
	{ kind: 'danger', pattern: /\bsexually assaulted\b/ }
];

/**
 * The "in danger"/"safe" rule above would otherwise match "I am safe": it only counts when the
 * sentence says the person is *not* safe, or *is* in danger.
 */
function dangerSafeRuleHolds(phrase: string): boolean {
	if (/\bin danger\b/.test(phrase)) return !/\bnot (?:really )?in danger\b/.test(phrase);
	return /\b(?:not|dont feel|do not feel|never feel)\b/.test(phrase);
}

/** Idioms blanked out before any rule runs. */
const idioms: RegExp[] = [
	/\bdying (?:to|for|of|laughing|inside)\b/g,
	/\bdie (?:of|from) (?:embarrassment|shame|laughter|laughing|cringe|boredom|happiness|cuteness)\b/g,
	/\b(?:i )?(?:could|would|d) (?:kill|die) for (?:a|an|some|the)\b/g,
	/\bkill(?:ed|ing|s)? (?:it|the (?:lights?|music|engine|mood|vibe|conversation)|time|the joke)\b/g,
	/\b(?:that|the|this|his|her|your) (?:joke|line|set|show|performance|outfit) (?:killed|kills|was killing)\b/g,
	/\b(?:is|are|was|were|its|it is|thats) killing me\b/g,
	/\bkill(?:ed|ing)? (?:my ?self|me) laughing\b/g,
	/\bto die for(?= \.| ?$)/g,
	/\brather die than\b/g,
	/\bdrop dead (?:gorgeous|beautiful)\b/g,
	/\bdead (?:tired|serious|end|on|set|line|lines|beat)\b/g,
	/\bbanging my head (?:against|on) (?:a|the) (?:wall|desk|table)\b/g,
	/\bbeat(?:ing)? my ?self up (?:about|over|for)\b/g,
	/\bhit me (?:up|back|with)\b/g,
	/\b(?:it|that|this|the silence|the waiting|his silence|her silence|their silence) (?:is|was) (?:going to|gonna) kill me\b/g,
	/\bburn(?:ing|ed|t)? my ?self out\b/g
];

const negation =
	/\b(?:not|never|no longer|dont|do not|didnt|did not|wont|will not|wouldnt|would not|isnt|arent|wasnt|cant|cannot|couldnt|shouldnt|havent|hasnt|nothing|nor|stopped|quit)\b/;
/** A negation that keeps the phrase going ("cant stop"), or intensifies it ("never … this"). */
const notReallyNegated =
	/\b(?:cant|cannot|couldnt|wont|can not|could not|will not|dont|do not) (?:stop|help|shake|get rid of|quit|get over|get past|get out of my head)\b|\bnever (?:felt|been|wanted) (?:this|so|more|as)\b|\bnot (?:sure|certain) (?:if )?i (?:wont|dont|can)\b|\bcant (?:keep|hold) (?:it|on)\b|\b(?:not|wont|will not|im not) (?:gonna |going to )?lie\b|\bnot (?:kidding|joking)\b/;

/** Words that end a clause for the purpose of negation. */
const clauseBreak = /(?:\.|\bbut\b|\band\b|\bso\b|\bthough\b|\balthough\b|\bbecause\b|\bcause\b)/g;

function normalise(text: string): string {
	return (
		text
			.normalize('NFKC')
			.toLowerCase()
			.replace(/[\u2018\u2019\u201a\u201b\u2032\u02bc`´]/g, "'")
			.replace(/[\u201c\u201d\u201e\u201f\u2033«»]/g, '"')
			// Apostrophes go: "don't" and "dont" read the same.
			.replace(/'/g, '')
			// Sentence and clause punctuation become one break mark; everything else a space.
			.replace(/[.!?;:,…\n\r]+/g, ' . ')
			.replace(/[^a-z0-9. ]+/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** Letters repeated three or more times, as two and as one: "killlll" → "kill", "dieee" → "die". */
function squeezedForms(text: string): string[] {
	const two = text.replace(/([a-z])\1{2,}/g, '$1$1');
	const one = text.replace(/([a-z])\1{2,}/g, '$1');
	return two === one ? [two] : [two, one];
}

function blankIdioms(text: string): string {
	let out = text;
	for (const idiom of idioms) out = out.replace(idiom, (m) => ' '.repeat(m.length));
	return out;
}

/** The words between the last clause break before `index` and `index`. */
function clauseBefore(text: string, index: number): string {
	const before = text.slice(0, index);
	let start = 0;
	for (const m of before.matchAll(clauseBreak)) start = m.index + m[0].length;
	// Only the last few words count: "I never thought that one day I would want to die".
	const words = before.slice(start).trim().split(/\s+/).filter(Boolean);
	return words.slice(-6).join(' ');
}

function isNegated(text: string, index: number): boolean {
	const window = clauseBefore(text, index);
	if (!negation.test(window)) return false;
	const around = `${window} ${text.slice(index, index + 40)}`;
	return !notReallyNegated.test(around);
}

function detectIn(text: string): CrisisResult {
	const cleaned = blankIdioms(text);
	for (const rule of rules) {
		const global = new RegExp(rule.pattern.source, 'g');
		for (const m of cleaned.matchAll(global)) {
			const phrase = m[0].trim();
			const after = cleaned.slice(m.index + m[0].length);
			if (rule.unlessAfter && rule.unlessAfter.test(after)) continue;
			if (rule.kind === 'danger' && /\b(?:safe|in danger)\b/.test(phrase) && rule.selfNegated) {
				if (!dangerSafeRuleHolds(phrase)) continue;
				if (/\bin danger\b/.test(phrase) && isNegated(cleaned, m.index)) continue;
				return { match: true, kind: rule.kind, phrase: phrase.replace(/\s+/g, ' ') };
			}
			if (!rule.selfNegated && isNegated(cleaned, m.index)) continue;
			return { match: true, kind: rule.kind, phrase: phrase.replace(/\s+/g, ' ') };
		}
	}
	return { match: false };
}

/**
 * Looks for crisis language in what a person wrote. Pure: no logging, no state, the same answer
 * for the same text.
 */
export function detectCrisis(text: string): CrisisResult {
	if (typeof text !== 'string' || text.trim() === '') return { match: false };
	const normal = normalise(text);
	for (const form of squeezedForms(normal)) {
		const found = detectIn(` ${form} `);
		if (found.match) return found;
	}
	return { match: false };
}
