import { describe, expect, it } from 'vitest';
import { markUnreadableForm, refusalMessage } from './refusals';

const post = (type: string) =>
	new Request('http://localhost/sign-in?/password', {
		method: 'POST',
		headers: { 'content-type': type },
		body: 'email=a@example.org'
	});

describe('refused requests', () => {
	it('turns a text/plain form post into a type SvelteKit refuses', () => {
		const request = post('text/plain;charset=UTF-8');
		expect(markUnreadableForm(request, '/(auth)/sign-in', '/sign-in')).toBe(true);
		expect(request.headers.get('content-type')).toBe('application/octet-stream');
	});

	it('leaves ordinary forms, GETs, the API and Pause’s check alone', () => {
		const form = post('application/x-www-form-urlencoded');
		expect(markUnreadableForm(form, '/(auth)/sign-in', '/sign-in')).toBe(false);
		expect(form.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
		const get = new Request('http://localhost/sign-in', {
			headers: { 'content-type': 'text/plain' }
		});
		expect(markUnreadableForm(get, '/(auth)/sign-in', '/sign-in')).toBe(false);
		expect(markUnreadableForm(post('text/plain'), null, '/api/auth/sign-in/email')).toBe(false);
		const check = post('text/plain');
		expect(markUnreadableForm(check, '/(public)/pause/check', '/pause/check')).toBe(false);
		expect(check.headers.get('content-type')).toBe('text/plain');
	});

	it('says in plain words why a body too large or unreadable was refused', () => {
		expect(refusalMessage(413, 'Content-length of 6291539 exceeds limit of 524288 bytes.')).toMatch(
			/more than we can take in one go/
		);
		expect(refusalMessage(415, 'Form actions expect form-encoded data')).toMatch(
			/could not read this form/
		);
		expect(refusalMessage(400, 'Something specific')).toBe('Something specific');
	});
});
