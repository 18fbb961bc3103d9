import { DatabaseStartError } from './db/database';
import { ConfigError } from './env';

/**
 * What to print when the server or a console command cannot go on: configuration and database
 * problems already say what to do, so they are shown as they are; anything else gets a context.
 */
export function startupErrorMessage(error: unknown, context: string): string {
	if (error instanceof ConfigError || error instanceof DatabaseStartError) return error.message;
	return `${context}: ${(error as Error).message}`;
}
