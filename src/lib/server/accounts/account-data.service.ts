import type { Kysely } from 'kysely';
import { auditActionInWords, type AuditService } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import type { Actor, Outcome } from './account-settings.service';
import { describeDevice, toIso } from './account-settings.service';
import { renderReadableExport, type ReadableSection } from './readable-export';

/**
 * "Download my data" and "Delete my account". The export is built from a list of exporters, one
 * per kind of data an account owns; a part of Steady that keeps something for an account (the
 * workbook, bookings) adds its exporter to `accountExporters` and it appears in every download.
 */

export interface ExportContext {
	db: Kysely<DB>;
	audit: AuditService;
	userId: string;
}

export interface AccountExporter {
	/** The key of this part in the downloaded JSON. */
	key: string;
	/** Its heading in the readable copy. */
	title: string;
	/** One sentence for the person reading the file. */
	about: string;
	collect(context: ExportContext): Promise<unknown>;
}

/** How many of the account's own audit entries a download holds, newest first. */
export const exportedAuditEntries = 500;

const flag = (value: number | boolean | null | undefined) => value === true || value === 1;

export const profileExporter: AccountExporter = {
	key: 'profile',
	title: 'Your profile',
	about: 'Your name, e-mail address, time zone and when the account was made.',
	async collect({ db, userId }) {
		const user = await db
			.selectFrom('user')
			.select([
				'id',
				'name',
				'email',
				'emailVerified',
				'role',
				'timeZone',
				'createdAt',
				'updatedAt'
			])
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!user) return null;
		return {
			id: user.id,
			name: user.name,
			email: user.email,
			emailConfirmed: flag(user.emailVerified),
			role: user.role,
			timeZone: user.timeZone,
			createdAt: toIso(user.createdAt),
			updatedAt: toIso(user.updatedAt)
		};
	}
};

export const sessionsExporter: AccountExporter = {
	key: 'sessions',
	title: 'Devices signed in',
	about: 'The devices signed in to your account. The secret part of each sign-in is left out.',
	async collect({ db, userId }) {
		const rows = await db
			.selectFrom('session')
			.select(['id', 'createdAt', 'updatedAt', 'expiresAt', 'ipAddress', 'userAgent'])
			.where('userId', '=', userId)
			.orderBy('createdAt')
			.execute();
		return rows.map((row) => ({
			id: row.id,
			device: describeDevice(row.userAgent),
			userAgent: row.userAgent || null,
			ipAddress: row.ipAddress || null,
			signedInAt: toIso(row.createdAt),
			lastUpdatedAt: toIso(row.updatedAt),
			expiresAt: toIso(row.expiresAt)
		}));
	}
};

export const passkeysExporter: AccountExporter = {
	key: 'passkeys',
	title: 'Passkeys',
	about: 'The names of your passkeys and when you added them. The keys themselves are left out.',
	async collect({ db, userId }) {
		const rows = await db
			.selectFrom('passkey')
			.select(['id', 'name', 'createdAt'])
			.where('userId', '=', userId)
			.orderBy('createdAt')
			.execute();
		return rows.map((row) => ({ id: row.id, name: row.name, addedAt: toIso(row.createdAt) }));
	}
};

export const secondFactorExporter: AccountExporter = {
	key: 'secondFactor',
	title: 'Second step',
	about: 'Whether a second step is on for your account. Secrets and backup codes are left out.',
	async collect({ db, userId }) {
		const [user, passkeys] = await Promise.all([
			db.selectFrom('user').select('twoFactorEnabled').where('id', '=', userId).executeTakeFirst(),
			db
				.selectFrom('passkey')
				.select((eb) => eb.fn.countAll<number>().as('count'))
				.where('userId', '=', userId)
				.executeTakeFirst()
		]);
		return {
			authenticatorApp: flag(user?.twoFactorEnabled),
			passkeys: Number(passkeys?.count ?? 0)
		};
	}
};

export const auditExporter: AccountExporter = {
	key: 'activity',
	title: 'Activity on your account',
	about:
		'What the record of account activity holds about your account: sign-ins, changes of password, e-mail and second step, and downloads like this one.',
	async collect({ audit, userId }) {
		const entries = await audit.listForSubject(userId, { limit: exportedAuditEntries });
		return entries.map((entry) => ({
			at: entry.at,
			action: entry.action,
			actionName: auditActionInWords(entry.action),
			target: entry.target,
			byYou: entry.actorUserId === userId,
			ipAddress: entry.ip,
			userAgent: entry.userAgent
		}));
	}
};

/**
 * Consents a person has given. Steady records none yet; the booking and workbook work that asks
 * for consent replaces this with an exporter that reads its own table.
 */
export const consentsExporter: AccountExporter = {
	key: 'consents',
	title: 'Consents',
	about: 'The consents you have given, with when you gave them.',
	async collect() {
		return [];
	}
};

/** Every part of a download, in the order it appears. Add yours here. */
export const accountExporters: AccountExporter[] = [
	profileExporter,
	sessionsExporter,
	passkeysExporter,
	secondFactorExporter,
	auditExporter,
	consentsExporter
];

export interface AccountDataDeps {
	db: Kysely<DB>;
	audit: AuditService;
	clock: Clock;
	/** Checks the person's password again (see AccountSettingsService.confirmPassword). */
	confirmPassword: (actor: Actor, password: string) => Promise<Outcome>;
	exporters?: AccountExporter[];
	practiceName: string;
}

export const ownerCannotBeDeleted =
	'This is the practice owner’s account. It holds the practice’s settings and the way in for everyone else, so it cannot be deleted here. If you are closing the practice or handing it on, please hand the ownership to someone else first.';

export function createAccountDataService(deps: AccountDataDeps) {
	const exporters = deps.exporters ?? accountExporters;

	/** Everything the account owns, as one JSON-ready object. Records 'data.exported'. */
	async function exportAccount(actor: Actor): Promise<Record<string, unknown>> {
		const exportedAt = deps.clock.now().toISOString();
		const parts: Record<string, unknown> = {};
		const about: Record<string, string> = {};
		for (const exporter of exporters) {
			parts[exporter.key] = await exporter.collect({
				db: deps.db,
				audit: deps.audit,
				userId: actor.userId
			});
			about[exporter.key] = exporter.about;
		}
		await deps.audit.record({
			action: 'data.exported',
			actorUserId: actor.userId,
			subjectUserId: actor.userId,
			ip: actor.ip,
			userAgent: actor.userAgent
		});
		return {
			format: 'steady-account-export',
			version: 1,
			practice: deps.practiceName,
			exportedAt,
			about,
			...parts
		};
	}

	const sections = (): ReadableSection[] => exporters.map(({ key, title }) => ({ key, title }));

	return {
		exportAccount,

		/** The parts of a download in order, with their headings for the readable copy. */
		sections,

		/** The readable copy: the same download as one web page, with times shown in `zone`. */
		async exportReadable(actor: Actor, zone: string): Promise<string> {
			return renderReadableExport(await exportAccount(actor), sections(), { zone });
		},

		/** The file name of a download made at `at`: steady-account-YYYY-MM-DD.json (UTC). */
		exportFileName(at: Date = deps.clock.now(), extension: 'json' | 'html' = 'json'): string {
			return `steady-account-${at.toISOString().slice(0, 10)}.${extension}`;
		},

		/**
		 * Deletes the account after the password is typed again. The user row goes, and with it (by
		 * the database's cascades) its sessions, sign-in methods, passkeys and second factor, and
		 * everything else that refers to it the same way. The 'account.deleted' entry is written in
		 * the same transaction, so the deletion and its record are kept or lost together.
		 */
		async deleteAccount(actor: Actor, input: { password: string }): Promise<Outcome> {
			if (actor.role === 'owner')
				return { ok: false, field: 'form', message: ownerCannotBeDeleted };
			const confirmed = await deps.confirmPassword(actor, input.password);
			if (!confirmed.ok) return confirmed;
			await deps.db.transaction().execute(async (trx) => {
				await trx.deleteFrom('user').where('id', '=', actor.userId).execute();
				await deps.audit.record(
					{
						action: 'account.deleted',
						actorUserId: actor.userId,
						subjectUserId: actor.userId,
						ip: actor.ip,
						userAgent: actor.userAgent
					},
					trx
				);
			});
			return { ok: true, value: undefined };
		}
	};
}

export type AccountDataService = ReturnType<typeof createAccountDataService>;
