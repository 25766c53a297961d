import {TagdeckError} from '../../../core/errors.js';
import {
	checkKey,
	checkValue,
	parseTagArgument,
	put,
} from '../../../core/tags.js';

/**
The tag editor's lines: `key=value` sets a tag, `-key` removes one. Each line
is checked as the command line checks --tag.
*/
export function parseEdit(lines: string[]): {
	tags: Record<string, string>;
	remove: string[];
	error?: string;
} {
	const tags: Record<string, string> = {};
	const remove: string[] = [];
	try {
		for (const line of lines) {
			if (line.startsWith('-')) {
				const key = line.slice(1);
				checkKey(key);
				remove.push(key);
				continue;
			}

			const [key, value] = parseTagArgument(line);
			checkKey(key);
			checkValue(key, value);
			if (Object.hasOwn(tags, key)) {
				throw new TagdeckError(
					'Duplicate.TagKey',
					`Tag key "${key}" is given twice; keep one line for it.`,
				);
			}

			put(tags, key, value);
		}
	} catch (error) {
		if (!(error instanceof TagdeckError)) throw error;
		return {tags, remove, error: `${error.code}: ${error.message}`};
	}

	return {tags, remove};
}
