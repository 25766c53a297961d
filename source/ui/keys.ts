import type {Key} from 'ink';

/** Ink's flags for keys with a name of their own, in the order they are read, and the names. */
const flagNames: Array<[keyof Key, string]> = [
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
	['pageUp', 'pgup'],
	['pageDown', 'pgdn'],
	['home', 'home'],
	['end', 'end'],
	['return', 'enter'],
	['escape', 'esc'],
];

/** The name of a key press: a printable character, or a named key like "down" or "ctrl-r". */
export function keyName(input: string, key: Key): string {
	const flagged = flagNames.find(([flag]) => key[flag]);
	if (flagged) return flagged[1];
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	// Ink 6.8 names the Backspace key (0x7F) and Delete alike; run.tsx hands
	// Delete on as rxvt's Ctrl-Delete, which Ink names with ctrl.
	if (key.delete && key.ctrl) return 'delete';
	// Ink 6.8 reports the Backspace key (0x7F) as delete.
	if (key.backspace || key.delete) return 'backspace';
	// Ink 6.8 names Ctrl with letters only; Ctrl-\ arrives as the FS character.
	if (input === '\u001C') return 'ctrl-\\';
	if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
	if (input === ' ') return 'space';
	return input;
}

const charNames = new Map([
	['\r', 'enter'],
	['\n', 'enter'],
	['\t', 'tab'],
	[' ', 'space'],
	['\u007F', 'backspace'],
	['\b', 'backspace'],
	['\u001C', 'ctrl-\\'],
]);

/** The name of one character of a chunk of keys typed fast or pasted. */
export function charName(char: string): string {
	return charNames.get(char) ?? char;
}

/** Keys with a name of their own: never text, even in a text field. */
const namedKeys = new Set([
	'enter',
	'esc',
	'tab',
	'shift-tab',
	'up',
	'down',
	'left',
	'right',
	'pgup',
	'pgdn',
	'home',
	'end',
	'delete',
]);

/** Whether a key is text to a text field: printable input, Space and Backspace. */
export function isText(name: string, input: string): boolean {
	if (name === 'space' || name === 'backspace') return true;
	return input !== '' && !name.startsWith('ctrl-') && !namedKeys.has(name);
}

/** The text after a key in a text field, or undefined when the key is not text. */
export function editText(
	text: string,
	name: string,
	input: string,
): string | undefined {
	if (!isText(name, input)) return undefined;
	if (name === 'backspace') return text.slice(0, -1);
	// A paste arrives as one chunk; keep its printable text.
	return text + (name === 'space' ? ' ' : input);
}
