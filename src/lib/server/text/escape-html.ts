const escapes: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/**
 * Makes any text safe to place in HTML, as text or inside a quoted attribute. Every piece of text
 * that came from a person (names, titles, what they wrote) goes through this.
 */
export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}
