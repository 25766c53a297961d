import {describe, expect, it} from 'vitest';
import rulesFile from '../../data/rules.json' with {type: 'json'};
import type {Command, Resource} from '../../source/core/model.js';
import type {World} from '../../source/core/world.js';
import {demo, run} from '../helpers/world.js';

/*
One scenario per rule (docs/cloud-facts.md §6.1, docs/behaviour.md §4), done as a user
would: turn the feature on, enable the rule in cn-hangzhou, create fresh
resources, link them (attach, associate, create --in), edit the primary's
tags, then break the link (or release the primary where no unlink exists).
*/

const region = 'cn-hangzhou';
const otherRegion = 'cn-shanghai';
const account = 'customer:1487263095518342';
const systemTag = {'acs:tag:createdby': account};

/** How the associated resource comes to be linked to its primary. */
type Style =
	/** Attach / associate, inherits on link, follows edits. */
	| {kind: 'link'; op: 'attach' | 'associate'; unlink: 'detach' | 'unassociate'}
	/** Create --in the primary, inherits on creation, follows edits. */
	| {kind: 'create'; onRelease: 'keeps' | 'released'}
	/** Create --in the cluster, inherits only when the cluster's tags change. */
	| {kind: 'clusterEdit'};

type Scenario = {
	settingName: string;
	tail: string;
	primary: string;
	associated: string;
	style: Style;
	removeOnUnlink: boolean;
};

const attach: Style = {kind: 'link', op: 'attach', unlink: 'detach'};
const associate: Style = {
	kind: 'link',
	op: 'associate',
	unlink: 'unassociate',
};

const scenarios: Scenario[] = [
	[
		'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk',
		attach,
		true,
	],
	['rule:AttachEni-DetachEni-TagInstance:Ecs-Instance:Ecs-Eni', attach, true],
	[
		'rule:AssociateEip-UnassociateEip-TagInstance:Ecs-Instance:Vpc-Eip',
		associate,
		true,
	],
	[
		'rule:CreateSnapshot-TagDisk:Ecs-Disk:Ecs-Snapshot',
		{kind: 'create', onRelease: 'keeps'},
		false,
	],
	[
		'rule:CreateTopic-TagKafka:Kafka-Instance:Kafka-Topic',
		{kind: 'create', onRelease: 'released'},
		false,
	],
	[
		'rule:CreateConsumerGroup-TagKafka:Kafka-Instance:Kafka-ConsumerGroup',
		{kind: 'create', onRelease: 'released'},
		false,
	],
	[
		'rule:TagCluster:Cs-Cluster:Ecs-SecurityGroup',
		{kind: 'clusterEdit'},
		false,
	],
	[
		'rule:CreateInstance-TagCluster:Cs-Cluster:Ecs-Instance',
		{kind: 'create', onRelease: 'keeps'},
		false,
	],
	['rule:TagCluster:Cs-Cluster:Slb-Instance', {kind: 'clusterEdit'}, false],
	['rule:TagCluster:Cs-Cluster:Vpc-Eip', {kind: 'clusterEdit'}, false],
	['rule:TagCluster:Cs-Cluster:Vpc-Natgateway', {kind: 'clusterEdit'}, false],
	['rule:TagCluster:Cs-Cluster:Ess-ScalingGroup', {kind: 'clusterEdit'}, false],
	[
		'rule:AssociateEip-UnassociateEip-TagSlbInstance:Slb-Instance:Vpc-Eip',
		associate,
		true,
	],
	[
		'rule:UpdateLoadBalancerZones-UpdateLoadBalancerAddressTypeConfig-TagNlb:Nlb-Loadbalancer:Vpc-Eip',
		associate,
		false,
	],
	[
		'rule:UpdateLoadBalancerZones-UpdateLoadBalancerAddressTypeConfig-TagAlb:Alb-LoadBalancer:Vpc-Eip',
		associate,
		false,
	],
	[
		'rule:AssociateEipAddress-UnassociateEipAddress-TagVpc:Vpc-Natgateway:Vpc-Eip',
		associate,
		true,
	],
	[
		'rule:AssociateEip-UnassociateEip-TagEci:Eci-ContainerGroup:Vpc-Eip',
		associate,
		true,
	],
].map(([settingName, style, removeOnUnlink]) => {
	const name = settingName as string;
	const [, primary, associated] = /:([^:]+):([^:]+)$/v.exec(name)!;
	return {
		settingName: name,
		tail: `${primary}:${associated}`,
		primary: primary!,
		associated: associated!,
		style: style as Style,
		removeOnUnlink: removeOnUnlink as boolean,
	};
});

/** Zones for zone-scoped types, so a disk and its instance share one. */
const zones: Record<string, string> = {
	[region]: 'cn-hangzhou-h',
	[otherRegion]: 'cn-shanghai-b',
};
const zoned = new Set(['Ecs-Instance', 'Ecs-Disk', 'Eci-ContainerGroup']);

function step(world: World, command: Command) {
	const result = run(world, command);
	expect(result.error, JSON.stringify(command)).toBeUndefined();
	expect(result.ok).toBe(true);
	return result;
}

function must(world: World, id: string): Resource {
	const resource = world.get(id);
	expect(resource, `${id} exists`).toBeDefined();
	return resource!;
}

/** A demo world with the feature on and `rule` enabled in cn-hangzhou. */
function worldWith(rule: string): World {
	const world = demo();
	step(world, {op: 'inheritance', enabled: true});
	step(world, {op: 'rules', region, rules: [rule], enable: true});
	return world;
}

function make(
	world: World,
	type: string,
	where: string,
	tags: Record<string, string>,
	parent?: string,
): string {
	const command: Command = parent
		? {op: 'create', type, in: parent, tags}
		: {
				op: 'create',
				type,
				region: where,
				zone: zoned.has(type) ? zones[where] : undefined,
				tags,
			};
	const result = step(world, command);
	expect(result.created).toHaveLength(1);
	return result.created[0]!;
}

const primaryTags = {env: 'rule-test', owner: 'ana'};
const childTags = {own: 'yes'};

/** Creates the primary and its associated resource and links them. */
function pair(
	world: World,
	s: Scenario,
	where = region,
): {primary: string; child: string} {
	const primary = make(world, s.primary, where, primaryTags);
	if (s.style.kind === 'link') {
		const child = make(world, s.associated, where, childTags);
		step(world, {op: s.style.op, id: child, to: primary});
		return {primary, child};
	}

	return {primary, child: make(world, s.associated, where, childTags, primary)};
}

function by(primary: string, s: Scenario, ...keys: string[]) {
	return Object.fromEntries(
		keys.map((key) => [key, {from: primary, rule: s.settingName}]),
	);
}

it('covers the 17 rules of data/rules.json, in order, with their exact SettingNames', () => {
	expect(scenarios.map((s) => s.settingName)).toEqual(
		rulesFile.rules.map((r) => r.settingName),
	);
	for (const [i, s] of scenarios.entries()) {
		const row = rulesFile.rules[i]!;
		expect([row.primary, row.associated, row.removeOnUnlink]).toEqual([
			s.primary,
			s.associated,
			s.removeOnUnlink,
		]);
	}
});

describe.each(scenarios)('$settingName', (s) => {
	it(`${s.settingName}: inherits, follows the primary's edits with provenance, and ${s.style.kind === 'link' ? (s.removeOnUnlink ? 'removes inherited tags on unlink' : 'keeps inherited tags on unlink') : 'behaves as documented when the primary is released'}`, () => {
		const world = worldWith(s.settingName);
		const {primary, child} = pair(world, s);

		// Made while the rule was on: the link is managed by the rule.
		expect(must(world, child).managed).toContain(s.settingName);
		expect(must(world, child).links).toEqual({
			[s.style.kind === 'link'
				? s.style.op === 'attach'
					? 'attachedTo'
					: 'associatedWith'
				: s.primary === 'Ecs-Disk'
					? 'sourceDisk'
					: s.primary === 'Kafka-Instance'
						? 'kafkaInstance'
						: 'cluster']: primary,
		});

		if (s.style.kind === 'clusterEdit') {
			// The ACK rules fire on cluster tag edits only: nothing yet.
			expect(must(world, child).tags).toEqual({...childTags, ...systemTag});
			expect(must(world, child).inherited).toBeUndefined();
		} else {
			// On link (or creation) the associated resource receives all the primary's custom tags.
			expect(must(world, child).tags).toEqual({
				...childTags,
				...systemTag,
				...primaryTags,
			});
			expect(must(world, child).inherited).toEqual(
				by(primary, s, 'env', 'owner'),
			);
		}

		// A change and an addition on the primary follow, in the same step.
		const edit = step(world, {
			op: 'tag',
			ids: [primary],
			tags: {env: 'rule-test-2', tier: 'web'},
		});
		expect(edit.event?.ids).toEqual(expect.arrayContaining([primary, child]));
		const afterEdit =
			s.style.kind === 'clusterEdit'
				? {env: 'rule-test-2', tier: 'web'}
				: {env: 'rule-test-2', owner: 'ana', tier: 'web'};
		expect(must(world, child).tags).toEqual({
			...childTags,
			...systemTag,
			...afterEdit,
		});
		expect(must(world, child).inherited).toEqual(
			by(primary, s, ...Object.keys(afterEdit)),
		);

		// A removal on the primary follows too.
		step(world, {op: 'untag', ids: [primary], keys: ['tier']});
		expect(must(world, child).tags.tier).toBeUndefined();
		expect(must(world, child).inherited?.tier).toBeUndefined();
		expect(must(world, child).tags.env).toBe('rule-test-2');
		expect(must(world, child).tags.own).toBe('yes');

		const delivered = structuredClone(must(world, child));
		const inheritedKeys = Object.keys(delivered.inherited ?? {});
		expect(inheritedKeys.length).toBeGreaterThan(0);

		if (s.style.kind === 'link') {
			step(world, {op: s.style.unlink, id: child});
			const after = must(world, child);
			expect(after.links).toBeUndefined();
			expect(after.managed ?? []).not.toContain(s.settingName);
			if (s.removeOnUnlink) {
				// Inherited tags go; the resource's own tags stay.
				expect(after.tags).toEqual({...childTags, ...systemTag});
				expect(after.inherited).toBeUndefined();
			} else {
				// NLB/ALB: no removal is documented; the tags stay, still shown as inherited.
				expect(after.tags).toEqual(delivered.tags);
				expect(after.inherited).toEqual(delivered.inherited);
			}

			// The link is gone: later edits of the primary do not reach it.
			const later = step(world, {
				op: 'tag',
				ids: [primary],
				tags: {env: 'after-unlink'},
			});
			expect(later.event?.ids).toEqual([primary]);
			expect(must(world, child).tags.env).toBe(
				s.removeOnUnlink ? undefined : 'rule-test-2',
			);
			return;
		}

		// No unlink operation exists for links made at creation: release the primary.
		step(world, {op: 'release', ids: [primary]});
		expect(world.get(primary)).toBeUndefined();
		if (s.style.kind === 'create' && s.style.onRelease === 'released') {
			// A Kafka instance's topics and consumer groups go with it.
			expect(world.get(child)).toBeUndefined();
			return;
		}

		const after = must(world, child);
		expect(after.tags).toEqual(delivered.tags);
		expect(after.inherited).toEqual(delivered.inherited);
		if (s.primary === 'Ecs-Disk') {
			// A snapshot still names its (released) source disk.
			expect(after.links).toEqual({sourceDisk: primary});
		} else {
			// Cluster members leave the released cluster.
			expect(after.links).toBeUndefined();
		}
	});

	it(`${s.settingName}: acts only in the region where it is enabled`, () => {
		const world = worldWith(s.settingName);
		const {primary, child} = pair(world, s, otherRegion);
		expect(must(world, child).inherited).toBeUndefined();
		expect(must(world, child).managed).toBeUndefined();
		const before = structuredClone(must(world, child));
		const edit = step(world, {
			op: 'tag',
			ids: [primary],
			tags: {env: 'shanghai-edit', tier: 'x'},
		});
		expect(edit.event?.ids).toEqual([primary]);
		expect(must(world, child)).toEqual(before);
		expect(world.data.rules[`${otherRegion} ${s.settingName}`]).toBeUndefined();
		expect(world.data.rules[`${region} ${s.settingName}`]).toEqual({
			region,
			rule: s.settingName,
			enabled: true,
			keys: null,
			existing: false,
		});
	});

	it(`${s.settingName}: does nothing once disabled (named by its ${s.tail} tail)`, () => {
		const world = worldWith(s.settingName);
		step(world, {op: 'rules', region, rules: [s.tail], enable: false});
		expect(world.data.rules[`${region} ${s.settingName}`]?.enabled).toBe(false);
		const {primary, child} = pair(world, s);
		expect(must(world, child).inherited).toBeUndefined();
		expect(must(world, child).managed).toBeUndefined();
		expect(must(world, child).tags).toEqual({...childTags, ...systemTag});
		const edit = step(world, {
			op: 'tag',
			ids: [primary],
			tags: {env: 'disabled-edit', tier: 'x'},
		});
		expect(edit.event?.ids).toEqual([primary]);
		expect(must(world, child).tags).toEqual({...childTags, ...systemTag});
	});
});
