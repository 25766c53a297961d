import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {pastSteps} from '../helpers/world.js';
import {
	DemoWorlds,
	ok,
	okJson,
	readWorld,
	resourcesOf,
	refused,
	refusedJson,
	tagdeck,
	sameBytes,
} from '../helpers/cli-run.js';

type LogEntry = {
	seq: number;
	at: string;
	command: {op: string};
	summary: string;
	regions: string[];
	ids: string[];
	undoOf?: number;
	redoOf?: number;
};

let worlds: DemoWorlds;
let webProd1: string;
let webProd2: string;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	webProd2 = worlds.id('web-prod-2', 'Ecs-Instance');
});
afterAll(async () => {
	await worlds?.remove();
});

describe.concurrent('log', () => {
	test('a new world’s log holds only its past, marked so; undo does not reach it', async () => {
		const db = await worlds.copy();
		const lines = ok(await tagdeck(['log'], {db}))
			.trimEnd()
			.split('\n');
		expect(lines.slice(1, -1)).toHaveLength(pastSteps);
		for (const line of lines.slice(1, -1))
			expect(line).toMatch(/^#\d+ \(past\)/v);
		expect(lines.at(-1)).toBe(
			'(past): the world was made with this history; undo does not reach it.',
		);
		const log = okJson<Array<{past?: boolean}>>(
			await tagdeck(['log', '--json'], {db}),
		);
		expect(log.every((e) => e.past)).toBe(true);
		refused(await tagdeck(['undo'], {db}), 'History.NothingToUndo');
	});

	test('steps newest first, with regions and what they did; --limit', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['tag', webProd1, '--tag', 'a=1'], {db}));
		ok(await tagdeck(['create', 'vpc', '--region', 'eu-central-1'], {db}));
		ok(await tagdeck(['untag', webProd1, '--key', 'a'], {db}));
		const text = ok(await tagdeck(['log'], {db}));
		const lines = text.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^STEP\s+TIME\s+REGIONS\s+WHAT$/v);
		expect(lines.slice(1, 4).map((line) => /^#\d+/v.exec(line)?.[0])).toEqual(
			[3, 2, 1].map((n) => `#${pastSteps + n}`),
		);
		expect(lines[2]).toContain('eu-central-1');
		expect(lines[3]).toContain('cn-hangzhou');
		const all = okJson<LogEntry[]>(await tagdeck(['log', '--json'], {db}));
		expect(all.slice(0, 3).map((e) => [e.seq, e.command.op])).toEqual([
			[pastSteps + 3, 'untag'],
			[pastSteps + 2, 'create'],
			[pastSteps + 1, 'tag'],
		]);
		expect(all[2]!.ids).toEqual([webProd1]);
		expect(all[2]!.regions).toEqual(['cn-hangzhou']);
		expect(Number.isNaN(Date.parse(all[2]!.at))).toBe(false);
		const one = okJson<LogEntry[]>(
			await tagdeck(['log', '--limit', '1', '--json'], {db}),
		);
		expect(one.map((e) => e.seq)).toEqual([pastSteps + 3]);
	});

	test('refused and dry-run commands leave no step', async () => {
		const db = await worlds.copy();
		refused(
			await tagdeck(['show', 'i-nosuchinstance00000'], {db}),
			'InvalidResourceId.NotFound',
		);
		await tagdeck(['tag', 'i-nosuchinstance00000', '--tag', 'a=b'], {db});
		ok(await tagdeck(['tag', webProd1, '--tag', 'a=b', '--dry-run'], {db}));
		expect(
			okJson<Array<{past?: boolean}>>(
				await tagdeck(['log', '--json'], {db}),
			).filter((e) => !e.past),
		).toEqual([]);
	});
});

describe.concurrent('undo and redo', () => {
	test('undo reverses a whole batch exactly; redo applies it again', async () => {
		const db = await worlds.copy();
		const original = await readWorld(db);
		ok(
			await tagdeck(
				['tag', webProd1, webProd2, '--tag', 'env=staging', '--tag', 'new=1'],
				{db},
			),
		);
		const tagged = await readWorld(db);
		const out = ok(await tagdeck(['undo'], {db}));
		expect(out).toContain(`#${pastSteps + 1}`);
		const undone = await readWorld(db);
		expect(undone.resources).toEqual(original.resources);
		expect(undone.revision).toBe(2);
		ok(await tagdeck(['redo'], {db}));
		const redone = await readWorld(db);
		expect(redone.resources).toEqual(tagged.resources);
		expect(redone.revision).toBe(3);
		const log = okJson<LogEntry[]>(await tagdeck(['log', '--json'], {db}));
		const first = pastSteps + 1;
		expect(log.slice(0, 3).map((e) => [e.undoOf, e.redoOf])).toEqual([
			[undefined, first],
			[first, undefined],
			[undefined, undefined],
		]);
	});

	test('undo of a create removes what it made; undo of a release brings it back with its links', async () => {
		const db = await worlds.copy();
		const original = await readWorld(db);
		ok(
			await tagdeck(
				['create', 'disk', '--region', 'cn-hangzhou', '--count', '2'],
				{db},
			),
		);
		ok(await tagdeck(['release', webProd1], {db}));
		ok(await tagdeck(['undo'], {db}));
		ok(await tagdeck(['undo'], {db}));
		expect(await resourcesOf(db)).toEqual(original.resources);
	});

	test('several undos walk back step by step', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['tag', webProd1, '--tag', 'step=1'], {db}));
		ok(await tagdeck(['tag', webProd1, '--tag', 'step=2'], {db}));
		ok(await tagdeck(['undo'], {db}));
		const afterOne = await resourcesOf(db);
		expect(afterOne[webProd1]!.tags.step).toBe('1');
		ok(await tagdeck(['undo'], {db}));
		const afterTwo = await resourcesOf(db);
		expect(afterTwo[webProd1]!.tags).not.toHaveProperty('step');
	});

	test('nothing to undo or redo is refused, and says so in JSON too', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		refused(await tagdeck(['undo'], {db}), 'History.NothingToUndo');
		refused(await tagdeck(['redo'], {db}), 'History.NothingToRedo');
		refusedJson(
			await tagdeck(['undo', '--json'], {db}),
			'History.NothingToUndo',
		);
		refusedJson(
			await tagdeck(['redo', '--json'], {db}),
			'History.NothingToRedo',
		);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('a new step clears what could be redone', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['tag', webProd1, '--tag', 'a=1'], {db}));
		ok(await tagdeck(['undo'], {db}));
		ok(await tagdeck(['tag', webProd2, '--tag', 'b=1'], {db}));
		refused(await tagdeck(['redo'], {db}), 'History.NothingToRedo');
	});

	test('undo --json prints {changed, failed}', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['tag', webProd1, '--tag', 'a=1'], {db}));
		const json = okJson<{changed: Array<{id: string}>; failed: unknown[]}>(
			await tagdeck(['undo', '--json'], {db}),
		);
		expect(json.changed.map((c) => c.id)).toEqual([webProd1]);
		expect(json.failed).toEqual([]);
	});
});
