/*
R3: a world written by an earlier tagdeck opens in this one. A fixture of every
schema version tagdeck has written is kept in test/fixtures/worlds, as that
version wrote it (schema-N.json): each must load, answer as it did, take new
commands, and be written back in the current version.
*/
import {copyFile, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {schemaVersion, type WorldData} from '../../source/core/model.js';
import {Store} from '../../source/store/store.js';
import {
	makeTempDir,
	projectRoot,
	removeTempDir,
	sameBytes,
} from '../helpers/store-files.js';

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'worlds');

let directory: string | undefined;
beforeEach(async () => {
	directory = await makeTempDir();
});
afterEach(async () => {
	await removeTempDir(directory);
});

/** The instance the fixtures' last step tagged. */
const webProd1 = (data: WorldData) =>
	Object.values(data.resources).find(
		(r) => r.name === 'web-prod-1' && r.region === 'cn-hangzhou',
	)!;

const versions = Array.from({length: schemaVersion}, (_, i) => i + 1);

test('there is a fixture for every schema version, and no other', async () => {
	const names = await readdir(fixtures);
	expect(names.toSorted()).toEqual(
		versions.map((v) => `schema-${v}.json`).toSorted(),
	);
});

describe.each(versions)('a world of schema %i', (version) => {
	const fixture = path.join(fixtures, `schema-${version}.json`);
	let file: string;
	beforeEach(async () => {
		file = path.join(directory!, 'world.json');
		await copyFile(fixture, file);
	});

	test('loads as it was written: its resources, tags, provenance and steps', async () => {
		const old = JSON.parse(await readFile(fixture, 'utf8')) as WorldData;
		expect(old.schema).toBe(version);
		const world = await new Store(file).load();
		expect(world.data.schema).toBe(schemaVersion);
		expect(Object.keys(world.data.resources).length).toBe(
			Object.keys(old.resources).length,
		);
		// The step tagged web-prod-1 release=r42, and two of its disks inherited it.
		const instance = webProd1(world.data);
		expect(instance.tags.release).toBe('r42');
		const inheritedBy = world
			.children(instance.id, 'attachedTo')
			.filter((disk) => disk.tags.release === 'r42');
		expect(inheritedBy).toHaveLength(2);
		for (const disk of inheritedBy) {
			expect(disk.inherited?.release).toEqual({
				from: instance.id,
				rule: 'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk',
			});
		}

		// Four steps of the user's (from schema 4, after the demo world's past of five).
		const steps = world.data.log.filter((e) => !e.past).map((e) => e.seq);
		const past = world.data.log.length - steps.length;
		expect(steps).toEqual([1, 2, 3, 4].map((n) => past + n));
		expect(past).toBe(version < 4 ? 0 : 5);
		expect(world.data.account.inheritance.enabled).toBe(true);
		// Before schema 6 there were no preset tags or tag policies.
		expect(world.data.account.tagPolicies).toEqual({
			attached: [],
			strong: false,
		});
		expect(world.data.governance).toEqual({});
		// From schema 5 the demo world has the RAM tutorial; before, no RAM at all.
		expect(Object.keys(world.data.ram).toSorted()).toEqual(
			version < 5
				? []
				: [
						'group:developer',
						'group:operator',
						'policy:policyForDevTeam',
						'policy:policyForOpsTeam',
						'user:alice',
						'user:bob',
					],
		);
	});

	test('the account has an AccessKey pair, the same each time the file is opened', async () => {
		const keyOf = async () => {
			const world = await new Store(file).load();
			return world.data.account.accessKey;
		};

		const first = await keyOf();
		const again = await keyOf();
		expect(first.id).toMatch(/^LTAI[A-Za-z\d]{20}$/v);
		expect(first.secret).toMatch(/^[A-Za-z\d]{30}$/v);
		expect(again).toEqual(first);
		// An account restored by undo keeps it: the log's accounts have it too.
		const store = new Store(file);
		await store.load();
		await store.apply({op: 'inheritance', enabled: false});
		await store.apply({op: 'undo'});
		expect(store.current()!.data.account.accessKey).toEqual(first);
	});

	test('reading it changes nothing on disk', async () => {
		await new Store(file).load();
		expect(await sameBytes(file, await readFile(fixture))).toBe(true);
	});

	test('undo walks back its steps, and a new command is written in the current schema', async () => {
		const store = new Store(file);
		await store.load();
		const undone = await store.apply({op: 'undo'});
		expect(undone.ok).toBe(true);
		const world = store.current()!;
		const instance = webProd1(world.data);
		expect(instance.tags.release).toBeUndefined();
		for (const disk of world.children(instance.id, 'attachedTo'))
			expect(disk.tags.release).toBeUndefined();

		const tagged = await store.apply({
			op: 'tag',
			ids: [instance.id],
			tags: {release: 'r43'},
		});
		expect(tagged.ok).toBe(true);
		const written = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		expect(written.schema).toBe(schemaVersion);
		expect(written.resources[instance.id]!.tags.release).toBe('r43');
		// Reopened by another process, it reads back the same.
		const again = await new Store(file).load();
		expect(again.data).toEqual(written);
	});
});
