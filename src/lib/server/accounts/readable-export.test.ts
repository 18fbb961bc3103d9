import { describe, expect, it } from 'vitest';
import { labelFor, renderReadableExport } from './readable-export';

const sections = [
	{ key: 'profile', title: 'Your profile' },
	{ key: 'quietWins', title: 'Quiet wins' },
	{ key: 'consents', title: 'Consents' }
];

function render(parts: Record<string, unknown>, zone = 'Europe/London') {
	return renderReadableExport(
		{
			format: 'steady-account-export',
			practice: 'Steady',
			exportedAt: '2026-11-29T15:00:00.000Z',
			about: { quietWins: 'Your quiet wins, newest day first.' },
			...parts
		},
		sections,
		{ zone }
	);
}

describe('the readable copy of an account’s data', () => {
	it('names keys in plain words', () => {
		expect(labelFor('whatHappened')).toBe('What happened');
		expect(labelFor('intensity_before')).toBe('Intensity before');
		expect(labelFor('createdAt')).toBe('Written');
	});

	it('lays every part out under its heading, in order, with its note', () => {
		const html = render({
			profile: { id: 'u1', name: 'Ari', email: 'ari@example.org', emailConfirmed: true },
			quietWins: [{ id: 'w1', kind: 'took-up-space', kindName: 'I took up space', note: null }],
			consents: []
		});
		const order = ['Your profile', 'Quiet wins', 'Consents'].map((t) => html.indexOf(`>${t}</h2>`));
		expect(order.every((i) => i > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(html).toContain('<p class="about">Your quiet wins, newest day first.</p>');
		expect(html).toContain('<dt>E-mail address confirmed</dt><dd>Yes</dd>');
		expect(html).toContain('<dt>Sign of self-esteem</dt><dd>I took up space</dd>');
		// Machine keys stay in the JSON only.
		expect(html).not.toContain('took-up-space');
		expect(html).not.toContain('w1');
		expect(html).toMatch(/<h2>Consents<\/h2><p>Nothing here\.<\/p>/);
	});

	it('shows times in the member’s zone, and days as days', () => {
		const html = render(
			{ quietWins: [{ createdAt: '2026-11-29T23:30:00.000Z', happenedOn: '2026-11-27' }] },
			'America/New_York'
		);
		expect(html).toContain('<dd>29 November 2026 at 18:30</dd>');
		expect(html).toContain('<dt>The day it happened</dt><dd>27 November 2026</dd>');
		expect(html).toContain('Times are shown in America/New York.');
	});

	it('escapes everything a person wrote and keeps its line breaks', () => {
		const html = render({
			profile: { name: '<script>alert(1)</script>' },
			quietWins: [{ note: 'First "line" & more\n<b>second</b>' }]
		});
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<b>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain(
			'<span class="written">First &quot;line&quot; &amp; more\n&lt;b&gt;second&lt;/b&gt;</span>'
		);
	});

	it('says so when an entry could not be opened, and lists nested answers', () => {
		const html = render({
			quietWins: [
				{ id: 'w2', createdAt: '2026-11-29T15:00:00.000Z', couldNotBeOpened: true },
				{ answers: [{ answering: 'I felt …', text: 'small' }], tags: ['work', 'home'] }
			]
		});
		expect(html).toContain('could not be opened');
		expect(html).not.toContain('Could not be opened');
		expect(html).toContain('<dt>Answering</dt><dd>I felt …</dd>');
		expect(html).toContain('<ul><li>work</li><li>home</li></ul>');
	});
});
