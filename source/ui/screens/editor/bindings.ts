import type {Command} from '../../../core/model.js';
import {tagKeys} from '../../../core/query.js';
import type {World} from '../../../core/world.js';
import type {ScreenKeys} from '../../binding.js';
import {editText} from '../../keys.js';
import {ask, back, say, type KeyContext, type UiState} from '../../state.js';
import {parseEdit} from './parse.js';

/** The longest common start of the candidates that start with `prefix`. */
function common(candidates: string[], prefix: string): string {
	const found = candidates.filter((c) => c.startsWith(prefix));
	if (found.length === 0) return prefix;
	let start = found[0]!;
	for (const c of found)
		while (!c.startsWith(start)) start = start.slice(0, -1);
	return start;
}

/** Completes the key (or the value after =) from the region's tags. */
function complete(
	line: string,
	world: World,
	region: string | undefined,
): string {
	const keys = tagKeys(world, region)
		.filter((k) => !k.system)
		.map((k) => k.key);
	const removing = line.startsWith('-');
	const body = removing ? line.slice(1) : line;
	const equals = body.indexOf('=');
	if (equals === -1) {
		const key = common(keys, body);
		return `${removing ? '-' : ''}${key}${keys.includes(key) && !removing ? '=' : ''}`;
	}

	const key = body.slice(0, equals);
	const values = new Set<string>();
	for (const r of region ? world.inRegion(region) : []) {
		if (Object.hasOwn(r.tags, key)) values.add(r.tags[key]!);
	}

	return `${key}=${common([...values], body.slice(equals + 1))}`;
}

/** Checks the lines and previews the change they make. */
function preview(context: KeyContext): UiState {
	const {state} = context;
	const edit = parseEdit(state.editor.lines.filter((l) => l.trim() !== ''));
	if (edit.error) return say(state, edit.error, true);
	const {tags, remove} = edit;
	const ids = state.editor.targets;
	if (remove.length === 0 && Object.keys(tags).length === 0) {
		return say(state, 'Write key=value or -key lines first.', true);
	}

	const command: Command = {op: 'tag', ids, tags, remove};
	return ask(
		context,
		`Change the tags of ${ids.length} resource(s)?`,
		command,
		'preview',
	);
}

function withLines(state: UiState, lines: string[]): UiState {
	return {...state, editor: {...state.editor, lines}};
}

/** The tag editor: a text field of lines, key=value or -key. */
export const editorKeys: ScreenKeys = {
	length: () => 0,
	text: {
		footer: 'key=value or -key, one per line',
		type({state, name, input}) {
			const {lines} = state.editor;
			const last = lines.length - 1;
			if (name === 'backspace' && lines[last] === '' && last > 0)
				return withLines(state, lines.slice(0, -1));
			const text = editText(lines[last]!, name, input) ?? '';
			// A pasted block arrives as one chunk with its newlines.
			const parts = text.split(/\r\n|\r|\n/v);
			return {
				...withLines(state, [...lines.slice(0, -1), ...parts]),
				message: undefined,
			};
		},
	},
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'a new line (on an empty line: preview the edit)',
			run(context) {
				const {state} = context;
				const {lines} = state.editor;
				if (lines.at(-1) === '' && lines.length > 1) return preview(context);
				return {...withLines(state, [...lines, '']), message: undefined};
			},
		},
		{
			keys: ['tab'],
			label: 'Tab',
			does: 'complete the key or value from the region',
			footer: 'complete',
			run({state, world}) {
				const {lines} = state.editor;
				const done = complete(lines.at(-1)!, world, state.region);
				return withLines(state, [...lines.slice(0, -1), done]);
			},
		},
		{
			keys: ['ctrl-s'],
			label: 'Ctrl-s',
			does: 'preview the edit',
			footer: 'preview',
			run: preview,
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'cancel the edit',
			footer: 'cancel',
			run: ({state}) => back({...state, editor: {lines: [''], targets: []}}),
		},
	],
};
