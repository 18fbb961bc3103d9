import { expect, test } from './fixtures';

const contentTypes = [
	'application/x-www-form-urlencoded',
	'APPLICATION/X-WWW-FORM-URLENCODED',
	'multipart/form-data; boundary=steady',
	'Multipart/Form-Data; boundary=steady',
	'text/plain',
	'TEXT/PLAIN; charset=utf-8'
];

const body = (type: string) =>
	type.toLowerCase().startsWith('multipart')
		? '--steady\r\nContent-Disposition: form-data; name="email"\r\n\r\nx@example.org\r\n--steady--\r\n'
		: 'email=x%40example.org';

for (const path of ['/consultation', '/setup?token=x', '/sign-out']) {
	for (const type of contentTypes) {
		test(`a cross-site ${type} POST to ${path} is refused`, async ({ request }) => {
			const foreign = await request.post(path, {
				headers: { 'content-type': type, origin: 'https://elsewhere.example' },
				data: body(type),
				maxRedirects: 0
			});
			expect(foreign.status()).toBe(403);
		});
	}

	test(`a POST to ${path} without any Origin is refused`, async ({ request }) => {
		const missing = await request.post(path, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: 'email=x%40example.org',
			maxRedirects: 0
		});
		expect(missing.status()).toBe(403);
	});
}

test('better-auth refuses a cross-site sign-in request', async ({ request }) => {
	const response = await request.post('/api/auth/sign-in/email', {
		headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
		data: { email: 'x@example.org', password: 'a long enough password' }
	});
	expect(response.status()).toBe(403);
});
