import { describeTime } from '../../booking/format';
import { renderEmail } from '../mail/render';
import type { OutgoingMail } from '../mail/mail.service';

/**
 * The e-mails about a booking. They carry the name, the time, how to join and the private link —
 * never what the visitor wrote and nothing about their health. The practitioner's notice carries
 * initials and a link to the admin page, where the rest is shown to someone signed in.
 */

export interface EmailBooking {
	id: string;
	start: string;
	visitorTimeZone: string;
	practiceTimeZone: string;
	name: string;
	email: string;
}

export interface EmailContext {
	practiceName: string;
	practiceEmail: string;
	origin: string;
	meetingDetails: string;
	meetingUrl: string | null;
	cutoffMinutes: number;
}

function hoursText(minutes: number): string {
	if (minutes % 60 !== 0) return `${minutes} minutes`;
	const hours = minutes / 60;
	return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** The time in the visitor's zone, and in the practitioner's when that differs. */
function timeLines(booking: EmailBooking): string[] {
	const theirs = describeTime(booking.start, booking.visitorTimeZone);
	const lines = [theirs.full];
	if (booking.visitorTimeZone !== booking.practiceTimeZone) {
		const practice = describeTime(booking.start, booking.practiceTimeZone);
		lines.push(
			`That is ${practice.time} on ${practice.shortDate} for the practitioner (${practice.zoneName}).`
		);
	}
	return lines;
}

function joinLines(context: EmailContext): string[] {
	return [
		`How to join: ${context.meetingDetails}`,
		...(context.meetingUrl ? [context.meetingUrl] : [])
	];
}

function footer(context: EmailContext): string[] {
	return [
		`${context.practiceName} is not an emergency service. If you need help now: ${context.origin}/help`,
		`You are receiving this because a consultation was booked with this address. Questions: ${context.practiceEmail}`
	];
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

export function confirmationEmail(
	booking: EmailBooking,
	context: EmailContext,
	manageUrl: string,
	calendar: string,
	moved: boolean
): OutgoingMail {
	const when = describeTime(booking.start, booking.visitorTimeZone);
	return {
		kind: moved ? 'booking-rescheduled' : 'booking-confirmed',
		to: booking.email,
		calendar: { content: calendar, method: 'REQUEST' },
		...renderEmail({
			subject: moved
				? `Your consultation has moved to ${when.shortDate}, ${when.time}`
				: `Your free consultation: ${when.shortDate}, ${when.time}`,
			greeting: `Hello ${firstName(booking.name)},`,
			paragraphs: [
				moved
					? `Your free 20-minute consultation with ${context.practiceName} is now at this time:`
					: `Your free 20-minute consultation with ${context.practiceName} is booked. Here is the time:`,
				...timeLines(booking),
				...joinLines(context),
				'The calendar invitation attached to this e-mail will add it to your calendar.',
				`If you need to change the time or cancel, you can use your private link up to ${hoursText(context.cutoffMinutes)} before. It is just for you, so please keep this e-mail to yourself.`
			],
			action: { label: 'Change or cancel', url: manageUrl },
			footer: footer(context)
		})
	};
}

export function cancellationEmail(
	booking: EmailBooking,
	context: EmailContext,
	calendar: string
): OutgoingMail {
	const when = describeTime(booking.start, booking.visitorTimeZone);
	return {
		kind: 'booking-cancelled',
		to: booking.email,
		calendar: { content: calendar, method: 'CANCEL' },
		...renderEmail({
			subject: `Your consultation on ${when.shortDate} is cancelled`,
			greeting: `Hello ${firstName(booking.name)},`,
			paragraphs: [
				`Your free consultation on ${when.full} is cancelled. The attached update will take it out of your calendar.`,
				'If you would like to talk another time, you are welcome to book again whenever it suits you.'
			],
			action: { label: 'Choose another time', url: `${context.origin}/consultation` },
			footer: footer(context)
		})
	};
}

export function reminderEmail(
	booking: EmailBooking,
	context: EmailContext,
	manageUrl: string,
	sendAfter: Date
): OutgoingMail {
	const when = describeTime(booking.start, booking.visitorTimeZone);
	return {
		kind: 'booking-reminder',
		to: booking.email,
		sendAfter,
		...renderEmail({
			subject: `Reminder: your free consultation, ${when.shortDate}, ${when.time}`,
			greeting: `Hello ${firstName(booking.name)},`,
			paragraphs: [
				'A gentle reminder of your free consultation:',
				...timeLines(booking),
				...joinLines(context),
				'If the time no longer works, you can change or cancel it with your private link.'
			],
			action: { label: 'Change or cancel', url: manageUrl },
			footer: footer(context)
		})
	};
}

export type NoticeKind = 'booked' | 'moved' | 'cancelled';

/**
 * Initials only: enough to recognise a booking in a mailbox, not to identify someone. The first
 * letter or digit of each word ("Ana María" → "A.M."); words without one are passed over, and a
 * name with none at all reads as "—".
 */
export function initials(name: string): string {
	const letters = name
		.trim()
		.split(/\s+/)
		.map((part) => /[\p{L}\p{N}]/u.exec(part)?.[0]?.toUpperCase() ?? '')
		.filter(Boolean)
		.slice(0, 3);
	return letters.length > 0 ? `${letters.join('.')}.` : '—';
}

export function practitionerNotice(
	booking: EmailBooking,
	context: EmailContext,
	change: NoticeKind
): OutgoingMail {
	const when = describeTime(booking.start, booking.practiceTimeZone);
	const what = {
		booked: 'New consultation',
		moved: 'Consultation moved',
		cancelled: 'Consultation cancelled'
	}[change];
	const sentence = {
		booked: `A free consultation was booked for ${when.full}.`,
		moved: `A free consultation was moved to ${when.full}.`,
		cancelled: `The free consultation on ${when.full} was cancelled by the visitor.`
	}[change];
	return {
		kind: 'booking-notice',
		to: context.practiceEmail,
		...renderEmail({
			subject: `${what}: ${when.shortDate}, ${when.time}`,
			greeting: 'Hello,',
			paragraphs: [
				sentence,
				`Initials: ${initials(booking.name)}`,
				'Their details and anything they wrote are on the consultation’s page, after signing in. They are not put in e-mails.'
			],
			action: {
				label: 'Open the consultation',
				url: `${context.origin}/admin/consultations/${booking.id}`
			}
		})
	};
}

/**
 * The practitioner's own words to the visitor, as paragraphs. It is their text, not the visitor's,
 * and it is escaped like every other line when the e-mail is drawn.
 */
function noteFromPractice(message: string | null | undefined): string[] {
	const text = message?.trim();
	if (!text) return [];
	const paragraphs = text
		.split(/\r?\n\s*\r?\n/)
		.map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
		.filter(Boolean);
	return ['A note from the practitioner:', ...paragraphs];
}

/** The practitioner moved the consultation: the new time, their note, and the updated invitation. */
export function practiceMovedEmail(
	booking: EmailBooking,
	context: EmailContext,
	manageUrl: string,
	calendar: string,
	message: string | null
): OutgoingMail {
	const when = describeTime(booking.start, booking.visitorTimeZone);
	return {
		kind: 'booking-rescheduled',
		to: booking.email,
		calendar: { content: calendar, method: 'REQUEST' },
		...renderEmail({
			subject: `Your consultation has moved to ${when.shortDate}, ${when.time}`,
			greeting: `Hello ${firstName(booking.name)},`,
			paragraphs: [
				`The practitioner at ${context.practiceName} needed to move your free consultation. We are sorry for the change. It is now at this time:`,
				...timeLines(booking),
				...noteFromPractice(message),
				...joinLines(context),
				'The calendar update attached to this e-mail will move it in your calendar.',
				'If the new time does not suit you, you can choose another or cancel with your private link.'
			],
			action: { label: 'Change or cancel', url: manageUrl },
			footer: footer(context)
		})
	};
}

/** The practitioner cancelled: said plainly, their note, and the calendar update that removes it. */
export function practiceCancellationEmail(
	booking: EmailBooking,
	context: EmailContext,
	calendar: string,
	message: string | null
): OutgoingMail {
	const when = describeTime(booking.start, booking.visitorTimeZone);
	return {
		kind: 'booking-cancelled',
		to: booking.email,
		calendar: { content: calendar, method: 'CANCEL' },
		...renderEmail({
			subject: `Your consultation on ${when.shortDate} is cancelled`,
			greeting: `Hello ${firstName(booking.name)},`,
			paragraphs: [
				`The practitioner at ${context.practiceName} has had to cancel your free consultation on ${when.full}. We are sorry — this is nothing you did.`,
				...noteFromPractice(message),
				'The attached update will take it out of your calendar. You are welcome to book another time whenever it suits you.'
			],
			action: { label: 'Choose another time', url: `${context.origin}/consultation` },
			footer: footer(context)
		})
	};
}
