import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCrisisResources } from './crisis-resources';

describe('crisis resources', () => {
	it('lists emergency numbers, 988 by call or text and Samaritans 116 123', () => {
		const resources = loadCrisisResources();
		const hrefs = resources.lines.flatMap((l) => l.actions.map((a) => a.href));
		expect(hrefs).toContain('tel:988');
		expect(hrefs).toContain('sms:988');
		expect(hrefs).toContain('tel:116123');
		expect(resources.emergency.numbers.map((n) => n.number)).toContain('911');
		expect(resources.notice).toMatch(/not an emergency service/);
		expect(resources.elsewhere.link.href).toMatch(/^https:\/\//);
	});

	it('names the field when the practice makes a mistake in the file', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'steady-crisis-'));
		const file = path.join(dir, 'crisis.json');
		const good = loadCrisisResources();
		const bad = {
			...good,
			lines: [{ ...good.lines[0], actions: [{ label: 'Call', href: 'javascript:alert(1)' }] }]
		};
		writeFileSync(file, JSON.stringify(bad));
		expect(() => loadCrisisResources(file)).toThrow(/lines\.0\.actions\.0\.href/);
	});
});
