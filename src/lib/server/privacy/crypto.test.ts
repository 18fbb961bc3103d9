import { describe, expect, it } from 'vitest';
import { createCipher, deriveKey, keyedHash } from './crypto';

const secret = 'a-test-secret-that-is-long-enough';

describe('intake encryption', () => {
	const cipher = createCipher(deriveKey(secret, 'booking-intake'));

	it('opens what it sealed, with the same context', () => {
		const text = 'I keep replaying a conversation — «ça va» 🌿';
		const sealed = cipher.encrypt(text, 'booking:1');
		expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(sealed).not.toContain('replaying');
		expect(cipher.decrypt(sealed, 'booking:1')).toBe(text);
	});

	it('gives a different ciphertext each time for the same text', () => {
		expect(cipher.encrypt('same', 'c')).not.toBe(cipher.encrypt('same', 'c'));
	});

	it('refuses another context, another key, and any change to the ciphertext', () => {
		const sealed = cipher.encrypt('private', 'booking:1');
		expect(() => cipher.decrypt(sealed, 'booking:2')).toThrow();
		const other = createCipher(deriveKey('another-secret-long-enough', 'booking-intake'));
		expect(() => other.decrypt(sealed, 'booking:1')).toThrow();
		const otherPurpose = createCipher(deriveKey(secret, 'workbook'));
		expect(() => otherPurpose.decrypt(sealed, 'booking:1')).toThrow();
		const [v, iv, body, tag] = sealed.split('.');
		const flipped = Buffer.from(body!, 'base64url');
		flipped[0] = flipped[0]! ^ 1;
		expect(() =>
			cipher.decrypt([v, iv, flipped.toString('base64url'), tag].join('.'), 'booking:1')
		).toThrow();
		expect(() => cipher.decrypt('v1.nope', 'booking:1')).toThrow(/not in a form/);
	});

	it('derives 32-byte keys that differ by purpose and refuses a short secret or key', () => {
		expect(deriveKey(secret, 'a')).toHaveLength(32);
		expect(deriveKey(secret, 'a').equals(deriveKey(secret, 'b'))).toBe(false);
		expect(() => deriveKey('short', 'a')).toThrow();
		expect(() => createCipher(Buffer.alloc(16))).toThrow();
	});

	it('keyed hashes are stable per key and differ between keys', () => {
		const key = deriveKey(secret, 'manage-token');
		expect(keyedHash(key, 'x')).toBe(keyedHash(key, 'x'));
		expect(keyedHash(key, 'x')).not.toBe(keyedHash(deriveKey(secret, 'other'), 'x'));
		expect(Buffer.from(keyedHash(key, 'x'), 'base64url')).toHaveLength(32);
	});
});
