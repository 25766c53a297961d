/*
Governance (docs/governance.md): preset tags, the tag policy syntax, the
effective policy, enforcement on create and tag, compliance with its reasons,
and the fix, on the demo world (which has near-misses to find: costcenter,
CostCenter=" retail", Env=Prod beside env=prod).
*/
import {describe, expect, it} from 'vitest';
import type {Command} from '../../source/core/model.js';
import {
	compliance,
	fixPlan,
	similar,
} from '../../source/core/governance/compliance.js';
import {effectiveRules} from '../../source/core/governance/governance.js';
import {parseTagPolicy} from '../../source/core/governance/tag-policy.js';
import {tagKeys} from '../../source/core/query.js';
import type {World} from '../../source/core/world.js';
import {demo, named, run, snapshot} from '../helpers/world.js';

/** The values the example policy allows for CostCenter. */
const costCenters = [
	'retail',
	'marketing',
	'infra',
	'sales',
	'data',
	'finance',
	'games',
];

const costCenterPolicy = JSON.stringify({
	tags: {
		costcenter: {
			tag_key: {'@@assign': 'CostCenter'},
			tag_value: {
				'@@assign': costCenters,
			},
			enforced_for: {'@@assign': ['ecs:instance']},
		},
		env: {
			tag_key: {'@@assign': 'env'},
			tag_value: {'@@assign': ['prod', 'staging', 'test', 'dev']},
			resource_type_scope: {
				'@@assign': ['ecs:instance', 'ecs:disk', 'oss:bucket'],
			},
		},
	},
});

function withPolicy(document = costCenterPolicy, name = 'costcenter'): World {
	const world = demo();
	for (const command of [
		{op: 'tag-policy', action: 'create', name, document},
		{op: 'tag-policy', action: 'attach', name},
	] as Command[]) {
		const result = run(world, command);
		expect(result.ok, JSON.stringify(result.error)).toBe(true);
	}

	return world;
}

const refusal = (text: string) => {
	try {
		parseTagPolicy(text);
	} catch (error) {
		return (error as Error).message;
	}

	throw new Error('not refused');
};

describe('the tag policy syntax', () => {
	it('reads tag_key, tag_value, resource_type_scope, region_scope and enforced_for', () => {
		const {rules} = parseTagPolicy(costCenterPolicy);
		expect(rules).toEqual([
			{
				policyKey: 'costcenter',
				key: 'CostCenter',
				values: costCenters,
				enforcedFor: ['ecs:instance'],
			},
			{
				policyKey: 'env',
				key: 'env',
				values: ['prod', 'staging', 'test', 'dev'],
				types: ['ecs:instance', 'ecs:disk', 'oss:bucket'],
				enforcedFor: [],
			},
		]);
		expect(
			parseTagPolicy(
				'{"tags": {"owner": {"tag_key": {"@@assign": "owner"}, "tag_value": {"@@assign": "*"}, "region_scope": {"@@assign": ["cn-hangzhou"]}}}}',
			).rules[0],
		).toEqual({
			policyKey: 'owner',
			key: 'owner',
			regions: ['cn-hangzhou'],
			enforcedFor: [],
		});
	});

	it('refuses anything else with its path in the document, its line and the reason', () => {
		expect(
			refusal(
				'{"tags": {"cc": {"tag_key": {"@@assign": "cc"}, "tag_value_correction": {}}}}',
			),
		).toBe(
			'line 1, $.tags.cc.tag_value_correction: not supported: remediation is done by `tagdeck fix`, not by the policy',
		);
		expect(
			refusal('{"tags": {"cc": {"tag_key": {"@@append": "cc"}}}}'),
		).toContain(
			'$.tags.cc.tag_key.@@append: the operator @@append is not supported; use @@assign',
		);
		expect(
			refusal('{"tags": {"cc": {"tag_key": {"@@assign": "CostCenter"}}}}'),
		).toContain(
			'the tag key "CostCenter" must be the policy key "cc" in some case',
		);
		expect(
			refusal(
				'{\n"tags": {"cc": {\n"tag_key": {"@@assign": "cc"},\n"enforced_for": {"@@assign": ["ecs:vm"]}}}}',
			),
		).toBe(
			'line 4, $.tags.cc.enforced_for: "ecs:vm" is not a resource type tagdeck knows; write service:type, e.g. ecs:instance, ecs:disk, vpc:eip',
		);
		expect(refusal('{"tags": {"cc": {}}}')).toContain(
			'$.tags.cc: needs tag_key',
		);
		expect(refusal('{"rules": {}}')).toContain('$.rules: unknown element');
		expect(
			refusal(
				'{"tags": {"cc": {"tag_key": {"@@assign": "cc"}, "tag_key": {"@@assign": "cc"}}}}',
			),
		).toContain('is given twice');
		expect(refusal('{"tags": [}')).toMatch(
			/^line 1, column \d+: the document is not valid JSON/v,
		);
		expect(
			refusal('{"tags": {"acs:x": {"tag_key": {"@@assign": "acs:x"}}}}'),
		).toContain('$.tags.acs:x.tag_key.@@assign');
	});

	it('merges attached policies by key, the first attached winning', () => {
		const world = withPolicy();
		const other = JSON.stringify({
			tags: {
				env: {
					tag_key: {'@@assign': 'Env'},
					tag_value: {'@@assign': ['Production']},
				},
				owner: {tag_key: {'@@assign': 'owner'}},
			},
		});
		run(world, {
			op: 'tag-policy',
			action: 'create',
			name: 'second',
			document: other,
		});
		run(world, {op: 'tag-policy', action: 'attach', name: 'second'});
		expect(effectiveRules(world.data).map((r) => [r.key, r.from])).toEqual([
			['CostCenter', 'costcenter'],
			['env', 'costcenter'],
			['owner', 'second'],
		]);
	});
});

describe('enforcement', () => {
	it('a value outside the list is refused on an enforced type, accepted elsewhere', () => {
		const world = withPolicy();
		const instance = named(world, 'web-prod-1').id;
		const refused = run(world, {
			op: 'tag',
			ids: [instance],
			tags: {CostCenter: 'Retail'},
		});
		expect(refused.error?.code).toBe('TagPolicy.NonCompliant');
		expect(refused.failures[0]!.message).toContain('not "Retail"');
		const disk = named(world, 'web-prod-1-data').id;
		expect(
			run(world, {op: 'tag', ids: [disk], tags: {CostCenter: 'Retail'}}).ok,
		).toBe(true);
		expect(
			run(world, {op: 'tag', ids: [instance], tags: {CostCenter: 'marketing'}})
				.ok,
		).toBe(true);
	});

	it('with strong verification a new instance without the key is refused; with it, made', () => {
		const world = withPolicy();
		const create: Command = {
			op: 'create',
			type: 'instance',
			region: 'cn-hangzhou',
		};
		expect(run(world, create).ok).toBe(true);
		run(world, {op: 'tag-policy', action: 'strong', enabled: true});
		expect(run(world, create).error?.code).toBe('TagPolicy.NonCompliant');
		expect(run(world, {...create, tags: {CostCenter: 'retail'}}).ok).toBe(true);
		expect(
			run(world, {op: 'create', type: 'disk', region: 'cn-hangzhou'}).ok,
		).toBe(true);
	});
});

describe('compliance', () => {
	it('counts per key, and gives each non-compliant resource its reason', () => {
		const world = withPolicy();
		const report = compliance(world);
		const all = world.resources();
		const costCenter = report.keys.find((k) => k.key === 'CostCenter')!;
		expect(costCenter.notApplicable).toBe(0);
		expect(costCenter.compliant + costCenter.nonCompliant).toBe(all.length);
		expect(costCenter.compliant).toBe(
			all.filter((r) => costCenters.includes(r.tags.CostCenter ?? '')).length,
		);
		const env = report.keys.find((k) => k.key === 'env')!;
		expect(env.notApplicable).toBe(
			all.filter(
				(r) => !['Ecs-Instance', 'Ecs-Disk', 'Oss-Bucket'].includes(r.type),
			).length,
		);
		const reasons = (name: string) =>
			report.resources
				.filter((f) => f.id === named(world, name).id)
				.map((f) => [f.key, f.reason, f.found]);
		expect(reasons('shop-assets-sea')).toContainEqual([
			'CostCenter',
			'similar',
			'CostCenter=" retail"',
		]);
		expect(reasons('sea.example.com')).toContainEqual([
			'CostCenter',
			'similar',
			'costcenter=retail',
		]);
		expect(reasons('shop-backups-eu')).toContainEqual([
			'env',
			'similar',
			'Env=Prod',
		]);
		expect(reasons('ack-prod-node-1')).toContainEqual([
			'CostCenter',
			'missing',
			undefined,
		]);
		expect(report.untagged).toBe(
			all.filter((r) => Object.keys(r.tags).every((k) => k.startsWith('acs:')))
				.length,
		);
		expect(report.untagged).toBeGreaterThan(0);
	});

	it('the case-and-space rule: equal after trimming spaces and ignoring case; inner spaces count', () => {
		expect(similar(' env ', 'Env')).toBe(true);
		expect(similar(' prOd', 'Prod')).toBe(true);
		expect(similar('Pro d', 'Prod')).toBe(false);
		expect(similar('prod', 'prod')).toBe(false);
	});

	it('--region and --key narrow the report', () => {
		const world = withPolicy();
		const report = compliance(world, {
			region: 'ap-southeast-1',
			key: 'costcenter',
		});
		expect(report.keys.map((k) => k.key)).toEqual(['CostCenter']);
		expect(report.keys[0]!.compliant + report.keys[0]!.nonCompliant).toBe(
			world.inRegion('ap-southeast-1').length,
		);
	});
});

describe('fix', () => {
	it('renames the similar keys and values in one step; compliance then finds none; undo puts them back', () => {
		const world = withPolicy();
		const before = snapshot(world);
		expect(
			fixPlan(world)
				.map(
					(c) =>
						named(
							world,
							c.id === 'shop-assets-sea'
								? 'shop-assets-sea'
								: world.get(c.id)!.name,
						).name,
				)
				.toSorted(),
		).toEqual(['sea.example.com', 'shop-assets-sea', 'shop-backups-eu']);
		const result = run(world, {op: 'fix'});
		expect(result.ok).toBe(true);
		expect(named(world, 'shop-assets-sea').tags.CostCenter).toBe('retail');
		expect(named(world, 'sea.example.com').tags).toMatchObject({
			CostCenter: 'retail',
		});
		expect(named(world, 'sea.example.com').tags.costcenter).toBeUndefined();
		expect(named(world, 'shop-backups-eu').tags.Env).toBeUndefined();
		expect(named(world, 'shop-backups-eu').tags.env).toBe('prod');
		expect(
			compliance(world).resources.filter((f) => f.reason === 'similar'),
		).toEqual([]);
		run(world, {op: 'undo'});
		const data = snapshot(world) as World['data'];
		expect(data.resources).toEqual((before as World['data']).resources);
	});
});

describe('preset tags', () => {
	it('are listed by keys in every region with kind preset, even unbound; values merge; rm takes values, then the key', () => {
		const world = demo();
		expect(
			run(world, {
				op: 'preset',
				add: [
					{key: 'CostCenter', values: ['retail']},
					{key: 'project', values: []},
				],
				description: 'who pays',
			}).ok,
		).toBe(true);
		expect(
			run(world, {
				op: 'preset',
				add: [{key: 'CostCenter', values: ['infra', 'retail']}],
			}).ok,
		).toBe(true);
		const seoul = tagKeys(world, 'ap-northeast-2');
		expect(seoul.find((k) => k.key === 'project')).toMatchObject({
			resources: 0,
			preset: true,
			values: 0,
		});
		expect(seoul.find((k) => k.key === 'CostCenter')).toMatchObject({
			preset: true,
		});
		const entry = world.data.governance['preset:CostCenter'];
		expect(entry).toMatchObject({
			values: ['retail', 'infra'],
			description: 'who pays',
		});
		const removing = (key: string, value?: string) =>
			run(world, {
				op: 'preset',
				remove: [value === undefined ? {key} : {key, value}],
			}).error?.code;
		// A key resources carry stays; a key with values goes value by value.
		expect(removing('CostCenter')).toBe('MetaTagKey.BindingResources');
		expect(removing('nope')).toBe('MetaTagKeyNotFound');
		run(world, {op: 'preset', add: [{key: 'budget', values: ['q1']}]});
		expect(removing('budget')).toBe('MetaTagKeyHasValue');
		expect(removing('budget', 'q2')).toBe('PresetTag.ValueNotFound');
		expect(removing('budget', 'q1')).toBeUndefined();
		expect(removing('budget')).toBeUndefined();
		expect(world.data.governance['preset:budget']).toBeUndefined();
		expect(
			run(world, {op: 'preset', remove: [{key: 'CostCenter', value: 'infra'}]})
				.ok,
		).toBe(true);
		expect(
			run(world, {
				op: 'preset',
				add: Array.from({length: 11}, (_, i) => ({key: `k${i}`, values: []})),
			}).error?.code,
		).toBe('NumberExceed.Tags');
	});

	it('an account has at most 1,000 preset keys, and a key 1,000 values (PresetTag.Quota)', () => {
		const world = demo();
		for (let batch = 0; batch < 100; batch++) {
			const add = Array.from({length: 10}, (_, i) => ({
				key: `k${batch * 10 + i}`,
				values: [],
			}));
			expect(run(world, {op: 'preset', add}).ok).toBe(true);
		}

		const full = run(world, {
			op: 'preset',
			add: [{key: 'one-more', values: []}],
		});
		expect(full.error?.code).toBe('PresetTag.Quota');
		// A key already there may still take values.
		for (let batch = 0; batch < 100; batch++) {
			const values = Array.from({length: 10}, (_, i) => `v${batch * 10 + i}`);
			expect(run(world, {op: 'preset', add: [{key: 'k0', values}]}).ok).toBe(
				true,
			);
		}

		expect(
			run(world, {op: 'preset', add: [{key: 'k0', values: ['v1000']}]}).error
				?.code,
		).toBe('PresetTag.Quota');
	});
});
