import {parseTagArgument} from '../../../core/tags.js';
import type {World} from '../../../core/world.js';
import type {Edit} from '../../state.js';
import {regionKeys, regionValues} from './values.js';

/** What the text before the cursor is completing: a key, or the value of `key`. */
export type Completing = {
	/** The text kept before the completed word: `-`, or `key=`. */
	lead: string;
	/** The word typed so far. */
	stem: string;
	/** Set when a value is completed: its key. */
	key: string | undefined;
};

/** The key a `key=` start names, read as the command line reads it. */
function keyOf(start: string): string | undefined {
	try {
		return parseTagArgument(`${start}=`)[0];
	} catch {
		return undefined;
	}
}

/** What the cursor's line completes, from the text before the cursor. */
export function completing(edit: Edit): Completing | undefined {
	const head = edit.lines[edit.row]!.slice(0, edit.column);
	const equals = head.indexOf('=');
	if (equals === -1) {
		const lead = head.startsWith('-') ? '-' : '';
		return {lead, stem: head.slice(lead.length), key: undefined};
	}

	if (head.startsWith('-')) return undefined;
	const key = keyOf(head.slice(0, equals));
	if (key === undefined) return undefined;
	return {lead: head.slice(0, equals + 1), stem: head.slice(equals + 1), key};
}

/** The region's keys, or the values of the key, that could complete it. */
export function candidates(
	world: World,
	region: string | undefined,
	what: Completing,
): string[] {
	const all =
		what.key === undefined
			? regionKeys(world, region)
			: regionValues(world, region, what.key).map((v) => v.value);
	return all.filter((c) => c.startsWith(what.stem));
}

/** The longest start the words share. */
function commonStart(words: string[]): string {
	let start = words[0] ?? '';
	for (const word of words)
		while (!word.startsWith(start)) start = start.slice(0, -1);
	return start;
}

/** A value as written on a line: as it is if it reads back the same, else in quotes. */
function written(value: string): string {
	for (const form of [value, `"${value}"`]) {
		try {
			if (parseTagArgument(`k=${form}`)[1] === value) return form;
		} catch {}
	}

	return value;
}

/** The cursor's line with the word before the cursor replaced. */
function replaced(edit: Edit, what: Completing, word: string): Edit {
	const line = edit.lines[edit.row]!;
	const head = what.lead + word;
	const lines = [...edit.lines];
	lines[edit.row] = head + line.slice(edit.column);
	return {...edit, lines, column: head.length, tab: undefined};
}

/**
Tab, as in a shell: the word before the cursor completed to the start all its
matches share; once that is done, each Tab shows the next match in turn (most
used value first). A key completed to one match gets its `=`.
*/
export function complete(
	edit: Edit,
	world: World,
	region: string | undefined,
): Edit | string {
	const what = completing(edit);
	if (!what) return 'Tab completes a key, or the value after key=.';
	if (edit.tab) {
		const cycle = candidates(world, region, {...what, stem: edit.tab.stem});
		const index = (edit.tab.index + 1) % Math.max(1, cycle.length);
		const next = replaced(edit, what, written(cycle[index] ?? edit.tab.stem));
		return {...next, tab: {stem: edit.tab.stem, index}};
	}

	const found = candidates(world, region, what);
	const noun = what.key === undefined ? 'key' : `value of ${what.key}`;
	if (found.length === 0) return `No ${noun} here starts with "${what.stem}".`;
	if (found.length === 1) {
		const only = found[0]!;
		return what.key === undefined && what.lead === ''
			? replaced(edit, what, `${only}=`)
			: replaced(edit, what, written(only));
	}

	const start = commonStart(found);
	if (start.length > what.stem.length) return replaced(edit, what, start);
	return {
		...replaced(edit, what, written(found[0]!)),
		tab: {stem: what.stem, index: 0},
	};
}
