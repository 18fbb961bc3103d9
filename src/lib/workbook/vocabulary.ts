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
