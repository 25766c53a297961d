import {existsSync} from 'node:fs';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	printed,
	readWorld,
	refused,
	type ResourceView,
	tagdeck,
	sameBytes,
	sameFiles,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
});
afterAll(async () => {
	await worlds?.remove();
});

/** A path in the shared temporary folder that does not exist yet. */
let fresh = 0;
function newPath(name = 'world.json') {
	return path.join(worlds.directory, `fresh-${++fresh}`, name);
}

describe.concurrent('init', () => {
	test('creates the demo world and says where', async () => {
		const db = newPath();
		const out = ok(
			await tagdeck(['init', '--db', db], {env: {HOME: worlds.directory}}),
		);
		expect(out).toContain(db);
		expect(out).toContain('163');
		const world = await readWorld(db);
		expect(world.revision).toBe(0);
		expect(world.log.every((event) => event.past)).toBe(true);
		expect(await sameFiles(db, worlds.template)).toBe(true);
	});

	test('refuses an existing file without --force (exit 1), leaving it unchanged', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(
				['tag', worlds.id('web-prod-1', 'Ecs-Instance'), '--tag', 'a=1'],
				{db},
			),
		);
		const before = await readFile(db);
		const line = refused(await tagdeck(['init'], {db}), 'WorldFile.Exists');
		expect(line).toContain(db);
		expect(line).toContain('--force');
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('--force replaces an existing world with the demo world', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(
				['tag', worlds.id('web-prod-1', 'Ecs-Instance'), '--tag', 'a=1'],
				{db},
			),
		);
		ok(await tagdeck(['init', '--force'], {db}));
		expect(await sameFiles(db, worlds.template)).toBe(true);
		expect(await readdir(path.dirname(db))).not.toContainEqual(
			expect.stringMatching(/\.bad-/v),
		);
	});

	test('--resources 500 --seed 3 twice gives byte-identical files', async () => {
		const first = newPath('a.json');
		const second = newPath('b.json');
		const out = ok(
			await tagdeck([
				'init',
				'--resources',
				'500',
				'--seed',
				'3',
				'--db',
				first,
			]),
		);
		expect(out).toContain('500');
		ok(
			await tagdeck([
				'init',
				'--resources',
				'500',
				'--seed',
				'3',
				'--db',
				second,
			]),
		);
		expect(await sameFiles(first, second)).toBe(true);
		const world = await readWorld(first);
		expect(Object.keys(world.resources)).toHaveLength(500);
		// The generated world is a usable world.
		const listed = okJson<ResourceView[]>(
			await tagdeck(['list', '--json', '--db', first]),
		);
		expect(listed).toHaveLength(500);
	});

	test('another seed gives another world; no seed is seed 1', async () => {
		const three = newPath('3.json');
		const four = newPath('4.json');
		const noSeed = newPath('none.json');
		const one = newPath('1.json');
		ok(
			await tagdeck([
				'init',
				'--resources',
				'50',
				'--seed',
				'3',
				'--db',
				three,
			]),
		);
		ok(
			await tagdeck(['init', '--resources', '50', '--seed', '4', '--db', four]),
		);
		ok(await tagdeck(['init', '--resources', '50', '--db', noSeed]));
		ok(
			await tagdeck(['init', '--resources', '50', '--seed', '1', '--db', one]),
		);
		expect(await sameFiles(three, four)).toBe(false);
		expect(await sameFiles(noSeed, one)).toBe(true);
	});

	test('--resources out of range is refused and creates nothing', async () => {
		const db = newPath();
		const result = await tagdeck(['init', '--resources', '0', '--db', db]);
		expect(result.code, printed(result)).not.toBe(0);
		expect(existsSync(db)).toBe(false);
	});
});

describe.concurrent('reset', () => {
	test('brings back the demo world', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(['release', worlds.id('web-prod-1', 'Ecs-Instance')], {db}),
		);
		ok(await tagdeck(['reset'], {db}));
		expect(await sameFiles(db, worlds.template)).toBe(true);
	});

	test('moves a file it cannot read aside, keeping its bytes, and says where', async () => {
		const db = newPath();
		const template = await readFile(worlds.template, 'utf8');
		const broken = template.slice(0, 5000);
		await tagdeck(['init', '--db', db]);
		await writeFile(db, broken);
		const out = ok(await tagdeck(['reset', '--db', db]));
		const names = await readdir(path.dirname(db));
		const moved = names.find((name) => name.startsWith('world.json.bad-'));
		expect(moved, names.join(', ')).toBeDefined();
		expect(out).toContain(moved);
		expect(await readFile(path.join(path.dirname(db), moved!), 'utf8')).toBe(
			broken,
		);
		expect(await sameFiles(db, worlds.template)).toBe(true);
	});

	test('creates the world when there is none', async () => {
		const db = newPath();
		ok(await tagdeck(['reset', '--db', db]));
		expect(await sameFiles(db, worlds.template)).toBe(true);
	});
});

describe.concurrent('where the world lives', () => {
	test('by default $HOME/.local/share/tagdeck/world.json, created on first use', async () => {
		const home = path.join(worlds.directory, 'home-default');
		ok(await tagdeck(['regions'], {env: {HOME: home}}));
		expect(
			existsSync(path.join(home, '.local', 'share', 'tagdeck', 'world.json')),
		).toBe(true);
	});

	test('$XDG_DATA_HOME/tagdeck/world.json when XDG_DATA_HOME is set', async () => {
		const home = path.join(worlds.directory, 'home-xdg');
		const xdg = path.join(worlds.directory, 'xdg-data');
		ok(await tagdeck(['init'], {env: {HOME: home, XDG_DATA_HOME: xdg}}));
		expect(existsSync(path.join(xdg, 'tagdeck', 'world.json'))).toBe(true);
		// Nothing in the home data folder; only the cache of checked files may be in HOME.
		expect(existsSync(path.join(home, '.local'))).toBe(false);
	});

	test('TAGDECK_DB wins over XDG_DATA_HOME, and --db over TAGDECK_DB', async () => {
		const xdg = path.join(worlds.directory, 'xdg-unused');
		const fromVariable = newPath('variable.json');
		const fromFlag = newPath('flag.json');
		ok(
			await tagdeck(['init'], {
				env: {XDG_DATA_HOME: xdg, TAGDECK_DB: fromVariable},
			}),
		);
		expect(existsSync(fromVariable)).toBe(true);
		ok(
			await tagdeck(['init', '--db', fromFlag], {
				env: {XDG_DATA_HOME: xdg, TAGDECK_DB: fromVariable},
			}),
		);
		expect(existsSync(fromFlag)).toBe(true);
		expect(existsSync(xdg)).toBe(false);
		// --db also works before the command.
		const before = newPath('before.json');
		ok(
			await tagdeck(['--db', before, 'regions', '--json'], {
				env: {TAGDECK_DB: fromVariable},
			}),
		);
		expect(existsSync(before)).toBe(true);
	});

	test('a read on a missing file creates the demo world', async () => {
		const db = newPath();
		const listed = okJson<ResourceView[]>(
			await tagdeck(['list', '--json'], {db}),
		);
		expect(listed).toHaveLength(163);
		expect(await sameFiles(db, worlds.template)).toBe(true);
	});

	test('a first command that changes the world on a missing file creates it and applies the command', async () => {
		const db = newPath();
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		const started = Date.now();
		const result = await tagdeck(['tag', id, '--tag', 'first=yes'], {
			db,
			timeoutMs: 15_000,
		});
		expect(
			result.code,
			`${printed(result)}\nafter ${Date.now() - started} ms`,
		).toBe(0);
		const world = await readWorld(db);
		expect(world.resources[id]!.tags.first).toBe('yes');
		expect(world.revision).toBe(1);
	});
});
