import { getRequestEvent } from '$app/server';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import type { Logger } from 'pino';
import {
	accountExporters,
	createAccountDataService,
	type AccountDataService
} from './accounts/account-data.service';
import {
	createAccountSettingsService,
	type AccountSettingsService
} from './accounts/account-settings.service';
import { createAuth, type Auth } from './accounts/auth';
import { createSessionRepository, type SessionRepository } from './accounts/session.repository';
import { accountLookup } from './accounts/account.repository';
import { createSignInService, type SignInService } from './accounts/sign-in.service';
import { createAuditRepository } from './audit/audit.repository';
import { createAuditService, type AuditService } from './audit/audit.service';
import { createAvailabilityRepository } from './booking/availability.repository';
import {
	createAvailabilityService,
	type AvailabilityService
} from './booking/availability.service';
import { createBookingService, type BookingService } from './booking/booking.service';
import { systemClock, type Clock } from './clock';
import { startDatabase, type Database } from './db';
import type { Config } from './env';
import {
	createMailService,
	createMailTransport,
	startMailWorker,
	type MailService,
	type MailWorker
} from './mail/mail.service';
import { createPracticeRepository } from './practice/practice.repository';
import { createPracticeService, type Practice } from './practice/practice.service';
import { createRateLimitRepository } from './rate-limit/rate-limit.repository';
import { createRateLimiter, type RateLimiter } from './rate-limit/rate-limit.service';
import { resolveDataKeys, type DataKeyRing } from './privacy/data-keys';
import { resolveSecret } from './secrets';
import { detectCrisis } from './safety/crisis';
import { createBeliefsService, type BeliefsService } from './workbook/beliefs.service';
import { createCheckinsRepository } from './workbook/checkins.repository';
import { createCheckinsService, type CheckinsService } from './workbook/checkins.service';
import { createInsightsRepository } from './workbook/insights.repository';
import { createInsightsService, type InsightsService } from './workbook/insights.service';
import { createMomentsService, type MomentsService } from './workbook/moments.service';
import { createSelfCheckRepository } from './workbook/self-check.repository';
import { createSelfCheckService, type SelfCheckService } from './workbook/self-check.service';
import { practiceGuides } from './content/practices';
import { createPracticesRepository } from './workbook/practices.repository';
import { createPracticesService, type PracticesService } from './workbook/practices.service';
import { createWinsRepository } from './workbook/wins.repository';
import { createWinsService, type WinsService } from './workbook/wins.service';
import {
	checkinsExporter,
	practiceAndWinExporters,
	selfCheckExporter,
	summariesExporters,
	workbookExporters
} from './workbook/workbook-export';
import { createSummariesRepository } from './workbook/summaries.repository';
import { createSummariesService, type SummariesService } from './workbook/summaries.service';
import { createWorkbookRepository } from './workbook/workbook.repository';

/** Everything the routes use, built once at start from the configuration. */
export interface Services {
	config: Config;
	origin: string;
	clock: Clock;
	logger: Logger;
	database: Database;
	practice: Practice;
	mail: MailService;
	mailWorker: MailWorker;
	audit: AuditService;
	sessions: SessionRepository;
	limiter: RateLimiter;
	auth: Auth;
	signIn: SignInService;
	accountSettings: AccountSettingsService;
	accountData: AccountDataService;
	booking: BookingService;
	availability: AvailabilityService;
	/** Seals and opens what members write in their workbook (privacy/data-keys.ts). */
	dataKeys: DataKeyRing;
	moments: MomentsService;
	beliefs: BeliefsService;
	/** Self-checks a member chose to keep (sealed like the rest of the workbook). */
	selfChecks: SelfCheckService;
	checkins: CheckinsService;
	practices: PracticesService;
	wins: WinsService;
	insights: InsightsService;
	/** Summaries a member prepares and may share with the practice. */
	summaries: SummariesService;
}

let current: Services | undefined;

export async function startServices(config: Config, logger: Logger): Promise<Services> {
	if (current) return current;
	const clock = systemClock;
	// The database first: it checks that DATA_DIR can be used, and says so plainly if not.
	const database = await startDatabase(config.database);
	const { db, kind } = database;
	const dataKeys = resolveDataKeys(config.dataKeys, config.dataDir, (file) =>
		logger.warn(
			{ file },
			'No STEADY_DATA_KEYS was set, so Steady made a data key for the workbook and keeps it in this file (readable only by this user). Back it up with the database: without it, what members wrote cannot be read.'
		)
	);
	const practice = await createPracticeService({
		practices: createPracticeRepository(db),
		clock
	}).ensure({
		name: config.practiceName,
		timeZone: config.practiceTimeZone,
		contactEmail: config.practiceEmail
	});
	const origin = config.origin ?? `http://localhost:${process.env.PORT || 3000}`;
	const mail = createMailService({
		db,
		kind,
		clock,
		transport: createMailTransport(config.mail.smtpUrl),
		from: config.mail.from,
		logger
	});
	const mailWorker = startMailWorker({ service: mail, logger });
	const audit = createAuditService({ audit: createAuditRepository(db), clock });
	const limiter = createRateLimiter({ buckets: createRateLimitRepository(db), clock });
	const auth = createAuth({
		db,
		kind,
		origin,
		secret: resolveSecret('auth', config.authSecret, config.dataDir),
		practiceName: practice.name,
		mail,
		limiter,
		onSessionCreated: async (session) => {
			await audit.record({
				action: 'sign-in.success',
				actorUserId: session.userId,
				subjectUserId: session.userId,
				ip: session.ipAddress ?? null,
				userAgent: session.userAgent ?? null
			});
		},
		// Lets better-auth set its cookies when a form action calls it on the server.
		plugins: [sveltekitCookies(getRequestEvent)]
	});
	const sessions = createSessionRepository(db);
	const signIn = createSignInService({ auth, limiter, audit, accounts: accountLookup(db) });
	const accountSettings = createAccountSettingsService({
		db,
		auth,
		audit,
		sessions,
		limiter,
		clock
	});
	// The free consultation: its keys derive from a secret kept outside the database.
	const booking = createBookingService({
		db,
		kind,
		clock,
		mail,
		practice,
		origin,
		secret: resolveSecret('booking', config.bookingKey, config.dataDir),
		logger,
		audit
	});
	const availability = createAvailabilityService({
		availability: createAvailabilityRepository(db),
		clock
	});
	await booking.ensureDefaults();
	// The member's workbook: sealed with the data keys, checked for crisis language as it is saved.
	const workbook = {
		repository: createWorkbookRepository(db),
		keys: dataKeys,
		clock,
		detectCrisis,
		logger
	};
	const moments = createMomentsService(workbook);
	const beliefs = createBeliefsService(workbook);
	const selfChecks = createSelfCheckService({
		...workbook,
		repository: createSelfCheckRepository(db)
	});
	const checkins = createCheckinsService({
		repository: createCheckinsRepository(db),
		keys: dataKeys,
		clock,
		logger
	});
	const insights = createInsightsService({
		repository: createInsightsRepository(db),
		keys: dataKeys,
		clock,
		logger
	});
	const practices = createPracticesService({
		...workbook,
		repository: createPracticesRepository(db),
		guides: practiceGuides
	});
	const wins = createWinsService({ ...workbook, repository: createWinsRepository(db) });
	const summaries = createSummariesService({
		repository: createSummariesRepository(db),
		keys: dataKeys,
		clock,
		audit,
		moments,
		beliefs,
		logger
	});
	const accountData = createAccountDataService({
		db,
		audit,
		clock,
		confirmPassword: accountSettings.confirmPassword,
		practiceName: practice.name,
		exporters: [
			...accountExporters,
			...workbookExporters(moments, beliefs),
			selfCheckExporter(selfChecks),
			checkinsExporter(checkins),
			...practiceAndWinExporters(practices, wins),
			...summariesExporters(summaries)
		]
	});
	current = {
		config,
		origin,
		clock,
		logger,
		database,
		practice,
		mail,
		mailWorker,
		audit,
		sessions,
		limiter,
		auth,
		signIn,
		accountSettings,
		accountData,
		booking,
		availability,
		dataKeys,
		moments,
		beliefs,
		selfChecks,
		checkins,
		practices,
		wins,
		insights,
		summaries
	};
	return current;
}

/** The services started at boot. */
export function services(): Services {
	if (!current) throw new Error('Steady is used before it has started.');
	return current;
}
