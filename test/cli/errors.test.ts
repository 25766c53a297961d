import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	printed,
	refused,
	refusedJson,
	tagdeck,
	type CliResult,
	sameBytes,
} from '../helpers/cli-run.js';

const esc = '\u001B';
const red = `${esc}[31m`;

let worlds: DemoWorlds;
/** A good world shared by the tests that change nothing. */
let shared: string;
let sharedBefore: Buffer;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	shared = await worlds.copy();
	sharedBefore = await readFile(shared);
});
afterAll(async () => {
	await worlds?.remove();
});

function expectNoEscape(result: CliResult) {
	expect(
		result.raw.includes(0x1b),
		`an ESC byte reached the terminal:\n${JSON.stringify(result.raw.toString('utf8'))}`,
	).toBe(false);
}

describe.concurrent(
	'refusals: one line with the code on stderr, exit 1',
	() => {
		test('an unknown ID', async () => {
			const line = refused(
				await tagdeck(['show', 'i-nosuchinstance00000'], {db: shared}),
				'InvalidResourceId.NotFound',
			);
			expect(line).toContain('i-nosuchinstance00000');
		});

		test('an unknown region', async () => {
			refused(
				await tagdeck(['list', '--region', 'mars-north-1'], {db: shared}),
				'InvalidParameter.Region',
			);
			refused(
				await tagdeck(['keys', '--region', 'mars-north-1'], {db: shared}),
				'InvalidParameter.Region',
			);
		});

		test('a malformed filter points at the offending term, never an empty result', async () => {
			const line = refused(
				await tagdeck(['list', '--filter', 'env=prod app="shop'], {db: shared}),
				'InvalidParameter.Filter',
			);
			expect(line).toMatch(/column \d+/v);
			expect(line).toContain('app="shop');
			refused(
				await tagdeck(['list', '--filter', 'status:Flying'], {db: shared}),
				'InvalidParameter.Filter',
			);
			refused(
				await tagdeck(['list', '--filter', 'type:teapot'], {db: shared}),
				'InvalidParameter.Filter',
			);
			refused(
				await tagdeck(['tag', '--filter', '!', '--tag', 'a=b'], {db: shared}),
				'InvalidParameter.Filter',
			);
		});

		test('with --json the error is {"error":{"code","message"}} on stderr', async () => {
			const error = refusedJson(
				await tagdeck(['show', 'i-nosuchinstance00000', '--json'], {
					db: shared,
				}),
				'InvalidResourceId.NotFound',
			);
			expect(error.message).toContain('i-nosuchinstance00000');
			refusedJson(
				await tagdeck(['list', '--region', 'mars-north-1', '--json'], {
					db: shared,
				}),
				'InvalidParameter.Region',
			);
			refusedJson(
				await tagdeck(['list', '--filter', 'env="x', '--json'], {db: shared}),
				'InvalidParameter.Filter',
			);
			refusedJson(
				await tagdeck(
					[
						'attach',
						worlds.id('scratch-data-01'),
						worlds.id('win-test-1', 'Ecs-Instance'),
						'--json',
					],
					{db: shared},
				),
				'InvalidOperation.CrossZone',
			);
			refusedJson(
				await tagdeck(
					['tag', '--filter', 'env=nowhere', '--tag', 'a=b', '--json'],
					{db: shared},
				),
				'InvalidResourceId.NotFound',
			);
		});
	},
);

describe.concurrent('hostile input', () => {
	test('a tag value with an escape sequence is refused with InvalidTagValue.Malformed, nothing raw printed', async () => {
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		const text = await tagdeck(['tag', id, '--tag', `colour=${red}red`], {
			db: shared,
		});
		refused(text, 'InvalidTagValue.Malformed');
		expectNoEscape(text);
		expect(text.stderr).toContain(String.raw`\x1b[31m`);
		const json = await tagdeck(
			['tag', id, '--tag', `colour=${red}red`, '--json'],
			{db: shared},
		);
		refusedJson(json, 'InvalidTagValue.Malformed');
		expectNoEscape(json);
	});

	test('a tag key with an escape sequence is refused with InvalidTagKey.Malformed', async () => {
		const result = await tagdeck(
			[
				'tag',
				worlds.id('web-prod-1', 'Ecs-Instance'),
				'--tag',
				`${esc}]0;pwned${'\u0007'}=x`,
			],
			{db: shared},
		);
		refused(result, 'InvalidTagKey.Malformed');
		expectNoEscape(result);
		expect(result.raw.includes(0x07)).toBe(false);
	});

	test.each([
		['show an ID', ['show', `i-${red}x`]],
		['tag an ID', ['tag', `i-${red}x`, '--tag', 'a=b']],
		['tag an ID, --json', ['tag', `i-${red}x`, '--tag', 'a=b', '--json']],
		['untag a key', ['untag', '--filter', 'env=prod', '--key', `k${red}`]],
		['a filter word', ['list', '--filter', `x${red}`]],
		['a filter value', ['list', '--filter', `env=${red}`]],
		['a filter type', ['list', '--filter', `type:${red}`]],
		['a region', ['list', '--region', `r${red}`]],
		[
			'a name',
			['create', 'vpc', '--region', 'cn-hangzhou', '--name', `n${red}`],
		],
		['a type', ['create', `t${red}`, '--region', 'cn-hangzhou']],
		[
			'a zone',
			['create', 'disk', '--region', 'cn-hangzhou', '--zone', `z${red}`],
		],
		['a copy target', ['copy', 'shop-deploy', '--to', `x${red}`]],
		[
			'a command to run',
			[
				'run',
				'--filter',
				'type:instance status:Running',
				'--command',
				`ls ${red}`,
			],
		],
		[
			'an image',
			[
				'replace-image',
				'--filter',
				'type:instance status:Stopped',
				'--image',
				`m${red}`,
			],
		],
		['attach IDs', ['attach', `d${red}`, `i${red}`]],
		['a key to list values of', ['values', `k${red}`]],
		[
			'a key to list values of, in a region',
			['values', `k${red}`, '--region', 'cn-hangzhou'],
		],
		['an unknown command', [`x${red}`]],
		['an unknown flag', ['list', `--x${red}`]],
	])(
		'%s: no ESC reaches stdout or stderr, nothing changes',
		async (_name, args) => {
			const result = await tagdeck(args, {db: shared});
			expectNoEscape(result);
			expect(result.code).not.toBe(null);
		},
	);

	test('IDs with escape sequences from stdin', async () => {
		const result = await tagdeck(['tag', '-', '--tag', 'a=b'], {
			db: shared,
			input: `i-${red}x\n`,
		});
		expect(result.code, printed(result)).toBe(1);
		expectNoEscape(result);
	});

	test('a world file path with an escape sequence is not printed raw', async () => {
		const db = path.join(worlds.directory, `odd${red}name.json`);
		const result = await tagdeck(['init', '--db', db]);
		expect(result.code, printed(result)).toBe(0);
		expectNoEscape(result);
	});
});

describe('after the refusals and hostile input', () => {
	test('the shared world was not changed by any of it', async () => {
		expect(await sameBytes(shared, sharedBefore)).toBe(true);
	});
});

describe('a corrupt world file', () => {
	let directory: string;
	let corrupt: string;
	let bytes: Buffer;

	beforeAll(async () => {
		directory = path.join(worlds.directory, 'corrupt');
		corrupt = path.join(directory, 'world.json');
		const text = await readFile(worlds.template, 'utf8');
		bytes = Buffer.from(text.slice(0, Math.floor(text.length / 2)));
		await tagdeck(['init', '--db', corrupt]);
		await writeFile(corrupt, bytes);
	});

	const id = () => worlds.id('web-prod-1', 'Ecs-Instance');
	const commands: Array<[string, () => string[]]> = [
		['regions', () => ['regions']],
		['list', () => ['list']],
		['list --filter', () => ['list', '--filter', 'env=prod']],
		['show', () => ['show', id()]],
		['tag', () => ['tag', id(), '--tag', 'a=b']],
		['tag --filter', () => ['tag', '--filter', 'env=prod', '--tag', 'a=b']],
		['tag --dry-run', () => ['tag', id(), '--tag', 'a=b', '--dry-run']],
		['untag', () => ['untag', id(), '--key', 'env']],
		[
			'attach',
			() => [
				'attach',
				worlds.id('scratch-data-01'),
				worlds.id('dev-box-1', 'Ecs-Instance'),
			],
		],
		['detach', () => ['detach', worlds.id('web-prod-1-data')]],
		['associate', () => ['associate', worlds.id('eip-spare-01'), id()]],
		['unassociate', () => ['unassociate', worlds.id('eip-web-prod-1')]],
		['create', () => ['create', 'vpc', '--region', 'cn-hangzhou']],
		['copy', () => ['copy', 'shop-deploy', '--to', 'ap-southeast-1']],
		['release', () => ['release', id()]],
		['start', () => ['start', worlds.id('win-test-2', 'Ecs-Instance')]],
		['stop', () => ['stop', id()]],
		['reboot', () => ['reboot', id()]],
		['run', () => ['run', id(), '--command', 'ls']],
		[
			'replace-image',
			() => [
				'replace-image',
				worlds.id('win-test-2', 'Ecs-Instance'),
				'--image',
				worlds.id('shop-web-v3'),
			],
		],
		['keys', () => ['keys']],
		['values', () => ['values', 'env']],
		['rules', () => ['rules']],
		['inheritance on', () => ['inheritance', 'on']],
		['log', () => ['log']],
		['undo', () => ['undo']],
		['redo', () => ['redo']],
		['init', () => ['init']],
	];

	test.concurrent.each(commands)(
		'%s exits 1 naming the file, and leaves it unchanged',
		async (_name, args) => {
			const result = await tagdeck(args(), {db: corrupt});
			const line = refused(
				result,
				result.stderr.includes('WorldFile.Exists')
					? 'WorldFile.Exists'
					: 'WorldFile.NotJson',
			);
			expect(line).toContain(corrupt);
		},
	);

	test('with --json the error is JSON', async () => {
		const error = refusedJson(
			await tagdeck(['list', '--json'], {db: corrupt}),
			'WorldFile.NotJson',
		);
		expect(error.message).toContain(corrupt);
		expect(error.message).toContain('tagdeck reset');
	});

	test('the file is byte for byte what it was, and nothing was left beside it', async () => {
		expect(await sameBytes(corrupt, bytes)).toBe(true);
		expect(await readdir(directory)).toEqual(['world.json']);
	});

	test.each([
		['an empty file', '', 'WorldFile.Empty'],
		['not JSON', 'hello', 'WorldFile.NotJson'],
		['a JSON array', '[1,2]', 'WorldFile.Invalid'],
		['the wrong shape', '{"schema":1,"revision":0}', 'WorldFile.Invalid'],
		['a newer schema', 'newer', 'WorldFile.NewerVersion'],
	])(
		'%s: list and tag exit 1 naming the file, unchanged',
		async (name, content, code) => {
			const file = path.join(
				worlds.directory,
				`kind-${code}-${name.replaceAll(' ', '-')}.json`,
			);
			const text =
				content === 'newer'
					? JSON.stringify({
							...(JSON.parse(
								await readFile(worlds.template, 'utf8'),
							) as object),
							schema: 99,
						})
					: content;
			await writeFile(file, text);
			for (const args of [
				['list'],
				['tag', id(), '--tag', 'a=b'],
				['show', id(), '--json'],
			]) {
				const result = await tagdeck(args, {db: file});
				const message = args.includes('--json')
					? refusedJson(result, code).message
					: refused(result, code);
				expect(message).toContain(file);
			}

			expect(await readFile(file, 'utf8')).toBe(text);
		},
	);

	test('tagdeck reset recovers', async () => {
		const file = path.join(worlds.directory, 'recover.json');
		await writeFile(file, bytes);
		ok(await tagdeck(['reset'], {db: file}));
		ok(await tagdeck(['list'], {db: file}));
	});
});
