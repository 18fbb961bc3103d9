import { actions, feelings, labelOf, type UrgeKey } from '$lib/pause/content';
import type { PauseRecord } from '$lib/pause/pause';
import type { Feeling, MomentContent } from './moment-form';
import { emotions } from './vocabulary';

/**
 * Pause asks about the urge in the words of the moment ("send another message…"); Moments keeps
 * the essay's names for the same urges. Each Pause urge is one of them.
 */
const urgeInMoments: Record<UrgeKey, string> = {
	reassurance: 'seek-reassurance',
	check: 'check-phone',
	apologise: 'apologise',
	accommodate: 'over-accommodate',
	withdraw: 'withdraw'
};

const emotionKeys = new Set<string>(emotions.map((e) => e.key));

/**
 * A finished pause as a moment: the feelings and how strong they were, the belief that spoke, the
 * urge and whether it was waited out, what the person chose to do, and how strong the feeling was
 * afterwards. Own words stay the person's own words.
 */
export function momentFromPause(record: PauseRecord): Partial<MomentContent> {
	const feelingsFelt: Feeling[] = record.feelings.map(({ feeling, intensity }) =>
		'key' in feeling && emotionKeys.has(feeling.key)
			? { key: feeling.key, name: labelOf(feelings, feeling), level: intensity }
			: { name: labelOf(feelings, feeling), level: intensity }
	);
	const moment: Partial<MomentContent> = {
		whatHappened: record.note,
		feelings: feelingsFelt,
		intensityNow: record.intensityAfter,
		waitedOut: record.waitedOut === null ? 'not-asked' : record.waitedOut ? 'yes' : 'no',
		whatIDid: `I paused for ${record.minutes} minutes.`
	};
	if (record.belief && 'key' in record.belief) {
		moment.beliefs = [`essay:${record.belief.key}`];
	} else if (record.belief) {
		// A belief in the person's own words has no page of its own yet; it is kept with the story.
		moment.whatHappened = [record.note, `The story I told myself: ${record.belief.own}`]
			.filter((part) => part !== '')
			.join('\n\n');
	}
	if (record.urge && 'key' in record.urge) {
		moment.urges = [urgeInMoments[record.urge.key]];
	} else if (record.urge) {
		moment.urges = ['other'];
		moment.urgeOther = record.urge.own;
	}
	if (record.action) moment.whatHelped = labelOf(actions, record.action);
	return moment;
}
