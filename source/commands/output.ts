import {csvField} from '../store/export.js';
import {isSystemKey, visible, visibleJson} from '../core/tags.js';

/**
The string-width package builds large Unicode tables when it loads, a fifth of
a command's start-up: text output loads it (loadTextOutput), JSON output never
needs it.
*/
let measure: ((text: string) => number) | undefined;

/** Loads what aligning text needs; run before a command that prints text. */
export async function loadTextOutput(): Promise<void> {
	if (measure) return;
	const loaded = await import('string-width');
	measure = loaded.default;
}

/** Columns a string takes in a terminal. */
function stringWidth(text: string): number {
	if (!measure)
		throw new Error('loadTextOutput() must run before text is aligned');
	return measure(text);
}

/** Aligned columns, as kubectl prints them; every cell is made terminal-safe. */
export function table(header: string[], rows: string[][]): string {
	const all = [header, ...rows].map((row) => row.map((cell) => visible(cell)));
	// A loop, not Math.max(...column): a million rows would overflow the stack.
	const widths = header.map(() => 0);
	for (const row of all) {
		for (const [i, cell] of row.entries())
			if (i < widths.length)
				widths[i] = Math.max(widths[i]!, stringWidth(cell));
	}

	return all
		.map((row) =>
			row
				.map((cell, i) =>
					i === row.length - 1
						? cell
						: cell + ' '.repeat(widths[i]! - stringWidth(cell)),
				)
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

/**
JSON whose text is safe for a terminal. JSON.stringify escapes C0 controls but
leaves DEL, C1 controls (U+009B is a CSI), bidirectional overrides and
invisible characters (U+2028, U+200B …) as they are; they can only be inside
strings, so they are written as \uXXXX escapes, as text output shows them: the
same JSON once parsed.
*/
export function safeJson(value: unknown, indent?: number): string {
	return visibleJson(JSON.stringify(value, null, indent));
}

/** JSON on stdout: indented for a person at a terminal, compact for a pipe or a file. */
export function printJson(value: unknown) {
	const indent = process.stdout.isTTY ? 2 : undefined;
	process.stdout.write(`${safeJson(value, indent)}\n`);
}

/** Prints lines of text; control characters in them are shown as escapes, never sent raw. */
export function print(text: string) {
	process.stdout.write(
		`${text
			.split('\n')
			.map((line) => visible(line))
			.join('\n')}\n`,
	);
}

export function chips(
	tags: Record<string, string>,
	inherited: Record<string, unknown> = {},
	max = 60,
): string {
	const parts = Object.entries(tags)
		.filter(([key]) => !isSystemKey(key))
		.map(
			([key, value]) =>
				`${Object.hasOwn(inherited, key) ? '↳' : ''}${key}=${value}`,
		);
	let out = '';
	let shown = 0;
	for (const part of parts) {
		const next = out ? `${out}, ${part}` : part;
		if (stringWidth(next) > max && shown > 0) break;
		out = next;
		shown++;
	}

	return shown < parts.length ? `${out} +${parts.length - shown}` : out || '-';
}

export const plural = (n: number, word: string) =>
	`${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Rows as CSV (RFC 4180 line ends; cells a spreadsheet would run as formulas are quoted). */
export const csvText = (rows: readonly string[][]) =>
	rows.map((row) => row.map((cell) => csvField(cell)).join(',')).join('\r\n') +
	'\r\n';
