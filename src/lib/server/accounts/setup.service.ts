import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/audit.service';
import type { SetupTokenRepository } from './setup-token.repository';

const validityMs = 24 * 3600_000;

export function hashSetupToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export type SetupInvitation = { role: 'owner' | 'practitioner'; email: string | null };

/**
 * One-time links for practice accounts, printed at the console: the owner's on a new installation
 * and practitioners' made by `npm run practitioner -- add`. Tokens carry 256 random bits, live 24
 * hours, work once, and only their hash is stored.
 */
export function createSetupService(deps: {
	tokens: SetupTokenRepository;
	clock: Clock;
	audit?: AuditService;
}) {
	async function issue(role: 'owner' | 'practitioner', email: string | null): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		const now = deps.clock.now();
		await deps.tokens.insert({
			token_hash: hashSetupToken(token),
			role,
			email,
			created_at: now.toISOString(),
			expires_at: new Date(now.getTime() + validityMs).toISOString(),
			used_at: null
		});
		return token;
	}

	return {
		/** On a database without an owner: a fresh owner link (earlier unused ones stop working). */
		async ownerLinkIfNeeded(origin: string): Promise<string | undefined> {
			if (await deps.tokens.ownerExists()) return undefined;
			await deps.tokens.expireUnusedOwnerTokens(deps.clock.now().toISOString());
			const token = await issue('owner', null);
			return `${origin}/setup?token=${token}`;
		},

		/**
		 * Makes someone a practitioner: an existing account is promoted at once (they add a second
		 * factor at their next sign-in); otherwise a one-time link lets them create the account.
		 */
		async addPractitioner(
			email: string,
			origin: string
		): Promise<{ promoted: true } | { promoted: false; link: string }> {
			const normalised = email.trim().toLowerCase();
			const existing = await deps.tokens.findUserByEmail(normalised);
			if (existing) {
				if (existing.role === 'member') {
					await deps.tokens.setRole(existing.id, 'practitioner');
					await deps.audit?.record({
						action: 'role.changed',
						subjectUserId: existing.id,
						target: 'role:practitioner'
					});
				}
				return { promoted: true };
			}
			const token = await issue('practitioner', normalised);
			return { promoted: false, link: `${origin}/setup?token=${token}` };
		},

		/** What a link allows, or undefined when it is unknown, used, expired or no longer needed. */
		async check(token: string): Promise<SetupInvitation | undefined> {
			if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
			const row = await deps.tokens.find(hashSetupToken(token));
			if (!row || row.used_at !== null) return undefined;
			if (row.expires_at <= deps.clock.now().toISOString()) return undefined;
			if (row.role === 'owner' && (await deps.tokens.ownerExists())) return undefined;
			return { role: row.role, email: row.email };
		},

		/**
		 * Uses a link once: `create` makes the account; if it fails the link works again, so a typo
		 * in the form never burns it.
		 */
		async redeem<T>(
			token: string,
			create: (invitation: SetupInvitation) => Promise<T>
		): Promise<T | undefined> {
			const invitation = await this.check(token);
			if (!invitation) return undefined;
			const hash = hashSetupToken(token);
			if (!(await deps.tokens.claim(hash, deps.clock.now().toISOString()))) return undefined;
			try {
				return await create(invitation);
			} catch (error) {
				await deps.tokens.release(hash);
				throw error;
			}
		},

		async resetSecondFactors(email: string): Promise<boolean> {
			const user = await deps.tokens.findUserByEmail(email.trim().toLowerCase());
			if (!user) return false;
			await deps.tokens.resetSecondFactors(user.id);
			await deps.audit?.record({ action: 'two-factor.disabled', subjectUserId: user.id });
			return true;
		}
	};
}

export type SetupService = ReturnType<typeof createSetupService>;
