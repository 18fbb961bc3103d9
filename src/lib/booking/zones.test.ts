import { describe, expect, it } from 'vitest';
import { isTimeZone, zoneGroups } from './zones';

describe('isTimeZone', () => {
	it('accepts the listed zones and UTC', () => {
		expect(isTimeZone('Europe/London')).toBe(true);
		expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
	});

	it('accepts another name the runtime knows, such as an alias a browser may report', () => {
		expect(zoneGroups().some((g) => g.zones.some((z) => z.value === 'US/Eastern'))).toBe(false);
		expect(isTimeZone('US/Eastern')).toBe(true);
		expect(isTimeZone('Etc/GMT+5')).toBe(true);
	});

	it('refuses what is not a zone, without asking Intl about odd shapes', () => {
		for (const value of [
			'',
			'Not/A_Zone',
			'+05:00',
			'../../etc/passwd',
			'Europe/London\n',
			'<script>',
			`Europe/${'x'.repeat(80)}`,
			'__proto__'
		]) {
			expect(isTimeZone(value), JSON.stringify(value)).toBe(false);
		}
	});
});
