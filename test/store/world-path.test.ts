import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {schemaVersion, type WorldData} from '../../source/core/model.js';
import {folderProblem, Store, worldPath} from '../../source/store/store.js';
import {
	demoData,
	demoId,
	folderNames,
	makeTempDir,
	removeTempDir,
	runWorker,
	sameBytes,
} from '../helpers/store-files.js';

describe('worldPath', () => {
	test('--db comes first', () => {
		expect(
			worldPath('/from/flag.json', {
				TAGDECK_DB: '/from/variable.json',
				XDG_DATA_HOME: '/xdg',
			}),
		).toBe('/from/flag.json');
	});

	test('then TAGDECK_DB', () => {
		expect(
			worldPath(undefined, {
				TAGDECK_DB: '/from/variable.json',
				XDG_DATA_HOME: '/xdg',
			}),
		).toBe('/from/variable.json');
	});

	test('then $XDG_DATA_HOME/tagdeck/world.json of the environment given', () => {
		expect(worldPath(undefined, {XDG_DATA_HOME: '/xdg/data'})).toBe(
			path.join('/xdg/data', 'tagdeck', 'world.json'),
		);
	});

	test('the default path ends in tagdeck/world.json', () => {
		expect(worldPath(undefined, {})).toMatch(/\/tagdeck\/world\.json$/v);
	});
});

describe('first load', () => {
	let directory: string | undefined;
	beforeEach(async () => {
		directory = await makeTempDir();
	});
	afterEach(async () => {
		await removeTempDir(directory);
	});

	test('creates the demo world file at the path, folders included', async () => {
		const file = path.join(directory!, 'nested', 'deeper', 'world.json');
		const world = await new Store(file).load();
		const text = await readFile(file, 'utf8');
		const data = JSON.parse(text) as WorldData;
		expect(data.schema).toBe(schemaVersion);
		expect(data.revision).toBe(0);
		expect(data.log.every((event) => event.past)).toBe(true);
		expect(data).toEqual(demoData());
		expect(Object.keys(data.resources)).toHaveLength(163);
		expect(world.resources()).toHaveLength(163);
		// Compact JSON, and nothing left beside it.
		expect(text).not.toContain('\n');
		expect(await folderNames(path.dirname(file))).toEqual(['world.json']);
	});

	test('a second load reads the same file and leaves it as it is', async () => {
		const file = path.join(directory!, 'world.json');
		await new Store(file).load();
		const before = await readFile(file);
		const again = await new Store(file).load();
		expect(again.resources()).toHaveLength(163);
		expect(await sameBytes(file, before)).toBe(true);
	});

	test('the first command on a missing file creates the demo world and applies it', async () => {
		// In its own process: if the store hangs, only that process is killed.
		const file = path.join(directory!, 'world.json');
		const id = demoId(demoData(), 'web-prod-1', 'Ecs-Instance');
		const started = Date.now();
		const run = await runWorker(file, 0, 1, [id], 15_000);
		expect(
			run.timedOut,
			`the first apply on a missing file was still running after ${Date.now() - started} ms`,
		).toBe(false);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		expect(data.revision).toBe(1);
		expect(data.resources[id]!.tags['counter-w0']).toBe('0');
		expect(Object.keys(data.resources)).toHaveLength(163);
		expect(await folderNames(directory!)).toEqual(['world.json']);
	}, 30_000);
});

describe('folderProblem: why a folder cannot hold the world, named by its cause', () => {
	const folder = '/data/worlds';
	test.each([
		['EACCES', 'may not be written or searched by this user'],
		['EPERM', 'may not be written or searched by this user'],
		['ENOSPC', 'is full: no free space or no free inodes'],
		['EDQUOT', 'is full: no free space or no free inodes'],
		['EROFS', 'read-only file system'],
		['ENOTDIR', 'a file is in the way'],
		['EEXIST', 'a file is in the way'],
		['ENOENT', 'cannot hold new files'],
		['ELOOP', 'symbolic links on its path form a loop'],
		['ENAMETOOLONG', 'too long'],
		['EIO', 'could not be used (EIO: i/o error)'],
	])('%s', (code, cause) => {
		const error = Object.assign(new Error(`${code}: i/o error`), {code});
		const text = folderProblem(error, folder);
		expect(text).toContain(cause);
		expect(text).not.toContain('another tagdeck process');
	});
});
