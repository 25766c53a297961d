import type {Command} from '../../../core/model.js';
import type {ScreenKeys} from '../../binding.js';
import {
	ask,
	back,
	newEdit,
	say,
	type Edit,
	type KeyContext,
	type UiState,
} from '../../state.js';
import {complete} from './complete.js';
import {parseEdit} from './parse.js';
import {
	eraseAfter,
	eraseBefore,
	insert,
	sideways,
	toEdge,
	vertically,
} from './text.js';

/** The state with this edit; a changed text is checked leniently again. */
function withEdit(state: UiState, edit: Edit, changed = false): UiState {
	return {
		...state,
		editor: {...edit, tab: undefined, checked: changed ? false : edit.checked},
		message: undefined,
	};
}

/** Checks every line and previews the change they make; bad lines stay marked. */
function preview(context: KeyContext): UiState {
	const {state} = context;
	const {tags, remove, errors} = parseEdit(state.editor.lines);
	if (errors.length > 0) {
		const [first] = errors;
		const text =
			errors.length === 1
				? `Line ${first!.line + 1}: ${first!.code} (the reason is under it); fix or remove it to preview.`
				: `${errors.length} lines are not valid (the reason is under each); fix or remove them to preview.`;
		return say(
			{...state, editor: {...state.editor, checked: true}},
			text,
			true,
		);
	}

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

const hasContent = (lines: string[]) => lines.some((l) => l.trim() !== '');

/** What each cursor key does to the cursor. */
const moves: Record<string, (edit: Edit) => Edit> = {
	up: (edit) => vertically(edit, -1),
	down: (edit) => vertically(edit, 1),
	left: (edit) => sideways(edit, -1),
	right: (edit) => sideways(edit, 1),
	home: (edit) => toEdge(edit, false),
	end: (edit) => toEdge(edit, true),
};

/** The tag editor: a text field of lines, key=value or -key, with a cursor. */
export const editorKeys: ScreenKeys = {
	length: () => 0,
	text: {
		footer: 'key=value or -key, one per line',
		type({state, name, input}) {
			const edit =
				name === 'backspace'
					? eraseBefore(state.editor)
					: insert(state.editor, name === 'space' ? ' ' : input);
			return withEdit(state, edit, true);
		},
	},
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'split the line at the cursor (on an empty line: preview the edit)',
			run(context) {
				const {state} = context;
				const {lines, row} = state.editor;
				if (lines[row] === '' && hasContent(lines)) return preview(context);
				return withEdit(state, insert(state.editor, '\n'), true);
			},
		},
		{
			keys: ['up', 'down', 'left', 'right', 'home', 'end'],
			label: '←↑↓→ Home End',
			does: 'move the cursor across the lines (Home, End: to the start, the end of its line)',
			run: ({state, name}) => withEdit(state, moves[name]!(state.editor)),
		},
		{
			keys: ['delete', 'ctrl-d'],
			label: 'Delete/Ctrl-d',
			does: 'delete the character under the cursor (Backspace: the one before)',
			run: ({state}) => withEdit(state, eraseAfter(state.editor), true),
		},
		{
			keys: ['tab'],
			label: 'Tab',
			does: 'complete the key, or the value after key=: the start all matches share, then each match in turn',
			footer: 'complete',
			run({state, world}) {
				const done = complete(state.editor, world, state.region);
				if (typeof done === 'string') return say(state, done);
				return {...state, editor: done, message: undefined};
			},
		},
		{
			keys: ['ctrl-s'],
			label: 'Ctrl-s',
			does: 'preview the edit (bad lines stay marked with their errors)',
			footer: 'preview',
			run: preview,
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'cancel the edit (asks first if it has any text)',
			footer: 'cancel',
			run({state}) {
				if (!hasContent(state.editor.lines))
					return back({...state, editor: newEdit([])});
				return say(
					{...state, question: {kind: 'discard'}},
					'Throw this edit away? y/n (any other key keeps editing)',
					true,
				);
			},
		},
	],
};
