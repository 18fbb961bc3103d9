import { createAuthClient } from 'better-auth/client';
import { passkeyClient } from '@better-auth/passkey/client';

/**
 * Passkeys in the browser: adding one to the signed-in account, and signing in with one. Import
 * it with `await import('$lib/accounts/passkey-client')` from an event handler, so pages that do
 * not use passkeys never load it and the server never runs it.
 */

function client() {
	return createAuthClient({
		baseURL: window.location.origin,
		basePath: '/api/auth',
		plugins: [passkeyClient()]
	});
}

export type PasskeyResult =
	| { ok: true; passkeyId?: string }
	| { ok: false; reason: 'cancelled' | 'not-fresh' | 'unsupported' | 'failed'; message: string };

export const passkeyMessages = {
	cancelled: 'Adding the passkey was stopped before it finished, so nothing has changed.',
	notFresh:
		'For your safety, a passkey can only be added soon after signing in. Please sign in again, then come back here.',
	unsupported:
		'This browser cannot make passkeys. You can add one from another device, or use an authenticator app instead.',
	failed: 'The passkey could not be added. Nothing has changed. Please try again in a moment.',
	signInCancelled: 'Signing in with a passkey was stopped before it finished. You can try again.',
	signInFailed:
		'We could not sign you in with that passkey. You can try again or use your password.'
} as const;

export function passkeysSupported(): boolean {
	return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

/** Asks the device to make a passkey for the signed-in account and saves it. */
export async function addPasskey(name: string): Promise<PasskeyResult> {
	if (!passkeysSupported()) {
		return { ok: false, reason: 'unsupported', message: passkeyMessages.unsupported };
	}
	const result = await client().passkey.addPasskey({ name });
	if (result.error) {
		const error = result.error as { code?: string; status?: number };
		const code = String(error.code ?? '');
		if (code === 'SESSION_NOT_FRESH' || error.status === 403) {
			return { ok: false, reason: 'not-fresh', message: passkeyMessages.notFresh };
		}
		if (code === 'ERROR_CEREMONY_ABORTED' || code === 'AUTH_CANCELLED') {
			return { ok: false, reason: 'cancelled', message: passkeyMessages.cancelled };
		}
		return { ok: false, reason: 'failed', message: passkeyMessages.failed };
	}
	const data = result.data as { id?: string } | null;
	return { ok: true, passkeyId: data?.id };
}

/** Signs in with a passkey on this device; the session cookie is set by the response. */
export async function signInWithPasskey(): Promise<PasskeyResult> {
	if (!passkeysSupported()) {
		return { ok: false, reason: 'unsupported', message: passkeyMessages.unsupported };
	}
	const result = await client().signIn.passkey();
	if (result?.error) {
		const error = result.error as { code?: string };
		const cancelled = String(error.code ?? '') === 'AUTH_CANCELLED';
		return cancelled
			? { ok: false, reason: 'cancelled', message: passkeyMessages.signInCancelled }
			: { ok: false, reason: 'failed', message: passkeyMessages.signInFailed };
	}
	return { ok: true };
}
