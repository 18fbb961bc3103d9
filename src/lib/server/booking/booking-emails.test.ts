import { describe, expect, it } from 'vitest';
import { initials } from './booking-emails';

describe('initials', () => {
	it('takes the first letter of up to three words', () => {
		expect(initials('Alex Rivera')).toBe('A.R.');
		expect(initials('  ana   maría  ')).toBe('A.M.');
		expect(initials('Ōta Kōji Ren Sato')).toBe('Ō.K.R.');
		expect(initials('Zoë')).toBe('Z.');
	});

	it('passes over what is not a letter, and never shows markup', () => {
		expect(initials('"Jo" (Joanna) Smith')).toBe('J.J.S.');
		expect(initials('<script>window.x=1</script>')).toBe('S.');
		expect(initials('<> ** !!')).toBe('—');
		expect(initials('')).toBe('—');
	});
});
