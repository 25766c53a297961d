import {describe, expect, test} from 'vitest';
import {
	appFixture,
	demoStore,
	inAct,
	keys,
	lines,
	lineWith,
	named,
	readWorld,
	renderApp,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;
let vmId: string;

appFixture(
	(made) => {
		({world, ui} = made);
	},
	{
		async before(made) {
			world = made;
			vmId = named(world.store, 'web-prod-1', 'Ecs-Instance').id;
			await world.store.apply({op: 'tag', ids: [vmId], tags: {first: '1'}});
			await world.store.apply({op: 'tag', ids: [vmId], tags: {second: '2'}});
		},
		async after() {
			await ui.press('@');
		},
	},
);

function stepRows(): string[] {
	return lines(ui.frame()).filter((l) => /^ {2}#\d+\s/v.test(l));
}

describe('activity', () => {
	test('@ shows the steps, newest first', () => {
		const rows = stepRows();
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatch(
			/#2\s.*cn-hangzhou\s+▸ tag 1 resource with second=2/v,
		);
		expect(rows[1]).toMatch(/#1\s.*▸ tag 1 resource with first=1/v);
	});

	test('Enter expands the step under the cursor to its changes; Enter again folds it', async () => {
		await ui.press(keys.enter);
		expect(stepRows()[0]).toContain('▾');
		expect(ui.frame()).toContain('Step #2:');
		expect(lineWith(ui.frame(), `  ${vmId}`)).toContain('+ second=2');
		await ui.press(keys.enter);
		expect(stepRows()[0]).toContain('▸');
		expect(ui.frame()).not.toContain('Step #2:');
	});

	test('j moves to an older step and Enter expands that one', async () => {
		await ui.press('j', keys.enter);
		expect(ui.frame()).toContain('Step #1:');
		expect(lineWith(ui.frame(), `  ${vmId}`)).toContain('+ first=1');
	});

	test('u from the activity asks, then y undoes and the new step appears on top', async () => {
		await ui.press('u');
		expect(ui.frame()).toContain('Undo step #2');
		await ui.press('y');
		await ui.waitFor('Step #3');
		expect(stepRows()[0]).toMatch(/#3\s.*undo/v);
		const undone = await readWorld(world.file);
		expect(undone.resources[vmId]!.tags.second).toBeUndefined();
	});

	test('Ctrl-r from the activity redoes the undone step', async () => {
		await ui.press('u', 'y');
		await ui.waitFor('Step #3');
		await ui.press(keys.ctrlR);
		expect(ui.frame()).toContain('Redo step #2');
		await ui.press('y');
		await ui.waitFor('Step #4');
		expect(stepRows()[0]).toMatch(/#4\s.*redo/v);
		const redone = await readWorld(world.file);
		expect(redone.resources[vmId]!.tags.second).toBe('2');
	});

	test('a new step shows up on top while the view is open', async () => {
		await inAct(async () =>
			world.store.apply({op: 'tag', ids: [vmId], tags: {third: '3'}}),
		);
		expect(stepRows()[0]).toMatch(/#3\s.*third=3/v);
		expect(stepRows()).toHaveLength(3);
	});

	test('Esc goes back', async () => {
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('type: all');
	});
});

describe('activity of a new world', () => {
	test('says there are no steps yet', async () => {
		const fresh = await demoStore();
		const view = await renderApp(fresh.store);
		try {
			await view.press('@');
			expect(view.frame()).toContain('No steps yet.');
		} finally {
			await view.close();
			await fresh.remove();
		}
	});
});
