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
