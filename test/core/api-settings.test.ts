/*
Changes the Tag API makes that no command of the command line does
(docs/governance.md, docs/cloud-facts.md §6.3): a rule's settings recorded
while it is disabled, and deleted; a tag policy's document or description
changed in place; a description per preset key; and an account setting changed
by an API call authorized as that call's own RAM action. Each is one step undo
reverses.
*/
import {describe, expect, it} from 'vitest';
import {apply} from '../../source/core/apply.js';
import {settingKey} from '../../source/core/inheritance.js';
import type {Command} from '../../source/core/model.js';
import type {World} from '../../source/core/world.js';
import {demo, now, run, snapshot} from '../helpers/world.js';

const eniRule = 'rule:AttachEni-DetachEni-TagInstance:Ecs-Instance:Ecs-Eni';
const diskRule = 'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';
const region = 'cn-hangzhou';

function ok(world: World, command: Command) {
	const result = run(world, command);
	expect(result.ok, JSON.stringify(result.error)).toBe(true);
	return result;
}

function withInheritance(): World {
	const world = demo();
	ok(world, {op: 'inheritance', enabled: true});
	return world;
}

describe('rule settings', () => {
	it('a rule is recorded disabled with its scope, then enabled keeps that scope; undo removes the record', () => {
		const world = withInheritance();
		const before = snapshot(world);
		ok(world, {
			op: 'rules',
			region,
			rules: [eniRule],
			enable: false,
			record: true,
			keys: ['env', 'team'],
			existing: true,
		});
		expect(world.data.rules[settingKey(region, eniRule)]).toEqual({
			region,
			rule: eniRule,
			enabled: false,
			keys: ['env', 'team'],
			existing: true,
		});
		expect(world.data.log.at(-1)!.summary).toBe(
			`disable ${eniRule} in ${region}`,
		);
		ok(world, {op: 'rules', region, rules: [eniRule], enable: true});
		expect(world.data.rules[settingKey(region, eniRule)]).toMatchObject({
			enabled: true,
			keys: ['env', 'team'],
			existing: true,
		});
		ok(world, {op: 'undo'});
		ok(world, {op: 'undo'});
		expect(snapshot(world)).toEqual({
			...(before as object),
			log: world.data.log,
			nextSeq: world.data.nextSeq,
			history: world.data.history,
			revision: world.data.revision,
		});
		expect(Object.hasOwn(world.data.rules, settingKey(region, eniRule))).toBe(
			false,
		);
	});

	it('without record, disabling a rule never set changes nothing, as the command line does', () => {
		const world = withInheritance();
		const result = ok(world, {
			op: 'rules',
			region,
			rules: [eniRule],
			enable: false,
		});
		expect(result.event).toBeUndefined();
		expect(world.data.rules).toEqual({});
	});

	it('a recorded rule that cannot apply to existing resources is refused with existing', () => {
		const world = withInheritance();
		const result = run(world, {
			op: 'rules',
			region,
			rules: ['rule:TagCluster:Cs-Cluster:Ecs-SecurityGroup'],
			enable: false,
			record: true,
			existing: true,
		});
		expect(result.error?.code).toBe('InvalidParameter.ExistingStatus');
	});

	it('remove deletes an enabled rule: it stops acting, what it delivered stays; undo brings the rule back', () => {
		const world = withInheritance();
		ok(world, {
			op: 'rules',
			region,
			rules: [diskRule],
			enable: true,
			existing: true,
		});
		const instance = world
			.inRegion(region)
			.find(
				(r) =>
					r.type === 'Ecs-Instance' &&
					world.children(r.id).some((c) => c.type === 'Ecs-Disk'),
			)!;
		const disk = world
			.children(instance.id)
			.find((c) => c.type === 'Ecs-Disk')!;
		ok(world, {op: 'tag', ids: [instance.id], tags: {wave: '1'}});
		expect(world.get(disk.id)!.tags.wave).toBe('1');
		ok(world, {
			op: 'rules',
			region,
			rules: [diskRule],
			enable: false,
			remove: true,
		});
		expect(Object.hasOwn(world.data.rules, settingKey(region, diskRule))).toBe(
			false,
		);
		expect(world.data.log.at(-1)!.summary).toBe(
			`delete ${diskRule} in ${region}`,
		);
		ok(world, {op: 'tag', ids: [instance.id], tags: {wave: '2'}});
		expect(world.get(disk.id)!.tags.wave).toBe('1');
		ok(world, {op: 'undo'});
		ok(world, {op: 'undo'});
		expect(world.data.rules[settingKey(region, diskRule)]?.enabled).toBe(true);
	});
});

describe('tag policies', () => {
	const document = (values: string[]) =>
		JSON.stringify({
			tags: {
				costcenter: {
					tag_key: {'@@assign': 'CostCenter'},
					tag_value: {'@@assign': values},
				},
			},
		});

	it('modify changes the document or the description of a policy in one step, attached or not; undo puts it back', () => {
		const world = demo();
		ok(world, {
			op: 'tag-policy',
			action: 'create',
			name: 'cc',
			document: document(['a']),
			description: 'first',
		});
		ok(world, {op: 'tag-policy', action: 'attach', name: 'cc'});
		const created = structuredClone(world.data.governance['policy:cc']);
		ok(world, {
			op: 'tag-policy',
			action: 'modify',
			name: 'cc',
			document: document(['a', 'b']),
		});
		expect(world.data.governance['policy:cc']).toEqual({
			...created,
			document: document(['a', 'b']),
		});
		expect(world.data.log.at(-1)!.summary).toBe('modify tag policy cc');
		ok(world, {
			op: 'tag-policy',
			action: 'modify',
			name: 'cc',
			description: 'second',
		});
		expect(world.data.governance['policy:cc']).toMatchObject({
			document: document(['a', 'b']),
			description: 'second',
		});
		expect(world.data.account.tagPolicies.attached).toEqual(['cc']);
		ok(world, {op: 'undo'});
		ok(world, {op: 'undo'});
		expect(world.data.governance['policy:cc']).toEqual(created);
	});

	it('modify refuses a document outside the syntax, and a policy that is not there', () => {
		const world = demo();
		ok(world, {
			op: 'tag-policy',
			action: 'create',
			name: 'cc',
			document: document(['a']),
		});
		expect(
			run(world, {
				op: 'tag-policy',
				action: 'modify',
				name: 'cc',
				document: '{"tags": {"x": {}}}',
			}).error?.code,
		).toBe('InvalidParameter.PolicyContent');
		expect(
			run(world, {
				op: 'tag-policy',
				action: 'modify',
				name: 'nope',
				description: 'x',
			}).error?.code,
		).toBe('TagPolicy.NotFound');
	});
});

describe('preset tags', () => {
	it('each key added may have its own description; one given for the command is the default', () => {
		const world = demo();
		ok(world, {
			op: 'preset',
			add: [
				{key: 'Environment', values: ['prod'], description: 'where it runs'},
				{key: 'Owner', values: []},
			],
			description: 'shared',
		});
		expect(world.data.governance['preset:Environment']).toMatchObject({
			description: 'where it runs',
		});
		expect(world.data.governance['preset:Owner']).toMatchObject({
			description: 'shared',
		});
	});
});

describe('an API call is authorized as its own action', () => {
	function withUser(...allowed: string[]): World {
		const world = demo();
		ok(world, {op: 'ram', action: 'create-user', name: 'carol'});
		ok(world, {
			op: 'ram',
			action: 'create-policy',
			name: 'Some',
			document: JSON.stringify({
				Version: '1',
				Statement: [{Effect: 'Allow', Action: allowed, Resource: '*'}],
			}),
		});
		ok(world, {op: 'ram', action: 'attach', name: 'Some', user: 'carol'});
		return world;
	}

	it('strong verification turned off by DisablePolicyType is tag:DisablePolicyType; by the command line, tag:EnablePolicyType', () => {
		const world = withUser('tag:DisablePolicyType');
		const command: Command = {
			op: 'tag-policy',
			action: 'strong',
			enabled: false,
		};
		const byApi = apply(world, command, {
			now,
			as: 'carol',
			api: 'Tag:DisablePolicyType',
		});
		expect(byApi.ok, JSON.stringify(byApi.error)).toBe(true);
		const byCommand = apply(world, command, {now, as: 'carol'});
		expect(byCommand.error).toMatchObject({
			code: 'Forbidden.RAM',
			detail: {authAction: 'tag:EnablePolicyType'},
		});
	});

	it('a change only the API makes has its own action even without the call: tag:ModifyPolicy, tag:DeleteAssociatedResourceRule', () => {
		const world = withUser('tag:CreatePolicy');
		ok(world, {op: 'inheritance', enabled: true});
		ok(world, {
			op: 'tag-policy',
			action: 'create',
			name: 'cc',
			document: '{"tags":{"env":{"tag_key":{"@@assign":"env"}}}}',
		});
		const modify = apply(
			world,
			{op: 'tag-policy', action: 'modify', name: 'cc', description: 'x'},
			{now, as: 'carol'},
		);
		expect(modify.error?.detail?.authAction).toBe('tag:ModifyPolicy');
		const remove = apply(
			world,
			{op: 'rules', region, rules: [diskRule], enable: false, remove: true},
			{now, as: 'carol'},
		);
		expect(remove.error?.detail?.authAction).toBe(
			'tag:DeleteAssociatedResourceRule',
		);
	});
});
