import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';
import {WorldFileError} from '../../source/store/errors.js';
import {
	demoData,
	folderNames,
	makeTempDir,
	removeTempDir,
} from '../helpers/store-files.js';

let directory: string | undefined;
let file: string;
beforeEach(async () => {
	directory = await makeTempDir();
	file = path.join(directory, 'world.json');
});
afterEach(async () => {
	await removeTempDir(directory);
});

describe('a file checked once is not checked again until it changes (docs/behaviour.md §6)', () => {
	test('an edit after a good read is still refused, and the file is left as it is', async () => {
		await new Store(file).load();
		// The file passed: now it is edited by hand into a shape tagdeck cannot use.
		const data = JSON.parse(await readFile(file, 'utf8')) as {
			resources: Record<string, {type: string}>;
		};
		const first = Object.values(data.resources)[0]!;
		first.type = 'No-Such-Type';
		const edited = JSON.stringify(data);
		await writeFile(file, edited);
		await expect(new Store(file).load()).rejects.toBeInstanceOf(WorldFileError);
		expect(await readFile(file, 'utf8')).toBe(edited);
	});

	test('an edit that keeps the size is refused too', async () => {
		await new Store(file).load();
		const text = await readFile(file, 'utf8');
		// Same length, one character changed inside a resource type: the modification time differs.
		const edited = text.replace('"type":"Ecs-Disk"', '"type":"Ecs-Dusk"');
		expect(edited.length).toBe(text.length);
		await new Promise((resolve) => {
			setTimeout(resolve, 20);
		});
		await writeFile(file, edited);
		await expect(new Store(file).load()).rejects.toThrow(
			/does not have the shape of a tagdeck world/v,
		);
	});

	test('what tagdeck remembers of checked files is never put beside the world', async () => {
		const store = new Store(file);
		await store.load();
		await store.apply({
			op: 'tag',
			ids: [Object.keys(demoData().resources)[0]!],
			tags: {k: 'v'},
		});
		await new Store(file).load();
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});
});
