/*
Governance through the command line (docs/governance.md): preset tags, tag
policies, compliance in JSON and CSV, the fix, and the refusals. The README's
Governance walk-through runs in readme-tour.test.ts; this covers the rest.
*/
import path from 'node:path';
import {writeFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	printed,
	projectRoot,
	refused,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
});
afterAll(async () => {
	await worlds?.remove();
});

const policyFile = path.join(projectRoot, 'data/tag-policies/costcenter.json');
const run = async (db: string, ...args: string[]) => tagdeck(args, {db});

/** A copy of the demo world with the example policy attached. */
async function withPolicy(): Promise<string> {
	const db = await worlds.copy();
	ok(await run(db, 'policy', 'create', 'costcenter', '--file', policyFile));
	ok(await run(db, 'policy', 'attach', 'costcenter'));
	return db;
}

type Report = {
	keys: Array<{key: string; compliant: number; nonCompliant: number}>;
	resources: Array<{id: string; key: string; reason: string; found?: string}>;
	untagged: number;
};

describe('compliance', () => {
	test('--json has keys, resources with reasons, and untagged; --csv has one row per finding', async () => {
		const db = await withPolicy();
		// A disk is not enforced: a value outside the list is taken, and reported.
		const disk = worlds.id('web-prod-1-data');
		ok(await run(db, 'tag', disk, '--tag', 'CostCenter=R&D'));
		const report = okJson<Report>(await run(db, 'compliance', '--json'));
		expect(report.resources).toContainEqual({
			id: disk,
			key: 'CostCenter',
			status: 'non-compliant',
			reason: 'value',
			found: 'CostCenter=R&D',
		});
		expect(report.keys.map((k) => k.key)).toEqual(['CostCenter', 'env']);
		expect(report.resources).toContainEqual({
			id: 'shop-assets-sea',
			key: 'CostCenter',
			status: 'non-compliant',
			reason: 'similar',
			found: 'CostCenter=" retail"',
		});
		expect(new Set(report.resources.map((f) => f.reason))).toEqual(
			new Set(['missing', 'similar', 'value']),
		);
		const csv = ok(await run(db, 'compliance', '--csv'));
		const rows = csv.trimEnd().split('\r\n');
		expect(rows[0]).toBe('id,key,status,reason,found');
		expect(rows).toHaveLength(report.resources.length + 1);
		expect(rows).toContain(
			'shop-assets-sea,CostCenter,non-compliant,similar,"CostCenter="" retail"""',
		);
		const seoul = okJson<Report>(
			await run(
				db,
				'compliance',
				'--region',
				'ap-northeast-2',
				'--key',
				'env',
				'--json',
			),
		);
		expect(seoul.keys.map((k) => k.key)).toEqual(['env']);
	});

	test('refused without a policy in force, with an unknown key, and with --json --csv together', async () => {
		const db = await worlds.copy();
		expect(
			refused(await run(db, 'compliance'), 'TagPolicy.NotFound'),
		).toContain('tagdeck policy attach NAME');
		const attached = await withPolicy();
		expect(
			refused(
				await run(attached, 'compliance', '--key', 'owner'),
				'TagPolicy.NotFound',
			),
		).toContain('its keys: CostCenter, env');
		usage(await run(attached, 'compliance', '--json', '--csv'));
	});
});

describe('tag policies', () => {
	test('a document from standard input; a malformed one is refused with its path and nothing is written', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(['policy', 'create', 'owners', '--file', '-'], {
				db,
				input: '{"tags": {"owner": {"tag_key": {"@@assign": "owner"}}}}',
			}),
		);
		const broken = path.join(worlds.directory, 'broken-policy.json');
		await writeFile(
			broken,
			'{\n  "tags": {\n    "env": {\n      "tag_key": {"@@assign": "env"},\n      "rg_scope": {"@@assign": ["rg-1"]}\n    }\n  }\n}\n',
		);
		expect(
			refused(
				await run(db, 'policy', 'create', 'broken', '--file', broken),
				'InvalidParameter.PolicyContent',
			),
		).toBe(
			'tagdeck: InvalidParameter.PolicyContent: line 5, $.tags.env.rg_scope: not supported: resource groups are not simulated',
		);
		const list = okJson<Array<{name: string; attached: boolean}>>(
			await run(db, 'policy', 'list', '--json'),
		);
		expect(list).toEqual([
			expect.objectContaining({name: 'owners', attached: false}),
		]);
		refused(
			await run(db, 'policy', 'create', 'owners', '--file', policyFile),
			'TagPolicy.Exists',
		);
		refused(
			await run(db, 'policy', 'detach', 'owners'),
			'TagPolicy.NotAttached',
		);
		ok(await run(db, 'policy', 'attach', 'owners'));
		refused(await run(db, 'policy', 'delete', 'owners'), 'TagPolicy.Attached');
		refused(await run(db, 'policy', 'show', 'nope'), 'TagPolicy.NotFound');
		usage(await run(db, 'policy', 'strong', 'maybe'));
		usage(await run(db, 'policy', 'create', 'x'));
	});

	test('strong verification refuses a new instance without CostCenter; the refusal names the fix', async () => {
		const db = await withPolicy();
		ok(await run(db, 'policy', 'strong', 'on'));
		expect(
			refused(
				await run(db, 'create', 'instance', '--region', 'cn-hangzhou'),
				'TagPolicy.NonCompliant',
			),
		).toContain('--tag CostCenter=retail');
		ok(
			await run(
				db,
				'create',
				'instance',
				'--region',
				'cn-hangzhou',
				'--tag',
				'CostCenter=infra',
			),
		);
		expect(ok(await run(db, 'policy', 'effective'))).toContain(
			'Strong verification: on.',
		);
	});

	test('as a RAM user, creating a policy is tag:CreatePolicy, which alice does not hold', async () => {
		const db = await worlds.copy();
		const result = await run(
			db,
			'policy',
			'create',
			'x',
			'--file',
			policyFile,
			'--as',
			'alice',
		);
		expect(refused(result, 'Forbidden.RAM')).toContain(
			'alice may not tag:CreatePolicy',
		);
	});
});

describe('fix and preset tags', () => {
	test('fix with nothing to fix says so; --policy names an unknown policy', async () => {
		const db = await withPolicy();
		ok(await run(db, 'fix'));
		expect(ok(await run(db, 'fix'))).toBe(
			'Nothing to fix: no key or value differs from the policy only in case or spaces.\n',
		);
		refused(await run(db, 'fix', '--policy', 'nope'), 'TagPolicy.NotFound');
		const after = okJson<Report>(await run(db, 'compliance', '--json'));
		expect(after.resources.filter((f) => f.reason === 'similar')).toEqual([]);
	});

	test('preset add, list, rm; the editor’s and keys’ lists gain them', async () => {
		const db = await worlds.copy();
		ok(
			await run(
				db,
				'preset',
				'add',
				'budget=q1,q2',
				'reviewer',
				'--description',
				'planning',
			),
		);
		expect(okJson(await run(db, 'preset', 'list', '--json'))).toEqual([
			expect.objectContaining({
				key: 'budget',
				values: ['q1', 'q2'],
				description: 'planning',
			}),
			expect.objectContaining({key: 'reviewer', values: []}),
		]);
		const keys = okJson<
			Array<{key: string; preset: boolean; resources: number}>
		>(await run(db, 'keys', '--region', 'us-east-1', '--json'));
		expect(keys.map((k) => [k.key, k.preset, k.resources])).toEqual([
			['budget', true, 0],
			['reviewer', true, 0],
		]);
		refused(await run(db, 'preset', 'rm', 'budget'), 'MetaTagKeyHasValue');
		ok(await run(db, 'preset', 'rm', 'budget=q1', 'budget=q2', 'reviewer'));
		expect(okJson(await run(db, 'preset', 'list', '--json'))).toEqual([
			expect.objectContaining({key: 'budget', values: []}),
		]);
		const tooMany = await run(
			db,
			'preset',
			'add',
			...Array.from({length: 11}, (_, i) => `k${i}`),
		);
		expect(refused(tooMany, 'NumberExceed.Tags'), printed(tooMany)).toContain(
			'At most 10 preset keys',
		);
		usage(await run(db, 'preset', 'frob'));
	});
});
