import type { Logger } from 'pino';
import type { Role } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			requestId: string;
			/** The client's address as adapter-node trusts it (ADDRESS_HEADER), or 'unknown'. */
			clientAddress: string;
			log: Logger;
			user: {
				id: string;
				name: string;
				email: string;
				emailVerified: boolean;
				role: Role;
				timeZone: string | null;
				twoFactorEnabled: boolean;
			} | null;
			session: { id: string; createdAt: string; expiresAt: string } | null;
		}
	}
}

export {};
