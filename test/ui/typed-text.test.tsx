/*
What the user types in the UI is read with the one quoting rule of
docs/behaviour.md §3: tag editor lines, the / filter and the : commands.
*/
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {step} from '../helpers/world.js';
import {
	appFixture,
	command,
	filterTo,
	keys,
	lineWith,
	messageLine,
	named,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;

appFixture((made) => {
	({world, ui} = made);
});

describe('quoting in the tag editor and the filter', () => {
	test('the README example sets key cost center to R&D, EU, and the README filter then shows the row', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1 type:ecs');
		await ui.press('t');
		await ui.type('"cost center"="R&D, EU"');
		await ui.press(keys.ctrlS);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const saved = await readWorld(world.file);
		expect(saved.resources[vm.id]!.tags['cost center']).toBe('R&D, EU');
		expect(Object.keys(saved.resources[vm.id]!.tags)).not.toContain(
			'"cost center"',
		);
		await filterTo(ui, '"cost center"="R&D, EU"');
		expect(lineWith(ui.frame(), vm.id)).toContain('web-prod-1');
		expect(ui.frame()).not.toContain('No resource matches');
	});

	test('an unclosed quote in the editor is refused naming the fix, and nothing is written', async () => {
		const before = await readFile(world.file, 'utf8');
		await filterTo(ui, 'web-prod-1 type:ecs');
		await ui.press('t');
		await ui.type('"foo=bar');
		await ui.press(keys.ctrlS);
		expect(ui.frame()).toContain('this quote is never closed');
		expect(ui.frame()).not.toMatch(/y apply/v);
		expect(await readFile(world.file, 'utf8')).toBe(before);
	});
});

describe("the seeds' notation in the / filter", () => {
	test('Test:Server-Windows shows, where the rows would be, how to write the tag and the rows it matches', async () => {
		await filterTo(ui, 'Test:Server-Windows');
		const frame = ui.frame();
		expect(frame).toContain(
			'No resource matches the filter: no attribute "Test" — for the tag, write Test=Server-Windows.',
		);
		expect(frame).toContain('Written as tags, it matches 4 rows:');
		for (const name of ['win-test-1', 'win-test-2', 'sg-test-windows']) {
			const vm = named(world.store, name);
			expect(lineWith(frame, vm.id)).toContain(name);
		}
	});

	test('a key the region does not have gets no note', async () => {
		await filterTo(ui, 'nosuchkey:x');
		expect(ui.frame()).toContain('No resource matches the filter.');
		expect(ui.frame()).not.toContain('no attribute');
	});
});

describe(':export', () => {
	test('writes CSV for a .csv name, quoted with spaces, with the rows shown', async () => {
		const file = path.join(world.dir, 'my disks.csv');
		await filterTo(ui, 'type:disk');
		await command(ui, `export "${file}"`);
		await ui.waitFor('Exported');
		const csv = await readFile(file, 'utf8');
		const rows = csv.split('\r\n');
		expect(rows[0]).toMatch(/^id,name,type,region,zone,status,created,arn/v);
		expect(rows.at(-1)).toBe('');
		expect(rows.slice(1, -1).every((r) => r.includes(',Ecs-Disk,'))).toBe(true);
		expect(rows.length).toBeGreaterThan(3);
	});

	test('refuses a name that is neither .csv nor .json, naming both, and writes nothing', async () => {
		await command(ui, `export ${path.join(world.dir, 'out.txt')}`);
		await ui.waitFor('Not exported');
		expect(messageLine(ui.frame())).toContain('.csv');
		expect(messageLine(ui.frame())).toContain('.json');
		expect(await readdir(world.dir)).toEqual(['world.json']);
	});

	test('an unclosed quote on the : line is refused naming the fix', async () => {
		await command(ui, 'export "out.csv');
		expect(messageLine(ui.frame())).toContain('this quote is never closed');
		expect(await readdir(world.dir)).toEqual(['world.json']);
	});
});

describe('the : line', () => {
	test(':type with an unknown type says which types there are', async () => {
		await command(ui, 'type foo');
		expect(messageLine(ui.frame())).toContain(
			'Unknown type "foo" (:type all shows every type; Tab completes). Types here: alb, asg, bucket,',
		);
	});

	test('Tab completes a command, leaving a space when it takes an argument', async () => {
		await ui.press(':');
		await ui.type('ru');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':rules▏');
		await ui.press(keys.esc, ':');
		await ui.type('ty');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':type ▏');
	});

	test('Tab completes the type of :type and the region of :region', async () => {
		await ui.press(':');
		await ui.type('type di');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':type disk▏');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('type: Ecs-Disk');
		await ui.press(':');
		await ui.type('region cn-shan');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':region cn-shanghai▏');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('cn-shanghai');
	});

	test('with several choices, each Tab shows the next; typing goes on from the one shown', async () => {
		await ui.press(':');
		await ui.type('reg');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':region▏');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':regions▏');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain(':region▏');
		await ui.type(' cn-shanghai');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('cn-shanghai');
	});
});
