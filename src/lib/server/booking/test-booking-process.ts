// A second server process for the concurrency test: books the given requests against the same
// database as the test, all at once, and prints what each got. Run with tsx by the test only.
import { readFileSync } from 'node:fs';
import { fixedClock } from '../clock';
import { openDatabase } from '../db/database';
import { createMailService } from '../mail/mail.service';
import {
	createBookingService,
	type BookingRequest,
	type BookingServiceDeps
} from './booking.service';

interface Job {
	database: Parameters<typeof openDatabase>[0];
	options: Parameters<typeof openDatabase>[1];
	now: string;
	practice: BookingServiceDeps['practice'];
	origin: string;
	secret: string;
	requests: BookingRequest[];
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
const opened = openDatabase(job.database, job.options);
const clock = fixedClock(job.now);
const mail = createMailService({
	db: opened.db,
	kind: opened.kind,
	clock,
	transport: null,
	from: 'test@example.org'
});
const booking = createBookingService({
	db: opened.db,
	kind: opened.kind,
	clock,
	mail,
	practice: job.practice,
	origin: job.origin,
	secret: job.secret
});
// Wait for the parent's signal so both processes start together. The handler is in place before
// "ready" is written: a signal with no handler would end the process.
const go = new Promise<void>((resolve) => process.once('SIGUSR2', () => resolve()));
// A timer keeps the process alive while it waits (a signal handler alone does not).
const waiting = setInterval(() => {}, 1000);
process.stdout.write('ready\n');
await go;
clearInterval(waiting);
const results = await Promise.all(
	job.requests.map((r) =>
		booking.book(r).then(
			(result) => result.kind,
			(error: Error) => `error: ${error.message}`
		)
	)
);
await opened.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
