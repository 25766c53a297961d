/*
Schema 1 → 2: what the migration changes in a world written by schema 1 (the
fixture of test/fixtures/worlds), and what it must leave alone.
*/
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import type {WorldData} from '../../source/core/model.js';
import {Store} from '../../source/store/store.js';
import {
	makeTempDir,
	projectRoot,
	removeTempDir,
} from '../helpers/store-files.js';

const fixture = path.join(
	projectRoot,
	'test',
	'fixtures',
	'worlds',
	'schema-1.json',
);

let directory: string | undefined;
let file: string;
let old: WorldData;
beforeEach(async () => {
	directory = await makeTempDir();
	file = path.join(directory, 'world.json');
	old = JSON.parse(await readFile(fixture, 'utf8')) as WorldData;
});
afterEach(async () => {
	await removeTempDir(directory);
});

const oldTopic = 'alikafka_post-cn-1cz6puv4v60a/order-created';
const newTopic = 'Kafka_alikafka_post-cn-1cz6puv4v60a_order-created';

async function migrated(data: WorldData = old) {
	await writeFile(file, JSON.stringify(data));
	return new Store(file).load();
}

test('Kafka topics and consumer groups take the tag resource ID Kafka_<instance>_<name>', async () => {
	const world = await migrated();
	const kafka = Object.values(world.data.resources).filter(
		(r) => r.type === 'Kafka-Topic' || r.type === 'Kafka-ConsumerGroup',
	);
	expect(kafka.length).toBeGreaterThan(0);
	for (const resource of kafka) {
		expect(resource.id).toBe(
			`Kafka_${resource.links!.kafkaInstance}_${resource.name}`,
		);
		expect(world.data.resources[resource.id]).toBe(resource);
	}

	expect(world.data.resources[oldTopic]).toBeUndefined();
	expect(world.get(newTopic)?.name).toBe('order-created');
	// The instance still finds its topics.
	const instance = world.get(newTopic)!.links!.kafkaInstance!;
	expect(world.children(instance, 'kafkaInstance').map((r) => r.id)).toContain(
		newTopic,
	);
});

test('the log names the new IDs, so undo still finds the resource a step changed', async () => {
	// A schema-1 step that tagged the topic, as schema 1 recorded it.
	const data = structuredClone(old);
	data.resources[oldTopic]!.tags.stage = 'beta';
	data.log.push({
		seq: 5,
		at: '2026-11-24T10:08:00.000Z',
		command: {op: 'tag', ids: [oldTopic], tags: {stage: 'beta'}},
		summary: 'tag 1 resource with stage=beta',
		regions: ['cn-hangzhou'],
		ids: [oldTopic],
		patches: [{c: 'r', id: oldTopic, t: {stage: [null, 'beta']}}],
		failures: [],
	});
	data.history.undo.push(5);
	data.nextSeq = 6;
	data.revision++;
	await writeFile(file, JSON.stringify(data));
	const store = new Store(file);
	const world = await store.load();
	const last = world.data.log.at(-1)!;
	expect(last.ids).toEqual([newTopic]);
	expect(last.command).toMatchObject({ids: [newTopic]});
	expect(world.get(newTopic)!.tags.stage).toBe('beta');
	const undone = await store.apply({op: 'undo'});
	expect(undone.ok).toBe(true);
	expect(store.current()!.get(newTopic)!.tags.stage).toBeUndefined();
});

test('the createdby tag holds customer:<AccountId>, in resources and in the log', async () => {
	const world = await migrated();
	const creator = `customer:${old.account.id}`;
	const values = new Set(
		Object.values(world.data.resources).map((r) => r.tags['acs:tag:createdby']),
	);
	expect([...values]).toEqual([creator]);
	const text = JSON.stringify(world.data);
	expect(text).not.toContain(`"acs:tag:createdby":"${old.account.id}"`);
});

test('the account gets per-type quotas, none set', async () => {
	const world = await migrated();
	expect(world.data.account.quotas).toEqual({});
});

test('tag keys and values that look like an old ID are the user’s text and stay as written', async () => {
	const data = structuredClone(old);
	const instance = Object.values(data.resources).find(
		(r) => r.type === 'Ecs-Instance',
	)!;
	instance.tags[oldTopic] = oldTopic;
	instance.tags.feeds = oldTopic;
	const world = await migrated(data);
	expect(world.get(instance.id)!.tags[oldTopic]).toBe(oldTopic);
	expect(world.get(instance.id)!.tags.feeds).toBe(oldTopic);
});

test.each([
	['resources is null', {resources: null}],
	['resources is a list', {resources: []}],
	['the account is missing', {account: undefined}],
	['a resource is a number', {resources: {x: 1}}],
	['the log holds a string', {log: ['step']}],
	['a patch is null', {log: [{patches: [null]}]}],
])(
	'a schema-1 file of the wrong shape (%s) is refused with WorldFile.Invalid, never a crash',
	async (_, change) => {
		await writeFile(file, JSON.stringify({...old, ...change}));
		await expect(new Store(file).load()).rejects.toMatchObject({
			code: 'WorldFile.Invalid',
		});
	},
);

test('a schema-1 file nested deeper than the stack can walk is refused with WorldFile.Invalid, never a crash', async () => {
	const depth = 50_000;
	const nested = '['.repeat(depth) + ']'.repeat(depth);
	await writeFile(
		file,
		JSON.stringify({...old, extra: 0}).replace(
			'"extra":0',
			`"extra":${nested}`,
		),
	);
	await expect(new Store(file).load()).rejects.toMatchObject({
		code: 'WorldFile.Invalid',
	});
});
