import type {World} from '../core/world.js';
import {
	globalBindings,
	historyHint,
	type Binding,
	type ScreenKeys,
} from './binding.js';
import {charName, isText} from './keys.js';
import {promptKeys} from './prompt.js';
import {keyTables} from './screens/tables.js';
import {
	back,
	newEdit,
	say,
	type KeyContext,
	type UiAction,
	type UiState,
} from './state.js';

/** The keys that act now: a prompt's while one is open, else the screen's. */
function activeKeys(state: UiState): Omit<ScreenKeys, 'length'> {
	return state.prompt ? promptKeys : keyTables[state.screen];
}

/**
What a key does in this state: text for a text field, a binding of the
screen's table or the global one, or nothing (undefined).
*/
export function route(
	state: UiState,
	name: string,
	input: string,
): Binding | 'text' | undefined {
	const keys = activeKeys(state);
	if (keys.text && isText(name, input)) return 'text';
	return (
		keys.bindings.find((b) => b.keys.includes(name)) ??
		globalBindings.find((b) => b.keys.includes(name))
	);
}

/**
The answer (y or n) to a question about a file (other keys leave it asked),
or about throwing an edit away (any key but y keeps editing).
*/
function answer(state: UiState, name: string): UiState {
	const {question} = state;
	if (!question) return state;
	if (question.kind === 'discard') {
		const next = {...state, question: undefined, message: undefined};
		return name === 'y'
			? back({...next, editor: newEdit([])})
			: say(next, 'Still editing: nothing was thrown away.');
	}

	if (name === 'y') {
		const next = {...state, question: undefined, message: undefined};
		return question.kind === 'overwrite'
			? {...next, exportTo: {file: question.file, overwrite: true}}
			: {...next, restore: true};
	}

	if (name === 'n' || name === 'esc') {
		return say(
			{...state, question: undefined},
			question.kind === 'overwrite'
				? `Not exported: ${question.file} was left as it was.`
				: 'Nothing was written: the world file stays gone, and no change is saved until it is back. The next change asks again.',
		);
	}

	return state;
}

/** Ctrl-c to the question about throwing an edit away: the question is dropped, and Ctrl-c acts as anywhere. */
function dropOnCtrlC(context: KeyContext): KeyContext {
	const {state, name} = context;
	return state.question?.kind === 'discard' && name === 'ctrl-c'
		? {...context, state: {...state, question: undefined}}
		: context;
}

function key(asked: KeyContext): UiState {
	const context = dropOnCtrlC(asked);
	const {state, name} = context;
	// Two questions come before any screen: quitting, and a file's fate.
	if (state.quitAsked) {
		if (name === 'y') return {...state, quit: true};
		return say({...state, quitAsked: false}, 'Not quitting.');
	}

	if (state.question) return answer(state, name);
	const found = route(state, name, context.input);
	if (found === 'text') return activeKeys(state).text!.type(context);
	if (!found) return state;
	const reason = found.disabledReason?.(context);
	return reason ? say(state, reason, true) : found.run(context);
}

/** Applies one key, or each key of a chunk typed fast or pasted. */
function keys(
	state: UiState,
	world: World,
	name: string,
	input: string,
	now: string,
): UiState {
	if (name !== input || input.length <= 1)
		return key({state, world, name, input, now});
	let next = state;
	for (const char of input)
		next = key({state: next, world, name: charName(char), input: char, now});
	return next;
}

function applied(
	state: UiState,
	{command, result, world}: Extract<UiAction, {type: 'applied'}>,
): UiState {
	const done = {...state, request: undefined};
	if (!result.ok)
		return say(done, `${result.error.code}: ${result.error.message}`, true);
	const failed =
		result.failures.length > 0 && 'ids' in command
			? {command, ids: result.failures.map((f) => f.id)}
			: undefined;
	const skipped =
		result.skipped.length > 0
			? ` Inheritance skipped for ${result.skipped.length} (quota).`
			: '';
	if (!result.event) return say(done, 'Nothing to change.');
	const text = `Step #${result.event.seq}: ${result.event.summary}.${failed ? ` ${failed.ids.length} failed: r retries them.` : ''}${skipped}`;
	return {
		...(failed ? done : unmarked(done)),
		failed,
		message: {text, error: Boolean(failed), hint: historyHint(world)},
	};
}

/**
The one rule for marks: a change applied in full clears every mark (resources,
rules, keys); a refused or partly applied one keeps them, to fix and retry.
*/
function unmarked(state: UiState): UiState {
	return {
		...state,
		marks: new Set(),
		ruleMarks: new Set(),
		keyMarks: new Set(),
		anchor: undefined,
	};
}

/** The world changed: the status line's word on u and Ctrl-r follows it. */
function rehint(state: UiState, world: World): UiState {
	const {message} = state;
	if (message?.hint === undefined) return state;
	const hint = historyHint(world);
	return hint === message.hint
		? state
		: {...state, message: {...message, hint}};
}

/** The UI's one reducer: keys, resizes, and what the app reports back. */
export function reduce(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'key': {
			return keys(state, action.world, action.name, action.input, action.now);
		}

		case 'resize': {
			return {...state, columns: action.columns, rows: action.rows};
		}

		case 'applied': {
			return applied(state, action);
		}

		case 'world': {
			return rehint(state, action.world);
		}

		case 'error': {
			return say(
				{...state, request: undefined, exportTo: undefined, restore: false},
				action.message,
				true,
			);
		}

		case 'notice': {
			return say(
				{...state, exportTo: undefined, restore: false},
				action.message,
			);
		}

		case 'exists': {
			return say(
				{
					...state,
					exportTo: undefined,
					question: {kind: 'overwrite', file: action.file},
				},
				`${action.file} exists: replace it with the export? y/n`,
				true,
			);
		}

		case 'gone': {
			return say(
				{...state, request: undefined, question: {kind: 'restore'}},
				`World file gone (deleted or moved away): write the world shown here back to it? y/n · ${action.file}`,
				true,
			);
		}
	}
}
