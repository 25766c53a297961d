import {describe, expect, test} from 'vitest';
import {pastSteps, step} from '../helpers/world.js';
import {
	appFixture,
	demoStore,
	inheritDisks,
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
	test('@ shows the steps, newest first, then the world’s past', () => {
		const rows = stepRows();
		expect(rows).toHaveLength(2 + pastSteps);
		expect(rows.at(2)).toMatch(/^ {2}#\d+ \(past\)\s/v);
		expect(rows[0]).toMatch(
			new RegExp(
				String.raw`#${step(2)}\s.*cn-hangzhou\s+▸ tag 1 resource with second=2`,
				'v',
			),
		);
		expect(rows[1]).toMatch(
			new RegExp(String.raw`#${step(1)}\s.*▸ tag 1 resource with first=1`, 'v'),
		);
	});

	test('Enter opens the step under the cursor right under its row, above the older steps; Enter again folds it', async () => {
		await ui.press(keys.enter);
		expect(stepRows()[0]).toContain('▾');
		const all = lines(ui.frame());
		const newest = all.findIndex((l) =>
			new RegExp(String.raw`^ {2}#${step(2)}\s`, 'v').test(l),
		);
		const older = all.findIndex((l) =>
			new RegExp(String.raw`^ {2}#${step(1)}\s`, 'v').test(l),
		);
		expect(all[newest + 1]).toContain(vmId);
		expect(all[newest + 1]).toContain('+ second=2');
		expect(older).toBeGreaterThan(newest + 1);
		await ui.press(keys.enter);
		expect(stepRows()[0]).toContain('▸');
		expect(lineWith(ui.frame(), `  ${vmId}`)).toBeUndefined();
	});

	test('j moves to an older step and Enter opens that one under its row', async () => {
		await ui.press('j', keys.enter);
		const all = lines(ui.frame());
		const older = all.findIndex((l) =>
			new RegExp(String.raw`^ {2}#${step(1)}\s`, 'v').test(l),
		);
		expect(all[older + 1]).toContain('+ first=1');
		expect(ui.frame()).not.toContain('+ second=2');
	});

	test('an undone step says so, and the undo shows as a step of its own naming it; a redo clears the mark', async () => {
		await ui.press('u', 'y');
		await ui.waitFor(`Step #${step(3)}`);
		let rows = stepRows();
		expect(rows[0]).toMatch(
			new RegExp(
				String.raw`^ {2}#${step(3)}\s.*▸ undo \(1 resource restored\) of #${step(2)}`,
				'v',
			),
		);
		expect(rows[1]).toMatch(
			new RegExp(String.raw`^ {2}#${step(2)} \(undone\)\s.*second=2`, 'v'),
		);
		expect(rows[2]).not.toContain('(undone)');
		await ui.press(keys.ctrlR, 'y');
		await ui.waitFor(`Step #${step(4)}`);
		rows = stepRows();
		expect(rows[0]).toMatch(
			new RegExp(
				String.raw`^ {2}#${step(4)}\s.*▸ redo \(1 resource restored\) of #${step(2)}`,
				'v',
			),
		);
		expect(rows[2]).toMatch(new RegExp(String.raw`^ {2}#${step(2)}\s`, 'v'));
		expect(rows[2]).not.toContain('(undone)');
	});

	test('an undo or redo opened shows what it restored', async () => {
		await ui.press('u', 'y');
		await ui.waitFor(`Step #${step(3)}`);
		await ui.press('g', keys.enter);
		const all = lines(ui.frame());
		const undo = all.findIndex((l) =>
			new RegExp(String.raw`^ {2}#${step(3)}\s`, 'v').test(l),
		);
		expect(all[undo + 1]).toContain(vmId);
		expect(all[undo + 1]).toContain('second');
	});

	test('u from the activity asks, then y undoes and the new step appears on top', async () => {
		await ui.press('u');
		expect(ui.frame()).toContain(`Undo step #${step(2)}`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(3)}`);
		expect(stepRows()[0]).toMatch(
			new RegExp(String.raw`#${step(3)}\s.*undo`, 'v'),
		);
		const undone = await readWorld(world.file);
		expect(undone.resources[vmId]!.tags.second).toBeUndefined();
	});

	test('Ctrl-r from the activity redoes the undone step', async () => {
		await ui.press('u', 'y');
		await ui.waitFor(`Step #${step(3)}`);
		await ui.press(keys.ctrlR);
		expect(ui.frame()).toContain(`Redo step #${step(2)}`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(4)}`);
		expect(stepRows()[0]).toMatch(
			new RegExp(String.raw`#${step(4)}\s.*redo`, 'v'),
		);
		const redone = await readWorld(world.file);
		expect(redone.resources[vmId]!.tags.second).toBe('2');
	});

	test('a new step shows up on top while the view is open', async () => {
		await inAct(async () =>
			world.store.apply({op: 'tag', ids: [vmId], tags: {third: '3'}}),
		);
		expect(stepRows()[0]).toMatch(
			new RegExp(String.raw`#${step(3)}\s.*third=3`, 'v'),
		);
		expect(stepRows()).toHaveLength(3 + pastSteps);
	});

	test('Esc goes back', async () => {
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('type: all');
	});
});

describe('activity of a new world', () => {
	test('shows the world’s past, each step marked (past), and u has nothing to undo', async () => {
		const fresh = await demoStore();
		const view = await renderApp(fresh.store);
		try {
			await view.press('@');
			const rows = lines(view.frame()).filter((l) => /^ {2}#\d+\s/v.test(l));
			expect(rows).toHaveLength(pastSteps);
			for (const row of rows) expect(row).toMatch(/^ {2}#\d+ \(past\)\s/v);
			expect(rows[0]).toContain('detach');
			await view.press('u');
			expect(view.frame()).toContain('Nothing to undo');
		} finally {
			await view.close();
			await fresh.remove();
		}
	});
});

describe('activity of a direct removal of an inherited tag', () => {
	test('an opened step lists it as the step’s own change, not under the rule', async () => {
		const fresh = await demoStore();
		await inheritDisks(fresh.store);
		const disk = named(fresh.store, 'web-prod-1-data');
		await fresh.store.apply({op: 'untag', ids: [disk.id], keys: ['env']});
		const view = await renderApp(fresh.store, {size: {columns: 160, rows: 40}});
		try {
			await view.press('@');
			await view.press(keys.enter);
			const frame = view.frame();
			expect(frame).toMatch(
				new RegExp(String.raw`^ {4}${disk.id}\s+- env=prod$`, 'mv'),
			);
			expect(frame).not.toContain('inherited by Ecs-Instance:Ecs-Disk');
		} finally {
			await view.close();
			await fresh.remove();
		}
	});
});
