/*
The README's "Rehearse a script", run as written: the world reset, the
account's key saved to key.json, `tagdeck serve` started as a user starts it,
and the README's script (examples/rehearse.cjs, the same text) run with node
against it, using the official SDK unmodified. What it prints, what the world
file holds afterwards, the log line and the undo are checked.
*/
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
	makeTempDir,
	ok,
	okJson,
	projectRoot,
	removeTempDir,
	requireBuild,
	type ResourceView,
	tagdeck,
} from '../helpers/cli-run.js';
import {
	type ServeProcess,
	startServeProcess,
} from '../helpers/serve-process.js';

const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
const script = path.join(projectRoot, 'examples', 'rehearse.cjs');

let directory: string;
let db: string;
let server: ServeProcess | undefined;
let port = 0;

beforeAll(async () => {
	requireBuild();
	directory = await makeTempDir('tagdeck-rehearse-');
	db = path.join(directory, 'world.json');
});

afterAll(async () => {
	await server?.interrupt();
	await removeTempDir(directory);
});

/** The lines of the section's sh blocks, in order. */
function readmeCommands(): string[] {
	const start = readme.indexOf('## Rehearse a script');
	const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
	return [...section.matchAll(/```sh\n(?<lines>[\s\S]*?)```/gv)].flatMap((m) =>
		m.groups!.lines!.trim().split('\n'),
	);
}

test('the README’s script is the one in examples/, word for word', () => {
	const inReadme = /<!-- rehearse -->\s*```js\n(?<code>[\s\S]*?)```/v.exec(
		readme,
	)!.groups!.code!;
	const file = readFileSync(script, 'utf8');
	expect(file.split('\n').slice(2).join('\n')).toBe(inReadme);
});

test('reset, save the key, serve: as the README says', async () => {
	const [reset, keys, serve] = readmeCommands();
	expect([reset, keys, serve]).toEqual([
		'tagdeck reset',
		'tagdeck ram keys --root --json > key.json',
		'tagdeck serve',
	]);
	ok(await tagdeck(['reset'], {db}));
	const key = ok(await tagdeck(['ram', 'keys', '--root', '--json'], {db}));
	await writeFile(path.join(directory, 'key.json'), key);
	// As the README's `tagdeck serve`, on a free port rather than 8080.
	server = await startServeProcess(['--port', '0'], {
		cwd: directory,
		env: {PATH: process.env.PATH ?? '', TAGDECK_DB: db, LANG: 'C.UTF-8'},
	});
	({port} = server);
	expect(port).toBeGreaterThan(0);
});

test('node examples/rehearse.cjs tags the four Windows test resources, in one step the log names and undo reverses', async () => {
	expect(readmeCommands().at(-1)).toBe('node examples/rehearse.cjs');
	const run = spawn(process.execPath, [script], {
		cwd: directory,
		env: {
			PATH: process.env.PATH ?? '',
			TAGDECK_ENDPOINT: `127.0.0.1:${port}`,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let error = '';
	run.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
	});
	run.stderr.on('data', (chunk: Buffer) => {
		error += chunk.toString('utf8');
	});
	const code = await new Promise<number | null>((resolve) => {
		run.on('close', resolve);
	});
	expect(error).toBe('');
	expect(code).toBe(0);
	expect(out).toBe('Tagged 4 resources patch=2026-12.\n');

	const tagged = okJson<ResourceView[]>(
		await tagdeck(['list', '--filter', 'patch=2026-12', '--json'], {db}),
	);
	expect(tagged.map((r) => r.name).toSorted()).toEqual([
		'batch-restart-windows',
		'sg-test-windows',
		'win-test-1',
		'win-test-2',
	]);
	const log = ok(await tagdeck(['log'], {db}));
	expect(log).toContain('[API Tag:TagResources]');
	// The server printed a line per call: one list, one tag.
	expect(server!.stdout()).toMatch(/200 Tag:ListTagResources root/v);
	expect(server!.stdout()).toMatch(/200 Tag:TagResources root/v);
	ok(await tagdeck(['undo'], {db}));
	expect(
		okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'patch=2026-12', '--json'], {db}),
		),
	).toEqual([]);
});
