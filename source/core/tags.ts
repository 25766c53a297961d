import {TagdeckError} from './errors.js';

/** At most this many custom tags per resource (facts §3). */
export const tagQuota = 20;
export const maxKeyLength = 128;
export const maxValueLength = 128;

// C0 controls, DEL and C1 controls (ESC among them), and the bidirectional
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make
// a terminal show text in another order than it is: never in a key, value or name.
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/v;
const everyControl = new RegExp(control.source, 'gv');

export function hasControlCharacters(text: string): boolean {
	return control.test(text);
}

/** Shows a string with its control characters made visible, for messages. */
export function visible(text: string): string {
	return text.replaceAll(everyControl, (c) => {
		const code = c.codePointAt(0)!;
		return code < 0x1_00
			? String.raw`\x${code.toString(16).padStart(2, '0')}`
			: String.raw`\u${code.toString(16).padStart(4, '0')}`;
	});
}

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

export function isSystemKey(key: string): boolean {
	return key.toLowerCase().startsWith('acs:');
}

export function customTagCount(tags: Record<string, string>): number {
	let n = 0;
	for (const key in tags) {
		if (!isSystemKey(key)) n++;
	}

	return n;
}

const urlPattern = /https?:\/\//iv;

/**
A key or value as a refusal quotes it: control characters made visible, cut
to 40 characters so that the reason, said first, stays in view.
*/
function quoted(text: string): string {
	const shown = [...visible(text)];
	return `"${shown.length > 40 ? `${shown.slice(0, 39).join('')}…` : shown.join('')}"`;
}

/** Refuses a key the cloud would refuse; `acs:` keys are the simulator's own. */
export function checkKey(key: string): void {
	const shown = quoted(key);
	if (isSystemKey(key)) {
		throw new TagdeckError(
			'NoPermission.SystemTag',
			`Tag key ${shown} is a system tag: keys starting with "acs:" are set by the cloud and cannot be changed. Choose a key without the "acs:" prefix.`,
		);
	}

	const reason =
		key.length === 0
			? 'it is empty'
			: key.length > maxKeyLength
				? `it has ${key.length} characters (at most ${maxKeyLength})`
				: key.toLowerCase().startsWith('aliyun')
					? 'it starts with "aliyun", which is reserved'
					: urlPattern.test(key)
						? 'it contains "http://" or "https://"'
						: hasControlCharacters(key)
							? 'it contains control characters'
							: undefined;
	if (reason) {
		throw new TagdeckError(
			'InvalidTagKey.Malformed',
			`Tag key ${shown} is not valid: ${reason}. Keys have 1-${maxKeyLength} characters, do not start with "aliyun" or "acs:", and contain no "http://", "https://" or control characters.`,
		);
	}
}

export function checkValue(key: string, value: string): void {
	const reason =
		value.length > maxValueLength
			? `it has ${value.length} characters (at most ${maxValueLength})`
			: urlPattern.test(value)
				? 'it contains "http://" or "https://"'
				: hasControlCharacters(value)
					? 'it contains control characters'
					: undefined;
	if (reason) {
		throw new TagdeckError(
			'InvalidTagValue.Malformed',
			`The value of tag ${quoted(key)} is not valid: ${reason} (${quoted(value)}). Values have 0-${maxValueLength} characters and contain no "http://", "https://" or control characters.`,
		);
	}
}

export function checkTags(tags: Record<string, string>): void {
	for (const [key, value] of Object.entries(tags)) {
		checkKey(key);
		checkValue(key, value);
	}
}

/**
Parses `key=value` as typed on a command line. The first `=` separates; a
missing `=` is an error (write `key=` for an empty value).
*/
export function parseTagArgument(text: string): [string, string] {
	const at = text.indexOf('=');
	if (at === -1) {
		throw new TagdeckError(
			'InvalidParameter.Tags',
			`"${visible(text)}" is not a tag: write key=value (key= for an empty value).`,
		);
	}

	return [text.slice(0, at), text.slice(at + 1)];
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
	if (hasControlCharacters(name) || name.length > 128) {
		throw new TagdeckError(
			'InvalidParameter.Name',
			`Name "${visible(name)}" is not valid: names have at most 128 characters and no control characters.`,
		);
	}
}
