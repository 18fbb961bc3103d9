/**
 * Every attacked form again, in Debian's Chromium: each text field filled with a script or an
 * onerror payload, the form sent (with the browser's own checks off, as an attacker would), and
 * the page that comes back watched for a payload that ran, a dialog, or a request to another host.
 */
import { chromium, type Browser } from '@playwright/test';
import type { Client } from './client';
import { isTextLike, type FoundForm } from './html';
import { imagePayload, nextMarker, scriptPayload } from './payloads';

const launchArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export async function browserChecks(
	origin: string,
	roles: { name: string; client: Client }[],
	forms: { role: { name: string; client: Client }; form: FoundForm }[]
): Promise<{ forms: number; problems: string[] }> {
	const problems: string[] = [];
	let filled = 0;
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: launchArgs
		});
		for (const role of roles) {
			// A button with a formaction of its own sends the same form: once in the browser is enough.
			const once = new Set<string>();
			const mine = forms.filter((f) => {
				const key = `${f.form.page}#${f.form.index}`;
				if (f.role.name !== role.name || !f.form.fields.some(isTextLike) || once.has(key)) {
					return false;
				}
				once.add(key);
				return true;
			});
			if (mine.length === 0) continue;
			const context = await browser.newContext();
			await context.addCookies(
				[...role.client.cookies].map(([name, value]) => ({ name, value, url: origin }))
			);
			// The browser is a person from an address of its own, as the crawler's requests are.
			await context.setExtraHTTPHeaders({ 'X-Forwarded-For': `10.200.${filled % 250}.1` });
			const page = await context.newPage();
			const foreign: string[] = [];
			let dialogs = 0;
			page.on('request', (request) => {
				const url = new URL(request.url());
				if (!['http:', 'https:'].includes(url.protocol)) return;
				if (url.origin !== origin) foreign.push(request.url());
			});
			page.on('dialog', (dialog) => {
				dialogs++;
				void dialog.dismiss();
			});
			// Any marker: this form's, or one the crawler's requests left in what was saved.
			const ranPayloads = () =>
				page.evaluate(() => Object.keys(window).filter((name) => name.startsWith('__hostile_')));
			for (const { form } of mine) {
				const route = new URL(form.action).pathname + new URL(form.action).search;
				const where = `Chromium, ${role.name} ${route}`;
				const markers = [nextMarker(), nextMarker()];
				foreign.length = 0;
				dialogs = 0;
				try {
					await page.goto(form.page, { waitUntil: 'load' });
					const onOpen = await ranPayloads();
					if (onOpen.length > 0) {
						problems.push(
							`${where}: a saved payload ran as the page opened (${onOpen.join(', ')})`
						);
					}
					const found = await page.evaluate(
						({ index, action, script, image }) => {
							const all = [...document.querySelectorAll('form')];
							const form =
								all.find((f, i) => i === index && f.action === action) ??
								all.find((f) => f.action === action);
							if (!form) return false;
							const textTypes = ['text', 'email', 'search', 'url', 'tel', 'password'];
							let n = 0;
							for (const element of form.querySelectorAll('input, textarea')) {
								const field = element as HTMLInputElement | HTMLTextAreaElement;
								const textual =
									field instanceof HTMLTextAreaElement || textTypes.includes(field.type);
								if (!textual || field.disabled || field.readOnly) continue;
								field.value = n++ % 2 === 0 ? script : image;
								field.dispatchEvent(new Event('input', { bubbles: true }));
							}
							form.noValidate = true;
							form.setAttribute('data-hostile-sent', '');
							form.requestSubmit();
							return true;
						},
						{
							index: form.index,
							action: form.action,
							script: scriptPayload(markers[0]!),
							image: imagePayload(markers[1]!)
						}
					);
					if (!found) {
						problems.push(`${where}: the form was not on the page in the browser`);
						continue;
					}
					filled++;
					await page.waitForTimeout(300);
					await page.waitForLoadState('load');
					await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
					const ran = await ranPayloads();
					if (ran.length > 0) problems.push(`${where}: a payload ran (${ran.join(', ')})`);
					if (dialogs > 0) problems.push(`${where}: ${dialogs} dialog(s) opened`);
					for (const url of foreign) problems.push(`${where}: a request went to ${url}`);
				} catch (error) {
					problems.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
				}
			}
			await context.close();
		}
	} finally {
		await browser?.close();
	}
	return { forms: filled, problems };
}
