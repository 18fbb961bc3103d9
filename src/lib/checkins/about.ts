import type { InstrumentId } from './instruments';

/**
 * Steady's own words around each questionnaire: what it looks at, and what a score means. The
 * items themselves are never reworded; they come from the questionnaire's file.
 */
export const aboutInstrument: Record<
	InstrumentId,
	{ looksAt: string; time: string; meaning: string[]; unit: (n: string) => string }
> = {
	rses: {
		looksAt:
			'Ten statements about how you regard yourself as a whole: your sense of your own worth, and how you feel about the person you are.',
		time: 'It takes about three minutes.',
		meaning: [
			'Your score is the sum of your answers to the ten statements, with the five that are worded the other way round turned around first. It can be anything from 0 to 30. A higher score means you regarded yourself more warmly on the day you answered.',
			'The scale’s authors set no cut-off points and discourage sorting scores into bands, so Steady does not call your score low or high. What it can show is movement: how this number sits beside your own earlier check-ins.'
		],
		unit: (n) => (n === '1' ? '1 point' : `${n} points`)
	},
	'scs-sf': {
		looksAt:
			'Twelve statements about how you tend to treat yourself when things are hard: with kindness or with harshness, feeling alone or part of something shared, swept up in painful feelings or able to hold them with some balance.',
		time: 'It takes about four minutes.',
		meaning: [
			'Your score is the average of your answers to the twelve statements, with the six about being hard on yourself turned around first. It runs from 1 to 5. A higher average means you tended to meet yourself with more kindness when things were difficult.',
			'As a rough guide, taken from the longer form of the scale, averages from 1 to 2.4 are often read as low self-compassion, 2.5 to 3.5 as moderate and 3.6 to 5 as high. It is only a rough guide, and it says nothing about your worth.',
			'This short form is meant to be read as one overall score. Its authors advise against scoring its parts separately, so Steady shows only the average.'
		],
		unit: (n) => n
	}
};
