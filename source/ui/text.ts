import stringWidth from 'string-width';
import {isPrintableAscii} from '../core/columns.js';
import {isSystemKey, visible} from '../core/tags.js';

const graphemes = new Intl.Segmenter();

/** Fits text into `width` columns: control characters shown as escapes, cut with an ellipsis. */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	const safe = visible(text);
	if (isPrintableAscii(safe))
		return safe.length <= width
			? safe.padEnd(width)
			: `${safe.slice(0, width - 1)}…`;
	const whole = stringWidth(safe);
	if (whole <= width) return safe + ' '.repeat(width - whole);
	// Measured one grapheme at a time (an emoji sequence is one): the cost grows
	// with the width, not its square.
	let out = '';
	let used = 0;
	for (const {segment: char} of graphemes.segment(safe)) {
		const next = stringWidth(char);
		if (used + next > width - 1) break;
		out += char;
		used += next;
	}

	return `${out}…${' '.repeat(Math.max(0, width - 1 - used))}`;
}

/** Tags as `k=v` chips, custom first; inherited ones carry ↳. */
export function chips(
	tags: Record<string, string>,
	inherited: Record<string, unknown> | undefined,
): string {
	return Object.entries(tags)
		.filter(([key]) => !isSystemKey(key))
		.map(
			([key, value]) =>
				`${inherited && Object.hasOwn(inherited, key) ? '↳' : ''}${key}=${value}`,
		)
		.join(' ');
}

/** A word wider than `width` in pieces that fit, so wrapping never cuts it off. */
function pieces(word: string, width: number): string[] {
	if (width < 1 || stringWidth(word) <= width) return [word];
	const out = [''];
	for (const {segment} of graphemes.segment(word)) {
		if (stringWidth(out.at(-1)! + segment) > width) out.push('');
		out[out.length - 1] += segment;
	}

	return out;
}

/**
Text wrapped at spaces into lines of at most `width` columns, each line after
the first indented by two spaces, each padded to `width`; at most `most`
lines, the last cut with an ellipsis when more would follow. Control
characters are shown as escapes.
*/
export function wrap(text: string, width: number, most: number): string[] {
	const indent = '  ';
	const lines: string[] = [];
	let line = '';
	const words = visible(text)
		.split(' ')
		.flatMap((word) => pieces(word, width - indent.length));
	for (const word of words) {
		const joined = line === '' ? word : `${line} ${word}`;
		const prefix = lines.length === 0 ? '' : indent;
		if (line === '' || stringWidth(prefix + joined) <= width) {
			line = joined;
			continue;
		}

		lines.push(prefix + line);
		line = word;
	}

	lines.push((lines.length === 0 ? '' : indent) + line);
	if (lines.length <= most) return lines.map((l) => fit(l, width));
	const kept = lines.slice(0, most);
	kept[most - 1] = fit(`${kept[most - 1]!} ${lines[most]!.trim()}`, width);
	return kept.map((l) => fit(l, width));
}

/** Text wrapped at spaces into rows of at most `width` columns, as many as it takes: nothing is cut. */
export function wrapWhole(text: string, width: number): string[] {
	const rows: string[] = [];
	let row = '';
	for (const word of visible(text).split(' ')) {
		const joined = row === '' ? word : `${row} ${word}`;
		if (stringWidth(joined) <= width) {
			row = joined;
			continue;
		}

		if (row !== '') rows.push(row);
		const cut = pieces(word, Math.max(1, width));
		rows.push(...cut.slice(0, -1));
		row = cut.at(-1)!;
	}

	rows.push(row);
	return rows;
}
