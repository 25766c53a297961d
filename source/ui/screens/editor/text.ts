import type {Edit} from '../../state.js';

const graphemes = new Intl.Segmenter();

/** Where each character of a line starts (an emoji sequence is one character), and its end. */
export function stops(line: string): number[] {
	const at = [...graphemes.segment(line)].map((s) => s.index);
	at.push(line.length);
	return at;
}

/** The place one character before `column` (or `column` at the start). */
function before(line: string, column: number): number {
	return stops(line).findLast((at) => at < column) ?? 0;
}

/** The place one character after `column` (or `column` at the end). */
function after(line: string, column: number): number {
	return stops(line).find((at) => at > column) ?? line.length;
}

type Text = Pick<Edit, 'lines' | 'row' | 'column'>;

/** The text with the cursor at `row`, `column`, kept within the lines. */
function at<T extends Text>(edit: T, row: number, column: number): T {
	const line = Math.max(0, Math.min(edit.lines.length - 1, row));
	const {length} = edit.lines[line]!;
	return {...edit, row: line, column: Math.max(0, Math.min(length, column))};
}

/** `text` typed at the cursor; its line breaks (a paste) split the line. */
export function insert<T extends Text>(edit: T, text: string): T {
	const {lines, row, column} = edit;
	const line = lines[row]!;
	const parts = text.split(/\r\n|\r|\n/v);
	const last = parts.length - 1;
	parts[0] = line.slice(0, column) + parts[0]!;
	const end = parts[last]!.length;
	parts[last] += line.slice(column);
	return {
		...edit,
		lines: [...lines.slice(0, row), ...parts, ...lines.slice(row + 1)],
		row: row + last,
		column: end,
	};
}

/** Two lines made one: `row` and the line after it; the cursor where they meet. */
function join<T extends Text>(edit: T, row: number): T {
	const {lines} = edit;
	if (row < 0 || row >= lines.length - 1) return {...edit};
	return {
		...edit,
		lines: [
			...lines.slice(0, row),
			lines[row]! + lines[row + 1]!,
			...lines.slice(row + 2),
		],
		row,
		column: lines[row]!.length,
	};
}

/** Backspace: the character before the cursor removed, or the line joined to the one above. */
export function eraseBefore<T extends Text>(edit: T): T {
	const {lines, row, column} = edit;
	if (column === 0) return join(edit, row - 1);
	const line = lines[row]!;
	const start = before(line, column);
	const next = [...lines];
	next[row] = line.slice(0, start) + line.slice(column);
	return {...edit, lines: next, column: start};
}

/** Delete: the character under the cursor removed, or the next line joined to this one. */
export function eraseAfter<T extends Text>(edit: T): T {
	const {lines, row, column} = edit;
	const line = lines[row]!;
	if (column >= line.length) return join(edit, row);
	const next = [...lines];
	next[row] = line.slice(0, column) + line.slice(after(line, column));
	return {...edit, lines: next};
}

/** The cursor moved by one character, wrapping to the line above or below. */
export function sideways<T extends Text>(edit: T, by: -1 | 1): T {
	const {lines, row, column} = edit;
	const line = lines[row]!;
	if (by < 0)
		return column > 0
			? at(edit, row, before(line, column))
			: at(edit, row - 1, row > 0 ? lines[row - 1]!.length : 0);
	return column < line.length
		? at(edit, row, after(line, column))
		: at(edit, row + 1, row < lines.length - 1 ? 0 : column);
}

/** The cursor moved a line up or down, at the same place or the nearest character. */
export function vertically<T extends Text>(edit: T, by: -1 | 1): T {
	const row = Math.max(0, Math.min(edit.lines.length - 1, edit.row + by));
	const line = edit.lines[row]!;
	const column = stops(line).findLast((s) => s <= edit.column) ?? 0;
	return at(edit, row, column);
}

/** The cursor at the start or the end of its line. */
export function toEdge<T extends Text>(edit: T, end: boolean): T {
	return at(edit, edit.row, end ? edit.lines[edit.row]!.length : 0);
}
