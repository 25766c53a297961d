import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {pastSteps} from '../helpers/world.js';
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
} from '../helpers/cli-run.js';

type Change = {
	id: string;
	added: Record<string, string>;
	removed: Record<string, string>;
};
type BatchJson = {
	changed: Change[];
	failed: Array<{id: string; code: string; message: string}>;
};

let worlds: DemoWorlds;
let webProd1: string;
let webProd2: string;
let crmProd1: string;
let devBox1: string;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	webProd2 = worlds.id('web-prod-2', 'Ecs-Instance');
	crmProd1 = worlds.id('crm-prod-1', 'Ecs-Instance');
	devBox1 = worlds.id('dev-box-1', 'Ecs-Instance');
});

afterAll(async () => {
	await worlds?.remove();
});

function expectBatchShape(result: BatchJson) {
	expect(Object.keys(result)).toEqual(
		expect.arrayContaining(['changed', 'failed']),
	);
	expect(Array.isArray(result.changed)).toBe(true);
	expect(Array.isArray(result.failed)).toBe(true);
	for (const f of result.failed)
		expect(Object.keys(f).toSorted()).toEqual(['code', 'id', 'message']);
}

describe.concurrent('tag', () => {
	test('adds tags, an empty value too, and reports the step', async () => {
		const db = await worlds.copy();
		const out = ok(
			await tagdeck(
				['tag', webProd1, '--tag', 'patch=2026-11', '--tag', 'note='],
				{db},
			),
		);
		expect(out).toContain(webProd1);
		expect(out).toContain('+ patch=2026-11');
		expect(out).toContain('+ note=');
		expect(out).toContain(`step #${pastSteps + 1}`);
		const world = await readWorld(db);
		expect(world.revision).toBe(1);
		expect(world.resources[webProd1]!.tags).toMatchObject({
			patch: '2026-11',
			note: '',
			env: 'prod',
		});
	});

	test('a key the resource has gets the new value: one value per key', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['tag', webProd1, '--tag', 'city=shanghai'], {db}));
		const out = ok(
			await tagdeck(['tag', webProd1, '--tag', 'city=newyork'], {db}),
		);
		expect(out).toMatch(/city: shanghai → newyork/v);
		const shown = okJson<ResourceView>(
			await tagdeck(['show', webProd1, '--json'], {db}),
		);
		expect(shown.tags.city).toBe('newyork');
	});

	test('tagging with the values it already has changes nothing', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const out = ok(await tagdeck(['tag', webProd1, '--tag', 'env=prod'], {db}));
		expect(out).toMatch(/nothing to change/iv);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('--json prints {changed, failed}', async () => {
		const db = await worlds.copy();
		const result = okJson<BatchJson>(
			await tagdeck(
				['tag', webProd1, webProd2, '--tag', 'tier=web', '--json'],
				{db},
			),
		);
		expectBatchShape(result);
		expect(result.failed).toEqual([]);
		expect(result.changed.map((c) => c.id).toSorted()).toEqual(
			[webProd1, webProd2].toSorted(),
		);
		for (const change of result.changed)
			expect(change.added).toEqual({tier: 'web'});
	});

	test('--dry-run shows the change and leaves the file as it is', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const out = ok(
			await tagdeck(['tag', webProd1, '--tag', 'patch=1', '--dry-run'], {db}),
		);
		expect(out).toMatch(/dry run/iv);
		expect(out).toContain('+ patch=1');
		const json = okJson<BatchJson & {dryRun?: boolean}>(
			await tagdeck(
				['tag', webProd1, '--tag', 'patch=1', '--dry-run', '--json'],
				{db},
			),
		);
		expectBatchShape(json);
		expect(json.changed[0]).toMatchObject({id: webProd1, added: {patch: '1'}});
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('--tag takes the README example: key cost center, value R&D, EU; the README filter finds it', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(['tag', devBox1, '--tag', '"cost center"="R&D, EU"'], {db}),
		);
		const world = await readWorld(db);
		expect(world.resources[devBox1]!.tags['cost center']).toBe('R&D, EU');
		expect(world.resources[devBox1]!.tags).not.toHaveProperty('"cost center"');
		const found = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', '"cost center"="R&D, EU"', '--json'], {
				db,
			}),
		);
		expect(found.map((r) => r.id)).toEqual([devBox1]);
		ok(await tagdeck(['untag', devBox1, '--key', '"cost center"'], {db}));
		const after = await readWorld(db);
		expect(after.resources[devBox1]!.tags).not.toHaveProperty('cost center');
	});

	test('--tag with a quote never closed is refused naming the fix, and changes nothing', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const line = refused(
			await tagdeck(['tag', devBox1, '--tag', '"foo=bar'], {db}),
			'InvalidParameter.Tags',
		);
		expect(line).toContain(
			`'"foo=bar': at column 1, this quote is never closed; add the closing "`,
		);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test("--filter in the seeds' notation matches nothing: the refusal says how to write the tag", async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const line = refused(
			await tagdeck(
				['tag', '--filter', 'Test:Server-Windows', '--tag', 'patch=1'],
				{db},
			),
			'InvalidResourceId.NotFound',
		);
		expect(line).toContain(
			'Note: no attribute "Test" — for the tag, write Test=Server-Windows (5 resources match it).',
		);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('a batch with a quota failure exits 1 and changes nothing', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const result = await tagdeck(
			['tag', webProd1, crmProd1, '--tag', 'q1=x', '--tag', 'q2=y'],
			{db},
		);
		expect(result.code, printed(result)).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(crmProd1);
		expect(result.stderr).toContain('QuotaExceed.TagsPerResource');
		expect(result.stderr).not.toContain(`${webProd1}  QuotaExceed`);
		expect(await sameBytes(db, before)).toBe(true);

		const json = await tagdeck(
			['tag', webProd1, crmProd1, '--tag', 'q1=x', '--tag', 'q2=y', '--json'],
			{db},
		);
		expect(json.code, printed(json)).toBe(1);
		const parsed = JSON.parse(json.stdout) as BatchJson;
		expectBatchShape(parsed);
		expect(parsed.changed).toEqual([]);
		expect(parsed.failed).toEqual([
			{
				id: crmProd1,
				code: 'QuotaExceed.TagsPerResource',
				message: expect.any(String) as string,
			},
		]);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('--partial applies to the others, exits 1 and lists the failure', async () => {
		const db = await worlds.copy();
		const result = await tagdeck(
			[
				'tag',
				webProd1,
				crmProd1,
				webProd2,
				'--tag',
				'q1=x',
				'--tag',
				'q2=y',
				'--partial',
			],
			{db},
		);
		expect(result.code, printed(result)).toBe(1);
		const output = result.stdout + result.stderr;
		expect(output).toContain(crmProd1);
		expect(output).toContain('QuotaExceed.TagsPerResource');
		expect(result.stdout).toContain('+ q1=x');
		const world = await readWorld(db);
		expect(world.revision).toBe(1);
		expect(world.resources[webProd1]!.tags).toMatchObject({q1: 'x', q2: 'y'});
		expect(world.resources[webProd2]!.tags).toMatchObject({q1: 'x', q2: 'y'});
		expect(world.resources[crmProd1]!.tags).not.toHaveProperty('q1');
	});

	test('--partial --json lists both what changed and what failed', async () => {
		const db = await worlds.copy();
		const result = await tagdeck(
			[
				'tag',
				webProd1,
				crmProd1,
				'--tag',
				'q1=x',
				'--tag',
				'q2=y',
				'--partial',
				'--json',
			],
			{db},
		);
		expect(result.code, printed(result)).toBe(1);
		const parsed = JSON.parse(result.stdout) as BatchJson;
		expectBatchShape(parsed);
		expect(parsed.changed.map((c) => c.id)).toEqual([webProd1]);
		expect(parsed.failed.map((f) => [f.id, f.code])).toEqual([
			[crmProd1, 'QuotaExceed.TagsPerResource'],
		]);
	});

	test('an unknown ID refuses the whole batch', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const result = await tagdeck(
			['tag', webProd1, 'i-doesnotexist0000000', '--tag', 'a=b'],
			{db},
		);
		expect(result.code, printed(result)).toBe(1);
		expect(result.stderr).toContain('i-doesnotexist0000000');
		expect(result.stderr).toContain('InvalidResourceId.NotFound');
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('IDs from standard input with -', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(['tag', '-', '--tag', 'from=stdin'], {
				db,
				input: `${webProd1}\n${webProd2} ${devBox1}\n\n`,
			}),
		);
		const world = await readWorld(db);
		for (const id of [webProd1, webProd2, devBox1])
			expect(world.resources[id]!.tags.from, id).toBe('stdin');
		expect(world.revision).toBe(1);
	});

	test('IDs from list --json piped in', async () => {
		const db = await worlds.copy();
		const untagged = okJson<ResourceView[]>(
			await tagdeck(
				['list', '--region', 'ap-northeast-2', '--filter', '!owner', '--json'],
				{db},
			),
		);
		expect(untagged.length).toBeGreaterThan(0);
		ok(
			await tagdeck(['tag', '-', '--tag', 'owner=unknown'], {
				db,
				input: untagged.map((r) => r.id).join('\n'),
			}),
		);
		const after = okJson<ResourceView[]>(
			await tagdeck(
				['list', '--region', 'ap-northeast-2', '--filter', '!owner', '--json'],
				{db},
			),
		);
		expect(after).toEqual([]);
	});

	test('--filter acts on every match', async () => {
		const db = await worlds.copy();
		const matches = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'Test=Server-Windows', '--json'], {
				db,
			}),
		);
		const json = okJson<BatchJson>(
			await tagdeck(
				[
					'tag',
					'--filter',
					'Test=Server-Windows',
					'--tag',
					'patch=2026-11',
					'--json',
				],
				{db},
			),
		);
		expect(json.changed.map((c) => c.id).toSorted()).toEqual(
			matches.map((r) => r.id).toSorted(),
		);
		const tagged = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'patch=2026-11', '--json'], {db}),
		);
		expect(tagged.map((r) => r.id).toSorted()).toEqual(
			matches.map((r) => r.id).toSorted(),
		);
	});

	test('--filter with --region acts only in that region', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(
				[
					'tag',
					'--filter',
					'Test=Server-Windows',
					'--region',
					'cn-shanghai',
					'--tag',
					'sh=1',
				],
				{db},
			),
		);
		const tagged = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'sh=1', '--json'], {db}),
		);
		expect(tagged.length).toBeGreaterThan(0);
		for (const r of tagged) expect(r.region).toBe('cn-shanghai');
	});

	test('a --filter that matches nothing is refused, nothing changes', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		refused(
			await tagdeck(['tag', '--filter', 'env=nowhere', '--tag', 'a=b'], {db}),
			'InvalidResourceId.NotFound',
		);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test.each([
		['aliyun-x=1', 'InvalidTagKey.Malformed'],
		['acs:x=1', 'NoPermission.SystemTag'],
		['site=http://example.com', 'InvalidTagValue.Malformed'],
		[`${'k'.repeat(129)}=v`, 'InvalidTagKey.Malformed'],
		[`k=${'v'.repeat(129)}`, 'InvalidTagValue.Malformed'],
	])('--tag %s is refused with %s', async (tag, code) => {
		const db = await worlds.copy();
		const before = await readFile(db);
		refused(await tagdeck(['tag', webProd1, '--tag', tag], {db}), code);
		expect(await sameBytes(db, before)).toBe(true);
	});
});

describe.concurrent('untag', () => {
	test('--key removes the key; a resource without it is left as it is', async () => {
		const db = await worlds.copy();
		const out = ok(
			await tagdeck(['untag', webProd1, devBox1, '--key', 'project'], {db}),
		);
		expect(out).toContain('- project=storefront');
		const world = await readWorld(db);
		expect(world.resources[webProd1]!.tags).not.toHaveProperty('project');
		expect(world.revision).toBe(1);
	});

	test('--all removes every custom tag and keeps the system tag', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['untag', webProd1, '--all'], {db}));
		const shown = okJson<ResourceView>(
			await tagdeck(['show', webProd1, '--json'], {db}),
		);
		expect(Object.keys(shown.tags)).toEqual(['acs:tag:createdby']);
	});

	test('a system tag cannot be removed', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		refused(
			await tagdeck(['untag', webProd1, '--key', 'acs:tag:createdby'], {db}),
			'NoPermission.SystemTag',
		);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('--json and --dry-run', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const dry = okJson<BatchJson>(
			await tagdeck(
				['untag', webProd1, '--key', 'env', '--dry-run', '--json'],
				{db},
			),
		);
		expectBatchShape(dry);
		expect(dry.changed[0]).toMatchObject({
			id: webProd1,
			removed: {env: 'prod'},
		});
		expect(await sameBytes(db, before)).toBe(true);
		const real = okJson<BatchJson>(
			await tagdeck(['untag', webProd1, '--key', 'env', '--json'], {db}),
		);
		expect(real.changed[0]).toMatchObject({
			id: webProd1,
			removed: {env: 'prod'},
		});
		expect(real.failed).toEqual([]);
	});

	test('a tag removed from its last resource leaves the region’s tag keys', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['untag', '--filter', 'gdpr', '--key', 'gdpr'], {db}));
		const keys = okJson<Array<{key: string}>>(
			await tagdeck(['keys', '--region', 'eu-central-1', '--json'], {db}),
		);
		expect(keys.map((k) => k.key)).not.toContain('gdpr');
		expect(okJson(await tagdeck(['values', 'gdpr', '--json'], {db}))).toEqual(
			[],
		);
	});

	test('IDs from standard input', async () => {
		const db = await worlds.copy();
		ok(
			await tagdeck(['untag', '-', '--key', 'env'], {
				db,
				input: `${webProd1}\n${webProd2}\n`,
			}),
		);
		const world = await readWorld(db);
		expect(world.resources[webProd1]!.tags).not.toHaveProperty('env');
		expect(world.resources[webProd2]!.tags).not.toHaveProperty('env');
	});
});
