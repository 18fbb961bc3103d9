import { describe, expect, it } from 'vitest';
import { detectCrisis, type CrisisKind } from './crisis';

/** Plain statements a member might write, each with the kind of crisis it names. */
const positives: [string, CrisisKind][] = [
	// Suicide
	['I want to die.', 'suicide'],
	['Honestly I just wanna die', 'suicide'],
	['He left me on read again and I want to dieeee', 'suicide'],
	['I keep thinking about killing myself', 'suicide'],
	['Some nights I think about ending my life', 'suicide'],
	['I can’t stop thinking about ending it', 'suicide'],
	['I want to end it all.', 'suicide'],
	['i want to end it all tonight', 'suicide'],
	['Everyone would be better off without me', 'suicide'],
	['They’d be better off without me anyway', 'suicide'],
	['I don’t want to be here anymore', 'suicide'],
	['i dont want to be here any more', 'suicide'],
	['I don’t want to live anymore.', 'suicide'],
	['Sometimes I don’t want to wake up', 'suicide'],
	['I’m not sure I want to live', 'suicide'],
	['I’ve been feeling suicidal since the break-up', 'suicide'],
	['im so suicidel tonight', 'suicide'],
	['I had sucidal thoughts at work today', 'suicide'],
	['I had suicidal thoughts again when she didn’t reply', 'suicide'],
	['I think about suicide more than I tell anyone', 'suicide'],
	['kms', 'suicide'],
	['honestly kms', 'suicide'],
	['he blocked me, i should just kys', 'suicide'],
	['I want to unalive myself', 'suicide'],
	['thinking about how to un-alive myself', 'suicide'],
	['I wish I was dead', 'suicide'],
	['I wish I could just die and not feel this', 'suicide'],
	['I’d be better off dead', 'suicide'],
	['I’d rather be dead than feel like this every day', 'suicide'],
	['There’s no point in living if he doesn’t love me', 'suicide'],
	['I can’t go on anymore', 'suicide'],
	['I can’t go on.', 'suicide'],
	['I want to take my own life', 'suicide'],
	['I looked up how to overdose', 'suicide'],
	['I thought about jumping off a bridge on the way home', 'suicide'],
	['I’m tired of living like this', 'suicide'],
	['I want to disappear forever', 'suicide'],
	['I wrote a goodbye note last night', 'suicide'],
	['I’m planning to kill myself', 'suicide'],
	['I’m not okay, I want to die', 'suicide'],
	['I’m not suicidal, I just want to die', 'suicide'],
	['I’ve never felt this suicidal before', 'suicide'],
	['I’m going to end my life', 'suicide'],
	['KILL MYSELF', 'suicide'],
	['I want to kill myslef', 'suicide'],
	['I deserve to die for what I said to him', 'suicide'],
	['What’s the point, nobody would notice if I killed myself', 'suicide'],
	['I wish I had never been born', 'suicide'],
	// Self-harm
	['I want to hurt myself', 'self-harm'],
	['I hurt myself again last night', 'self-harm'],
	['I’ve been cutting myself', 'self-harm'],
	['I started cutting again', 'self-harm'],
	['The urge to self harm is really strong tonight', 'self-harm'],
	['I relapsed on selfharm after the fight', 'self-harm'],
	['Self-harm feels like the only thing that helps', 'self-harm'],
	['urges to sh are back', 'self-harm'],
	['I relapsed on sh after we argued', 'self-harm'],
	['sh urges all day', 'self-harm'],
	['I burned myself on purpose', 'self-harm'],
	['I’ve been starving myself so he’ll like me more', 'self-harm'],
	['I feel like I need to punish myself', 'self-harm'],
	['I scratch myself until it bleeds', 'self-harm'],
	['I want to harm myself', 'self-harm'],
	['I can’t stop hurting myself', 'self-harm'],
	// Danger
	['He hits me when he’s drunk', 'danger'],
	['My partner choked me during the argument', 'danger'],
	['My husband threatened to kill me', 'danger'],
	['I don’t feel safe at home', 'danger'],
	['I’m not safe at home', 'danger'],
	['I am not safe here', 'danger'],
	['Someone is hurting me', 'danger'],
	['I’m scared he will hurt me if I leave', 'danger'],
	['My boyfriend slapped me last night', 'danger'],
	['I fear for my safety', 'danger'],
	['He won’t let me leave the house', 'danger'],
	['My ex is stalking me and threatened to hurt me', 'danger'],
	['I think my kids are in danger', 'danger'],
	['He locks me in the bedroom', 'danger'],
	['My relationship is abusive', 'danger']
];

/** What members write that is painful, ordinary or idiomatic, and not crisis language. */
const negatives: string[] = [
	'He didn’t text back and I spiralled for an hour',
	'I’m not suicidal, just really sad tonight',
	'I would never hurt myself',
	'I’m not going to kill myself, I just needed to write this down',
	'I don’t want to die, I want things to feel different',
	'I have never self-harmed',
	'I’m safe, I just feel very alone',
	'I feel safe with my partner even when we argue',
	'I am not in danger, I am just anxious',
	'This deadline is killing me',
	'My feet are killing me after the wedding',
	'I could kill for a coffee right now',
	'I’m dying to see them again',
	'That joke killed',
	'His joke totally killed at dinner',
	'Can you kill the lights?',
	'We were just killing time at the station',
	'She killed it at her presentation',
	'I nearly died of embarrassment when I reread my texts',
	'I laughed so hard I was dying',
	'I almost killed myself laughing at the film',
	'I’m killing myself trying to please him',
	'I would rather die than ask for reassurance again',
	'The cake was to die for',
	'I’m dead tired after the week I’ve had',
	'I keep banging my head against the wall with this',
	'I hurt myself at the gym this morning',
	'I hurt myself playing football',
	'I’m burning myself out at work',
	'It hurt me when she didn’t reply',
	'What he said really hurt me',
	'His silence is hurting me',
	'He’s hurting me by ignoring me',
	'She pushed me away when I asked for a hug',
	'He kicked me out of the group chat',
	'My boss is going to kill me when she sees this',
	'The waiting is going to kill me',
	'I want to end it with him but I’m scared of being alone',
	'I ended it with Sam last spring',
	'Our relationship is in danger if we keep avoiding this',
	'My job is in danger and I feel like a failure',
	'I want to disappear for a while and switch my phone off',
	'I need to stop checking his profile',
	'I feel like I am too much for everyone',
	'I am not enough, that is what it tells me',
	'My needs feel like a burden',
	'If someone pulls away it means I am failing',
	'Conflict means rejection to me',
	'I have to earn love by being useful',
	'I apologised three times for nothing',
	'We walked 10 kms along the river and it helped',
	'He told me to stop being dramatic',
	'I’m tired of always being the one who texts first',
	'I beat myself up about what I said',
	'Hit me up when you’re free, he wrote',
	'She’s better off with someone who has time for her',
	'I don’t want to be here at this party',
	'I don’t want to live with my parents again',
	'I can’t go on pretending everything is fine with him',
	'I died a little when he laughed at my message',
	'I’m not sure I want to go to the wedding',
	'I used to think I had to be perfect to be loved',
	'My heart sank when I saw he was online',
	'I want to die my hair red',
	'The battery died on my phone and I panicked',
	'The suspense is killing me',
	'That show was a killer',
	'He shot down my idea in the meeting',
	'I feel numb and I don’t know what I need',
	'Nobody wrote back and I felt invisible',
	'I am stopping myself from sending a fourth message',
	'I sh would have said no',
	'I want to end the call feeling calmer',
	'Ending it felt like the right thing after years of trying'
];

describe('detectCrisis: plain statements', () => {
	it('has at least 60 positive and 60 negative examples', () => {
		expect(positives.length).toBeGreaterThanOrEqual(60);
		expect(negatives.length).toBeGreaterThanOrEqual(60);
	});

	it.each(positives)('finds crisis language in %j (%s)', (text, kind) => {
		const found = detectCrisis(text);
		expect(found.match).toBe(true);
		expect(found.kind).toBe(kind);
		expect(found.phrase).toMatch(/\S/);
	});

	it.each(negatives.map((t) => [t]))('finds none in %j', (text) => {
		expect(detectCrisis(text)).toEqual({ match: false });
	});
});

describe('detectCrisis: negation', () => {
	it.each([
		['I’m not suicidal', false],
		['I am not suicidal.', false],
		['I would never hurt myself', false],
		['I won’t kill myself', false],
		['I no longer want to die', false],
		['I don’t think I would ever hurt myself', false],
		['I’m not in danger', false],
		// The negation belongs to another phrase, or keeps the statement going.
		['I can’t stop thinking about ending it', true],
		['I can’t stop thinking about killing myself', true],
		['I’ve never felt this suicidal', true],
		// A negation in an earlier clause does not reach a later one.
		['I’m not fine. I want to die', true],
		['I don’t know why, but I want to die', true],
		['I’m not okay and I keep thinking about suicide', true],
		// Phrases that carry their own negation.
		['I don’t want to be here anymore', true],
		['I do not want to live', true],
		['I don’t feel safe at home', true],
		// "Not gonna lie" is not a negation of what follows.
		['not gonna lie, I want to die', true],
		['I’m not joking, I want to kill myself', true]
	] as const)('%j → match %s', (text, expected) => {
		expect(detectCrisis(text).match).toBe(expected);
	});
});

describe('detectCrisis: idioms', () => {
	it.each([
		'this deadline is killing me',
		'I could kill for a coffee',
		'dying to see them',
		'that joke killed',
		'kill the lights',
		'I could die of embarrassment',
		'you’re killing me',
		'I’d kill for a weekend off'
	])('%j is an idiom', (text) => {
		expect(detectCrisis(text).match).toBe(false);
	});

	it('still finds a plain statement beside an idiom', () => {
		expect(detectCrisis('This week is killing me and I want to kill myself').match).toBe(true);
		expect(detectCrisis('I’m dying to see him, but honestly I want to die').match).toBe(true);
	});
});

describe('detectCrisis: spelling and form', () => {
	it.each([
		['I want to DIE', 'want to die'],
		['I WANT TO DIE!!!', 'want to die'],
		['i want to diiiie', 'want to die'],
		['I want to kiiiill myself', 'kill myself'],
		['I want to kill my self', 'kill my self'],
		['“I want to die”, I typed, then deleted it', 'want to die'],
		['I don‘t want to be here anymore', 'dont want to be here'],
		['I don’t want to be here anymore', 'dont want to be here'],
		['I don\u0027t want to be here anymore', 'dont want to be here'],
		['self-harm', 'self harm'],
		['selfharm', 'selfharm'],
		['self harm', 'self harm'],
		['unalive', 'unalive'],
		['suicidal', 'suicidal'],
		['suicidel', 'suicidel'],
		['ｓｕｉｃｉｄａｌ', 'suicidal']
	])('%j → %j', (text, phrase) => {
		const found = detectCrisis(text);
		expect(found.match).toBe(true);
		expect(found.phrase).toBe(phrase);
	});

	it('reads "sh" only where it means self-harm', () => {
		expect(detectCrisis('the urge to sh is strong').match).toBe(true);
		expect(detectCrisis('been sh-ing again').match).toBe(true);
		expect(detectCrisis('sh, he is asleep').match).toBe(false);
		expect(detectCrisis('I sh would have said no').match).toBe(false);
	});

	it('reads "kys" only when it is aimed at the writer', () => {
		expect(detectCrisis('I want to kys').match).toBe(true);
		expect(detectCrisis('should i just kys').match).toBe(true);
		expect(detectCrisis('someone online wrote kys under my photo').match).toBe(false);
	});

	it('answers the same for the same text and keeps no state', () => {
		const text = 'I want to die';
		expect(detectCrisis(text)).toEqual(detectCrisis(text));
		expect(detectCrisis('I am fine')).toEqual({ match: false });
		expect(detectCrisis(text).match).toBe(true);
	});

	it('treats empty and blank text as no match', () => {
		expect(detectCrisis('')).toEqual({ match: false });
		expect(detectCrisis('   \n ')).toEqual({ match: false });
	});

	it('handles very long text quickly', () => {
		const long = 'He did not reply and I waited. '.repeat(2000) + 'I want to die';
		const started = performance.now();
		expect(detectCrisis(long).match).toBe(true);
		expect(performance.now() - started).toBeLessThan(2000);
	});
});
