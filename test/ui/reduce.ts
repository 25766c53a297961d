/*
Drives the UI's reducer without Ink: key names as the App names them, on a
world in memory (the demo world). What the App does with a request (apply it
through the store) is done here with the core's apply.
*/
import {apply} from '../../source/core/apply.js';
import {World} from '../../source/core/world.js';
import {demoWorld} from '../../source/core/worlds.js';
import {reduce} from '../../source/ui/reducer.js';
import {
	initialState,
	type Screen,
	type UiState,
} from '../../source/ui/state.js';

export const now = '2026-01-02T03:04:05.000Z';

/** The demo world, in memory. */
export function demo(): World {
	return new World(demoWorld(now));
}

/** The input a key name arrives with (named keys have none; Ctrl-x has x). */
export function inputOf(name: string): string {
	if (name === 'space') return ' ';
	if (name === 'ctrl-\\') return '\u001C';
	if (name.startsWith('ctrl-')) return name.slice(5);
	return name.length === 1 ? name : '';
}

/** One key press. */
export function key(state: UiState, world: World, name: string): UiState {
	return reduce(state, {type: 'key', name, input: inputOf(name), world, now});
}

/** Key presses one after another; text is typed one character per key. */
export function keys(
	state: UiState,
	world: World,
	...names: string[]
): UiState {
	let next = state;
	for (const name of names) next = key(next, world, name);
	return next;
}

/** Types text one character at a time. */
export function type(state: UiState, world: World, text: string): UiState {
	return keys(state, world, ...[...text].map((c) => (c === ' ' ? 'space' : c)));
}

/** Applies the change the state requests, as the App does, and reports it back. */
export function settle(state: UiState, world: World): UiState {
	const command = state.request;
	if (!command) return state;
	const result = apply(world, command, {now});
	return reduce(state, {type: 'applied', command, result, world});
}

/** The state on the resources of a region at 120×30. */
export function start(region = 'cn-hangzhou'): UiState {
	return initialState({region, columns: 120, rows: 30});
}

/** The state on the regions list at 120×30. */
export function startOnRegions(): UiState {
	return initialState({columns: 120, rows: 30});
}

/**
A state on each screen, reached by keys from the resources of cn-hangzhou, on
a world with two steps in its log.
*/
export function onEveryScreen(): {
	world: World;
	states: Record<Screen, UiState>;
} {
	const world = demo();
	const {id} = Object.values(world.data.resources).find(
		(r) => r.region === 'cn-hangzhou' && r.name === 'web-prod-1',
	)!;
	for (const tags of [{first: '1'}, {second: '2'}] as Array<
		Record<string, string>
	>)
		apply(world, {op: 'tag', ids: [id], tags}, {now});
	const resources = start();
	const editor = type(key(resources, world, 't'), world, 'a=1');
	const command = (text: string) =>
		keys(type(key(resources, world, ':'), world, text), world, 'enter');
	const rules = command('rules');
	return {
		world,
		states: {
			regions: startOnRegions(),
			resources,
			editor,
			preview: key(editor, world, 'ctrl-s'),
			confirm: key(rules, world, 'I'),
			untag: key(resources, world, 'T'),
			rules,
			keys: command('keys'),
			activity: key(resources, world, '@'),
			actions: key(resources, world, 'a'),
			costs: command('costs'),
			ram: command('ram'),
			compliance: command('compliance'),
			help: key(resources, world, '?'),
		},
	};
}
