import { escapeHtml } from '../text/escape-html';

export { escapeHtml };

export interface EmailContent {
	subject: string;
	/** The opening line, for example "Hello Ana,". */
	greeting: string;
	paragraphs: string[];
	/** One clear thing to do; shown as a button and, for clients that hide it, as a plain link. */
	action?: { label: string; url: string };
	/** Quieter lines at the end: why this e-mail came, who to contact. */
	footer?: string[];
}

export interface RenderedEmail {
	subject: string;
	text: string;
	html: string;
}

function checkedUrl(url: string): string {
	// Only web links belong in a button; javascript: or data: links would be an injection.
	const parsed = new URL(url);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new Error(`An e-mail action must link to an http(s) address, not ${parsed.protocol}`);
	}
	return parsed.href;
}

// A line break in the subject would let it start a header of its own.
function oneLine(value: string): string {
	return value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

// Kept in the message itself: no stylesheet, font or image is fetched from anywhere, and mail
// clients that drop <style> still show the same calm page.
const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const styles = {
	body: `margin:0;padding:0;background:#f6f4ef;color:#2b2b28;${font}`,
	wrap: 'max-width:560px;margin:0 auto;padding:32px 24px',
	card: 'background:#ffffff;border-radius:12px;padding:32px 28px',
	p: 'margin:0 0 16px;font-size:16px;line-height:1.6',
	button:
		'display:inline-block;background:#3f6b5c;color:#ffffff;text-decoration:none;' +
		'padding:12px 22px;border-radius:8px;font-size:16px;font-weight:600',
	link: 'margin:0 0 16px;font-size:14px;line-height:1.5;color:#5c5c56;word-break:break-all',
	footer: 'margin:16px 4px 0;font-size:13px;line-height:1.5;color:#6b6b64'
};

/** Turns the parts of an e-mail into a plain-text body and a matching, escaped HTML body. */
export function renderEmail(content: EmailContent): RenderedEmail {
	const subject = oneLine(content.subject);
	const action = content.action && {
		label: content.action.label,
		url: checkedUrl(content.action.url)
	};
	const footer = content.footer ?? [];

	const textParts = [content.greeting, ...content.paragraphs];
	if (action) textParts.push(`${action.label}:\n${action.url}`);
	if (footer.length > 0) textParts.push(`--\n${footer.join('\n')}`);
	const text = `${textParts.join('\n\n')}\n`;

	const p = (value: string) => `<p style="${styles.p}">${escapeHtml(value)}</p>`;
	const actionHtml = action
		? `<p style="${styles.p};margin-top:24px"><a href="${escapeHtml(action.url)}" style="${styles.button}">` +
			`${escapeHtml(action.label)}</a></p>` +
			`<p style="${styles.link}">If the button does not work, copy this address into your browser:<br>` +
			`${escapeHtml(action.url)}</p>`
		: '';
	const footerHtml = footer.map((line) => `<p style="${styles.footer}">${escapeHtml(line)}</p>`);

	const html = [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="color-scheme" content="light">',
		`<title>${escapeHtml(subject)}</title>`,
		'</head>',
		`<body style="${styles.body}">`,
		`<div style="${styles.wrap}">`,
		`<div style="${styles.card}">`,
		p(content.greeting),
		...content.paragraphs.map(p),
		actionHtml,
		'</div>',
		...footerHtml,
		'</div>',
		'</body>',
		'</html>',
		''
	]
		.filter((line) => line !== '')
		.join('\n');

	return { subject, text, html: `${html}\n` };
}
