/*
The reducer alone, on the demo world in memory: each screen's keys as pure
state changes, without Ink.
*/
import {describe, expect, test} from 'vitest';
import {apply} from '../../source/core/apply.js';
import type {Command} from '../../source/core/model.js';
import {reduce} from '../../source/ui/reducer.js';
import {regionList} from '../../source/ui/screens/regions/bindings.js';
import {resourceRows} from '../../source/ui/screens/resources/slice.js';
import {untagKeys} from '../../source/ui/screens/untag/bindings.js';
import type {UiState} from '../../source/ui/state.js';
import {step} from '../helpers/world.js';
import {
	demo,
	key,
	keys,
	now,
	onEveryScreen,
	settle,
	start,
	startOnRegions,
	type,
} from './reduce.js';

describe('regions', () => {
	test('typing filters, Backspace edits, Esc clears', () => {
		const world = demo();
		let state = type(startOnRegions(), world, 'guang');
		expect(state.filters.regions).toBe('guang');
		expect(regionList(state, world).map((r) => r.id)).toEqual(['cn-guangzhou']);
		state = key(state, world, 'backspace');
		expect(state.filters.regions).toBe('guan');
		state = key(state, world, 'esc');
		expect(state.filters.regions).toBe('');
	});

	test('Enter opens the region under the cursor', () => {
		const world = demo();
		const state = keys(startOnRegions(), world, 'down', 'enter');
		expect(state.screen).toBe('resources');
		expect(state.region).toBe(regionList(startOnRegions(), world)[1]!.id);
	});
});

describe('resources', () => {
	test(
		String.raw`Space marks and moves down; * marks every row shown; Ctrl-\ clears`,
		() => {
			const world = demo();
			let state = key(start(), world, 'space');
			expect(state.marks.size).toBe(1);
			expect(state.cursor.resources).toBe(1);
			state = key(state, world, '*');
			expect(state.marks.size).toBe(resourceRows(state, world).length);
			state = key(state, world, 'ctrl-\\');
			expect(state.marks.size).toBe(0);
		},
	);

	test('v marks a range as the cursor moves', () => {
		const world = demo();
		const state = keys(start(), world, 'v', 'j', 'j');
		expect(state.marks.size).toBe(3);
	});

	test('/ filters with the tag filter language; an invalid filter keeps the prompt', () => {
		const world = demo();
		let state = type(key(start(), world, '/'), world, 'env=prod');
		expect(state.filters.resources).toBe('env=prod');
		state = key(state, world, 'enter');
		expect(state.prompt).toBeUndefined();
		state = type(keys(state, world, '/', 'esc', '/'), world, '=x');
		expect(key(state, world, 'enter').prompt).toBeDefined();
	});

	test('r with nothing failed says so', () => {
		const state = key(start(), demo(), 'r');
		expect(state.message).toEqual({
			text: 'Nothing failed to retry.',
			error: true,
		});
	});
});

describe('editor, preview and the applied step', () => {
	test('t, a line, Ctrl-s previews; y applies; u asks to undo that step', () => {
		const world = demo();
		let state = type(key(start(), world, 't'), world, 'a=1');
		expect(state.editor.lines).toEqual(['a=1']);
		state = key(state, world, 'ctrl-s');
		expect(state.screen).toBe('preview');
		state = key(state, world, 'y');
		expect(state.request).toMatchObject({op: 'tag', tags: {a: '1'}});
		state = settle(state, world);
		expect(state.screen).toBe('resources');
		expect(state.message?.text).toMatch(/^Step #\d+: /v);
		state = key(state, world, 'u');
		expect(state.screen).toBe('confirm');
		expect(state.pending?.command).toEqual({
			op: 'undo',
			step: world.data.history.undo.at(-1),
		});
	});

	test('the time of a change is the one the key carried', () => {
		const world = demo();
		const state = settle(
			keys(type(key(start(), world, 't'), world, 'a=1'), world, 'ctrl-s', 'y'),
			world,
		);
		expect(state.message?.error).toBe(false);
		expect(world.data.log.at(-1)!.at).toBe(now);
	});

	test('q and ? in the editor are text', () => {
		const world = demo();
		const state = type(key(start(), world, 't'), world, 'q?=1');
		expect(state.editor.lines).toEqual(['q?=1']);
		expect(state.quit).toBe(false);
	});

	test('Tab reads the values of a key from the region once per world revision, not per key press', () => {
		const world = demo();
		const inRegion = world.inRegion.bind(world);
		let reads = 0;
		world.inRegion = (region) => {
			reads++;
			return inRegion(region);
		};

		let state = type(key(start(), world, 't'), world, 'env=');
		// Opening the editor read the rows; from here on, only the editor reads.
		reads = 0;
		state = keys(state, world, 'tab', 'tab', 'tab', 'tab');
		expect(state.editor.lines).toEqual(['env=prod']);
		expect(reads).toBe(1);
		state = type(keys(state, world, 'enter'), world, 'env=');
		state = keys(state, world, 'tab', 'tab');
		expect(state.editor.lines).toEqual(['env=prod', 'env=test']);
		expect(reads).toBe(1);
		apply(
			world,
			{
				op: 'tag',
				ids: [world.inRegion('cn-hangzhou')[0]!.id],
				tags: {env: 'qa'},
			},
			{now},
		);
		reads = 0;
		keys(state, world, 'tab');
		expect(reads).toBe(1);
	});

	test('Esc on an edit with text asks; n keeps editing, y goes back; Ctrl-c then asks about quitting instead', () => {
		const world = demo();
		const editing = type(key(start(), world, 't'), world, 'a=1');
		const asked = key(editing, world, 'esc');
		expect(asked.screen).toBe('editor');
		expect(asked.message?.text).toContain('Throw this edit away? y/n');
		const kept = key(asked, world, 'n');
		expect(kept.screen).toBe('editor');
		expect(kept.editor.lines).toEqual(['a=1']);
		expect(key(kept, world, 'a').editor.lines).toEqual(['a=1a']);
		const dropped = key(asked, world, 'y');
		expect(dropped.screen).toBe('resources');
		expect(dropped.editor.lines).toEqual(['']);
		const quitting = key(asked, world, 'ctrl-c');
		expect(quitting.message?.text).toContain('quit anyway? y/n');
		expect(key(quitting, world, 'y').quit).toBe(true);
		const staying = key(quitting, world, 'n');
		expect(staying.question).toBeUndefined();
		expect(key(staying, world, 'b').editor.lines).toEqual(['a=1b']);
	});

	test('Ctrl-c with an edit open asks; any key but y keeps it', () => {
		const {world, states} = onEveryScreen();
		const asked = key(states.editor, world, 'ctrl-c');
		expect(asked.quitAsked).toBe(true);
		expect(key(asked, world, 'n').quit).toBe(false);
		expect(key(asked, world, 'y').quit).toBe(true);
	});
});

/** Crm-prod-1 of the demo world: 19 custom tags, one short of the quota. */
const crm = (world: ReturnType<typeof demo>) =>
	Object.values(world.data.resources).find(
		(r) =>
			r.region === 'cn-hangzhou' &&
			r.name === 'crm-prod-1' &&
			r.type === 'Ecs-Instance',
	)!.id;

/** Two more tags on crm-prod-1, applied as a whole and reported to the reducer: refused (quota). */
function refusedOnCrm(state: UiState, world: ReturnType<typeof demo>) {
	const command: Command = {
		op: 'tag',
		ids: [crm(world)],
		tags: {a: '1', b: '2'},
	};
	return reduce(state, {
		type: 'applied',
		command,
		result: apply(world, command, {now}),
		world,
	});
}

describe('marks after a change: one rule', () => {
	test('a change applied in full clears the resource marks', () => {
		const world = demo();
		let state = keys(start(), world, 'space', 'space', 't');
		state = keys(type(state, world, 'a=1'), world, 'ctrl-s', 'y');
		state = settle(state, world);
		expect(state.message?.text).toMatch(
			new RegExp(String.raw`^Step #${step(1)}: tag 2 resources`, 'v'),
		);
		expect(state.marks.size).toBe(0);
	});

	test('a partial apply (p) keeps the marks, so r can retry', () => {
		const world = demo();
		const rows = resourceRows(start(), world);
		const at = rows.findIndex((r) => r.id === crm(world));
		let state = keys(
			start(),
			world,
			'space',
			...Array.from({length: at - 1}, () => 'j'),
			'space',
			't',
		);
		expect(state.marks.size).toBe(2);
		state = type(keys(type(state, world, 'a=1'), world, 'enter'), world, 'b=2');
		state = keys(state, world, 'ctrl-s', 'p');
		state = settle(state, world);
		expect(state.message?.text).toContain('1 failed: r retries them.');
		expect(state.marks.size).toBe(2);
	});

	test('a refused change keeps the marks', () => {
		const world = demo();
		const id = crm(world);
		const state = refusedOnCrm({...start(), marks: new Set([id])}, world);
		expect(state.message?.error).toBe(true);
		expect(state.marks).toEqual(new Set([id]));
	});

	test('the rule marks clear too once the rules change in full', () => {
		const world = demo();
		apply(world, {op: 'inheritance', enabled: true}, {now});
		let state = type(key(start(), world, ':'), world, 'rules');
		state = keys(state, world, 'enter', 'space', 'space', 'e');
		expect(state.pending?.command).toMatchObject({op: 'rules'});
		state = settle(key(state, world, 'y'), world);
		expect(state.message?.text).toMatch(
			new RegExp(String.raw`^Step #${step(2)}: enable `, 'v'),
		);
		expect(state.ruleMarks.size).toBe(0);
	});
});

describe('what the UI says names its keys', () => {
	test('a preview lists what would fail with the UI key that fixes it', () => {
		const world = demo();
		const rows = resourceRows(start(), world);
		const at = rows.findIndex((r) => r.id === crm(world));
		let state = keys(start(), world, ...Array.from({length: at}, () => 'j'));
		state = type(key(state, world, 't'), world, 'a=1');
		state = type(key(state, world, 'enter'), world, 'b=2');
		state = key(state, world, 'ctrl-s');
		expect(state.screen).toBe('preview');
		const [failure] = state.pending!.result.failures;
		expect(failure!.message).toContain(
			'Remove some first (T on the resource).',
		);
		expect(failure!.message).not.toContain('tagdeck ');
	});

	test('a quota refusal says T removes tags, not a command to type', () => {
		const state = refusedOnCrm(start(), demo());
		expect(state.message?.text).toContain(
			'Remove some first (T on the resource).',
		);
		expect(state.message?.text).toContain('press p in the preview');
		expect(state.message?.text).not.toMatch(/tagdeck |--/v);
	});
});

describe('untag', () => {
	test('lists the custom keys of the targets; Space chooses, Enter previews', () => {
		const {world, states} = onEveryScreen();
		expect(untagKeys(states.untag, world).length).toBeGreaterThan(0);
		const state = keys(states.untag, world, 'space', 'enter');
		expect(state.screen).toBe('preview');
		expect(state.pending?.command).toMatchObject({op: 'untag'});
	});

	test('/ is no key here', () => {
		const {world, states} = onEveryScreen();
		expect(key(states.untag, world, '/')).toBe(states.untag);
	});
});

describe('rules', () => {
	test('I asks to turn the feature on; then e asks to enable the rule under the cursor', () => {
		const {world, states} = onEveryScreen();
		expect(key(states.rules, world, 'I').pending?.command).toEqual({
			op: 'inheritance',
			enabled: true,
		});
		const on = settle(keys(states.rules, world, 'I', 'y'), world);
		expect(key(on, world, 'e').pending?.command).toMatchObject({
			op: 'rules',
			enable: true,
			existing: false,
		});
	});

	test('s opens the scope prompt; Enter asks with the keys typed', () => {
		const {world, states} = onEveryScreen();
		const on = settle(keys(states.rules, world, 'I', 'y'), world);
		const state = keys(
			type(key(on, world, 's'), world, 'env,app'),
			world,
			'enter',
		);
		expect(state.pending?.command).toMatchObject({keys: ['env', 'app']});
	});
});

describe('keys, activity, actions and help', () => {
	test('Enter on a key filters the resources by it', () => {
		const {world, states} = onEveryScreen();
		const state = key(states.keys, world, 'enter');
		expect(state.screen).toBe('resources');
		expect(state.filters.resources).toMatch(/=\*$/v);
	});

	test('Enter on a step expands it', () => {
		const {world, states} = onEveryScreen();
		const state = key(states.activity, world, 'enter');
		expect(state.expanded.size).toBe(1);
	});

	test('Enter on an action asks to make it; Esc goes back', () => {
		const {world, states} = onEveryScreen();
		expect(key(states.actions, world, 'enter').screen).not.toBe('actions');
		expect(key(states.actions, world, 'esc').screen).toBe('resources');
	});

	test('help types to filter: "quota" does not quit', () => {
		const {world, states} = onEveryScreen();
		const state = type(states.help, world, 'quota');
		expect(state.quit).toBe(false);
		expect(state.filters.help).toBe('quota');
	});
});

describe('what the app reports back', () => {
	test('a notice is no error; an error is', () => {
		const state = start();
		expect(
			reduce(state, {type: 'notice', message: 'Exported 3.'}).message,
		).toEqual({text: 'Exported 3.', error: false});
		expect(reduce(state, {type: 'error', message: 'EACCES'}).message).toEqual({
			text: 'EACCES',
			error: true,
		});
	});

	test('an existing export file asks; y overwrites', () => {
		const world = demo();
		let state = reduce(start(), {type: 'exists', file: 'out.json'});
		expect(state.question).toEqual({kind: 'overwrite', file: 'out.json'});
		state = key(state, world, 'y');
		expect(state.exportTo).toEqual({file: 'out.json', overwrite: true});
	});
});
