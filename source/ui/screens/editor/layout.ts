import stringWidth from 'string-width';
import {visible} from '../../../core/tags.js';
import {fit} from '../../text.js';

const graphemes = new Intl.Segmenter();

/** The cursor, drawn between two characters. */
export const caret = '▏';

type Cell = {at: number; text: string; width: number};

function cells(line: string): Cell[] {
	return [...graphemes.segment(line)].map(({index, segment}) => {
		const text = visible(segment);
		return {at: index, text, width: stringWidth(text)};
	});
}

const widthOf = (list: Cell[]) => list.reduce((sum, c) => sum + c.width, 0);
const textOf = (list: Cell[]) => list.map((c) => c.text).join('');

/** The first cell shown: as far back from the cursor as fits, leaving `keep` columns after it. */
function windowStart(all: Cell[], cursor: number, room: number): number {
	let start = cursor;
	let used = 0;
	while (start > 0) {
		// A '…' stands before the window when it does not start the line.
		const mark = start - 1 > 0 ? 1 : 0;
		if (used + all[start - 1]!.width + mark > room) break;
		used += all[start - 1]!.width;
		start--;
	}

	return start;
}

/**
The cursor's line in `width` columns: the cursor drawn where it is, and a line
too long for the width shown around the cursor, `…` where it is cut. Some of
what follows the cursor stays in view; the rest of the room goes to what was
typed before it.
*/
export function cursorLine(
	line: string,
	column: number,
	width: number,
): string {
	const all = cells(line);
	const found = all.findIndex((c) => c.at >= column);
	const cursor = found === -1 ? all.length : found;
	if (widthOf(all) + 1 <= width) {
		return `${textOf(all.slice(0, cursor))}${caret}${textOf(all.slice(cursor))}`;
	}

	if (width < 4) return caret;
	const cutAfter = cursor < all.length ? 1 : 0;
	const keep = Math.min(widthOf(all.slice(cursor)), Math.floor(width / 3));
	const start = windowStart(all, cursor, width - 1 - cutAfter - keep);
	let used = 1 + (start > 0 ? 1 : 0) + widthOf(all.slice(start, cursor));
	let end = cursor;
	while (end < all.length) {
		const mark = end + 1 < all.length ? 1 : 0;
		if (used + all[end]!.width + mark > width) break;
		used += all[end]!.width;
		end++;
	}

	return [
		start > 0 ? '…' : '',
		textOf(all.slice(start, cursor)),
		caret,
		textOf(all.slice(cursor, end)),
		end < all.length ? '…' : '',
	].join('');
}

/** `title` and the first items, as many as fit in `width` (at most `limit`), then how many more there are. */
export function listed(
	title: string,
	items: string[],
	width: number,
	limit = 10,
): string {
	let shown = title;
	for (const [index, item] of items.entries()) {
		const more = items.length - index - 1;
		const next = `${shown}${index === 0 ? ' ' : '  '}${item}`;
		const tail = more > 0 ? `  … ${more} more` : '';
		if (index >= limit || stringWidth(next + tail) > width) {
			return fit(`${shown}  … ${items.length - index} more`, width).trimEnd();
		}

		shown = next;
	}

	return shown;
}
