import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret for this installation: the configured value when there is one, otherwise one generated
 * on first start and kept in a file beside the SQLite database (never in it), readable only by
 * the server's user. Scaled mode requires configured secrets so every process shares them.
 */
export function resolveSecret(
	name: string,
	configured: string | undefined,
	dataDir: string
): string {
	if (configured) return configured;
	const file = path.join(dataDir, `${name}.secret`);
	try {
		return readFileSync(file, 'utf8').trim();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('base64url');
	// 'wx' fails if another process wrote it first; then read theirs so both agree.
	try {
		writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
		return secret;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return readFileSync(file, 'utf8').trim();
	}
}
