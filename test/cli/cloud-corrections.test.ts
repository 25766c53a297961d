/*
The command line as the cloud's documents say: per-call limits, ECS's All, the
createdby switch and per-type quotas. Each test names its public source (the
URLs are in docs/sources.md and docs/cloud-facts.md).
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	readWorld,
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

describe('per-call limits (Tag API TagResources: 50 ARNs, 10 tags; ECS TagResources: 20 tags — docs/cloud-facts.md §1.2, §2.1)', () => {
	test('a dry run says how many Tag API calls the batch would take', async () => {
		const db = await worlds.copy();
		const tags = Array.from({length: 12}, (_, i) => [
			'--tag',
			`k${i}=v`,
		]).flat();
		// One instance would pass its quota: --partial plans the others, and exits 1.
		const {stdout} = await tagdeck(
			['tag', '--filter', 'type:instance', ...tags, '--dry-run', '--partial'],
			{db},
		);
		// 19 instances in one call of 50, and 12 tags in two calls of 10.
		expect(stdout).toContain(
			'(as 2 TagResources calls of ≤ 50 resources and ≤ 10 tags)',
		);
		const json = okJson<{apiCalls: unknown}>(
			await tagdeck(
				['untag', '--filter', 'env', '--key', 'env', '--dry-run', '--json'],
				{db},
			),
		);
		expect(json.apiCalls).toEqual([{action: 'UntagResources', calls: 2}]);
	});

	test('more than 20 tags in one request is NumberExceed.Tags, and nothing changes', async () => {
		const db = await worlds.copy();
		const before = await readWorld(db);
		const tags = Array.from({length: 21}, (_, i) => [
			'--tag',
			`k${i}=v`,
		]).flat();
		const line = refused(
			await tagdeck(['tag', worlds.id('dev-box-1', 'Ecs-Instance'), ...tags], {
				db,
			}),
			'NumberExceed.Tags',
		);
		expect(line).toContain('at most 20');
		const after = await readWorld(db);
		expect(after.revision).toBe(before.revision);
	});
});

test('untag --key K --all removes only K, as ECS UntagResources honours All only without TagKey.N (docs/cloud-facts.md §2.2)', async () => {
	const db = await worlds.copy();
	const id = worlds.id('dev-box-1', 'Ecs-Instance');
	ok(await tagdeck(['untag', id, '--key', 'owner', '--all'], {db}));
	const world = await readWorld(db);
	const {tags} = world.resources[id]!;
	expect(tags.owner).toBeUndefined();
	expect(tags.env).toBe('dev');
	const help = ok(await tagdeck(['untag', '--help']));
	expect(help).toContain('--all takes effect');
});

describe('createdby (https://www.alibabacloud.com/help/en/resource-management/tag/user-guide/enable-or-disable-createdby-tags)', () => {
	test('status, off, and a resource created while off has no createdby tag; those before keep theirs', async () => {
		const db = await worlds.copy();
		expect(ok(await tagdeck(['createdby', 'status'], {db}))).toContain(
			'on: new resources get acs:tag:createdby=customer:1487263095518342',
		);
		ok(await tagdeck(['createdby', 'off'], {db}));
		const created = okJson<{created: string[]}>(
			await tagdeck(['create', 'disk', '--region', 'cn-hangzhou', '--json'], {
				db,
			}),
		);
		const world = await readWorld(db);
		expect(world.resources[created.created[0]!]!.tags).toEqual({});
		const older = world.resources[worlds.id('dev-box-1', 'Ecs-Instance')]!;
		expect(older.tags['acs:tag:createdby']).toBe('customer:1487263095518342');
		expect(okJson(await tagdeck(['createdby', '--json'], {db}))).toMatchObject({
			enabled: false,
		});
	});

	test('a word other than on, off or status is a usage error', async () => {
		usage(await tagdeck(['createdby', 'maybe']));
	});
});

describe('tag quota per type (Quota Center; docs/cloud-facts.md §3)', () => {
	test('quota set raises one type; quota lists it; undo puts it back', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['quota', 'set', 'instance', '30'], {db}));
		expect(ok(await tagdeck(['quota'], {db}))).toMatch(
			/^Ecs-Instance\s+30\s+set$/mv,
		);
		expect(ok(await tagdeck(['quota'], {db}))).toMatch(/^Ecs-Disk\s+20\s*$/mv);
		ok(await tagdeck(['undo'], {db}));
		expect(ok(await tagdeck(['quota'], {db}))).toMatch(
			/^Ecs-Instance\s+20\s*$/mv,
		);
	});

	test('a quota that is not a whole number from 1 to 1000 is a usage error; an unknown type is InvalidParameter.Type', async () => {
		const db = await worlds.copy();
		for (const bad of ['0', '1001', '2.5', 'x']) {
			expect(
				usage(await tagdeck(['quota', 'set', 'disk', bad], {db})),
			).toContain('whole number from 1 to 1000');
		}

		refused(
			await tagdeck(['quota', 'set', 'starship', '30'], {db}),
			'InvalidParameter.Type',
		);
	});
});

test('a tag the Tag console would refuse is applied, as the API does, with a note naming the characters', async () => {
	const db = await worlds.copy();
	const out = ok(
		await tagdeck(
			['tag', worlds.id('dev-box-1', 'Ecs-Instance'), '--tag', 'k!=1'],
			{db},
		),
	);
	expect(out).toContain('Note: key "k!" has "!"');
	expect(out).toContain('letters, digits, spaces and _ . # / = + - @');
});
