import { essayBeliefs } from '$lib/workbook/vocabulary';

// The words of Pause: the choices offered at each step. Shared by the page and by anything that
// later reads a saved pause (Moments), so a key always means the same words.

export const feelings = [
	{ key: 'anxious', label: 'Anxious' },
	{ key: 'afraid', label: 'Afraid' },
	{ key: 'hurt', label: 'Hurt' },
	{ key: 'sad', label: 'Sad' },
	{ key: 'lonely', label: 'Lonely' },
	{ key: 'rejected', label: 'Rejected' },
	{ key: 'ashamed', label: 'Ashamed' },
	{ key: 'angry', label: 'Angry' },
	{ key: 'jealous', label: 'Jealous' },
	{ key: 'unsure', label: 'Unsure of myself' }
] as const;

/** The beliefs the essay names, in its order: the workbook's own list, so a key means the same. */
export const beliefs = essayBeliefs;

export const urges = [
	{ key: 'reassurance', label: 'Send another message, or ask to be reassured' },
	{ key: 'check', label: 'Check their phone, profile or when they were last online' },
	{ key: 'apologise', label: 'Apologise, though I am not sure what for' },
	{ key: 'accommodate', label: 'Give in or smooth things over to keep the peace' },
	{ key: 'withdraw', label: 'Go quiet, or pull away before they can' }
] as const;

export const actions = [
	{ key: 'body', label: 'Do one kind thing for my body: water, food, a walk or a shower' },
	{ key: 'write-need', label: 'Write down what I need, so I can say it calmly later' },
	{ key: 'someone-else', label: 'Reach out to someone else who is good for me' },
	{ key: 'return', label: 'Go back to what I was doing, gently' },
	{ key: 'let-wait', label: 'Let the message wait until I feel steadier' },
	{ key: 'say-need', label: 'Say what I need honestly, in one calm message' }
] as const;

export const waitMinutes = [5, 10, 20] as const;

/** Shown one at a time while the person waits; calm, never urgent. */
export const groundingPrompts = [
	'Feel your feet on the floor. Notice the weight of your body being held.',
	'Name five things you can see around you, slowly.',
	'Let your shoulders drop a little. Unclench your jaw.',
	'Their silence is not a verdict on your worth.',
	'You can want connection and still wait.',
	'Put a hand where the feeling sits. Breathe towards it.',
	'Listen for three sounds: near, far, and somewhere in between.',
	'This feeling is strong, and it is passing through. It is not all of you.'
] as const;

export type FeelingKey = (typeof feelings)[number]['key'];
export type BeliefKey = (typeof beliefs)[number]['key'];
export type UrgeKey = (typeof urges)[number]['key'];
export type ActionKey = (typeof actions)[number]['key'];
export type WaitMinutes = (typeof waitMinutes)[number];

export const feelingKeys = feelings.map((f) => f.key) as [FeelingKey, ...FeelingKey[]];
export const beliefKeys = beliefs.map((b) => b.key) as [BeliefKey, ...BeliefKey[]];
export const urgeKeys = urges.map((u) => u.key) as [UrgeKey, ...UrgeKey[]];
export const actionKeys = actions.map((a) => a.key) as [ActionKey, ...ActionKey[]];

/** The words for a key, or the person's own words. */
export function labelOf(
	list: readonly { key: string; label: string }[],
	choice: { key: string } | { own: string }
): string {
	if ('own' in choice) return choice.own;
	return list.find((item) => item.key === choice.key)?.label ?? choice.key;
}
