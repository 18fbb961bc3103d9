import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Small, boring encryption for what a person writes (intake answers): AES-256-GCM with a key
 * derived by HKDF-SHA256 from a secret kept outside the database. Each purpose gets its own key, so
 * a key for one thing can never open another.
 */

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

/** A 32-byte key for one purpose, derived from the installation's secret. */
export function deriveKey(secret: string, purpose: string): Buffer {
	if (secret.length < 16) throw new Error('The secret for deriving keys is too short.');
	return Buffer.from(hkdfSync('sha256', secret, 'steady', `steady:${purpose}`, 32));
}

export interface Cipher {
	/**
	 * Encrypts text. `context` (for example a booking id) is bound to the result: the text opens
	 * only with the same context, so a ciphertext copied to another row does not decrypt.
	 */
	encrypt(plaintext: string, context: string): string;
	/** Opens what encrypt produced; throws if it was changed, or under another key or context. */
	decrypt(payload: string, context: string): string;
}

export function createCipher(key: Buffer): Cipher {
	if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key.');
	return {
		encrypt(plaintext, context) {
			const iv = randomBytes(ivBytes);
			const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
			cipher.setAAD(Buffer.from(context, 'utf8'));
			const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
			const tag = cipher.getAuthTag();
			return [version, iv, body, tag]
				.map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
				.join('.');
		},
		decrypt(payload, context) {
			const parts = payload.split('.');
			if (parts.length !== 4 || parts[0] !== version) {
				throw new Error('This ciphertext is not in a form Steady wrote.');
			}
			const [, iv, body, tag] = parts.map((p) => Buffer.from(p, 'base64url'));
			if (!iv || iv.length !== ivBytes || !tag || tag.length !== tagBytes || !body) {
				throw new Error('This ciphertext is not in a form Steady wrote.');
			}
			const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
			decipher.setAAD(Buffer.from(context, 'utf8'));
			decipher.setAuthTag(tag);
			return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
		}
	};
}

/** A keyed hash (HMAC-SHA256, base64url): the same input always gives the same unguessable value. */
export function keyedHash(key: Buffer, value: string): string {
	return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
