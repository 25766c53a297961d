/*
Schema 4 (docs/costs.md): resources carry what they are billed by, and the
account its cost allocation settings. A world of schema 3 gets the defaults,
in its resources and in the whole resources its log recorded, so undoing a
release brings back a resource that is billed as the others are.
*/
import {copyFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {bill} from '../../source/core/bill.js';
import {Store} from '../../source/store/store.js';
import {
	makeTempDir,
	projectRoot,
	removeTempDir,
} from '../helpers/store-files.js';

let directory: string | undefined;
let file: string;
beforeEach(async () => {
	directory = await makeTempDir();
	file = path.join(directory, 'world.json');
	await copyFile(
		path.join(projectRoot, 'test', 'fixtures', 'worlds', 'schema-3.json'),
		file,
	);
});
afterEach(async () => {
	await removeTempDir(directory);
});

test('instances get the default instance type, disks 40 GiB of ESSD, snapshots their size; no cost allocation tag is enabled', async () => {
	const world = await new Store(file).load();
	const resources = world.resources();
	const of = (type: string) => resources.filter((r) => r.type === type);
	expect(of('Ecs-Instance').every((r) => r.spec === 'ecs.g7.large')).toBe(true);
	expect(
		of('Ecs-Disk').every((r) => r.size === 40 && r.category === 'cloud_essd'),
	).toBe(true);
	expect(of('Ecs-Snapshot').every((r) => r.size === 40)).toBe(true);
	expect(resources.some((r) => r.type === 'Vpc-Vpc' && 'spec' in r)).toBe(
		false,
	);
	expect(world.data.account.costs).toEqual({enabled: {}, associated: false});
});

test('a released disk that undo brings back has the same size and category', async () => {
	const store = new Store(file);
	const world = await store.load();
	const disk = world.resources().find((r) => r.name === 'scratch-data-01')!;
	const released = await store.apply({op: 'release', ids: [disk.id]});
	expect(released.ok).toBe(true);
	const undone = await store.apply({op: 'undo'});
	expect(undone.ok).toBe(true);
	expect(store.current()!.get(disk.id)).toMatchObject({
		size: 40,
		category: 'cloud_essd',
	});
});

test('a migrated world can be billed this month, by product', async () => {
	const world = await new Store(file).load();
	const now = new Date().toISOString();
	const result = bill(world.data, {month: now.slice(0, 7), by: null, now});
	expect(result.total).toBeGreaterThan(0);
	expect(result.groups.map((g) => g.value)).toContain('ECS');
});
