import {open, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {pastSteps, userLog} from '../helpers/world.js';
import type {Command, WorldData} from '../../source/core/model.js';
import {Store} from '../../source/store/store.js';
import {writeJson} from '../../source/store/json-writer.js';
import {
	demoData,
	demoId,
	folderNames,
	makeTempDir,
	removeTempDir,
	sameBytes,
} from '../helpers/store-files.js';
import {seed} from '../helpers/property-settings.js';

const demo = demoData();
const webProd1 = demoId(demo, 'web-prod-1', 'Ecs-Instance');
const webProd2 = demoId(demo, 'web-prod-2', 'Ecs-Instance');
const devBox1 = demoId(demo, 'dev-box-1', 'Ecs-Instance');
const crmProd1 = demoId(demo, 'crm-prod-1', 'Ecs-Instance');

let directory: string | undefined;
let file: string;
beforeEach(async () => {
	directory = await makeTempDir();
	file = path.join(directory, 'world.json');
});
afterEach(async () => {
	await removeTempDir(directory);
});

async function onDisk(): Promise<{text: string; data: WorldData}> {
	const text = await readFile(file, 'utf8');
	return {text, data: JSON.parse(text) as WorldData};
}

describe('atomic writes', () => {
	test('after many applies only the world file is left, compact and valid', async () => {
		const store = new Store(file);
		await store.load();
		const ids = [webProd1, webProd2, devBox1];
		for (let i = 0; i < 60; i++) {
			const result = await store.apply({
				op: 'tag',
				ids: [ids[i % ids.length]!],
				tags: {step: String(i)},
			});
			expect(result.ok).toBe(true);
		}

		expect(await folderNames(directory!)).toEqual(['world.json']);
		const {text, data} = await onDisk();
		expect(text).not.toContain('\n');
		expect(text).not.toMatch(/^\{\s/v);
		expect(data.revision).toBe(60);
		expect(userLog(data)).toHaveLength(60);
		expect(data.resources[webProd1]!.tags.step).toBe('57');
		expect(data.resources[webProd2]!.tags.step).toBe('58');
		expect(data.resources[devBox1]!.tags.step).toBe('59');
		// Another store reads exactly what was written.
		const again = await new Store(file).load();
		expect(again.data).toEqual(data);
	});

	test('a write left unfinished by a killed process is cleared by the next command; other files stay', async () => {
		const store = new Store(file);
		await store.load();
		const leftovers = [
			'.world.json.4242.0badf00d.tmp',
			'.world.json.7.12345678.tmp',
		];
		const others = [
			'.other.json.4242.0badf00d.tmp',
			'.world.json.bak',
			'world.json.4242.0badf00d.tmp',
			'.world.json.1.4242.0badf00d.tmp',
		];
		for (const name of [...leftovers, ...others])
			await writeFile(path.join(directory!, name), '{"half": ');
		const before = await readFile(file);

		// A read-only look neither takes the lock nor clears anything.
		await new Store(file).load();
		expect(await folderNames(directory!)).toEqual(
			['world.json', ...leftovers, ...others].toSorted(),
		);

		const result = await store.apply({
			op: 'tag',
			ids: [webProd1],
			tags: {a: '1'},
		});
		expect(result.ok).toBe(true);
		expect(await folderNames(directory!)).toEqual(
			['world.json', ...others].toSorted(),
		);
		const {data} = await onDisk();
		expect(data.resources[webProd1]!.tags.a).toBe('1');
		expect(await sameBytes(file, before)).toBe(false);
	});

	test('revision grows by one per applied command, not for refused, no-op or dry-run ones', async () => {
		const store = new Store(file);
		await store.load();
		const revision = async () => {
			const {data} = await onDisk();
			return data.revision;
		};

		expect(await revision()).toBe(0);

		const steps: Array<{command: Command; applied: boolean; dryRun?: boolean}> =
			[
				{command: {op: 'tag', ids: [webProd1], tags: {a: '1'}}, applied: true},
				// The same value again: nothing to change.
				{command: {op: 'tag', ids: [webProd1], tags: {a: '1'}}, applied: false},
				// Unknown ID: the whole batch is refused.
				{
					command: {
						op: 'tag',
						ids: [webProd1, 'i-doesnotexist'],
						tags: {b: '2'},
					},
					applied: false,
				},
				// Over the quota of 20 custom tags (crm-prod-1 has 19).
				{
					command: {op: 'tag', ids: [crmProd1], tags: {q1: 'x', q2: 'y'}},
					applied: false,
				},
				// A value with an escape sequence.
				{
					command: {op: 'tag', ids: [webProd1], tags: {c: '\u001B[31m'}},
					applied: false,
				},
				{
					command: {op: 'tag', ids: [webProd1], tags: {d: '4'}},
					applied: false,
					dryRun: true,
				},
				{command: {op: 'untag', ids: [webProd1], keys: ['a']}, applied: true},
				// Removing a key the resource no longer has.
				{command: {op: 'untag', ids: [webProd1], keys: ['a']}, applied: false},
				{command: {op: 'undo'}, applied: true},
				{command: {op: 'redo'}, applied: true},
				{command: {op: 'redo'}, applied: false},
				{command: {op: 'stop', ids: [devBox1]}, applied: true},
				{command: {op: 'stop', ids: [devBox1]}, applied: false},
			];
		let expected = 0;
		for (const [index, {command, applied, dryRun}] of steps.entries()) {
			const before = await readFile(file);
			const result = await store.apply(command, {dryRun});
			expect(
				Boolean(result.event),
				`step ${index}: ${JSON.stringify(command)}`,
			).toBe(applied);
			if (applied) expected++;
			else
				expect(
					await sameBytes(file, before),
					`step ${index} changed the file`,
				).toBe(true);
			expect(await revision(), `step ${index}`).toBe(expected);
		}

		const {data} = await onDisk();
		expect(userLog(data)).toHaveLength(expected);
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});

	test('a store applies to the latest file, even when another store changed it', async () => {
		const first = new Store(file);
		const second = new Store(file);
		await first.load();
		await second.load();
		const results = [
			await first.apply({op: 'tag', ids: [webProd1], tags: {by: 'first'}}),
			await second.apply({op: 'tag', ids: [webProd2], tags: {by: 'second'}}),
			await first.apply({op: 'tag', ids: [devBox1], tags: {by: 'first'}}),
		];
		expect(results.map((result) => result.ok)).toEqual([true, true, true]);
		const {data} = await onDisk();
		expect(data.revision).toBe(3);
		expect(data.resources[webProd1]!.tags.by).toBe('first');
		expect(data.resources[webProd2]!.tags.by).toBe('second');
		expect(data.resources[devBox1]!.tags.by).toBe('first');
		expect(userLog(data).map((event) => event.seq)).toEqual(
			[1, 2, 3].map((n) => pastSteps + n),
		);
	});

	test('the world a store returns follows what others wrote once loaded again', async () => {
		const reader = new Store(file);
		await reader.load();
		await new Store(file).apply({
			op: 'tag',
			ids: [webProd1],
			tags: {seen: 'yes'},
		});
		const world = await reader.load();
		expect(world.get(webProd1)!.tags.seen).toBe('yes');
		expect(world.data.revision).toBe(1);
	});

	test('a world is written member by member, in slices: the bytes are exactly the UTF-8 of JSON.stringify', async () => {
		// Nested objects and arrays with emoji, CJK, undefined members, dates (toJSON)
		// and numbers JSON writes as null; slices of a few bytes, so that members
		// larger than a slice and slices ending anywhere are both tried.
		const leaf = fc.oneof(
			fc.jsonValue(),
			fc.string({unit: 'grapheme', maxLength: 20}),
			fc.constant(undefined),
			fc.date({noInvalidDate: true}),
			fc.double(),
		);
		const {value} = fc.letrec((tie) => ({
			value: fc.oneof(
				{depthSize: 'small', withCrossShrink: true},
				leaf,
				fc.array(tie('value'), {maxLength: 5}),
				fc.dictionary(
					fc.string({unit: 'grapheme', maxLength: 6}),
					tie('value'),
					{
						maxKeys: 5,
					},
				),
			),
		}));
		await fc.assert(
			fc.asyncProperty(
				value,
				fc.integer({min: 1, max: 64}),
				async (data, slice) => {
					const handle = await open(file, 'w');
					try {
						await writeJson(handle, data, slice);
					} finally {
						await handle.close();
					}

					const expected = Buffer.from(JSON.stringify(data) ?? 'null', 'utf8');
					const written = await readFile(file);
					expect(written.equals(expected)).toBe(true);
				},
			),
			{numRuns: 300, ...seed},
		);
	});
});
