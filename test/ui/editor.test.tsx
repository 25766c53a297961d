import {readFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import {
	appFixture,
	filterTo,
	inAct,
	inheritDisks,
	keys,
	lines,
	lineWith,
	messageLine,
	named,
	readWorld,
	resourceNamed,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;

appFixture((made) => {
	({world, ui} = made);
});

/** Opens the editor on web-prod-1 (the cursor row). */
async function editWebProd1() {
	await filterTo(ui, 'web-prod-1 type:ecs');
	await ui.press('t');
}

/** Types editor lines, Enter between them, then Ctrl-s. */
async function write(...editLines: string[]) {
	for (const [index, line] of editLines.entries()) {
		if (index > 0) await ui.press(keys.enter);
		await ui.type(line);
	}

	await ui.press(keys.ctrlS);
}

/** Marks crm-prod-1 (19 custom tags) and web-prod-1, and asks to add two new keys to both. */
async function quotaPreview() {
	await filterTo(ui, 'crm-prod-1 type:ecs');
	await ui.press(keys.space);
	await filterTo(ui, 'web-prod-1 type:ecs');
	await ui.press(keys.space, 't');
	await write('q1=1', 'q2=2');
}

const fileText = async () => readFile(world.file, 'utf8');

describe('tag editor', () => {
	test('t opens the editor on the row under the cursor', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		expect(ui.frame()).toContain(`Tag 1 resource(s): ${vm.id}`);
		expect(ui.frame()).toContain('key=value');
		expect(ui.frame()).toContain('› ▏');
	});

	test('t opens the editor on the marked rows', async () => {
		const one = named(world.store, 'web-prod-1', 'Ecs-Instance');
		const two = named(world.store, 'web-prod-2', 'Ecs-Instance');
		await filterTo(ui, 'type:ecs web-prod');
		await ui.press('*', 't');
		const line = lineWith(ui.frame(), 'Tag 2 resource(s)') ?? '';
		expect(line).toContain(one.id);
		expect(line).toContain(two.id);
	});

	test('typing key=value and Enter starts a new line', async () => {
		await editWebProd1();
		await ui.type('patch=2026-11');
		await ui.press(keys.enter);
		await ui.type('note=x');
		expect(ui.frame()).toContain('  patch=2026-11');
		expect(ui.frame()).toContain('› note=x▏');
	});

	test('Backspace deletes the last character of the line', async () => {
		await editWebProd1();
		await ui.type('envx');
		await ui.press(keys.backspace);
		expect(ui.frame()).toContain('› env▏');
	});

	test('Tab completes a key from the region’s keys', async () => {
		await editWebProd1();
		await ui.type('Cost');
		expect(ui.frame()).toContain('keys here: CostCenter');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain('› CostCenter=▏');
	});

	test('Tab after = completes a value from the region', async () => {
		await editWebProd1();
		await ui.type('CostCenter=ret');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain('› CostCenter=retail▏');
	});

	test('Ctrl-s opens the preview: each resource with the tags it gains', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		await write('patch=2026-11', 'note=x');
		expect(ui.frame()).toContain('Would change 1 resource(s):');
		const line = lineWith(ui.frame(), `  ${vm.id}`) ?? '';
		expect(line).toContain('+ patch=2026-11');
		expect(line).toContain('+ note=x');
		expect(ui.frame()).toMatch(/y apply/v);
	});

	test('an empty line opens the preview too', async () => {
		await editWebProd1();
		await ui.type('patch=2026-11');
		await ui.press(keys.enter, keys.enter);
		expect(ui.frame()).toContain('+ patch=2026-11');
		expect(ui.frame()).toMatch(/y apply/v);
	});

	test('the preview shows a changed value from → to', async () => {
		await editWebProd1();
		await write('env=staging');
		expect(ui.frame()).toContain('~ env: prod → staging');
	});

	test('a -key line removes the key', async () => {
		const disk = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press('t');
		await write('-backup');
		expect(lineWith(ui.frame(), `  ${disk.id}`)).toContain('- backup=daily');
	});

	test('a malformed line is refused with the reason, and the editor stays open', async () => {
		await editWebProd1();
		await write('=oops');
		expect(messageLine(ui.frame())).toMatch(/\S/v);
		expect(ui.frame()).toContain('› =oops▏');
		expect(ui.frame()).not.toMatch(/y apply/v);
	});

	test('Esc in the editor goes back without a change', async () => {
		const before = await fileText();
		await editWebProd1();
		await ui.type('patch=1');
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('filter: web-prod-1 type:ecs');
		expect(await fileText()).toBe(before);
	});

	test('y in the preview applies the change to the world file', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('y');
		await ui.waitFor('Step #1');
		expect(messageLine(ui.frame())).toContain('u undoes');
		await ui.press('d');
		expect(ui.frame()).toContain('  patch=2026-11');
		const saved = await readWorld(world.file);
		expect(saved.resources[vm.id]!.tags.patch).toBe('2026-11');
	});

	test('n in the preview goes back to the edit without a change; Esc there back to the list', async () => {
		const before = await fileText();
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('n');
		expect(ui.frame()).toContain('› patch=2026-11');
		expect(await fileText()).toBe(before);
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('filter: web-prod-1 type:ecs');
		expect(ui.frame()).not.toContain('patch=2026-11');
		expect(await fileText()).toBe(before);
	});

	test('Esc in the preview goes back without a change', async () => {
		const before = await fileText();
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press(keys.esc);
		expect(ui.frame()).not.toMatch(/y apply/v);
		expect(await fileText()).toBe(before);
	});

	test('with inheritance on and a rule enabled, the preview groups inherited changes by rule', async () => {
		await inAct(async () => inheritDisks(world.store));
		const data = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		const system = named(world.store, 'web-prod-1-system', 'Ecs-Disk');
		await editWebProd1();
		await write('env=staging');
		const frame = ui.frame();
		expect(frame).toContain('inherited by Ecs-Instance:Ecs-Disk');
		const all = lines(frame);
		const group = all.findIndex((l) =>
			l.includes('inherited by Ecs-Instance:Ecs-Disk'),
		);
		const dataLine = all.findIndex((l) => l.includes(data.id));
		const systemLine = all.findIndex((l) => l.includes(system.id));
		expect(dataLine).toBeGreaterThan(group);
		expect(systemLine).toBeGreaterThan(group);
		expect(all[dataLine]).toContain('env: prod → staging');
	});

	test('applying a change on a primary delivers it to the associated resources', async () => {
		await inAct(async () => inheritDisks(world.store));
		const data = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		await editWebProd1();
		await write('env=staging');
		await ui.press('y');
		await ui.waitFor('Step #3');
		const saved = await readWorld(world.file);
		expect(saved.resources[data.id]!.tags.env).toBe('staging');
		expect(saved.resources[data.id]!.inherited?.env?.rule).toContain(
			'Ecs-Instance:Ecs-Disk',
		);
	});

	test('the preview lists a resource that would fail, with the reason (quota)', async () => {
		const crm = named(world.store, 'crm-prod-1', 'Ecs-Instance');
		await quotaPreview();
		const line = lineWith(ui.frame(), `✗ ${crm.id}`) ?? '';
		expect(line).toContain('QuotaExceed.TagsPerResource');
		expect(line).toMatch(/21 custom tags/v);
		expect(ui.frame()).toContain('1 would fail');
	});

	test('the preview with a failure still shows what the other resources would get', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await quotaPreview();
		const line = lineWith(ui.frame(), `  ${vm.id}`) ?? '';
		expect(line).toContain('+ q1=1');
		expect(line).toContain('+ q2=2');
	});

	test('with a failure, y refuses, changes nothing and offers p', async () => {
		const before = await fileText();
		await quotaPreview();
		await ui.press('y');
		expect(await fileText()).toBe(before);
		expect(ui.frame()).toMatch(/p apply to the others/v);
		const message = messageLine(ui.frame());
		expect(message).not.toContain('Every resource would fail');
		expect(message).toMatch(/p applies to the others/v);
	});

	test('p applies to the others and offers r to retry the failed', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		const crm = named(world.store, 'crm-prod-1', 'Ecs-Instance');
		await quotaPreview();
		await ui.press('p');
		await ui.waitFor('Step #1');
		expect(messageLine(ui.frame())).toMatch(/1 failed: r retries/v);
		const saved = await readWorld(world.file);
		expect(saved.resources[vm.id]!.tags.q1).toBe('1');
		expect(saved.resources[crm.id]!.tags.q1).toBeUndefined();
	});

	test('r opens a preview for just the failed resources', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		const crm = named(world.store, 'crm-prod-1', 'Ecs-Instance');
		await quotaPreview();
		await ui.press('p');
		await ui.waitFor('Step #1');
		await ui.press('r');
		expect(ui.frame()).toContain('Retry the 1 failed resource(s)?');
		expect(ui.frame()).toContain(`✗ ${crm.id}`);
		expect(ui.frame()).not.toContain(vm.id);
	});

	test('u asks first, and y undoes the last step', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('y');
		await ui.waitFor('Step #1');
		await ui.press('u');
		expect(ui.frame()).toContain('Undo step #1');
		expect(ui.frame()).toContain('- patch=2026-11');
		const applied = await readWorld(world.file);
		expect(applied.resources[vm.id]!.tags.patch).toBe('2026-11');
		await ui.press('y');
		await ui.waitFor('Step #2');
		const undone = await readWorld(world.file);
		expect(undone.resources[vm.id]!.tags.patch).toBeUndefined();
		await ui.press('d');
		expect(ui.frame()).toContain(vm.id);
		expect(ui.frame()).not.toContain('patch=');
	});

	test('n to the undo question keeps the step', async () => {
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('y');
		await ui.waitFor('Step #1');
		const before = await fileText();
		await ui.press('u', 'n');
		expect(await fileText()).toBe(before);
	});

	test('Ctrl-r redoes after an undo', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('y');
		await ui.waitFor('Step #1');
		await ui.press('u', 'y');
		await ui.waitFor('Step #2');
		await ui.press(keys.ctrlR);
		expect(ui.frame()).toContain('Redo step #1');
		await ui.press('y');
		await ui.waitFor('Step #3');
		const saved = await readWorld(world.file);
		expect(resourceNamed(saved, 'web-prod-1', 'Ecs-Instance').tags.patch).toBe(
			'2026-11',
		);
		await ui.press('d');
		expect(ui.frame()).toContain(vm.id);
		expect(ui.frame()).toContain('  patch=2026-11');
	});

	test('u with nothing to undo says so', async () => {
		await ui.press('u');
		expect(messageLine(ui.frame())).toContain('Nothing to undo.');
		await ui.press(keys.ctrlR);
		expect(messageLine(ui.frame())).toContain('Nothing to redo.');
	});
});
