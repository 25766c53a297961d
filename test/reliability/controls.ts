/*
Hostile text for the reliability tests (docs/reliability.md R5): control characters and
escape sequences as they would reach tagdeck from a paste, a script or a
hand-edited file, and a check that none of them reaches a terminal raw.
*/

export type Hostile = {
	/** What it is, for the test name. */
	name: string;
	/** The text itself. */
	text: string;
	/** How tagdeck shows it: control characters as escapes. */
	shown: string;
};

/** One of each kind; none can be taken for another's refusal (no "http://", no "aliyun"). */
export const hostile: Hostile[] = [
	{
		name: 'an OSC 52 clipboard write (ESC ] 52 … BEL)',
		text: '\u001B]52;c;aGVsbG8K\u0007',
		shown: String.raw`\x1b]52;c;aGVsbG8K\x07`,
	},
	{
		name: 'an OSC 8 hyperlink (ESC ] 8 … BEL)',
		text: '\u001B]8;;file:///etc/passwd\u0007click\u001B]8;;\u0007',
		shown: String.raw`\x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07`,
	},
	{name: 'a BEL', text: 'ding\u0007', shown: String.raw`ding\x07`},
	{name: 'a DEL', text: 'rub\u007Fout', shown: String.raw`rub\x7fout`},
	{
		name: 'a C1 CSI (U+009B), the one-character ESC [',
		text: 'red\u009B31m',
		shown: String.raw`red\x9b31m`,
	},
	{
		name: 'a bidirectional override (U+202E)',
		text: 'txt.\u202Eexe',
		shown: String.raw`txt.\u202eexe`,
	},
];

/** Hostile texts that only standard input or a file can carry (not a command-line argument). */
export const nul: Hostile = {
	name: 'a NUL',
	text: 'nul\u0000byte',
	shown: String.raw`nul\x00byte`,
};

/** The C1 control and the bidirectional override: what JSON.stringify leaves as they are. */
export const notEscapedByJson = hostile.filter((h) =>
	/[\u0080-\u009F\u202A-\u202E]/v.test(h.text),
);

/**
Characters that must never reach a terminal raw: C0 controls except newline,
DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
*/
const raw =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gv;

/** The raw control characters in printed text, as U+XXXX with where they are (none: []). */
export function rawControls(text: string | Buffer): string[] {
	const string = typeof text === 'string' ? text : text.toString('utf8');
	return [...string.matchAll(raw)]
		.slice(0, 10)
		.map(
			(match) =>
				`U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at ${match.index}: …${JSON.stringify(string.slice(Math.max(0, match.index - 20), match.index + 20))}…`,
		);
}
