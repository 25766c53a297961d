/*
A flag given more than once (docs/reliability.md R5): for every flag of every command that
takes one value, and for the flags of the terminal UI, a usage error that names
the flag and how to give it once: exit 2, no stack trace, nothing printed on
stdout, the world file untouched. Flags that may repeat (--tag, --key) still do.
*/
import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {checkFlagsGivenOnce} from '../../source/commands/arguments.js';
import {UsageError} from '../../source/commands/context.js';
import {commands} from '../../source/commands/index.js';
import {
	DemoWorlds,
	ok,
	printed,
	sameBytes,
	tagdeck,
	type CliResult,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
let shared: string;
let before: Buffer;
let webProd1: string;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	shared = await worlds.copy();
	before = await readFile(shared);
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
});

afterAll(async () => {
	await worlds?.remove();
});

/** The message lines of a usage error about a repeated flag; checks everything else. */
async function repeated(args: readonly string[]): Promise<string[]> {
	const result: CliResult = await tagdeck([...args], {db: shared});
	expect(result.code, printed(result)).toBe(2);
	expect(result.stdout, printed(result)).toBe('');
	expect(result.stderr, printed(result)).not.toMatch(/^\s+at /mv);
	expect(result.stderr, printed(result)).not.toContain('Error');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, printed(result)).toEqual([
		expect.stringMatching(/^tagdeck: --[a-z\-]+ was given /v),
		'Run with --help for usage and examples.',
	]);
	expect(await sameBytes(shared, before)).toBe(true);
	return lines;
}

/** Arguments, and the first line of the message they get. */
const named: Array<[string, () => string[], string]> = [
	[
		'list --filter twice: combine the terms in one filter',
		() => ['list', '--filter', 'env=prod', '--filter', 'type:instance'],
		"tagdeck: --filter was given twice; give it once (combine filters in one expression: --filter 'a b').",
	],
	[
		'tag --filter=… twice, with --tag: nothing is tagged',
		() => ['tag', '--filter=env=prod', '--filter=app=shop', '--tag', 'x=y'],
		"tagdeck: --filter was given twice; give it once (combine filters in one expression: --filter 'a b').",
	],
	[
		'three times says so',
		() => ['list', '--filter', 'a', '--filter', 'b', '--filter', 'c'],
		"tagdeck: --filter was given 3 times; give it once (combine filters in one expression: --filter 'a b').",
	],
	[
		'list --region twice: several regions go in the filter',
		() => ['list', '--region', 'cn-hangzhou', '--region', 'cn-shanghai'],
		"tagdeck: --region was given twice; give it once (for several regions, name them in the filter: --filter 'region:cn-hangzhou,cn-shanghai').",
	],
	[
		'create --region twice: one region at a time',
		() => ['create', 'vpc', '--region', 'cn-hangzhou', '--region', 'eu-west-1'],
		'tagdeck: --region was given twice; give it once (one region at a time).',
	],
	[
		'list --db twice',
		() => ['list', '--db', shared, '--db', `${shared}.other`],
		'tagdeck: --db was given twice; give it once (a command works on one world file).',
	],
	[
		'--db before and after the command',
		() => ['--db', shared, 'list', '--db', shared],
		'tagdeck: --db was given twice; give it once (a command works on one world file).',
	],
	[
		'log --limit twice',
		() => ['log', '--limit', '5', '--limit', '10'],
		'tagdeck: --limit was given twice; give it once (the number of steps to show).',
	],
	[
		'a boolean flag and its --no- form: --dry-run --no-dry-run',
		() => ['tag', webProd1, '--tag', 'a=b', '--dry-run', '--no-dry-run'],
		'tagdeck: --dry-run was given twice; give it once.',
	],
];

describe.concurrent('the flags the report names', () => {
	test.each(named)('%s', async (_name, args, expected) => {
		const [line] = await repeated(args());
		expect(line).toBe(expected);
	});
});

describe.concurrent(
	'the terminal UI flags: a usage error before any UI starts',
	() => {
		test.each([
			[['--region', 'cn-hangzhou', '--region', 'cn-shanghai'], 'region'],
			[['--db', 'a.json', '--db', 'b.json'], 'db'],
			[['--color', '--no-color'], 'color'],
			[['--no-color', '--no-color'], 'color'],
		])('%j', async (args, flag) => {
			const [line] = await repeated(args);
			expect(line).toMatch(
				new RegExp(`^tagdeck: --${flag} was given twice; give it once`, 'v'),
			);
		});
	},
);

/** A value a flag of this type takes. */
function valueFor(type: string): string[] {
	if (type === 'boolean') return [];
	if (type === 'number') return ['1'];
	return ['x'];
}

const single = commands.flatMap((command) =>
	Object.entries(command.flags)
		.filter(([, flag]) => !flag.isMultiple)
		.map(([name, flag]) => {
			const dashed = name.replaceAll(/[A-Z]/gv, (c) => `-${c.toLowerCase()}`);
			const given = [`--${dashed}`, ...valueFor(flag.type ?? 'string')];
			return [
				`${command.name} --${dashed}`,
				dashed,
				[command.name, ...given, ...given],
			] as const;
		}),
);

describe('every flag of every command that takes one value', () => {
	test('there are such flags (the list below is not empty)', () => {
		expect(single.length).toBeGreaterThan(60);
	});

	// The check the command line runs before meow, for each of them (the
	// named cases above go through the built command line end to end).
	test.each(single)('%s twice', (_name, dashed, args) => {
		const command = commands.find((c) => c.name === args[0])!;
		let refusal: unknown;
		try {
			checkFlagsGivenOnce(args.slice(1), command.flags);
		} catch (error) {
			refusal = error;
		}

		expect(refusal).toBeInstanceOf(UsageError);
		expect((refusal as Error).message).toMatch(
			new RegExp(`^--${dashed} was given twice; give it once[ .]`, 'v'),
		);
	});
});

describe.concurrent('flags that may repeat still do', () => {
	test('tag --tag a=1 --tag b=2 --dry-run', async () => {
		const out = ok(
			await tagdeck(
				['tag', webProd1, '--tag', 'a=1', '--tag', 'b=2', '--dry-run'],
				{db: shared},
			),
		);
		expect(out).toContain('+ a=1  + b=2');
	});
});
