/*
README, "Where tagdeck decides": keys starting with `acs:` are system tags
(NoPermission.SystemTag), a key starting with `aliyun` is malformed
(InvalidTagKey.Malformed), and both prefixes are checked ignoring case. Every
command that takes a key refuses them, with the real code, and changes nothing.
*/
import {readFile} from 'node:fs/promises';
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

let worlds: DemoWorlds;
let webProd1: string;
let disk: string;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	disk = worlds.id('web-prod-1-data');
});
afterAll(async () => {
	await worlds?.remove();
});

const malformed = 'InvalidTagKey.Malformed';
const system = 'NoPermission.SystemTag';
const reserved: Array<[string, string]> = [
	['ALIYUN-x', malformed],
	['Aliyun', malformed],
	['aLiYuN-owner', malformed],
	['ALIYUNcost', malformed],
	['Acs:x', system],
	['ACS:x', system],
	['aCs:tag:createdby', system],
	['ACS:TAG:CREATEDBY', system],
];
/** One of each kind, for the commands other than tag. */
const some: Array<[string, string]> = [
	['AliYun-owner', malformed],
	['ACS:tag:createdby', system],
];

/** Every spelling of `word` in upper and lower case. */
function spellings(word: string): string[] {
	let all = [''];
	for (const c of word) {
		const variants =
			c.toLowerCase() === c.toUpperCase()
				? [c]
				: [c.toLowerCase(), c.toUpperCase()];
		all = all.flatMap((s) => variants.map((v) => s + v));
	}

	return all;
}

/** Runs a command on a fresh copy and expects it refused with `code`, the file unchanged. */
async function expectRefused(args: string[], code: string): Promise<string> {
	const db = await worlds.copy();
	const before = await readFile(db);
	const line = refused(await tagdeck(args, {db}), code);
	expect(await sameBytes(db, before), 'the world file changed').toBe(true);
	return line;
}

describe.concurrent(
	'reserved key prefixes in any case (README: where tagdeck decides)',
	() => {
		test.each(reserved)(
			'tag --tag %s=v is refused with %s',
			async (key, code) => {
				const line = await expectRefused(
					['tag', webProd1, '--tag', `${key}=v`],
					code,
				);
				expect(line).toContain(`"${key}"`);
			},
		);

		test.each(some)(
			'create snapshot --tag %s=v is refused with %s',
			async (key, code) => {
				await expectRefused(
					['create', 'snapshot', '--in', disk, '--tag', `${key}=v`],
					code,
				);
			},
		);

		test.each(some)('untag --key %s is refused with %s', async (key, code) => {
			await expectRefused(['untag', webProd1, '--key', key], code);
		});

		test.each(some)(
			'tag --tag %s=v --json gives {"error"} with %s',
			async (key, code) => {
				const db = await worlds.copy();
				const before = await readFile(db);
				refusedJson(
					await tagdeck(['tag', webProd1, '--tag', `${key}=v`, '--json'], {db}),
					code,
				);
				expect(await sameBytes(db, before)).toBe(true);
			},
		);

		test('one reserved key among good ones refuses the whole request, even with --partial', async () => {
			await expectRefused(
				[
					'tag',
					webProd1,
					disk,
					'--tag',
					'good=1',
					'--tag',
					'Aliyun-Team=x',
					'--partial',
				],
				malformed,
			);
		});

		test('the prefixes are prefixes: keys that only contain them are accepted', async () => {
			const db = await worlds.copy();
			const tags = {
				'team-ALIYUN': '1',
				'x-Acs:y': '2',
				'acs-team': '3',
				aliyu: '4',
			};
			ok(
				await tagdeck(
					[
						'tag',
						webProd1,
						...Object.entries(tags).flatMap(([k, v]) => ['--tag', `${k}=${v}`]),
					],
					{db},
				),
			);
			const world = await readWorld(db);
			expect(world.resources[webProd1]!.tags).toMatchObject(tags);
		});

		test('every case spelling of aliyun and acs: is refused by tag and untag, with its code', () => {
			const world = demo();
			const target = named(world, 'dev-box-1').id;
			const before = snapshot(world);
			const cases: Array<[string, string]> = [
				...spellings('aliyun').map((p): [string, string] => [
					`${p}-k`,
					malformed,
				]),
				...spellings('acs:').map((p): [string, string] => [`${p}k`, system]),
			];
			expect(cases).toHaveLength(64 + 8);
			for (const [key, code] of cases) {
				const tagged = run(world, {
					op: 'tag',
					ids: [target],
					tags: {[key]: 'v'},
				});
				expect(tagged.error?.code, key).toBe(code);
				const untagged = run(world, {op: 'untag', ids: [target], keys: [key]});
				expect(untagged.error?.code, key).toBe(code);
			}

			expect(snapshot(world)).toEqual(before);
		});
	},
);
