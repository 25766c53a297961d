/*
The createdby feature and per-type tag quotas (docs/cloud-facts.md §3, §8;
sources: https://www.alibabacloud.com/help/en/resource-management/tag/user-guide/enable-or-disable-createdby-tags
and https://www.alibabacloud.com/help/en/resource-management/tag/product-overview/tag-overview).
*/
import {describe, expect, test} from 'vitest';
import type {ApplyResult} from '../../source/core/apply.js';
import type {Command} from '../../source/core/model.js';
import {demo, named, run} from '../helpers/world.js';

const createdBy = 'acs:tag:createdby';
const account = '1487263095518342';

function refusal(result: ApplyResult) {
	if (result.ok) throw new Error('expected a refusal');
	return result.error;
}

function created(result: ApplyResult): string {
	if (!result.ok) throw new Error(result.error.message);
	return result.created[0]!;
}

describe('createdby', () => {
	test('a resource created while it is on gets customer:<AccountId>, not the bare ID', () => {
		const world = demo();
		const id = created(
			run(world, {op: 'create', type: 'Ecs-Disk', region: 'cn-hangzhou'}),
		);
		expect(world.get(id)!.tags[createdBy]).toBe(`customer:${account}`);
	});

	test('the demo world turned it on partway: its oldest resources lack the tag', () => {
		const world = demo();
		expect(world.data.account.createdBy).toBe(true);
		expect(named(world, 'vpc-prod-hz').tags[createdBy]).toBeUndefined();
		expect(
			named(world, 'sg-web-prod', 'Ecs-SecurityGroup').tags[createdBy],
		).toBeUndefined();
		expect(named(world, 'web-prod-1', 'Ecs-Instance').tags[createdBy]).toBe(
			`customer:${account}`,
		);
	});

	test('off: new resources get no tag, and the tags already given stay; undo turns it back on', () => {
		const world = demo();
		const before = named(world, 'web-prod-1', 'Ecs-Instance').id;
		expect(run(world, {op: 'createdby', enabled: false}).ok).toBe(true);
		expect(world.data.account.createdBy).toBe(false);
		expect(world.get(before)!.tags[createdBy]).toBe(`customer:${account}`);
		const id = created(
			run(world, {op: 'create', type: 'Ecs-Disk', region: 'cn-hangzhou'}),
		);
		expect(world.get(id)!.tags[createdBy]).toBeUndefined();
		expect(run(world, {op: 'undo'}).ok).toBe(true); // The disk goes.
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.data.account.createdBy).toBe(true);
	});

	test('turning it on twice is refused with the documented code', () => {
		const world = demo();
		expect(refusal(run(world, {op: 'createdby', enabled: true})).code).toBe(
			'CreatedByAlreadyOpen',
		);
	});
});

describe('tag quota per type', () => {
	const fifteen = Object.fromEntries(
		Array.from({length: 15}, (_, i) => [`k${i}`, String(i)]),
	);
	const five = {a: '1', b: '2', c: '3', d: '4', e: '5'};

	test('20 by default; raised for a type, a resource of that type may carry more', () => {
		const world = demo();
		// Dev-box-1 has 3 custom tags; 15 more make 18, and 5 more 23.
		const instance = named(world, 'dev-box-1', 'Ecs-Instance').id;
		expect(run(world, {op: 'tag', ids: [instance], tags: fifteen}).ok).toBe(
			true,
		);
		const tags = five;
		const over = refusal(run(world, {op: 'tag', ids: [instance], tags}));
		expect(over.code).toBe('QuotaExceed.TagsPerResource');
		expect(over.message).toContain('the tag quota of Ecs-Instance is 20');
		expect(run(world, {op: 'quota', type: 'instance', quota: 30}).ok).toBe(
			true,
		);
		expect(world.data.account.quotas).toEqual({'Ecs-Instance': 30});
		expect(run(world, {op: 'tag', ids: [instance], tags}).ok).toBe(true);
	});

	test('a quota below what a resource of the type carries is refused, naming the resource', () => {
		const world = demo();
		const crm = named(world, 'crm-prod-1', 'Ecs-Instance');
		const error = refusal(
			run(world, {op: 'quota', type: 'Ecs-Instance', quota: 5}),
		);
		expect(error.code).toBe('InvalidParameter.Quota');
		expect(error.message).toContain(crm.id);
		expect(world.data.account.quotas).toEqual({});
	});

	test('inheritance follows the associated type’s quota', () => {
		const world = demo();
		run(world, {op: 'inheritance', enabled: true});
		const instance = named(world, 'dev-box-1', 'Ecs-Instance').id;
		run(world, {op: 'quota', type: 'Ecs-Instance', quota: 40});
		for (const tags of [fifteen, five])
			expect(run(world, {op: 'tag', ids: [instance], tags}).ok).toBe(true);
		const enable: Command = {
			op: 'rules',
			region: 'cn-hangzhou',
			rules: ['Ecs-Instance:Ecs-Disk'],
			enable: true,
			existing: true,
		};
		const skipped = run(world, enable);
		if (!skipped.ok) throw new Error(skipped.error.message);
		const disk = world.children(instance, 'attachedTo')[0]!;
		expect(skipped.skipped.map((s) => s.id)).toContain(disk.id);
		expect(disk.tags.k0).toBeUndefined();
		// With the disks' quota raised, the same rule delivers.
		run(world, {op: 'undo'});
		run(world, {op: 'quota', type: 'Ecs-Disk', quota: 40});
		const delivered = run(world, enable);
		if (!delivered.ok) throw new Error(delivered.error.message);
		expect(delivered.skipped.map((s) => s.id)).not.toContain(disk.id);
		expect(world.get(disk.id)!.tags.k0).toBe('0');
	});

	test('default puts the quota back, and undo reverses a change', () => {
		const world = demo();
		run(world, {op: 'quota', type: 'Ecs-Disk', quota: 25});
		run(world, {op: 'quota', type: 'Ecs-Disk', quota: null});
		expect(world.data.account.quotas).toEqual({});
		run(world, {op: 'undo'});
		expect(world.data.account.quotas).toEqual({'Ecs-Disk': 25});
	});
});
