/*
Undo and redo never lose a later change: when the tags or the resource a step
changed have changed since (here by editing the world file, the one way a
change can land outside the steps), undo and redo are refused with
History.Conflict, naming the resource, and nothing changes.
*/
import {readFile, writeFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	readWorld,
	refused,
	refusedJson,
	sameBytes,
	tagdeck,
} from '../helpers/cli-run.js';
import {demo, named, run, snapshot} from '../helpers/world.js';

type Tags = Record<string, string>;
type WorldFile = {
	[field: string]: unknown;
	resources: Record<string, {tags: Tags} | undefined>;
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

/** Edits the world file by hand, as a person with an editor would. */
async function editByHand(db: string, edit: (world: WorldFile) => void) {
	const world = JSON.parse(await readFile(db, 'utf8')) as WorldFile;
	edit(world);
	await writeFile(db, `${JSON.stringify(world, null, 2)}\n`);
}

async function tagsOf(db: string, id: string): Promise<Tags> {
	const world = await readWorld(db);
	return world.resources[id]!.tags;
}

async function tagOf(
	db: string,
	id: string,
	key: string,
): Promise<string | undefined> {
	const tags = await tagsOf(db, id);
	return tags[key];
}

async function idsIn(db: string): Promise<string[]> {
	const world = await readWorld(db);
	return Object.keys(world.resources);
}

/** Expects `undo` or `redo` refused with History.Conflict naming `id`, the file as it was. */
async function expectConflict(
	db: string,
	op: 'undo' | 'redo',
	id: string,
	json = false,
) {
	const before = await readFile(db);
	const message = json
		? refusedJson(await tagdeck([op, '--json'], {db}), 'History.Conflict')
				.message
		: refused(await tagdeck([op], {db}), 'History.Conflict');
	expect(message).toContain(id);
	expect(await sameBytes(db, before), 'the world file changed').toBe(true);
}

describe.concurrent(
	'undo and redo refuse to overwrite a later change (History.Conflict)',
	() => {
		test('undo, after the tag the step set was changed again', async () => {
			const db = await worlds.copy();
			ok(
				await tagdeck(['tag', webProd1, webProd2, '--tag', 'env=staging'], {
					db,
				}),
			);
			await editByHand(db, (world) => {
				world.resources[webProd2]!.tags.env = 'qa';
			});
			await expectConflict(db, 'undo', webProd2);
			await expectConflict(db, 'undo', webProd2, true);
			expect(await tagOf(db, webProd2, 'env')).toBe('qa');
			expect(await tagOf(db, webProd1, 'env')).toBe('staging');
		});

		test('undo, after the tag the step added was removed', async () => {
			const db = await worlds.copy();
			ok(await tagdeck(['tag', webProd1, '--tag', 'wave=3'], {db}));
			await editByHand(db, (world) => {
				delete world.resources[webProd1]!.tags.wave;
			});
			await expectConflict(db, 'undo', webProd1);
		});

		test('undo, after the tag the step removed was set again', async () => {
			const db = await worlds.copy();
			ok(await tagdeck(['untag', webProd1, '--key', 'project'], {db}));
			await editByHand(db, (world) => {
				world.resources[webProd1]!.tags.project = 'checkout';
			});
			await expectConflict(db, 'undo', webProd1);
			expect(await tagOf(db, webProd1, 'project')).toBe('checkout');
		});

		test('undo of a create, after what it created was removed', async () => {
			const db = await worlds.copy();
			const before = new Set(await idsIn(db));
			ok(await tagdeck(['create', 'vpc', '--region', 'eu-central-1'], {db}));
			const after = await idsIn(db);
			const id = after.find((key) => !before.has(key));
			expect(id).toBeDefined();
			await editByHand(db, (world) => {
				delete world.resources[id!];
			});
			await expectConflict(db, 'undo', id!);
		});

		test('redo, after the tag the undone step had set was set to another value', async () => {
			const db = await worlds.copy();
			ok(await tagdeck(['tag', webProd1, '--tag', 'env=staging'], {db}));
			ok(await tagdeck(['undo'], {db}));
			await editByHand(db, (world) => {
				world.resources[webProd1]!.tags.env = 'qa';
			});
			await expectConflict(db, 'redo', webProd1);
			expect(await tagOf(db, webProd1, 'env')).toBe('qa');
		});

		test('a change to another tag of the same resource is no conflict, and undo keeps it', async () => {
			const db = await worlds.copy();
			ok(await tagdeck(['tag', webProd1, '--tag', 'env=staging'], {db}));
			await editByHand(db, (world) => {
				world.resources[webProd1]!.tags.note = 'by hand';
			});
			ok(await tagdeck(['undo'], {db}));
			const tags = await tagsOf(db, webProd1);
			expect(tags.env).toBe('prod');
			expect(tags.note).toBe('by hand');
		});

		test('in the core: one changed resource of a batch refuses the whole undo and redo', () => {
			const world = demo();
			const ids = ['web-prod-1', 'web-prod-2', 'dev-box-1'].map(
				(name) => named(world, name, 'Ecs-Instance').id,
			);
			expect(run(world, {op: 'tag', ids, tags: {wave: '1'}}).ok).toBe(true);
			world.data.resources[ids[1]!]!.tags.wave = '2';
			let before = snapshot(world);
			const undo = run(world, {op: 'undo'});
			expect(undo.error?.code).toBe('History.Conflict');
			expect(undo.error?.message).toContain(ids[1]);
			expect(snapshot(world)).toEqual(before);

			world.data.resources[ids[1]!]!.tags.wave = '1';
			expect(run(world, {op: 'undo'}).ok).toBe(true);
			world.data.resources[ids[2]!]!.tags.wave = '3';
			before = snapshot(world);
			const redo = run(world, {op: 'redo'});
			expect(redo.error?.code).toBe('History.Conflict');
			expect(redo.error?.message).toContain(ids[2]);
			expect(snapshot(world)).toEqual(before);
		});
	},
);
