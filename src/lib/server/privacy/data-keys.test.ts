import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	createDataKeyRing,
	dataKeysFileName,
	newDataKeyEntry,
	parseDataKeys,
	resolveDataKeys,
	SealedValueError
} from './data-keys';

const entry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('the data key ring', () => {
	const older = entry('old');
	const newer = entry('new');

	it('seals with the first key, names it beside the value, and opens with the same context', () => {
		const ring = createDataKeyRing(parseDataKeys(`${newer},${older}`));
		const text = 'A text went unanswered and I spiralled — «encore» 🌧';
		const sealed = ring.seal(text, 'workbook_moment:m1:what_happened');
		expect(sealed).toMatch(/^new:v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(sealed).not.toContain('unanswered');
		expect(ring.keyIdOf(sealed)).toBe('new');
		expect(ring.currentKeyId).toBe('new');
		expect(ring.open(sealed, 'workbook_moment:m1:what_happened')).toBe(text);
	});

	it('uses a new nonce for every value', () => {
		const ring = createDataKeyRing(parseDataKeys(newer));
		const a = ring.seal('same words', 'c');
		const b = ring.seal('same words', 'c');
		expect(a).not.toBe(b);
		expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
	});

	it('opens values sealed by any key in the ring, so keys can be rotated', () => {
		const before = createDataKeyRing(parseDataKeys(older));
		const sealed = before.seal('kept under the old key', 'ctx');
		const after = createDataKeyRing(parseDataKeys(`${newer},${older}`));
		expect(after.open(sealed, 'ctx')).toBe('kept under the old key');
		expect(after.keyIdOf(sealed)).toBe('old');
	});

	it('refuses a value moved to another row or field', () => {
		const ring = createDataKeyRing(parseDataKeys(newer));
		const sealed = ring.seal('mine', 'workbook_moment:m1:what_happened');
		expect(() => ring.open(sealed, 'workbook_moment:m2:what_happened')).toThrow(SealedValueError);
		expect(() => ring.open(sealed, 'workbook_moment:m1:what_helped')).toThrow(/integrity/);
	});

	it('refuses a changed value with a clear error, never garbage', () => {
		const ring = createDataKeyRing(parseDataKeys(newer));
		const sealed = ring.seal('a sentence that matters', 'ctx');
		const [head, iv, body, tag] = sealed.split('.');
		const flipped = Buffer.from(body!, 'base64url');
		flipped[3] = flipped[3]! ^ 0x20;
		const tampered = [head, iv, flipped.toString('base64url'), tag].join('.');
		try {
			ring.open(tampered, 'ctx');
			expect.unreachable('a tampered value opened');
		} catch (error) {
			expect(error).toBeInstanceOf(SealedValueError);
			expect((error as SealedValueError).reason).toBe('damaged');
			expect((error as Error).message).not.toContain('sentence');
		}
	});

	it('refuses a value under a key it does not have, naming only the key id', () => {
		const sealed = createDataKeyRing(parseDataKeys(older)).seal('x', 'ctx');
		const ring = createDataKeyRing(parseDataKeys(newer));
		expect(() => ring.open(sealed, 'ctx')).toThrow(/data key "old", which is not configured/);
		expect(() => ring.open('plain words', 'ctx')).toThrow(SealedValueError);
		expect(() => ring.open('new:v1.abc', 'ctx')).toThrow(/not in the form/);
	});

	it('refuses a key of the same id but other bytes', () => {
		const sealed = createDataKeyRing(parseDataKeys(entry('same'))).seal('x', 'ctx');
		const other = createDataKeyRing(parseDataKeys(entry('same')));
		expect(() => other.open(sealed, 'ctx')).toThrow(SealedValueError);
	});
});

describe('tokens for values that must not appear in a link', () => {
	it('are stable for one key, differ by purpose and by key, and do not contain the value', () => {
		const key = entry('a');
		const ring = createDataKeyRing(parseDataKeys(key));
		const token = ring.token('person', 'my sister');
		expect(token).toMatch(/^[\w-]{22}$/);
		expect(createDataKeyRing(parseDataKeys(key)).token('person', 'my sister')).toBe(token);
		expect(ring.token('person', 'my brother')).not.toBe(token);
		expect(ring.token('other', 'my sister')).not.toBe(token);
		expect(createDataKeyRing(parseDataKeys(entry('a'))).token('person', 'my sister')).not.toBe(
			token
		);
	});
});

describe('reading STEADY_DATA_KEYS', () => {
	it('reads several keys in order', () => {
		const keys = parseDataKeys(` ${entry('a')} , ${entry('b-2')}\n${entry('c_3')} `);
		expect(keys.map((k) => k.id)).toEqual(['a', 'b-2', 'c_3']);
		expect(keys.every((k) => k.key.length === 32)).toBe(true);
	});

	it('says what is wrong without repeating the key', () => {
		const short = `a:${randomBytes(16).toString('base64')}`;
		expect(() => parseDataKeys(short)).toThrow(/"a" is not 32 bytes/);
		try {
			parseDataKeys(short);
		} catch (error) {
			expect((error as Error).message).not.toContain(short.slice(2));
		}
		expect(() => parseDataKeys('')).toThrow(/no key/);
		expect(() => parseDataKeys(randomBytes(32).toString('base64'))).toThrow(/id/);
		expect(() => parseDataKeys(`${entry('a')},${entry('a')}`)).toThrow(/used twice/);
		expect(() => parseDataKeys(`a b:${randomBytes(32).toString('base64')}`)).toThrow(/id/);
	});

	it('makes entries it can read back', () => {
		const made = newDataKeyEntry(new Date('2026-11-29T12:00:00Z'));
		expect(made).toMatch(/^k20261129[0-9a-f]{4}:/);
		expect(parseDataKeys(made)).toHaveLength(1);
	});
});

describe('the key file in DATA_DIR', () => {
	let dir: string | undefined;
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		dir = undefined;
	});

	it('is made once, readable only by its owner, and says so', () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'steady-keys-'));
		const created: string[] = [];
		const ring = resolveDataKeys(undefined, dir, (file) => created.push(file));
		const file = path.join(dir, dataKeysFileName);
		expect(created).toEqual([file]);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const sealed = ring.seal('kept', 'ctx');

		const again = resolveDataKeys(undefined, dir, (f) => created.push(f));
		expect(created).toHaveLength(1);
		expect(again.currentKeyId).toBe(ring.currentKeyId);
		expect(again.open(sealed, 'ctx')).toBe('kept');
		expect(readFileSync(file, 'utf8')).toMatch(/^k\d{8}[0-9a-f]{4}:[A-Za-z0-9+/]+=*\n$/);
	});

	it('prefers the configured keys and reports a damaged file by its path', () => {
		const here = mkdtempSync(path.join(os.tmpdir(), 'steady-keys-'));
		dir = here;
		const configured = entry('conf');
		expect(resolveDataKeys(configured, here).currentKeyId).toBe('conf');
		writeFileSync(path.join(here, dataKeysFileName), 'nonsense\n');
		expect(() => resolveDataKeys(undefined, here)).toThrow(/data\.keys cannot be used/);
	});
});
