/*
Hostile input on the command line (docs/reliability.md R5): control characters and escape
sequences in tag keys, values, names, filters and IDs are refused with a clear
error that shows them as escapes, nothing is applied, and no raw control
character reaches the terminal (stdout or stderr), with or without --json.
ESC [ sequences in most places are covered by test/cli/errors.test.ts.
*/
import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	printed,
	refused,
	refusedJson,
	sameBytes,
	tagdeck,
	type CliResult,
} from '../helpers/cli-run.js';
import {hostile, notEscapedByJson, nul, rawControls} from './controls.js';

let worlds: DemoWorlds;
/** One world for every refusal: none of them may change it. */
let shared: string;
let before: Buffer;
let webProd1: string;
/** A home whose cache keeps the world's checked stamp: one schema check, not one per run. */
let env: Record<string, string>;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	shared = await worlds.copy();
	before = await readFile(shared);
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	const home = path.join(worlds.directory, 'home');
	await mkdir(home);
	env = {HOME: home};
});

afterAll(async () => {
	await worlds?.remove();
});

function expectNothingRaw(result: CliResult) {
	expect(rawControls(result.raw), printed(result)).toEqual([]);
}

type Place = {
	name: string;
	args: (text: string) => string[];
	code: string;
	/** What the message must say besides the escaped text: the problem and the fix. */
	says: RegExp;
};

const places: Place[] = [
	{
		name: 'a tag key',
		args: (text) => ['tag', webProd1, '--tag', `k${text}=x`],
		code: 'InvalidTagKey.Malformed',
		says: /contains control characters\. Keys have 1-128 characters.*contain no .*control characters/v,
	},
	{
		name: 'a tag value',
		args: (text) => ['tag', webProd1, '--tag', `k=${text}`],
		code: 'InvalidTagValue.Malformed',
		says: /^(?:tagdeck: [\w.]+: )?The value of tag "k" is not valid: it contains control characters \(".+"\)\. Values have 0-128 characters, do not start with "aliyun" or "acs:", and contain no .*control characters/v,
	},
	{
		name: 'a resource name',
		args: (text) => [
			'create',
			'vpc',
			'--region',
			'cn-hangzhou',
			'--name',
			`vpc-${text}`,
		],
		code: 'InvalidParameter.Name',
		says: /names have at most 128 characters and no control characters/v,
	},
	{
		name: 'filter text',
		args: (text) => ['tag', '--filter', `env=${text}`, '--tag', 'a=b'],
		code: 'InvalidParameter.Filter',
		says: /column 1,.*control characters are not allowed in a filter/v,
	},
	{
		name: 'an ID',
		args: (text) => ['tag', `i-${text}`, webProd1, '--tag', 'a=b'],
		code: 'InvalidResourceId.NotFound',
		says: /is not found\. List IDs with: tagdeck list/v,
	},
];

describe.concurrent(
	'hostile text on the command line is refused and shown escaped',
	() => {
		const cases = places.flatMap((place) =>
			hostile.map((h) => [place.name, h.name, place, h] as const),
		);
		test.each(cases)('%s with %s', async (_place, _hostile, place, h) => {
			const result = await tagdeck(place.args(h.text), {db: shared, env});
			expectNothingRaw(result);
			if (place.code === 'InvalidResourceId.NotFound') {
				// A batch lists each failing resource: exit 1, on stderr, nothing applied.
				expect(result.code, printed(result)).toBe(1);
				expect(result.stdout).toBe('');
				expect(result.stderr).toMatch(/^Refused: 1 resource would fail/v);
				expect(result.stderr).toContain(`✗ i-${h.shown}  ${place.code}`);
			} else {
				const line = refused(result, place.code);
				// Keys and values are quoted cut to 40 characters; the start is enough.
				expect(line).toContain(h.shown.slice(0, 30));
				expect(line).toMatch(place.says);
			}

			expect(await sameBytes(shared, before)).toBe(true);
		});

		const jsonCases = places.flatMap((place) =>
			notEscapedByJson.map((h) => [place.name, h.name, place, h] as const),
		);
		test.each(jsonCases)(
			'%s with %s, --json: the same error as JSON, the character escaped in it',
			async (_place, _hostile, place, h) => {
				const result = await tagdeck([...place.args(h.text), '--json'], {
					db: shared,
					env,
				});
				expectNothingRaw(result);
				if (place.code === 'InvalidResourceId.NotFound') {
					expect(result.code, printed(result)).toBe(1);
					const batch = JSON.parse(result.stdout) as {
						changed: unknown[];
						failed: Array<{id: string; code: string}>;
					};
					expect(batch.changed).toEqual([]);
					// Escaped in the bytes, the same text once parsed.
					expect(batch.failed).toEqual([
						expect.objectContaining({id: `i-${h.text}`, code: place.code}),
					]);
				} else {
					const error = refusedJson(result, place.code);
					expect(error.message).toContain(h.shown.slice(0, 30));
					expect(error.message).toMatch(place.says);
				}

				expect(await sameBytes(shared, before)).toBe(true);
			},
		);

		test('show with an ID carrying a C1 control: the JSON error is escaped, and parses back to the ID', async () => {
			const id = `i-${notEscapedByJson[0]!.text}`;
			const plain = await tagdeck(['show', id], {db: shared, env});
			expectNothingRaw(plain);
			expect(refused(plain, 'InvalidResourceId.NotFound')).toContain(
				`i-${notEscapedByJson[0]!.shown}`,
			);
			const json = await tagdeck(['show', id, '--json'], {db: shared, env});
			expectNothingRaw(json);
			expect(refusedJson(json, 'InvalidResourceId.NotFound').message).toContain(
				id,
			);
		});

		test('IDs from standard input with every kind of control character, NUL too: each listed escaped, nothing applied', async () => {
			const all = [...hostile, nul];
			const input = `${webProd1}\n${all.map((h) => `i-${h.text}`).join('\n')}\n`;
			const result = await tagdeck(['tag', '-', '--tag', 'a=b'], {
				db: shared,
				env,
				input,
			});
			expectNothingRaw(result);
			expect(result.code, printed(result)).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(
				new RegExp(`^Refused: ${all.length} resources would fail`, 'v'),
			);
			for (const h of all)
				expect(result.stderr).toContain(
					`✗ i-${h.shown}  InvalidResourceId.NotFound`,
				);
			expect(result.stderr).not.toContain(webProd1);

			const json = await tagdeck(['tag', '-', '--tag', 'a=b', '--json'], {
				db: shared,
				env,
				input,
			});
			expectNothingRaw(json);
			expect(json.code, printed(json)).toBe(1);
			const batch = JSON.parse(json.stdout) as {
				changed: unknown[];
				failed: Array<{id: string}>;
			};
			expect(batch.changed).toEqual([]);
			expect(batch.failed.map((f) => f.id).toSorted()).toEqual(
				all.map((h) => `i-${h.text}`).toSorted(),
			);
			expect(await sameBytes(shared, before)).toBe(true);
		});
	},
);

describe('after all of it', () => {
	test('the world file is byte for byte what it was', async () => {
		expect(await sameBytes(shared, before)).toBe(true);
	});
});
