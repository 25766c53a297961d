import stringWidth from 'string-width';
import {visible} from '../core/tags.js';

/** Fits text into `width` columns: control characters shown as escapes, cut with an ellipsis. */
export function fit(text: string, width: number): string {
	const safe = visible(text);
	if (width <= 0) return '';
	if (stringWidth(safe) <= width)
		return safe + ' '.repeat(width - stringWidth(safe));
	let out = '';
	for (const char of safe) {
		if (stringWidth(out + char) > width - 1) break;
		out += char;
	}

	return `${out}…${' '.repeat(Math.max(0, width - 1 - stringWidth(out)))}`;
}

/** Tags as `k=v` chips, custom first; inherited ones carry ↳. */
export function chips(
	tags: Record<string, string>,
	inherited: Record<string, unknown> | undefined,
): string {
	return Object.entries(tags)
		.filter(([key]) => !key.startsWith('acs:'))
		.map(
			([key, value]) =>
				`${inherited && Object.hasOwn(inherited, key) ? '↳' : ''}${key}=${value}`,
		)
		.join(' ');
}
