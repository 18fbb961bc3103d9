/**
 * The workbook's words, taken from the essay: the beliefs people internalise, where they may come
 * from, what tends to happen, who it involves, and the urges that follow. Shared by the pages and
 * the server; the keys are what is stored (sealed), the labels what people read.
 */

export const essayBeliefs = [
	{ key: 'too-much', label: 'I am too much' },
	{ key: 'not-enough', label: 'I am not enough' },
	{ key: 'earn-love', label: 'I need to earn love' },
	{ key: 'needs-burden', label: 'My needs are a burden' },
	{ key: 'pulls-away-failing', label: 'If someone pulls away, it means I am failing' },
	{ key: 'conflict-rejection', label: 'Conflict means rejection' },
	{
		key: 'perform-to-be-valued',
		label: 'I have to perform, achieve, caretake or accommodate to be valued'
	}
] as const;
export type EssayBeliefKey = (typeof essayBeliefs)[number]['key'];

export const happenedPicks = [
	{ key: 'no-reply', label: 'No reply' },
	{ key: 'criticism', label: 'Criticism' },
	{ key: 'conflict', label: 'Conflict' },
	{ key: 'pulled-away', label: 'They pulled away' },
	{ key: 'comparison', label: 'Comparison' },
	{ key: 'rejection', label: 'Rejection' }
] as const;

export const peoplePicks = [
	{ key: 'partner', label: 'Partner' },
	{ key: 'friend', label: 'Friend' },
	{ key: 'family', label: 'Family' },
	{ key: 'work', label: 'Work' },
	{ key: 'myself', label: 'Myself' }
] as const;

export const emotions = [
	{ key: 'anxious', label: 'Anxious' },
	{ key: 'hurt', label: 'Hurt' },
	{ key: 'ashamed', label: 'Ashamed' },
	{ key: 'sad', label: 'Sad' },
	{ key: 'angry', label: 'Angry' },
	{ key: 'lonely', label: 'Lonely' },
	{ key: 'afraid', label: 'Afraid' },
	{ key: 'jealous', label: 'Jealous' },
	{ key: 'guilty', label: 'Guilty' },
	{ key: 'numb', label: 'Numb' }
] as const;

export const urgePicks = [
	{ key: 'seek-reassurance', label: 'Seek reassurance' },
	{ key: 'over-accommodate', label: 'Over-accommodate' },
	{ key: 'withdraw', label: 'Withdraw' },
	{ key: 'check-phone', label: 'Check their phone or profile' },
	{ key: 'apologise', label: 'Apologise for existing' },
	{ key: 'other', label: 'Something else' }
] as const;

export const beliefOrigins = [
	{ key: 'early-attachment', label: 'Early attachment' },
	{ key: 'family', label: 'Family' },
	{ key: 'social-world', label: 'The social world around me' },
	{ key: 'trauma', label: 'Trauma' },
	{ key: 'bullying', label: 'Bullying' },
	{ key: 'rejection', label: 'Rejection' },
	{ key: 'identity-shame', label: 'Shame about who I am' },
	{ key: 'religious-messages', label: 'Religious messages' },
	{ key: 'past-relationships', label: 'Past relationships' }
] as const;

export const waitedOutChoices = [
	{ key: 'yes', label: 'Yes' },
	{ key: 'no', label: 'No' },
	{ key: 'not-asked', label: 'Not asked' }
] as const;
export type WaitedOut = (typeof waitedOutChoices)[number]['key'];

type Vocabulary = readonly { key: string; label: string }[];

export function labelOf(list: Vocabulary, key: string): string | undefined {
	return list.find((item) => item.key === key)?.label;
}

export function keysOf(list: Vocabulary): Set<string> {
	return new Set(list.map((item) => item.key));
}

/** The questions the essay opens with, asked again by the self-check. */
export const essayQuestions = [
	{ key: 'lose-confidence', label: 'Why do I lose confidence so quickly in relationships?' },
	{
		key: 'worth-depends-on-partner',
		label: 'Why does my self-worth depend so much on how my partner responds to me?'
	},
	{ key: 'okay-alone', label: 'Why do I feel okay alone sometimes, but insecure in intimacy?' },
	{ key: 'need-reassurance', label: 'Why do I need so much reassurance?' },
	{ key: 'abandon-myself', label: 'Why do I abandon myself to keep connection?' }
] as const;

/** The painful cycles the essay names when self-worth rests on the relationship. */
export const painfulCycles = [
	{
		key: 'reassurance-not-absorbed',
		label: 'Reassurance is constantly needed but never fully absorbed'
	},
	{ key: 'criticism-catastrophic', label: 'Criticism feels catastrophic' },
	{ key: 'boundaries-threatening', label: 'Boundaries feel threatening' },
	{ key: 'conflict-destabilising', label: 'Conflict feels emotionally destabilising' },
	{
		key: 'worth-fluctuates',
		label: 'Self-worth goes up and down with the emotional state of the relationship'
	},
	{ key: 'over-accommodate', label: 'Over-accommodating to avoid abandonment or disconnection' }
] as const;

/** How much a question or belief sounds like the reader, in the self-check. */
export const howMuch = [
	{ key: 'not-at-all', label: 'Not at all' },
	{ key: 'a-little', label: 'A little' },
	{ key: 'a-lot', label: 'A lot' }
] as const;
export type HowMuch = (typeof howMuch)[number]['key'];

/** The essay's practices, inside relationships and outside them; each has its own page. */
export const practiceList = [
	{ key: 'express-needs', label: 'Expressing needs honestly', where: 'inside' },
	{
		key: 'tolerate-disagreement',
		label: 'Disagreeing without collapsing into shame',
		where: 'inside'
	},
	{ key: 'be-seen', label: 'Letting yourself be seen', where: 'inside' },
	{ key: 'boundaries-without-guilt', label: 'Boundaries without excessive guilt', where: 'inside' },
	{ key: 'self-soothe', label: 'Self-soothing in moments of insecurity', where: 'inside' },
	{
		key: 'tolerate-uncertainty',
		label: 'Staying with uncertainty before seeking reassurance',
		where: 'inside'
	},
	{
		key: 'conflict-not-rejection',
		label: 'Remembering that conflict is not rejection',
		where: 'inside'
	},
	{ key: 'stay-connected-to-self', label: 'Staying connected to yourself', where: 'inside' },
	{ key: 'self-trust', label: 'Self-trust', where: 'outside' },
	{ key: 'emotional-regulation', label: 'Emotional regulation', where: 'outside' },
	{ key: 'self-compassion', label: 'Self-compassion', where: 'outside' },
	{ key: 'boundary-setting', label: 'Boundary-setting', where: 'outside' },
	{ key: 'identity', label: 'Identity', where: 'outside' },
	{ key: 'resilience', label: 'Emotional resilience', where: 'outside' },
	{ key: 'autonomy', label: 'Autonomy', where: 'outside' },
	{ key: 'community', label: 'Community connection', where: 'outside' },
	{ key: 'purpose', label: 'Purpose and meaning', where: 'outside' }
] as const;
export type PracticeKey = (typeof practiceList)[number]['key'];

/** The essay's quieter signs of real self-esteem, noted as quiet wins. */
export const winKinds = [
	{ key: 'spoke-honestly', label: 'I spoke honestly, though it was uncomfortable' },
	{ key: 'recovered-from-rejection', label: 'I recovered from rejection without losing myself' },
	{ key: 'tolerated-imperfection', label: 'I tolerated imperfection' },
	{ key: 'trusted-feelings', label: 'I trusted my own feelings' },
	{ key: 'took-up-space', label: 'I took up space' },
	{ key: 'chose-by-values', label: 'I chose by my values' },
	{ key: 'kind-in-failure', label: 'I was kind to myself when something went wrong' },
	{ key: 'stayed-with-myself', label: 'I did not abandon myself to keep connection' }
] as const;
export type WinKind = (typeof winKinds)[number]['key'];
