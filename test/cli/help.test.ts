import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	makeTempDir,
	removeTempDir,
	requireBuild,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';

// The commands of docs/behaviour.md §8.
const specCommands = [
	'init',
	'reset',
	'regions',
	'list',
	'show',
	'tag',
	'untag',
	'attach',
	'detach',
	'associate',
	'unassociate',
	'create',
	'copy',
	'release',
	'start',
	'stop',
	'reboot',
	'run',
	'replace-image',
	'keys',
	'values',
	'rules',
	'inheritance',
	'log',
	'undo',
	'redo',
];
const listingCommands = new Set([
	'regions',
	'list',
	'show',
	'keys',
	'values',
	'rules',
	'log',
]);

let directory: string | undefined;
let topHelp: string;
/** Commands named in the top-level help. */
let helpCommands: string[];

beforeAll(async () => {
	requireBuild();
	directory = await makeTempDir();
	const result = await tagdeck(['--help'], {
		env: {HOME: directory},
	});
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	topHelp = result.stdout;
	const section = /Commands\n([\s\S]*?)\n\n/v.exec(topHelp)?.[1] ?? '';
	helpCommands = section
		.split('\n')
		.map((line) => /^\s+([a-z][a-z\-]*)\s/v.exec(line)?.[1])
		.filter((name): name is string => name !== undefined);
});

afterAll(async () => {
	await removeTempDir(directory);
});

describe('top-level help', () => {
	test('shows Usage, Examples and every command', () => {
		expect(topHelp).toContain('Usage');
		expect(topHelp).toContain('Examples');
		expect(topHelp).toContain('$ tagdeck');
		expect(helpCommands.length).toBeGreaterThan(0);
		for (const name of specCommands) expect(helpCommands, name).toContain(name);
	});

	test('says how to choose the world file and what the exit codes are', () => {
		expect(topHelp).toContain('--db');
		expect(topHelp).toContain('TAGDECK_DB');
		expect(topHelp).toMatch(/0 done/v);
		expect(topHelp).toMatch(/2 usage error/v);
	});
});

describe.concurrent.each(specCommands)('tagdeck %s --help', (name) => {
	test('exits 0 with Usage, Examples and --db', async () => {
		const result = await tagdeck([name, '--help'], {env: {HOME: directory}});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Usage');
		expect(result.stdout).toContain('Examples');
		expect(result.stdout).toContain(`$ tagdeck ${name}`);
		expect(result.stdout).toContain('--db');
		if (listingCommands.has(name)) expect(result.stdout).toContain('--json');
	});

	test('an unknown flag is a usage error (exit 2) naming the flag', async () => {
		const db = path.join(directory!, `unknown-flag-${name}.json`);
		const result = await tagdeck([name, '--no-such-flag'], {db});
		expect(usage(result)).toContain('--no-such-flag');
		expect(result.stdout).toBe('');
		expect(existsSync(db), 'a usage error created the world file').toBe(false);
	});
});

// The arguments are read the same way for every command: three stand for all.
describe('--help among other arguments', () => {
	test.each(['tag', 'ram', 'serve'])(
		'%s: shows the help and does nothing',
		async (name) => {
			const db = path.join(directory!, `help-among-${name}.json`);
			const result = await tagdeck(['--db', db, name, 'some-word', '--help']);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
			expect(result.stdout).toContain(`$ tagdeck ${name}`);
			expect(existsSync(db), 'asking for help created the world file').toBe(
				false,
			);
		},
	);
});

describe('usage errors', () => {
	test('an unknown command exits 2 and lists the commands on stderr', async () => {
		const db = path.join(directory!, 'unknown-command.json');
		const result = await tagdeck(['frobnicate'], {db});
		const stderr = usage(result);
		expect(stderr).toContain('frobnicate');
		expect(stderr).toContain('list');
		expect(existsSync(db)).toBe(false);
	});

	test('an unknown flag without a command exits 2', async () => {
		const db = path.join(directory!, 'unknown-top-flag.json');
		const result = await tagdeck(['--no-such-flag'], {db});
		expect(usage(result)).toContain('--no-such-flag');
		expect(existsSync(db), 'a usage error created the world file').toBe(false);
	});

	test('--db without a file name exits 2 instead of using the default world', async () => {
		const home = path.join(directory!, 'home-db-without-value');
		const result = await tagdeck(['list', '--db'], {
			env: {HOME: home, TAGDECK_DB: undefined, XDG_DATA_HOME: undefined},
		});
		usage(result);
		expect(
			existsSync(path.join(home, '.local', 'share', 'tagdeck', 'world.json')),
		).toBe(false);
	});

	const missing: Array<[string, string[], RegExp]> = [
		['show without an ID', ['show'], /one resource ID/v],
		['values without a key', ['values'], /tag key/v],
		['tag without --tag', ['tag', 'i-x'], /--tag/v],
		['tag without IDs', ['tag', '--tag', 'a=b'], /IDs|--filter/v],
		['untag without --key or --all', ['untag', 'i-x'], /--key|--all/v],
		['attach with one ID', ['attach', 'd-x'], /two IDs/v],
		['detach without an ID', ['detach'], /one ID/v],
		['associate with one ID', ['associate', 'eip-x'], /two IDs/v],
		['unassociate without an ID', ['unassociate'], /one ID/v],
		['create without a type', ['create'], /type/v],
		['copy without --to', ['copy', 'm-x'], /--to/v],
		['copy without an ID', ['copy', '--to', 'ap-southeast-1'], /ID/v],
		['release without IDs', ['release'], /IDs|--filter/v],
		['start without IDs', ['start'], /IDs|--filter/v],
		['stop without IDs', ['stop'], /IDs|--filter/v],
		['reboot without IDs', ['reboot'], /IDs|--filter/v],
		['run without --command', ['run', 'i-x'], /--command/v],
		['replace-image without --image', ['replace-image', 'i-x'], /--image/v],
		['log with --limit 0', ['log', '--limit', '0'], /--limit/v],
		['init with an argument', ['init', 'extra'], /no arguments/v],
		[
			'init --seed without --resources',
			['init', '--seed', '3'],
			/--resources/v,
		],
		['undo with an argument', ['undo', 'extra'], /no arguments/v],
	];
	test.concurrent.each(missing)(
		'%s: exit 2, the problem on stderr, no world touched',
		async (_name, args, message) => {
			const db = path.join(directory!, `missing-${args.join('-')}.json`);
			const result = await tagdeck(args, {db});
			const stderr = usage(result);
			expect(stderr).toMatch(/^tagdeck: /v);
			expect(stderr).toMatch(message);
			expect(stderr).toContain('--help');
			expect(result.stdout).toBe('');
			expect(existsSync(db), 'a usage error created the world file').toBe(
				false,
			);
		},
	);
});
