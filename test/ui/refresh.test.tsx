import {describe, expect, test} from 'vitest';
import type {Store} from '../../source/store/store.js';
import {step} from '../helpers/world.js';
import {
	appFixtureBesideAnother,
	filterTo,
	inAct,
	keys,
	lines,
	messageLine,
	named,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;
let other: Store;

appFixtureBesideAnother((made) => {
	({world, ui, other} = made);
});

describe('changes made by another process', () => {
	test('a clock moved forward elsewhere shows in the header as clock +7d', async () => {
		await ui.rerenderWith({size: {columns: 200, rows: 30}});
		expect(lines(ui.frame())[0]).not.toContain('clock +');
		await other.apply({op: 'clock', advance: '7d'});
		await inAct(async () => world.store.refresh());
		expect(lines(ui.frame())[0]).toContain('inheritance off · clock +7d');
	});

	test('a tag added through another Store appears after refresh, without remounting', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1 type:ecs');
		await ui.press('d');
		expect(ui.frame()).not.toContain('from-elsewhere');
		await other.apply({
			op: 'tag',
			ids: [vm.id],
			tags: {'from-elsewhere': 'yes'},
		});
		const changed = await inAct(async () => world.store.refresh());
		expect(changed).toBe(true);
		expect(ui.frame()).toContain('from-elsewhere=yes');
		// Still the same screen, with its filter and detail pane.
		expect(ui.frame()).toContain('filter: web-prod-1 type:ecs');
	});

	test('a resource released elsewhere leaves the counts after refresh', async () => {
		const eip = named(world.store, 'eip-spare-01');
		expect(lines(ui.frame())[0]).toContain('71 shown · 71 in region');
		await other.apply({op: 'release', ids: [eip.id]});
		await inAct(async () => world.store.refresh());
		expect(lines(ui.frame())[0]).toContain('70 shown · 70 in region');
	});

	test('the activity shows a step made elsewhere after refresh', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await ui.press('@');
		expect(ui.frame()).not.toContain('elsewhere=1');
		await other.apply({op: 'tag', ids: [vm.id], tags: {elsewhere: '1'}});
		await inAct(async () => world.store.refresh());
		expect(ui.frame()).toMatch(
			new RegExp(String.raw`#${step(1)}\s.*elsewhere=1`, 'v'),
		);
	});
});

/** Tags web-prod-1 with owner=ops in the UI: the user's first step. */
async function tagInUi() {
	await filterTo(ui, 'web-prod-1 type:ecs');
	await ui.press('t');
	await ui.type('owner=ops');
	await ui.press(keys.ctrlS, 'y');
	await ui.waitFor(`Step #${step(1)}`);
}

describe('what u and Ctrl-r will do, on the status line', () => {
	test('after a step: u undoes that step, named with what it did', async () => {
		await tagInUi();
		expect(messageLine(ui.frame())).toContain(
			`u undoes step ${step(1)} (tag 1 resource with owner=ops)`,
		);
	});

	test('after an undo it no longer promises u: nothing is left, and Ctrl-r redoes the step', async () => {
		await tagInUi();
		await ui.press('u', 'y');
		await ui.waitFor(`Step #${step(2)}`);
		const message = messageLine(ui.frame());
		expect(message).not.toContain('u undoes');
		expect(message).toContain(
			`Nothing left to undo · Ctrl-r redoes step ${step(1)}`,
		);
	});

	test('a step another process adds changes what u will undo, without a key', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await tagInUi();
		await other.apply({op: 'tag', ids: [vm.id], tags: {elsewhere: '1'}});
		await inAct(async () => world.store.refresh());
		await ui.waitFor(`u undoes step ${step(2)}`);
		expect(messageLine(ui.frame())).toContain(
			`u undoes step ${step(2)} (tag 1 resource with elsewhere=1)`,
		);
	});
});
