import {chmod, mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Command, WorldData} from '../../source/core/model.js';
import {WorldFileError} from '../../source/store/errors.js';
import {Store} from '../../source/store/store.js';
import {
	demoData,
	demoId,
	demoText,
	folderNames,
	makeTempDir,
	removeTempDir,
	sameBytes,
} from '../helpers/store-files.js';

/** A demo world changed by `edit`, as compact JSON. */
function edited(edit: (data: WorldData) => void): string {
	const data = demoData();
	edit(data);
	return JSON.stringify(data);
}

/** The permission bits of a file, in octal. */
async function permissions(file: string): Promise<string> {
	const info = await stat(file);
	return info.mode.toString(8).slice(-3);
}

function firstResource(data: WorldData) {
	return Object.values(data.resources)[0]!;
}

const webProd1 = demoId(demoData(), 'web-prod-1', 'Ecs-Instance');
const tagCommand: Command = {op: 'tag', ids: [webProd1], tags: {a: '1'}};

type Case = {
	name: string;
	code: string;
	bytes: () => Buffer | string;
	/** What the message must say about recovering. */
	fix: 'reset' | 'upgrade';
};

const demo = demoText();
const cases: Case[] = [
	{
		name: 'an empty file',
		code: 'WorldFile.Empty',
		bytes: () => '',
		fix: 'reset',
	},
	{
		name: 'whitespace only',
		code: 'WorldFile.Empty',
		bytes: () => ' \n\t\r\n  ',
		fix: 'reset',
	},
	{
		name: 'truncated JSON (a valid world cut in half)',
		code: 'WorldFile.NotJson',
		bytes: () => demo.slice(0, Math.floor(demo.length / 2)),
		fix: 'reset',
	},
	{
		name: 'text that is not JSON',
		code: 'WorldFile.NotJson',
		bytes: () => 'this is not a world\n',
		fix: 'reset',
	},
	{
		name: 'binary garbage',
		code: 'WorldFile.NotJson',
		bytes: () =>
			Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x1b, 0x5b, 0x33, 0x31, 0x6d]),
		fix: 'reset',
	},
	{
		name: 'a JSON array',
		code: 'WorldFile.Invalid',
		bytes: () => '[]',
		fix: 'reset',
	},
	{
		name: 'JSON null',
		code: 'WorldFile.Invalid',
		bytes: () => 'null',
		fix: 'reset',
	},
	{
		name: 'a JSON object without a schema version',
		code: 'WorldFile.Invalid',
		bytes: () => '{"resources": {}}',
		fix: 'reset',
	},
	{
		name: 'a world without resources',
		code: 'WorldFile.Invalid',
		bytes: () =>
			edited((data) => {
				delete (data as Partial<WorldData>).resources;
			}),
		fix: 'reset',
	},
	{
		name: 'a resource of an unknown type',
		code: 'WorldFile.Invalid',
		bytes: () =>
			edited((data) => {
				firstResource(data).type = 'Ecs-Teapot';
			}),
		fix: 'reset',
	},
	{
		name: 'a tag value with an ESC control character',
		code: 'WorldFile.Invalid',
		bytes: () =>
			edited((data) => {
				firstResource(data).tags.env = '\u001B[31mred';
			}),
		fix: 'reset',
	},
	{
		name: 'a tag key with an ESC control character',
		code: 'WorldFile.Invalid',
		bytes: () =>
			edited((data) => {
				firstResource(data).tags['\u001B]0;owned\u0007'] = 'x';
			}),
		fix: 'reset',
	},
	{
		name: 'a resource filed under another ID',
		code: 'WorldFile.Invalid',
		bytes: () =>
			edited((data) => {
				const resource = firstResource(data);
				data.resources['i-somethingelse'] = resource;
				delete data.resources[resource.id];
			}),
		fix: 'reset',
	},
	{
		name: 'a newer schema version (schema: 99)',
		code: 'WorldFile.NewerVersion',
		bytes: () =>
			edited((data) => {
				data.schema = 99;
			}),
		fix: 'upgrade',
	},
];

let directory: string | undefined;
beforeEach(async () => {
	directory = await makeTempDir();
});
afterEach(async () => {
	if (directory)
		await chmod(path.join(directory), 0o700).catch(() => undefined);
	await removeTempDir(directory);
});

/** Expects `promise` to fail with a WorldFileError of `code` that names `file` and says how to recover. */
async function expectRefused(
	promise: Promise<unknown>,
	file: string,
	code: string,
	fix: Case['fix'] | 'permissions' | 'regular file',
) {
	const error = await promise.then(
		() => undefined,
		(error_: unknown) => error_,
	);
	expect(error, 'the file was accepted').toBeInstanceOf(WorldFileError);
	const refusal = error as WorldFileError;
	expect(refusal.code).toBe(code);
	expect(refusal.path).toBe(file);
	expect(refusal.message).toContain(file);
	expect(refusal.message).toContain('left untouched');
	switch (fix) {
		case 'reset': {
			expect(refusal.message).toContain(`tagdeck reset --db ${file}`);
			expect(refusal.message).toContain('move the file away');
			break;
		}

		case 'upgrade': {
			expect(refusal.message).toMatch(/upgrade tagdeck/iv);
			break;
		}

		case 'regular file': {
			expect(refusal.message).toContain('the name of a regular file');
			expect(refusal.message).not.toContain('reset');
			break;
		}

		case 'permissions': {
			expect(refusal.message).toMatch(/permission/iv);
			break;
		}
	}
}

describe.each(cases)('$name', ({code, bytes, fix}) => {
	test.each([
		['Store.load()', async (store: Store) => store.load()],
		['Store.apply()', async (store: Store) => store.apply(tagCommand)],
		[
			'Store.apply() as a dry run',
			async (store: Store) => store.apply(tagCommand, {dryRun: true}),
		],
	])(
		'%s refuses it and leaves it byte for byte unchanged',
		async (_name, use) => {
			const file = path.join(directory!, 'world.json');
			const before = Buffer.from(bytes());
			await writeFile(file, before);
			await expectRefused(use(new Store(file)), file, code, fix);
			expect(await sameBytes(file, before)).toBe(true);
			// No temporary file or lock is left behind.
			expect(await folderNames(directory!)).toEqual(['world.json']);
		},
	);

	test('replace() without force refuses it as existing, unchanged', async () => {
		const file = path.join(directory!, 'world.json');
		const before = Buffer.from(bytes());
		await writeFile(file, before);
		await expect(
			new Store(file).replace(demoData(), false),
		).rejects.toMatchObject({code: 'WorldFile.Exists', path: file});
		expect(await sameBytes(file, before)).toBe(true);
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});

	test('replace(data, true) moves it aside with its bytes and writes the new world', async () => {
		const file = path.join(directory!, 'world.json');
		const before = Buffer.from(bytes());
		await writeFile(file, before);
		const store = new Store(file);
		const {movedTo} = await store.replace(demoData(), true);
		expect(movedTo).toBeDefined();
		expect(path.dirname(movedTo!)).toBe(directory);
		expect(path.basename(movedTo!)).toMatch(/^world\.json\.bad-/v);
		expect(await sameBytes(movedTo!, before)).toBe(true);
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(demoData());
		expect(await folderNames(directory!)).toEqual(
			['world.json', path.basename(movedTo!)].toSorted(),
		);
		// The new file is usable, by this store and by another.
		const applied = await store.apply(tagCommand);
		expect(applied.ok).toBe(true);
		const reread = await new Store(file).load();
		expect(reread.get(webProd1)!.tags.a).toBe('1');
	});
});

describe('a file that cannot be read', () => {
	test('a file without read permission is refused and left unchanged', async () => {
		const file = path.join(directory!, 'world.json');
		const before = Buffer.from(demo);
		await writeFile(file, before);
		await chmod(file, 0o000);
		const readable = await readFile(file).then(
			() => true,
			() => false,
		);
		if (readable) {
			// Running as root: chmod 000 does not stop reads. The file is then
			// simply a good world: it loads, and loading changes nothing.
			const world = await new Store(file).load();
			expect(world.resources()).toHaveLength(163);
			expect(await permissions(file)).toBe('000');
		} else {
			await expectRefused(
				new Store(file).load(),
				file,
				'WorldFile.Unreadable',
				'permissions',
			);
			await expectRefused(
				new Store(file).apply(tagCommand),
				file,
				'WorldFile.Unreadable',
				'permissions',
			);
			expect(await permissions(file)).toBe('000');
		}

		await chmod(file, 0o600);
		expect(await sameBytes(file, before)).toBe(true);
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});

	test('a folder where the file should be is refused (even for root) and left as it is', async () => {
		const file = path.join(directory!, 'world.json');
		await mkdir(file);
		await writeFile(path.join(file, 'inside.txt'), 'keep me');
		await expectRefused(
			new Store(file).load(),
			file,
			'WorldFile.NotAFile',
			'regular file',
		);
		await expectRefused(
			new Store(file).apply(tagCommand),
			file,
			'WorldFile.NotAFile',
			'regular file',
		);
		const info = await stat(file);
		expect(info.isDirectory()).toBe(true);
		expect(await readFile(path.join(file, 'inside.txt'), 'utf8')).toBe(
			'keep me',
		);
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});
});

describe('replace on a good file', () => {
	test('without force: WorldFile.Exists, file unchanged', async () => {
		const file = path.join(directory!, 'world.json');
		const store = new Store(file);
		await store.load();
		await store.apply(tagCommand);
		const before = await readFile(file);
		await expect(store.replace(demoData(), false)).rejects.toMatchObject({
			code: 'WorldFile.Exists',
			path: file,
		});
		await expect(store.replace(demoData(), false)).rejects.toBeInstanceOf(
			WorldFileError,
		);
		expect(await sameBytes(file, before)).toBe(true);
	});

	test('with force: replaced in place, nothing moved aside', async () => {
		const file = path.join(directory!, 'world.json');
		const store = new Store(file);
		await store.apply(tagCommand, {dryRun: true});
		await store.apply(tagCommand);
		const {movedTo} = await store.replace(demoData(), true);
		expect(movedTo).toBeUndefined();
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(demoData());
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});
});
