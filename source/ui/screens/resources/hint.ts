import type {FilterHint} from '../../rows.js';
import {wrapWhole} from '../../text.js';

/**
What the resources view shows in place of rows when a filter in the seeds'
notation matched nothing: what to write, and the rows that would match.
*/
export function hintLines(hint: FilterHint, width: number): string[] {
	const count = hint.rows.length;
	const idWidth = Math.max(0, ...hint.rows.map((r) => r.id.length));
	return [
		...wrapWhole(
			`No resource matches the filter: ${hint.text}.`,
			width - 2,
		).map((line) => `  ${line}`),
		'',
		count === 0
			? '  Written as tags, the filter matches no row here either.'
			: `  Written as tags, it matches ${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'}:`,
		...hint.rows.map((r) => `    ${r.id.padEnd(idWidth)}  ${r.name}`),
	];
}
