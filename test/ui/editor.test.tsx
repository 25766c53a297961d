import {readFile} from 'node:fs/promises';
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {TagdeckError} from '../../source/core/errors.js';
import {checkKey, parseTagArgument} from '../../source/core/tags.js';
import {step} from '../helpers/world.js';
import {
	countInRegion,
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
	shownErrors,
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

	test('Esc on an empty edit goes back at once', async () => {
		await editWebProd1();
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('filter: web-prod-1 type:ecs');
	});

	test('Esc on an edit with text asks first; any key but y keeps editing, y goes back without a change', async () => {
		const before = await fileText();
		await editWebProd1();
		await ui.type('patch=1');
		await ui.press(keys.esc);
		expect(messageLine(ui.frame())).toContain('Throw this edit away? y/n');
		expect(ui.frame()).toContain('› patch=1▏');
		await ui.press('x');
		expect(messageLine(ui.frame())).toContain('Still editing');
		expect(ui.frame()).toContain('› patch=1▏');
		await ui.press(keys.esc, 'n');
		expect(ui.frame()).toContain('› patch=1▏');
		await ui.press(keys.esc, 'y');
		expect(ui.frame()).toContain('filter: web-prod-1 type:ecs');
		expect(ui.frame()).not.toContain('patch=1');
		expect(await fileText()).toBe(before);
	});

	test('y in the preview applies the change to the world file', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
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
		await ui.press(keys.esc, 'y');
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
		await ui.waitFor(`Step #${step(3)}`);
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
		await ui.waitFor(`Step #${step(1)}`);
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
		await ui.waitFor(`Step #${step(1)}`);
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
		await ui.waitFor(`Step #${step(1)}`);
		await ui.press('u');
		expect(ui.frame()).toContain(`Undo step #${step(1)}`);
		expect(ui.frame()).toContain('- patch=2026-11');
		const applied = await readWorld(world.file);
		expect(applied.resources[vm.id]!.tags.patch).toBe('2026-11');
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
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
		await ui.waitFor(`Step #${step(1)}`);
		const before = await fileText();
		await ui.press('u', 'n');
		expect(await fileText()).toBe(before);
	});

	test('Ctrl-r redoes after an undo', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await editWebProd1();
		await write('patch=2026-11');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		await ui.press('u', 'y');
		await ui.waitFor(`Step #${step(2)}`);
		await ui.press(keys.ctrlR);
		expect(ui.frame()).toContain(`Redo step #${step(1)}`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(3)}`);
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

/** The cursor's line of the editor (it starts with ›). */
const cursorRow = (frame: string) =>
	lines(frame).find((l) => l.startsWith('› ')) ?? '';

/** Each step's keys pressed (or text typed), then the cursor's line as it should be. */
async function cursorSteps(steps: Array<[string | string[], string]>) {
	for (const [action, expected] of steps) {
		await (typeof action === 'string' ? ui.type(action) : ui.press(...action));
		expect(cursorRow(ui.frame())).toBe(expected);
	}
}

/** The error a check of the core gives, as the editor shows it. */
function errorOf(check: () => unknown): string {
	try {
		check();
	} catch (error) {
		if (error instanceof TagdeckError) return `${error.code}: ${error.message}`;
		throw error;
	}

	throw new Error('the check passed');
}

describe('the tag editor edits text', () => {
	test('the arrows, Home and End move the cursor; typing, Backspace, Ctrl-d and Enter act at it', async () => {
		await editWebProd1();
		await cursorSteps([
			['a=1b=2', '› a=1b=2▏'],
			[[keys.left, keys.left, keys.left], '› a=1▏b=2'],
			[[keys.enter], '› ▏b=2'],
			[[keys.up], '› ▏a=1'],
			[[keys.end, keys.down], '› b=2▏'],
			[[keys.home], '› ▏b=2'],
			['x', '› x▏b=2'],
			[[keys.backspace, keys.backspace], '› a=1▏b=2'],
			[[keys.ctrlD, keys.right], '› a=1=▏2'],
			[[keys.left], '› a=1▏=2'],
			[' note', '› a=1 note▏=2'],
			[[keys.end, keys.backspace], '› a=1 note=▏'],
		]);
		await ui.press(keys.ctrlS);
		expect(ui.frame()).toContain('+ a=1 note=');
	});

	test('Left at the start of a line goes to the end of the line above, Right at its end to the next line', async () => {
		await editWebProd1();
		await cursorSteps([
			['a=1\rb=2', '› b=2▏'],
			[[keys.home, keys.left], '› a=1▏'],
			[[keys.right], '› ▏b=2'],
		]);
	});

	test('a line longer than the screen scrolls sideways: the cursor and what was typed stay in view', async () => {
		await ui.rerenderWith({size: {columns: 80, rows: 30}});
		await editWebProd1();
		await ui.type(`${'k'.repeat(125)}abcd=v`);
		let row = cursorRow(ui.frame());
		expect(row).toMatch(/^› …k+abcd=v▏$/v);
		expect(stringWidth(row)).toBeLessThanOrEqual(80);
		await ui.press(keys.home);
		row = cursorRow(ui.frame());
		expect(row).toMatch(/^› ▏k+…$/v);
		expect(stringWidth(row)).toBeLessThanOrEqual(80);
		await ui.press(keys.end, keys.left, keys.left);
		expect(cursorRow(ui.frame())).toMatch(/^› …k+abcd▏=v$/v);
	});

	test('more lines than fit: the cursor’s line stays in view, and the rows left out are counted', async () => {
		await ui.rerenderWith({size: {columns: 80, rows: 16}});
		await editWebProd1();
		await ui.type(Array.from({length: 12}, (_, i) => `k${i + 1}=v`).join('\r'));
		expect(cursorRow(ui.frame())).toBe('› k12=v▏');
		expect(ui.frame()).toMatch(/ {2}… \d+ rows above/v);
		expect(ui.frame()).not.toContain('  k1=v');
		await ui.press(...Array.from({length: 11}, () => keys.up));
		expect(cursorRow(ui.frame())).toBe('› k1=v▏');
		expect(ui.frame()).toMatch(/ {2}… \d+ rows below/v);
		expect(ui.frame()).not.toContain('k12=v');
	});
});

describe('the tag editor marks bad lines', () => {
	test('every bad line shows its own error under it, all at once, wrapped and never cut', async () => {
		await ui.rerenderWith({size: {columns: 80, rows: 30}});
		await editWebProd1();
		for (const line of ['aliyun:x=1', '=oops', 'env=prod', 'acs:foo=1', 'team'])
			await ui.type(`${line}\r`);
		await ui.type('note=ok');
		const expected = [
			{
				under: '  aliyun:x=1',
				text: errorOf(() => {
					checkKey('aliyun:x');
				}),
			},
			{
				under: '  =oops',
				text: errorOf(() => {
					checkKey(parseTagArgument('=oops')[0]);
				}),
			},
			{
				under: '  acs:foo=1',
				text: errorOf(() => {
					checkKey('acs:foo');
				}),
			},
			{under: '  team', text: errorOf(() => parseTagArgument('team'))},
		];
		expect(shownErrors(ui.frame())).toEqual(expected);
		await ui.press(keys.ctrlS);
		expect(ui.frame()).not.toMatch(/y apply/v);
		expect(messageLine(ui.frame())).toContain('4 lines are not valid');
		expect(shownErrors(ui.frame())).toEqual(expected);
		for (const line of lines(ui.frame()))
			expect(stringWidth(line)).toBeLessThanOrEqual(80);
	});

	test('a bad key is marked as it is typed; a line only waiting for its = is not, until the cursor leaves it', async () => {
		await editWebProd1();
		await ui.type('env');
		expect(ui.frame()).not.toContain('✗');
		await ui.press(keys.enter);
		expect(shownErrors(ui.frame())).toEqual([
			{under: '  env', text: errorOf(() => parseTagArgument('env'))},
		]);
		await ui.press(keys.backspace);
		await ui.type('=prod');
		expect(ui.frame()).not.toContain('✗');
		await ui.press(keys.enter);
		await ui.type('aliyun:x');
		expect(shownErrors(ui.frame())).toEqual([
			{
				under: '› aliyun:x▏',
				text: errorOf(() => {
					checkKey('aliyun:x');
				}),
			},
		]);
	});

	test('a key given twice is marked on its second line; a -key line with a value is marked too', async () => {
		await editWebProd1();
		await ui.type('env=a\renv=b\r-team=qa\rok=1');
		expect(
			shownErrors(ui.frame()).map((e) => [e.under, e.text.split(':')[0]]),
		).toEqual([
			['  env=b', 'Duplicate.TagKey'],
			['  -team=qa', 'InvalidParameter.Tags'],
		]);
		expect(shownErrors(ui.frame())[1]?.text).toContain(
			'write -key, with no value',
		);
	});

	test('Ctrl-s faults the line being typed too, for a missing =', async () => {
		await editWebProd1();
		await ui.type('env');
		await ui.press(keys.ctrlS);
		expect(messageLine(ui.frame())).toContain('Line 1: InvalidParameter.Tags');
		expect(shownErrors(ui.frame())).toEqual([
			{under: '› env▏', text: errorOf(() => parseTagArgument('env'))},
		]);
	});
});

describe('the tag editor suggests values', () => {
	test('after key=, the values the region has for the key are listed with counts, most used first', async () => {
		const saved = await readWorld(world.file);
		const count = (value: string) =>
			countInRegion(saved, 'cn-hangzhou', (r) => r.tags.env === value);
		await editWebProd1();
		await ui.type('env=');
		expect(ui.frame()).toContain(
			`values of env here: prod (${count('prod')})  test (${count('test')})  dev (${count('dev')})`,
		);
		await ui.type('d');
		expect(ui.frame()).toContain(`values of env here: dev (${count('dev')})`);
		expect(ui.frame()).not.toContain('prod (');
	});

	test('a list wider than the screen ends with how many more values there are', async () => {
		await ui.rerenderWith({size: {columns: 80, rows: 30}});
		await editWebProd1();
		await ui.type('team=');
		const row = lineWith(ui.frame(), 'values of team here:') ?? '';
		expect(row).toMatch(/^values of team here: web \(\d+\) {2}.*… \d+ more$/v);
		expect(stringWidth(row)).toBeLessThanOrEqual(80);
	});

	test('Tab completes the start the values share, then shows each value in turn, most used first', async () => {
		await editWebProd1();
		await cursorSteps([
			['owner=zh', '› owner=zh▏'],
			[[keys.tab], '› owner=zha▏'],
			[[keys.tab], '› owner=zhao.lei▏'],
		]);
		expect(ui.frame()).toMatch(
			/values of owner here: zhao\.lei \(\d+\) {2}zhang\.min \(\d+\)/v,
		);
		await cursorSteps([
			[[keys.tab], '› owner=zhang.min▏'],
			[[keys.tab], '› owner=zhao.lei▏'],
		]);
		await ui.press(keys.enter);
		await ui.type('env=');
		await ui.press(keys.tab, keys.tab);
		expect(cursorRow(ui.frame())).toBe('› env=test▏');
	});

	test('Tab with no value to complete says so', async () => {
		await editWebProd1();
		await ui.type('env=zz');
		await ui.press(keys.tab);
		expect(cursorRow(ui.frame())).toBe('› env=zz▏');
		expect(messageLine(ui.frame())).toContain(
			'No value of env here starts with "zz".',
		);
	});
});
