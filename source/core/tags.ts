import {TagdeckError} from './errors.js';
import {Tokenizer, TokenError} from './tokens.js';

const maxKeyLength = 128;
const maxValueLength = 128;

// C0 controls, DEL and C1 controls (ESC among them), and the bidirectional
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make
// a terminal show text in another order than it is: never in a key, value or name.
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/v;

export function hasControlCharacters(text: string): boolean {
	return control.test(text);
}

/*
Shown escaped, yet accepted in keys, values and names: the characters that
print as nothing or as a line break, so that text holding one looks like text
without it. They are the line and paragraph separators (U+2028, U+2029) and the
format characters (Unicode's \p{Cf}): zero-width space, non-joiner and joiner
(U+200B-U+200D), word joiner (U+2060), byte order mark (U+FEFF), directional
marks (U+200E, U+200F, U+061C), Arabic number signs (U+0600-U+0605), soft
hyphen, tag characters and the rest. They are not refused like the controls
above: Alibaba Cloud's tag and name rules allow them, and real text needs them
(joiners in Persian and Indic scripts and in emoji, marks in right-to-left
text). Escaping them everywhere text is printed (tables, messages, the UI,
JSON) is enough for two keys that differ by one never to look the same. The
set is written out (as of Unicode 15.1): searching for \p{Cf} is five times
slower, and every cell of a listing is searched.
*/
const invisible = String.raw`\u2028\u2029\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{110BD}\u{110CD}\u{13430}-\u{1343F}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}`;

// Inside an emoji sequence a joiner or tag character is part of one picture
// (👩‍👩‍👧‍👦, 🏴󠁧󠁢󠁳󠁣󠁴󠁿), shown as it is; string-width gives it its columns.
const inEmoji = String.raw`(?<=\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})|(?<=\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0020}-\u{E007F}]`;

/** Replaces each character of a set, but those in emoji sequences, with `escape(character)`. */
function escaper(set: string, escape: (character: string) => string) {
	const any = new RegExp(`[${set}]`, 'v');
	const every = new RegExp(`${inEmoji}|([${set}])`, 'gv');
	return (text: string): string =>
		any.test(text)
			? text.replaceAll(every, (match, shown?: string) =>
					shown === undefined ? match : escape(shown),
				)
			: text;
}

/**
Shows a string with its control and invisible characters as escapes (\x1b,
\u200b, \u{e0041}), for everything printed as text.
*/
export const visible = escaper(
	String.raw`\u0000-\u001F\u007F-\u009F${invisible}`,
	(character) => {
		const code = character.codePointAt(0)!;
		return code < 0x1_00
			? String.raw`\x${code.toString(16).padStart(2, '0')}`
			: code > 0xff_ff
				? String.raw`\u{${code.toString(16)}}`
				: String.raw`\u${code.toString(16).padStart(4, '0')}`;
	},
);

/**
JSON text with the same characters as \uXXXX escapes: the same JSON once
parsed. C0 controls are left to JSON.stringify, which escapes them in strings;
outside strings there are only the newlines of indented JSON.
*/
export const visibleJson = escaper(
	String.raw`\u007F-\u009F${invisible}`,
	(character) => {
		const code = character.codePointAt(0)!;
		const units =
			code > 0xff_ff
				? [
						0xd8_00 + Math.floor((code - 0x1_00_00) / 0x4_00),
						0xdc_00 + ((code - 0x1_00_00) % 0x4_00),
					]
				: [code];
		return units
			.map((unit) => String.raw`\u${unit.toString(16).padStart(4, '0')}`)
			.join('');
	},
);

/**
Sets a key of a record as its own property. Tag keys are user data: a key such
as "__proto__" must be stored like any other, never reach the prototype.
*/
export function put<T>(record: Record<string, T>, key: string, value: T): void {
	// Only "__proto__" assigns to the prototype; every other key is a plain, fast assignment.
	if (key === '__proto__') {
		Object.defineProperty(record, key, {
			value,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	} else {
		record[key] = value;
	}
}

/**
A record's own value for `key`, or undefined: never one its prototype has
(`constructor`, `toString`, `__proto__` are tag keys like any other).
*/
export function own<T>(
	record: Readonly<Record<string, T>> | undefined,
	key: string,
): T | undefined {
	return record !== undefined && Object.hasOwn(record, key)
		? record[key]
		: undefined;
}

const systemPrefix = /^acs:/iv;

export function isSystemKey(key: string): boolean {
	// A test, not a lower-cased copy of every key: it runs for every tag of every resource.
	return systemPrefix.test(key);
}

export function customTagCount(tags: Record<string, string>): number {
	let n = 0;
	for (const key in tags) {
		if (!isSystemKey(key)) n++;
	}

	return n;
}

const urlPattern = /https?:\/\//iv;

let graphemes: Intl.Segmenter | undefined;

/**
Text as a refusal quotes it: control and invisible characters made visible,
cut to 40 characters (graphemes: an emoji sequence is one, never cut in two) so
that the reason, said first, stays in view.
*/
export function quoted(text: string): string {
	graphemes ??= new Intl.Segmenter();
	const shown: string[] = [];
	for (const {segment} of graphemes.segment(visible(text))) {
		if (shown.length === 40) return `"${shown.slice(0, 39).join('')}…"`;
		shown.push(segment);
	}

	return `"${shown.join('')}"`;
}

/**
How long `text` is as Alibaba Cloud's length rules count it, in characters:
Unicode code points, so that an emoji is one (it is two UTF-16 units).
*/
export function characterCount(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		if (text.codePointAt(i)! > 0xff_ff) i++;
		count++;
	}

	return count;
}

/** Says how long `text` is when it has more than `max` characters, else undefined. */
function tooLong(text: string, max: number): string | undefined {
	// Never more characters than UTF-16 units: most text needs no counting.
	if (text.length <= max) return undefined;
	const count = characterCount(text);
	return count > max
		? `it is ${count} characters long (Unicode code points)`
		: undefined;
}

/**
Why a key or value breaks the rules both follow, or undefined: too long,
`also` (a rule of its own), a URL, control characters, in that order.
*/
function textProblem(
	text: string,
	max: number,
	also?: string,
): string | undefined {
	const length = tooLong(text, max);
	if (length) return `${length}; at most ${max}`;
	if (also) return also;
	if (urlPattern.test(text)) return 'it contains "http://" or "https://"';
	if (hasControlCharacters(text)) return 'it contains control characters';
	return undefined;
}

/** Refuses a key the cloud would refuse; `acs:` keys are the simulator's own. */
export function checkKey(key: string): void {
	if (isSystemKey(key)) {
		throw new TagdeckError(
			'NoPermission.SystemTag',
			`Tag key ${quoted(key)} is a system tag: keys starting with "acs:" are set by the cloud and cannot be changed. Choose a key without the "acs:" prefix.`,
		);
	}

	const reason =
		key.length === 0
			? 'it is empty'
			: textProblem(
					key,
					maxKeyLength,
					reservedPrefix(key) === 'aliyun'
						? 'it starts with "aliyun", which is reserved'
						: undefined,
				);
	if (reason) {
		throw new TagdeckError(
			'InvalidTagKey.Malformed',
			`Tag key ${quoted(key)} is not valid: ${reason}. Keys have 1-${maxKeyLength} characters, do not start with "aliyun" or "acs:", and contain no "http://", "https://" or control characters.`,
		);
	}
}

/** The prefix of `text` reserved for the cloud, checked ignoring case, or undefined. */
function reservedPrefix(text: string): string | undefined {
	const lower = text.toLowerCase();
	if (lower.startsWith('aliyun')) return 'aliyun';
	if (lower.startsWith('acs:')) return 'acs:';
	return undefined;
}

/**
Refuses a value the cloud would refuse. Like a key, a value may not start with
"aliyun" or "acs:" (Tag overview; docs/cloud-facts.md §3).
*/
export function checkValue(key: string, value: string): void {
	const prefix = reservedPrefix(value);
	const reason = textProblem(
		value,
		maxValueLength,
		prefix ? `it starts with "${prefix}", which is reserved` : undefined,
	);
	if (reason) {
		throw new TagdeckError(
			'InvalidTagValue.Malformed',
			`The value of tag ${quoted(key)} is not valid: ${reason} (${quoted(value)}). Values have 0-${maxValueLength} characters, do not start with "aliyun" or "acs:", and contain no "http://", "https://" or control characters.`,
		);
	}
}

export function checkTags(tags: Record<string, string>): void {
	for (const [key, value] of Object.entries(tags)) {
		checkKey(key);
		checkValue(key, value);
	}
}

/** A tag or key as typed that does not read: the text, the column and why, with the fix. */
function unreadable(
	what: string,
	text: string,
	error: TokenError,
): TagdeckError {
	return new TagdeckError(
		'InvalidParameter.Tags',
		`Cannot read the ${what} '${visible(text)}': at column ${error.at + 1}, ${error.reason}`,
	);
}

const tagKeyEnd = /=/vy;

/**
Parses `key=value` as typed on a command line or a line of the tag editor,
with the quoting of every typed text (tokens.ts): the first `=` outside quotes
separates; `"cost center"="R&D, EU"` quotes a key and a value. Unquoted, the
key and value are the text as typed, spaces included. A missing `=` is an
error (write `key=` for an empty value).
*/
export function parseTagArgument(text: string): [string, string] {
	const tokenizer = new Tokenizer(text);
	try {
		const key = tokenizer.piece(tagKeyEnd, 'keep');
		if (tokenizer.char !== '=') {
			throw new TagdeckError(
				'InvalidParameter.Tags',
				`'${visible(text)}' is not a tag: write key=value (key= for an empty value; quote a key or value holding "=", as in "a=b"=c).`,
			);
		}

		tokenizer.i++;
		return [key.text, tokenizer.piece(undefined, 'keep').text];
	} catch (error) {
		if (error instanceof TokenError) throw unreadable('tag', text, error);
		throw error;
	}
}

/**
A tag key as typed (`untag --key`, the editor's `-key`): bare text as it is,
or quoted with the same rule as everywhere.
*/
export function parseKeyArgument(text: string): string {
	const tokenizer = new Tokenizer(text);
	try {
		return tokenizer.piece(undefined, 'keep').text;
	} catch (error) {
		if (error instanceof TokenError) throw unreadable('key', text, error);
		throw error;
	}
}

const listItemEnd = /,/vy;

/**
A comma-separated list of keys as typed (`rules --keys`): spaces around a bare
key are dropped; a quoted key is kept exactly and may hold commas.
*/
export function parseKeyList(text: string): string[] {
	const tokenizer = new Tokenizer(text);
	const keys: string[] = [];
	try {
		for (;;) {
			tokenizer.skipSpaces();
			const piece = tokenizer.piece(listItemEnd, 'keep');
			keys.push(piece.quoted ? piece.text : piece.text.trimEnd());
			if (tokenizer.done()) return keys;
			tokenizer.i++;
		}
	} catch (error) {
		if (error instanceof TokenError) throw unreadable('keys', text, error);
		throw error;
	}
}

export function parseTagArguments(list: string[]): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const item of list) {
		const [key, value] = parseTagArgument(item);
		if (Object.hasOwn(tags, key)) {
			throw new TagdeckError(
				'Duplicate.TagKey',
				`Tag key "${visible(key)}" is given twice; a resource has one value per key. Keep one of them.`,
			);
		}

		put(tags, key, value);
	}

	return tags;
}

export function checkName(name: string): void {
	const reason = hasControlCharacters(name)
		? 'it contains control characters'
		: tooLong(name, 128);
	if (reason) {
		throw new TagdeckError(
			'InvalidParameter.Name',
			`Name ${quoted(name)} is not valid: ${reason}; names have at most 128 characters and no control characters.`,
		);
	}
}
