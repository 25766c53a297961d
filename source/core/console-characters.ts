import type {Command} from './model.js';
import {quoted, visible} from './tags.js';

/*
Which characters a key or value may hold is not one rule in the cloud: the Tag
overview allows letters, digits, spaces and `_ . # / = + - @`, while ECS's
TagResources restricts none (docs/cloud-facts.md §3). tagdeck follows the API,
which scripts use, and says when a tag would not pass the console's rule.
*/
const outside = /[^\p{L}\p{M}\p{N} _.#\/=+\-@]/gv;

/** The characters of `text` outside the Tag overview's set, each once. */
function strayCharacters(text: string): string[] {
	return [...new Set(text.match(outside))];
}

/** A note for tags the Tag console would refuse, or undefined. */
export function consoleNote(command: Command): string | undefined {
	let tags: Record<string, string> | undefined;
	if (command.op === 'tag' || command.op === 'create') tags = command.tags;
	if (!tags) return undefined;
	const found: string[] = [];
	for (const [key, value] of Object.entries(tags)) {
		for (const [what, text] of [
			['key', key],
			['value', value],
		] as const) {
			const stray = strayCharacters(text);
			if (stray.length > 0)
				found.push(
					`${what} ${quoted(text)} has ${stray.map((c) => `"${visible(c)}"`).join(' ')}`,
				);
		}
	}

	if (found.length === 0) return undefined;
	return `Note: ${found.slice(0, 3).join('; ')}${found.length > 3 ? ` and ${found.length - 3} more` : ''}. The Tag console accepts only letters, digits, spaces and _ . # / = + - @; the API, which tagdeck follows, accepts them.`;
}
