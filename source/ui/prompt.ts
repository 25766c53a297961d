import {
	findRegion,
	findType,
	regions,
	resourceTypes,
	typeNamed,
} from '../core/catalogue.js';
import {ramEntities, rootName} from '../core/ram/identities.js';
import {TokenError, words} from '../core/tokens.js';
import type {World} from '../core/world.js';
import type {ScreenKeys} from './binding.js';
import {editText} from './keys.js';
import {typedFilter} from './rows.js';
import {nameEntered} from './screens/actions/bindings.js';
import {actAs} from './screens/ram/bindings.js';
import {openRegion} from './screens/regions/bindings.js';
import {scopeEntered} from './screens/rules/bindings.js';
import {go, say, type KeyContext, type UiState} from './state.js';

const openRegionFirst = 'Open a region first (Enter on it).';

/** The types :type offers: those of the open region (its type tabs), or every type; by short name. */
function typeChoices(state: UiState, world: World): string[] {
	const names = state.region
		? new Set(world.inRegion(state.region).map((r) => r.type))
		: resourceTypes.map((t) => t.name);
	return [...names].map((name) => typeNamed(name).aliases[0]!).toSorted();
}

/** What Tab completes after a command's word: its argument's choices. */
const argumentChoices: Record<
	string,
	(state: UiState, world: World) => string[]
> = {
	type: (state, world) => ['all', ...typeChoices(state, world)],
	region: () => regions.map((r) => r.id).toSorted(),
	as: (_state, world) => [
		rootName,
		...ramEntities((world.whole ?? world).data, 'user').map((u) => u.name),
	],
};

/** The commands that take an argument: Tab leaves a space after them. */
const takesArgument = new Set(['type', 'region', 'export', 'as']);

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
	costs: (state) => go(state, 'costs'),
	ram: (state) => go(state, 'ram'),
	compliance: (state) =>
		state.region ? go(state, 'compliance') : say(state, openRegionFirst, true),
	as(state, argument, world) {
		if (!argument) {
			return say(
				state,
				`Acting as ${state.as ?? 'the account (root)'}. :as USER acts as a RAM user (:ram lists them); :as root is the account.`,
			);
		}

		return actAs(state, argument, world);
	},
	unmark: (state) => say({...state, marks: new Set()}, 'Marks cleared.'),
	type(state, argument, world) {
		if (!argument || argument === 'all')
			return say({...state, type: undefined}, 'All types.');
		const type = findType(argument);
		if (!type) {
			return say(
				state,
				`Unknown type "${argument}" (:type all shows every type; Tab completes). ${state.region ? 'Types here' : 'Types'}: ${typeChoices(state, world).join(', ')}.`,
				true,
			);
		}

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
		`Unknown command ":${word}". Try :regions :rules :keys :costs :compliance :ram :as USER :type T :region R :unmark :export FILE :q`,
		true,
	);
}

/** What Tab offers for the text of the : line, and the line each choice makes. */
function completions(
	text: string,
	state: UiState,
	world: World,
): {found: string[]; line: (choice: string, only: boolean) => string} {
	const match = /^(\S*)(\s+(\S*))?$/v.exec(text.trimStart());
	if (!match) return {found: [], line: () => text};
	const [, word = '', argumentPart, typed = ''] = match;
	const choices = argumentPart
		? (argumentChoices[word]?.(state, world) ?? [])
		: Object.keys(commands)
				.filter((c) => c.length > 1)
				.toSorted();
	const prefix = (argumentPart ? typed : word).toLowerCase();
	return {
		found: choices.filter((c) => c.toLowerCase().startsWith(prefix)),
		line: (choice, only) =>
			argumentPart
				? `${word} ${choice}`
				: `${choice}${only && takesArgument.has(choice) ? ' ' : ''}`,
	};
}

/**
Tab on the : line: completes the command's word, then the argument of :type
(the region's types) and :region (the regions). With several choices each
Tab shows the next; typing keeps the one shown.
*/
function complete({state, world}: KeyContext): UiState {
	const prompt = state.prompt!;
	if (prompt.kind !== 'command') return state;
	const going = prompt.completion;
	const typed = going ? going.typed : prompt.text;
	const {found, line} = completions(typed, state, world);
	if (found.length === 0) return state;
	const at = going ? (going.at + 1) % found.length : 0;
	return {
		...state,
		prompt: {
			...prompt,
			text: line(found[at]!, found.length === 1),
			completion: found.length > 1 ? {typed, at} : undefined,
		},
	};
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
			const next = {...state, prompt: {...prompt, text, completion: undefined}};
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
			keys: ['tab'],
			label: 'Tab',
			does: 'on the : line: complete the command, a type or a region',
			run: complete,
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
