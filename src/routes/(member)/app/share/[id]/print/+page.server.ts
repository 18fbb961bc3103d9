import { notFound, workbookMember } from '../../../workbook.server';
import { summaries, summaryMember } from '../../share.server';

export const csr = false;

export async function load(event) {
	const member = summaryMember(await workbookMember(event));
	const summary = await summaries().get(member, event.params.id);
	if (!summary) notFound();
	return { id: summary.id, title: summary.title, content: summary.content };
}
