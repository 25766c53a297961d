import {TagdeckError} from '../../../core/errors.js';
import {
	checkKey,
	checkValue,
	parseTagArgument,
	put,
	visible,
} from '../../../core/tags.js';

/** One line read: a key to set to a value, or (value undefined) a key to remove. */
type Line = {key: string; value: string | undefined};

/** Reads one line as the command line reads --tag; a bad line throws its TagdeckError. */
function read(line: string): Line {
	if (line.startsWith('-')) {
		const [key, value] = parseTagArgument(`${line.slice(1)}=`);
		if (value !== '') {
			throw new TagdeckError(
				'InvalidParameter.Tags',
				`"${visible(line)}" removes a key: write -key, with no value.`,
			);
		}

		checkKey(key);
		return {key, value: undefined};
	}

	const [key, value] = parseTagArgument(line);
	checkKey(key);
	checkValue(key, value);
	return {key, value};
}

type Read = {line: Line; error?: undefined} | {error: TagdeckError};

function attempt(line: string): Read {
	try {
		return {line: read(line)};
	} catch (error) {
		if (!(error instanceof TagdeckError)) throw error;
		return {error};
	}
}

/**
A line read, or why not. The line being typed is not faulted for what typing
`=` would fix (`env` on its way to `env=prod`); a key that is wrong whatever
follows (`aliyun:x`) is. A line lacking `=` whose key is bad too is faulted
for its key, the more useful of the two.
*/
function readLine(line: string, typing: boolean): Read | undefined {
	const read = attempt(line);
	if (!read.error || line.startsWith('-')) return read;
	const asKey = attempt(`${line}=`);
	if (!asKey.error) return typing ? undefined : read;
	return asKey.error.code === read.error.code ? read : asKey;
}

export type ParsedEdit = {
	tags: Record<string, string>;
	remove: string[];
	/** Each bad line (its index) with its own error (its code, and `code: message`), in line order. */
	errors: Array<{line: number; code: string; text: string}>;
};

/**
The tag editor's lines: `key=value` sets a tag, `-key` removes one; blank
lines are skipped. Each line is checked as the command line checks --tag, and
each bad line gets its own error. `typing` is the line being typed (see
`readLine`).
*/
export function parseEdit(lines: string[], typing = -1): ParsedEdit {
	const tags: Record<string, string> = {};
	const remove: string[] = [];
	const errors: ParsedEdit['errors'] = [];
	const seen = new Set<string>();
	for (const [index, text] of lines.entries()) {
		if (text.trim() === '') continue;
		const read = readLine(text, index === typing);
		if (!read) continue;
		if (read.error) {
			const {code, message} = read.error;
			errors.push({line: index, code, text: `${code}: ${message}`});
			continue;
		}

		const {key, value} = read.line;
		if (seen.has(key)) {
			errors.push({
				line: index,
				code: 'Duplicate.TagKey',
				text: `Duplicate.TagKey: Tag key "${visible(key)}" is given twice; keep one line for it.`,
			});
			continue;
		}

		seen.add(key);
		if (value === undefined) remove.push(key);
		else put(tags, key, value);
	}

	return {tags, remove, errors};
}
