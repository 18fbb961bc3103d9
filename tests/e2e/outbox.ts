import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Reads the e-mails the server under test kept in its outbox (mail is not configured in the
 * browser tests), straight from its SQLite file: the same rows the practitioner sees.
 */
export function latestMail(
	to: string,
	kind: string
): { subject: string; text: string } | undefined {
	const dir = process.env.STEADY_E2E_DATA_DIR;
	if (!dir)
		throw new Error('STEADY_E2E_DATA_DIR is not set; run the tests with playwright.config.ts');
	const db = new Database(path.join(dir, 'steady.db'), { readonly: true, fileMustExist: true });
	try {
		const row = db
			.prepare(
				'select subject, text_body as text from mail_outbox where to_address = ? and kind = ? order by created_at desc limit 1'
			)
			.get(to, kind) as { subject: string; text: string } | undefined;
		return row;
	} finally {
		db.close();
	}
}

/** The one link in the latest e-mail of a kind to an address. */
export async function linkFromMail(to: string, kind: string, timeoutMs = 5000): Promise<string> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const mail = latestMail(to, kind);
		const link = mail?.text.match(/https?:\/\/\S+/)?.[0];
		if (link) return link;
		if (Date.now() > until) throw new Error(`No ${kind} e-mail with a link reached ${to}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

let counter = 0;
/** A fresh address for each test, so no test depends on another's account. */
export function uniqueEmail(label = 'member'): string {
	counter += 1;
	return `${label}-${Date.now()}-${process.pid}-${counter}@example.org`;
}
