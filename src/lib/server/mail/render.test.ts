import { describe, expect, it } from 'vitest';
import { escapeHtml, renderEmail } from './render';

const hostileName = 'Ana <script>alert("x")</script> & "Co"';

describe('renderEmail', () => {
	it('escapes every piece of text in the HTML body', () => {
		const { html, text } = renderEmail({
			subject: `Welcome, ${hostileName}`,
			greeting: `Hello ${hostileName},`,
			paragraphs: [`Your name is ${hostileName}.`],
			action: {
				label: `Confirm for ${hostileName}`,
				url: 'https://steady.example.org/v?a=1&b="2"'
			},
			footer: [`Sent to ${hostileName}`]
		});
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('alert("x")');
		expect(html).not.toMatch(/& "Co"/);
		expect(html).toContain(
			'Hello Ana &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot;,'
		);
		expect(html).toContain('<title>Welcome, Ana &lt;script&gt;');
		expect(html).toContain('href="https://steady.example.org/v?a=1&amp;b=%222%22"');
		// The plain-text body is not HTML: it keeps the words as they were written.
		expect(text).toContain(`Hello ${hostileName},`);
	});

	it('gives a plain-text body with the greeting, paragraphs, link and footer in order', () => {
		const { subject, text } = renderEmail({
			subject: 'Confirm your e-mail address',
			greeting: 'Hello Ana,',
			paragraphs: ['Thank you for joining.', 'One step is left.'],
			action: { label: 'Confirm your address', url: 'https://steady.example.org/verify?t=abc' },
			footer: ['You received this because you signed up.', 'Steady']
		});
		expect(subject).toBe('Confirm your e-mail address');
		expect(text).toBe(
			[
				'Hello Ana,',
				'',
				'Thank you for joining.',
				'',
				'One step is left.',
				'',
				'Confirm your address:',
				'https://steady.example.org/verify?t=abc',
				'',
				'--',
				'You received this because you signed up.',
				'Steady',
				''
			].join('\n')
		);
	});

	it('fetches nothing from anywhere: no images, fonts, stylesheets or scripts', () => {
		const { html } = renderEmail({
			subject: 'A note',
			greeting: 'Hello,',
			paragraphs: ['Just a note.'],
			action: { label: 'Open', url: 'https://steady.example.org/app' }
		});
		expect(html).not.toMatch(/<img|<link|<script|@import|url\(|src=/i);
		expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([
			'https://steady.example.org/app'
		]);
		expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
	});

	it('refuses a link that is not http(s) and keeps the subject on one line', () => {
		expect(() =>
			renderEmail({
				subject: 'x',
				greeting: 'Hello,',
				paragraphs: [],
				action: { label: 'Open', url: 'javascript:alert(1)' }
			})
		).toThrow(/http\(s\)/);
		expect(
			renderEmail({ subject: 'One\r\nBcc: x@evil.example', greeting: 'Hi', paragraphs: [] }).subject
		).toBe('One Bcc: x@evil.example');
	});

	it('escapes the five characters that matter in HTML', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
		);
	});
});
