import ical, {
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus
} from 'ical-generator';

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface CalendarBooking {
	id: string;
	start: string;
	end: string;
	sequence: number;
}

export interface CalendarDetails {
	booking: CalendarBooking;
	method: CalendarMethod;
	practice: { name: string; contactEmail: string };
	visitor: { name: string; email: string };
	meeting: { details: string; url: string | null };
	manageUrl: string;
	/** The site's host, for a UID that is the same for this booking in every file. */
	host: string;
	stamp: Date;
}

/** The UID a booking keeps for life, so calendars update or remove the one event. */
export function calendarUid(bookingId: string, host: string): string {
	return `consultation-${bookingId}@${host}`;
}

/**
 * An iCalendar file for one consultation: times in UTC, the booking's UID and SEQUENCE, and only
 * what the visitor needs to turn up — never anything they wrote.
 */
export function bookingCalendar(details: CalendarDetails): string {
	const methods = {
		REQUEST: ICalCalendarMethod.REQUEST,
		CANCEL: ICalCalendarMethod.CANCEL,
		PUBLISH: ICalCalendarMethod.PUBLISH
	} as const;
	const calendar = ical({
		prodId: { company: details.practice.name, product: 'Consultations', language: 'EN' },
		method: methods[details.method]
	});
	const cancelled = details.method === 'CANCEL';
	const description = [
		`A free 20-minute consultation with ${details.practice.name}.`,
		`How to join: ${details.meeting.details}`,
		...(details.meeting.url ? [details.meeting.url] : []),
		cancelled ? 'This consultation is cancelled.' : `To change or cancel: ${details.manageUrl}`
	].join('\n\n');
	calendar.createEvent({
		id: calendarUid(details.booking.id, details.host),
		sequence: details.booking.sequence,
		stamp: details.stamp,
		start: new Date(details.booking.start),
		end: new Date(details.booking.end),
		summary: `Free consultation with ${details.practice.name}`,
		description,
		location: details.meeting.url ?? 'By video or phone — details in the description',
		...(cancelled ? {} : { url: details.manageUrl }),
		status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
		organizer: { name: details.practice.name, email: details.practice.contactEmail },
		attendees: [
			{
				name: details.visitor.name,
				email: details.visitor.email,
				role: ICalAttendeeRole.REQ,
				status: cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
				rsvp: false
			}
		]
	});
	return calendar.toString();
}

export interface FeedConsultation {
	id: string;
	start: string;
	end: string;
	sequence: number;
	/** The visitor's initials: enough to tell consultations apart, not to identify anyone. */
	initials: string;
	missed: boolean;
}

/**
 * The practitioner's private calendar feed: one event per consultation, carrying its time and the
 * visitor's initials only — no name, address, phone or anything they wrote. Each event keeps the
 * booking's UID, so a calendar that refreshes updates the same entry when a time moves.
 */
export function practiceFeed(details: {
	practiceName: string;
	host: string;
	origin: string;
	stamp: Date;
	consultations: readonly FeedConsultation[];
}): string {
	const calendar = ical({
		prodId: { company: details.practiceName, product: 'Consultation feed', language: 'EN' },
		method: ICalCalendarMethod.PUBLISH,
		name: `${details.practiceName} consultations`,
		ttl: 15 * 60
	});
	for (const c of details.consultations) {
		calendar.createEvent({
			id: calendarUid(c.id, details.host),
			sequence: c.sequence,
			stamp: details.stamp,
			start: new Date(c.start),
			end: new Date(c.end),
			summary: `Free consultation — ${c.initials}${c.missed ? ' (missed)' : ''}`,
			description: `Details after signing in: ${details.origin}/admin/consultations/${c.id}`,
			url: `${details.origin}/admin/consultations/${c.id}`,
			status: ICalEventStatus.CONFIRMED
		});
	}
	return calendar.toString();
}
