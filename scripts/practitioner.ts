// `npm run practitioner -- add <email>`: makes an existing account a practitioner, or prints a
// one-time link with which the person creates one.
// `npm run practitioner -- reset-2fa <email>`: removes an account's second factors, passkeys and
// sessions, for someone who has lost their phone; they add a new one at their next sign-in.
import { config } from '../src/lib/server/env';
import { openDatabase } from '../src/lib/server/db/database';
import { startupErrorMessage } from '../src/lib/server/startup-error';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { systemClock } from '../src/lib/server/clock';
import { createAuditRepository } from '../src/lib/server/audit/audit.repository';
import { createAuditService } from '../src/lib/server/audit/audit.service';
import { createSetupTokenRepository } from '../src/lib/server/accounts/setup-token.repository';
import { createSetupService } from '../src/lib/server/accounts/setup.service';

const usage = `Usage:
  npm run practitioner -- add <email>
  npm run practitioner -- reset-2fa <email>`;

const [command, email] = process.argv.slice(2);
if (!command || !email || !['add', 'reset-2fa'].includes(command)) {
	console.error(usage);
	process.exit(2);
}
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
	console.error(`"${email}" does not look like an e-mail address.\n${usage}`);
	process.exit(2);
}

try {
	const cfg = config();
	const opened = openDatabase(cfg.database);
	try {
		await migrateToLatest(opened.db);
		const audit = createAuditService({
			audit: createAuditRepository(opened.db),
			clock: systemClock
		});
		const setup = createSetupService({
			tokens: createSetupTokenRepository(opened.db),
			clock: systemClock,
			audit
		});
		const origin = cfg.origin ?? `http://localhost:${process.env.PORT || 3000}`;
		if (command === 'add') {
			const result = await setup.addPractitioner(email, origin);
			process.stdout.write(
				result.promoted
					? `${email} is now a practitioner. They will be asked to add a second factor when they next open the practice area.\n`
					: `Send this one-time link to ${email} (it works once, for 24 hours):\n\n  ${result.link}\n\n`
			);
		} else {
			const done = await setup.resetSecondFactors(email);
			if (!done) {
				console.error(`There is no account for ${email}.`);
				process.exitCode = 1;
			} else {
				process.stdout.write(
					`The second factors and sessions of ${email} are removed. They can sign in with their password and add a new one.\n`
				);
			}
		}
	} finally {
		await opened.close();
	}
} catch (error) {
	console.error(startupErrorMessage(error, 'That did not finish'));
	process.exit(1);
}
