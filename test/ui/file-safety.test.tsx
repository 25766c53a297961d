/*
The UI never loses the world to a file name or to another process: :export
refuses the open world and what belongs to it and asks before replacing a
file; an undo question answered after another process moved on is refused;
a world file deleted under an open UI is not silently written back.
*/
import {chmod, mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {Store} from '../../source/store/store.js';
import {step} from '../helpers/world.js';
import {
	command,
	appFixtureBesideAnother,
	filterTo,
	inAct,
	keys,
	lines,
	messageLine,
	named,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;
let other: Store;

appFixtureBesideAnother((made) => {
	({world, ui, other} = made);
});

describe(':export', () => {
	test('refuses the open world file, its lock folder and its temporary files, and writes nothing', async () => {
		const before = await readFile(world.file);
		const lock = `${world.file}.lock`;
		await mkdir(lock);
		for (const target of [
			world.file,
			path.join(path.dirname(world.file), '.', path.basename(world.file)),
			lock,
			path.join(world.dir, `.world.json.${process.pid}.0123abcd.tmp`),
		]) {
			await command(ui, `export ${target}`);
			await ui.waitFor('Not exported, nothing written');
			expect(messageLine(ui.frame())).toContain('is the open world file');
		}

		await rm(lock, {recursive: true});
		const after = await readFile(world.file);
		expect(after.equals(before)).toBe(true);
		expect(await readdir(world.dir)).toEqual(['world.json']);
	});

	test('asks before replacing a file: n leaves it, y replaces it whole', async () => {
		const file = path.join(world.dir, 'mine.json');
		await writeFile(file, 'my notes\n');
		await filterTo(ui, 'type:disk');
		await command(ui, `export ${file}`);
		await ui.waitFor('exists: replace it with the export? y/n');
		// Keys other than y and n leave the question asked.
		await ui.press('j', 'q');
		expect(messageLine(ui.frame())).toContain('y/n');
		await ui.press('n');
		await ui.waitFor('Not exported');
		expect(await readFile(file, 'utf8')).toBe('my notes\n');
		await command(ui, `export ${file}`);
		await ui.waitFor('y/n');
		await ui.press('y');
		await ui.waitFor('Exported');
		const written = JSON.parse(await readFile(file, 'utf8')) as Array<{
			type: string;
		}>;
		expect(written.length).toBeGreaterThan(0);
		expect(written.every((r) => r.type === 'Ecs-Disk')).toBe(true);
		// Written through a temporary file, renamed: nothing else is left.
		const names = await readdir(world.dir);
		expect(names.toSorted()).toEqual(['mine.json', 'world.json']);
	});

	test('a new file is written without a question', async () => {
		const file = path.join(world.dir, 'new.json');
		await command(ui, `export ${file}`);
		await ui.waitFor('Exported');
		expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(71);
	});
});

describe('an undo question answered late', () => {
	test('another process adds a step after u asked: y is refused (History.Conflict) and neither step is undone', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await inAct(async () =>
			world.store.apply({op: 'tag', ids: [vm.id], tags: {first: '1'}}),
		);
		await ui.press('u');
		await ui.waitFor(`Undo step #${step(1)}`);
		await other.apply({op: 'tag', ids: [vm.id], tags: {second: '2'}});
		await ui.press('y');
		await ui.waitFor('History.Conflict');
		expect(messageLine(ui.frame())).toContain(`Step #${step(1)} is no longer`);
		const data = await readWorld(world.file);
		expect(data.resources[vm.id]!.tags).toMatchObject({
			first: '1',
			second: '2',
		});
		expect(data.history.undo).toEqual([step(1), step(2)]);
	});
});

describe('the world file deleted under the open UI', () => {
	test('the header says so; a change asks before writing the world back; n writes nothing, y writes it back', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await inAct(async () =>
			world.store.apply({op: 'tag', ids: [vm.id], tags: {kept: 'yes'}}),
		);
		await rm(world.file);
		await inAct(async () => world.store.refresh());
		expect(lines(ui.frame())[0]).toContain('WORLD FILE GONE');
		await ui.press('u');
		await ui.waitFor(`Undo step #${step(1)}`);
		await ui.press('y');
		await ui.waitFor('write the world shown here back to it? y/n');
		expect(messageLine(ui.frame())).toContain('World file gone');
		await ui.press('n');
		await ui.waitFor('Nothing was written');
		expect(await readdir(world.dir)).toEqual([]);
		await ui.press('u');
		await ui.waitFor(`Undo step #${step(1)}`);
		await ui.press('y');
		await ui.waitFor('y/n');
		await ui.press('y');
		await ui.waitFor('Wrote the world shown here back');
		const data = await readWorld(world.file);
		// The world as shown, step #1 included; the undo was not applied.
		expect(data.resources[vm.id]!.tags.kept).toBe('yes');
		expect(data.log.filter((e) => !e.past).map((e) => e.seq)).toEqual([
			step(1),
		]);
		expect(lines(ui.frame())[0]).not.toContain('WORLD FILE GONE');
	});

	test('without a change, nothing recreates the file: no demo world appears on refresh', async () => {
		await rm(world.file);
		await inAct(async () => world.store.refresh());
		await inAct(async () => world.store.refresh());
		expect(await readdir(world.dir)).toEqual([]);
		await ui.press(keys.esc);
		expect(lines(ui.frame())[0]).toContain('WORLD FILE GONE');
	});
});

describe('the world file made read-only under the open UI', () => {
	test('a change is refused with the reason; the UI goes on showing the world as the file holds it', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await inAct(async () =>
			world.store.apply({op: 'tag', ids: [vm.id], tags: {kept: 'yes'}}),
		);
		await chmod(world.file, 0o444);
		const before = await readFile(world.file);
		await ui.press('u');
		await ui.waitFor(`Undo step #${step(1)}`);
		await ui.press('y');
		await ui.waitFor('read-only');
		const after = await readFile(world.file);
		expect(after.equals(before)).toBe(true);
		// Still drawn, and still the world on disk: the step is there to undo.
		expect(lines(ui.frame())[0]).toContain('71 in region');
		expect(named(world.store, 'web-prod-1', 'Ecs-Instance').tags.kept).toBe(
			'yes',
		);
		await chmod(world.file, 0o600);
		await ui.press('u');
		await ui.waitFor(`Undo step #${step(1)}`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		const data = await readWorld(world.file);
		expect(data.resources[vm.id]!.tags.kept).toBeUndefined();
	});

	test('the store keeps holding the world on disk after the refused write (nothing for the UI to lose)', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await chmod(world.file, 0o444);
		await expect(
			world.store.apply({op: 'tag', ids: [vm.id], tags: {lost: 'no'}}),
		).rejects.toThrow('read-only');
		const held = world.store.current();
		expect(held?.data.log.filter((e) => !e.past)).toEqual([]);
		expect(held?.get(vm.id)?.tags.lost).toBeUndefined();
		await chmod(world.file, 0o600);
	});
});
