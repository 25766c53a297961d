import {findRegion, findType} from '../core/catalogue.js';
import {TokenError, words} from '../core/tokens.js';
import type {World} from '../core/world.js';
import type {ScreenKeys} from './binding.js';
import {editText} from './keys.js';
import {typedFilter} from './rows.js';
import {nameEntered} from './screens/actions/bindings.js';
import {openRegion} from './screens/regions/bindings.js';
import {scopeEntered} from './screens/rules/bindings.js';
import {go, say, type KeyContext, type UiState} from './state.js';

const openRegionFirst = 'Open a region first (Enter on it).';

/** The commands of the : line, by their word. */
const commands: Record<
	string,
	(state: UiState, argument: string, world: World) => UiState
> = {
	q: (state) => ({...state, quit: true}),
	quit: (state) => ({...state, quit: true}),
	regions: (state) => go(state, 'regions'),
	rules: (state) =>
		state.region ? go(state, 'rules') : say(state, openRegionFirst, true),
	keys: (state) =>
		state.region ? go(state, 'keys') : say(state, openRegionFirst, true),
	unmark: (state) => say({...state, marks: new Set()}, 'Marks cleared.'),
	type(state, argument) {
		if (!argument || argument === 'all')
			return say({...state, type: undefined}, 'All types.');
		const type = findType(argument);
		if (!type) return say(state, `Unknown type "${argument}".`, true);
		return {
			...(state.screen === 'resources' ? state : go(state, 'resources')),
			type: type.name,
			cursor: {...state.cursor, resources: 0},
		};
	},
	region(state, argument) {
		const region = findRegion(argument.toLowerCase());
		return region
			? openRegion(state, region.id)
			: say(state, `Unknown region "${argument}"; :regions lists them.`, true);
	},
	export(state, argument) {
		if (!argument) return say(state, 'Give a file: :export FILE', true);
		return {
			...state,
			message: undefined,
			exportTo: {file: argument, overwrite: false},
		};
	},
};

function runCommandLine(state: UiState, world: World, text: string): UiState {
	let parts: string[];
	try {
		parts = words(text).map((piece) => piece.text);
	} catch (error) {
		if (!(error instanceof TokenError)) throw error;
		return say(
			state,
			`Cannot read :${text}: at column ${error.at + 2}, ${error.reason}`,
			true,
		);
	}

	const [word = '', ...rest] = parts;
	const run = Object.hasOwn(commands, word) ? commands[word] : undefined;
	if (run) return run(state, rest.join(' '), world);
	return say(
		state,
		`Unknown command ":${word}". Try :regions :rules :keys :type T :region R :unmark :export FILE :q`,
		true,
	);
}

function entered(context: KeyContext): UiState {
	const {state, world} = context;
	const prompt = state.prompt!;
	const done = {...state, prompt: undefined};
	switch (prompt.kind) {
		case 'filter': {
			return state.screen === 'resources' && typedFilter(prompt.text).error
				? state
				: done;
		}

		case 'command': {
			return runCommandLine(done, world, prompt.text);
		}

		case 'scope': {
			return scopeEntered({...context, state: done}, prompt.text);
		}

		case 'name': {
			return nameEntered({...context, state: done}, prompt.text);
		}
	}
}

/**
The one-line prompts (/ filter, : command, the scope, a name): text fields
over any screen, which take every printable key.
*/
export const promptKeys: Omit<ScreenKeys, 'length'> = {
	text: {
		footer: 'type',
		type({state, name, input}) {
			const prompt = state.prompt!;
			const text = editText(prompt.text, name, input) ?? prompt.text;
			const next = {...state, prompt: {...prompt, text}};
			if (prompt.kind !== 'filter') return next;
			return {
				...next,
				filters: {...state.filters, [state.screen]: text},
				cursor: {...state.cursor, [state.screen]: 0},
			};
		},
	},
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'run the command, or keep the filter',
			run: entered,
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'close the prompt (a filter: clear it)',
			run: ({state}) =>
				state.prompt!.kind === 'filter'
					? {
							...state,
							prompt: undefined,
							filters: {...state.filters, [state.screen]: ''},
						}
					: {...state, prompt: undefined},
		},
	],
};
