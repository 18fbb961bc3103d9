import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCipher, keyedHash, type Cipher } from './crypto';

/**
 * The keys that seal what members write in their workbook. A ring of keys from STEADY_DATA_KEYS
 * (`id1:base64key,id2:base64key`): the first seals every new value, all of them open. Each sealed
 * value carries the id of the key that sealed it (`<key id>:v1.<nonce>.<ciphertext>.<tag>`), so
 * after a new key is put first, old values still open and `npm run keys:rotate` can move them to
 * the new key. Each value is bound to where it lives (a context such as `table:row id:field`), so a
 * value copied into another row or field does not open.
 */

export interface DataKey {
	id: string;
	key: Buffer;
}

/** A value that cannot be opened: changed, moved, or sealed under a key Steady no longer has. */
export class SealedValueError extends Error {
	constructor(
		readonly reason: 'unknown-key' | 'damaged' | 'malformed',
		readonly keyId?: string
	) {
		super(
			reason === 'unknown-key'
				? `A stored value was sealed with the data key "${keyId}", which is not configured.`
				: reason === 'damaged'
					? 'A stored value did not pass its integrity check: it was changed, moved to another place, or sealed with another key of the same name.'
					: 'A stored value is not in the form Steady seals values in.'
		);
		this.name = 'SealedValueError';
	}
}

export interface DataKeyRing {
	/** The id of the key that seals new values. */
	readonly currentKeyId: string;
	readonly keyIds: readonly string[];
	seal(plaintext: string, context: string): string;
	/** Opens a sealed value; throws SealedValueError, never returns garbage. */
	open(sealed: string, context: string): string;
	/** The id of the key a value was sealed with, or undefined when it is not a sealed value. */
	keyIdOf(sealed: string): string | undefined;
	/**
	 * A short keyed hash of a value, for standing in for it where it must not appear (a link, a
	 * form's choice). Stable while the first key stays first; unguessable without the key.
	 */
	token(purpose: string, value: string): string;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

export const dataKeysFormat =
	'expected one or more keys separated by commas, each "id:key" with an id of letters, digits, - or _ and a key of 32 random bytes in base64 (for example from `openssl rand -base64 32`); the first one seals new values';

/** Reads `id1:base64key,id2:base64key`; throws an Error saying what is wrong (never the key). */
export function parseDataKeys(raw: string): DataKey[] {
	const entries = raw
		.split(/[,\n]/)
		.map((part) => part.trim())
		.filter((part) => part !== '');
	if (entries.length === 0) throw new Error(`no key was given; ${dataKeysFormat}`);
	const keys: DataKey[] = [];
	entries.forEach((entry, index) => {
		const colon = entry.indexOf(':');
		const id = colon > 0 ? entry.slice(0, colon) : '';
		const encoded = colon > 0 ? entry.slice(colon + 1) : '';
		if (!keyIdPattern.test(id)) {
			throw new Error(`key ${index + 1} has no usable id before its colon; ${dataKeysFormat}`);
		}
		if (keys.some((k) => k.id === id)) throw new Error(`the key id "${id}" is used twice`);
		const key = Buffer.from(encoded, 'base64');
		if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) || key.length !== 32) {
			throw new Error(`the key "${id}" is not 32 bytes in base64; ${dataKeysFormat}`);
		}
		keys.push({ id, key });
	});
	return keys;
}

export function createDataKeyRing(keys: DataKey[]): DataKeyRing {
	const first = keys[0];
	if (!first) throw new Error('A data key ring needs at least one key.');
	const ciphers = new Map<string, Cipher>(keys.map((k) => [k.id, createCipher(k.key)]));
	const current = ciphers.get(first.id)!;
	const tokenKey = Buffer.from(hkdfSync('sha256', first.key, 'steady', 'steady:tokens', 32));

	const split = (sealed: string): [string, string] | undefined => {
		const colon = sealed.indexOf(':');
		if (colon <= 0) return undefined;
		const id = sealed.slice(0, colon);
		return keyIdPattern.test(id) ? [id, sealed.slice(colon + 1)] : undefined;
	};

	return {
		currentKeyId: first.id,
		keyIds: keys.map((k) => k.id),
		seal(plaintext, context) {
			return `${first.id}:${current.encrypt(plaintext, context)}`;
		},
		open(sealed, context) {
			const parts = split(sealed);
			if (!parts) throw new SealedValueError('malformed');
			const [id, body] = parts;
			const cipher = ciphers.get(id);
			if (!cipher) throw new SealedValueError('unknown-key', id);
			try {
				return cipher.decrypt(body, context);
			} catch (error) {
				if ((error as Error).message.includes('not in a form')) {
					throw new SealedValueError('malformed');
				}
				throw new SealedValueError('damaged', id);
			}
		},
		keyIdOf(sealed) {
			return split(sealed)?.[0];
		},
		token(purpose, value) {
			return keyedHash(tokenKey, `${purpose}\u0000${value}`).slice(0, 22);
		}
	};
}

/** A new key ring entry, `id:base64key`, with an id that says when it was made. */
export function newDataKeyEntry(now: Date = new Date()): string {
	const id = `k${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(2).toString('hex')}`;
	return `${id}:${randomBytes(32).toString('base64')}`;
}

export const dataKeysFileName = 'data.keys';

/**
 * The configured keys; without STEADY_DATA_KEYS, the keys kept in DATA_DIR/data.keys (same
 * format, one per line or comma-separated), made on first start with mode 600. `onCreated` is
 * told the file's path when it was made now, so the start-up can say so.
 */
export function resolveDataKeys(
	configured: string | undefined,
	dataDir: string,
	onCreated: (file: string) => void = () => {}
): DataKeyRing {
	if (configured) return createDataKeyRing(parseDataKeys(configured));
	const file = path.join(dataDir, dataKeysFileName);
	const readKeys = () => {
		try {
			return createDataKeyRing(parseDataKeys(readFileSync(file, 'utf8')));
		} catch (error) {
			throw new Error(`The data keys in ${file} cannot be used: ${(error as Error).message}`);
		}
	};
	try {
		readFileSync(file);
		return readKeys();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	mkdirSync(dataDir, { recursive: true });
	try {
		// 'wx' fails if another process wrote it first; then both use theirs.
		writeFileSync(file, newDataKeyEntry() + '\n', { mode: 0o600, flag: 'wx' });
		onCreated(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	return readKeys();
}
