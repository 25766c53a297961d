import {describe, expect, it} from 'vitest';
import regionsFile from '../../data/regions.json' with {type: 'json'};
import {apply} from '../../source/core/apply.js';
import type {Command, Resource} from '../../source/core/model.js';
import type {World} from '../../source/core/world.js';
import {demo, named, now, run, snapshot} from '../helpers/world.js';

/*
The decisions of docs/behaviour.md §4 as the engine makes them, one test each: managed
links, transitivity, cycles, disabling, direct edits, the quota, release,
overwrite, scope, system tags, the rule errors, dry run, undo and redo.
*/

const region = 'cn-hangzhou';
const zone = 'cn-hangzhou-h';
const account = 'customer:1487263095518342';

const disk = 'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';
const eni = 'rule:AttachEni-DetachEni-TagInstance:Ecs-Instance:Ecs-Eni';
const instanceEip =
	'rule:AssociateEip-UnassociateEip-TagInstance:Ecs-Instance:Vpc-Eip';
const snapshotRule = 'rule:CreateSnapshot-TagDisk:Ecs-Disk:Ecs-Snapshot';
const clusterInstance =
	'rule:CreateInstance-TagCluster:Cs-Cluster:Ecs-Instance';
const clusterEip = 'rule:TagCluster:Cs-Cluster:Vpc-Eip';
const clusterSg = 'rule:TagCluster:Cs-Cluster:Ecs-SecurityGroup';
const nlbEip =
	'rule:UpdateLoadBalancerZones-UpdateLoadBalancerAddressTypeConfig-TagNlb:Nlb-Loadbalancer:Vpc-Eip';

function step(world: World, command: Command) {
	const result = run(world, command);
	expect(result.error, JSON.stringify(command)).toBeUndefined();
	expect(result.ok).toBe(true);
	return result;
}

/** Expects a refusal with `code` that changes nothing. */
function refused(world: World, command: Command, code: string) {
	const before = snapshot(world);
	const result = run(world, command);
	expect(result.ok).toBe(false);
	expect(result.error?.code).toBe(code);
	expect(result.patches).toEqual([]);
	expect(result.event).toBeUndefined();
	expect(snapshot(world)).toEqual(before);
	return result.error!;
}

function get(world: World, id: string): Resource {
	const resource = world.get(id);
	expect(resource, `${id} exists`).toBeDefined();
	return resource!;
}

function on(world: World): World {
	step(world, {op: 'inheritance', enabled: true});
	return world;
}

function enable(
	world: World,
	rules: string[],
	options: {keys?: string[] | null; existing?: boolean} = {},
) {
	return step(world, {op: 'rules', region, rules, enable: true, ...options});
}

function make(
	world: World,
	type: string,
	options: {tags?: Record<string, string>; in?: string; zone?: string} = {},
): string {
	const command: Command = options.in
		? {op: 'create', type, in: options.in, tags: options.tags}
		: {op: 'create', type, region, zone: options.zone, tags: options.tags};
	const result = step(world, command);
	return result.created[0]!;
}

/** A fresh instance (zone cn-hangzhou-h) with a fresh disk of its zone. */
function instanceAndDisk(world: World, tags?: Record<string, string>) {
	const instance = make(world, 'Ecs-Instance', {
		zone,
		tags: tags ?? {env: 'prod', owner: 'ana'},
	});
	const disk = make(world, 'Ecs-Disk', {zone, tags: {own: 'yes'}});
	return {instance, disk};
}

describe('managed links (docs/behaviour.md §4)', () => {
	it('a link made before the rule was enabled is not managed without apply-to-existing; with it, it is brought in line at once', () => {
		const world = on(demo());
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		enable(world, [disk]);
		expect(get(world, d).managed).toBeUndefined();
		step(world, {op: 'tag', ids: [instance], tags: {tier: 'web'}});
		expect(get(world, d).tags).toEqual({
			own: 'yes',
			'acs:tag:createdby': account,
		});

		// Apply to existing: the step itself delivers every in-scope tag of the primary.
		const result = enable(world, [disk], {existing: true});
		const patch = result.patches.find((p) => p.c === 'r' && p.id === d);
		expect(patch?.t).toEqual({
			env: [null, 'prod'],
			owner: [null, 'ana'],
			tier: [null, 'web'],
		});
		expect(get(world, d).tags).toEqual({
			own: 'yes',
			'acs:tag:createdby': account,
			env: 'prod',
			owner: 'ana',
			tier: 'web',
		});
		expect(get(world, d).inherited).toEqual({
			env: {from: instance, rule: disk},
			owner: {from: instance, rule: disk},
			tier: {from: instance, rule: disk},
		});
		// The demo world's other disks of cn-hangzhou are brought in line in the same step.
		const webProd1 = named(world, 'web-prod-1');
		expect(named(world, 'web-prod-1-system').tags.env).toBe(webProd1.tags.env);
		expect(result.event?.ids).toContain(named(world, 'web-prod-1-system').id);
	});

	it('apply-to-existing respects the scope and stays within the region it is enabled in', () => {
		const world = on(demo());
		const shanghaiDisk = structuredClone(named(world, 'apollo-api-1-data'));
		enable(world, [disk], {existing: true, keys: ['env']});
		const web = named(world, 'web-prod-1');
		const data = named(world, 'web-prod-1-data');
		expect(data.tags).toEqual({
			cost: 'hangzhou',
			backup: 'daily',
			env: 'prod',
			'acs:tag:createdby': account,
		});
		expect(data.inherited).toEqual({env: {from: web.id, rule: disk}});
		expect(named(world, 'apollo-api-1-data')).toEqual(shanghaiDisk);
	});

	it('a link made while the feature is on but the rule is off stays unmanaged after the rule is enabled', () => {
		const world = on(demo());
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		enable(world, [disk]);
		step(world, {op: 'tag', ids: [instance], tags: {env: 'staging'}});
		expect(get(world, d).tags.env).toBeUndefined();
		expect(get(world, d).managed).toBeUndefined();
	});

	it('a link made while the rule was on stays managed when the rule is disabled and enabled again', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		expect(get(world, d).managed).toEqual([disk]);
		step(world, {op: 'rules', region, rules: [disk], enable: false});
		enable(world, [disk]);
		step(world, {op: 'tag', ids: [instance], tags: {env: 'again'}});
		expect(get(world, d).tags.env).toBe('again');
		expect(get(world, d).inherited?.env).toEqual({from: instance, rule: disk});
	});

	it("the demo world's past links of a rule without apply-to-existing are managed: enabling it and tagging the primary reaches them", () => {
		const world = on(demo());
		const nlb = named(world, 'shop-tcp-nlb');
		const eip = named(world, 'eip-shop-nlb');
		expect(eip.managed).toEqual([nlbEip]);
		enable(world, ['Nlb-Loadbalancer:Vpc-Eip']);
		// Enabling alone delivers nothing (no apply-to-existing).
		expect(get(world, eip.id).inherited).toBeUndefined();
		step(world, {op: 'tag', ids: [nlb.id], tags: {release: 'r42'}});
		expect(get(world, eip.id).tags.release).toBe('r42');
		expect(get(world, eip.id).inherited).toEqual({
			release: {from: nlb.id, rule: nlbEip},
		});
	});
});

describe('transitivity and cycles', () => {
	it('one tag change on a cluster reaches instance, disk and snapshot in one step (cluster → instance → disk → snapshot)', () => {
		const world = on(demo());
		enable(world, [clusterInstance, disk, snapshotRule]);
		const cluster = make(world, 'Cs-Cluster');
		const instance = make(world, 'Ecs-Instance', {in: cluster});
		const instanceZone = get(world, instance).zone!;
		const d = make(world, 'Ecs-Disk', {zone: instanceZone});
		step(world, {op: 'attach', id: d, to: instance});
		const snap = make(world, 'Ecs-Snapshot', {in: d});
		const seq = world.data.nextSeq;

		const result = step(world, {
			op: 'tag',
			ids: [cluster],
			tags: {env: 'prod', project: 'chain'},
		});
		expect(result.event?.seq).toBe(seq);
		expect(world.data.nextSeq).toBe(seq + 1);
		expect(result.event?.ids).toEqual(
			expect.arrayContaining([cluster, instance, d, snap]),
		);
		for (const [id, from, rule] of [
			[instance, cluster, clusterInstance],
			[d, instance, disk],
			[snap, d, snapshotRule],
		] as const) {
			expect(get(world, id).tags).toMatchObject({
				env: 'prod',
				project: 'chain',
			});
			expect(get(world, id).inherited).toEqual({
				env: {from, rule},
				project: {from, rule},
			});
		}

		// A removal travels the same way.
		step(world, {op: 'untag', ids: [cluster], keys: ['project']});
		for (const id of [instance, d, snap]) {
			expect(get(world, id).tags.project).toBeUndefined();
			expect(get(world, id).tags.env).toBe('prod');
		}

		// One step: one undo takes the whole chain back.
		step(world, {op: 'undo'});
		step(world, {op: 'undo'});
		for (const id of [instance, d, snap]) {
			expect(get(world, id).tags.env).toBeUndefined();
			expect(get(world, id).inherited).toBeUndefined();
		}
	});

	it('what a new link delivers travels on: attaching a disk gives its snapshots the instance’s tags, detaching takes them back', () => {
		const world = on(demo());
		enable(world, [disk, snapshotRule]);
		const {instance, disk: d} = instanceAndDisk(world);
		const snap = make(world, 'Ecs-Snapshot', {in: d});
		const result = step(world, {op: 'attach', id: d, to: instance});
		expect(result.event?.ids).toEqual(expect.arrayContaining([d, snap]));
		expect(get(world, snap).tags).toMatchObject({env: 'prod', owner: 'ana'});
		expect(get(world, snap).inherited?.env).toEqual({
			from: d,
			rule: snapshotRule,
		});
		step(world, {op: 'detach', id: d});
		expect(get(world, snap).tags.env).toBeUndefined();
		expect(get(world, snap).tags.owner).toBeUndefined();
		// What the snapshot took from the disk's own tags at creation stays.
		expect(get(world, snap).inherited).toEqual({
			own: {from: d, rule: snapshotRule},
		});
	});

	it('the demo chain ack-prod-hz → ack-prod-node-1 → its system disk → its snapshot follows one cluster edit', () => {
		const world = on(demo());
		enable(world, [clusterInstance]);
		enable(world, [disk, snapshotRule], {existing: true});
		const cluster = named(world, 'ack-prod-hz');
		step(world, {op: 'tag', ids: [cluster.id], tags: {wave: '7'}});
		expect(named(world, 'ack-prod-node-1').tags.wave).toBe('7');
		expect(named(world, 'ack-prod-node-1-system').tags.wave).toBe('7');
		expect(named(world, 'ack-prod-node-1-system-20261031').tags.wave).toBe('7');
	});

	it('stops where paths meet again: an EIP reached from a cluster both directly and through its instance; the step terminates and is one step', () => {
		const world = on(demo());
		enable(world, [clusterInstance, clusterEip, instanceEip, clusterSg]);
		const cluster = make(world, 'Cs-Cluster');
		const instance = make(world, 'Ecs-Instance', {in: cluster});
		const eip = make(world, 'Vpc-Eip', {in: cluster});
		const sg = make(world, 'Ecs-SecurityGroup', {in: cluster});
		step(world, {op: 'associate', id: eip, to: instance});
		const seq = world.data.nextSeq;

		// The whole family in one batch, with the same key: every resource is reached more than once.
		const result = step(world, {
			op: 'tag',
			ids: [cluster, instance, eip, sg],
			tags: {loop: 'a'},
		});
		expect(result.event?.seq).toBe(seq);
		for (const id of [cluster, instance, eip, sg]) {
			expect(get(world, id).tags.loop).toBe('a');
		}

		const second = step(world, {op: 'tag', ids: [cluster], tags: {loop: 'b'}});
		expect(second.skipped).toEqual([]);
		for (const id of [instance, eip, sg]) {
			expect(get(world, id).tags.loop).toBe('b');
		}

		// The EIP's value came from one of its two primaries, by the matching rule.
		expect([
			{from: cluster, rule: clusterEip},
			{from: instance, rule: instanceEip},
		]).toContainEqual(get(world, eip).inherited?.loop);
		// Each resource is written once per step: one patch per resource.
		const ids = second.patches.filter((p) => p.c === 'r').map((p) => p.id);
		expect(ids.toSorted()).toEqual([...new Set(ids)].toSorted());
	});
});

describe('disabling (docs/behaviour.md §4: delivered tags stay, propagation stops)', () => {
	it('a disabled rule keeps delivered tags and their provenance; later primary edits do not propagate', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		const delivered = structuredClone(get(world, d));
		expect(delivered.inherited?.env).toEqual({from: instance, rule: disk});

		const off = step(world, {
			op: 'rules',
			region,
			rules: [disk],
			enable: false,
		});
		expect(off.patches.filter((p) => p.c === 'r')).toEqual([]);
		expect(get(world, d)).toEqual(delivered);
		expect(world.data.rules[`${region} ${disk}`]?.enabled).toBe(false);

		step(world, {
			op: 'tag',
			ids: [instance],
			tags: {env: 'changed', extra: 'x'},
		});
		step(world, {op: 'untag', ids: [instance], keys: ['owner']});
		expect(get(world, d)).toEqual(delivered);
	});

	it('turning the feature off keeps rule settings, delivered tags and provenance, and stops every propagation', () => {
		const world = on(demo());
		enable(world, [disk, eni]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		const delivered = structuredClone(get(world, d));
		const rules = structuredClone(world.data.rules);

		const off = step(world, {op: 'inheritance', enabled: false});
		expect(off.patches.map((p) => p.c)).toEqual(['a']);
		expect(world.data.account.inheritance.enabled).toBe(false);
		expect(world.data.rules).toEqual(rules);
		expect(get(world, d)).toEqual(delivered);

		step(world, {op: 'tag', ids: [instance], tags: {env: 'changed'}});
		expect(get(world, d)).toEqual(delivered);

		// A new link made while off is not managed either.
		const e = make(world, 'Ecs-Eni');
		step(world, {op: 'attach', id: e, to: instance});
		expect(get(world, e).inherited).toBeUndefined();
		expect(get(world, e).managed).toBeUndefined();

		// Rules cannot be changed while off.
		refused(
			world,
			{op: 'rules', region, rules: [disk], enable: true},
			'InvalidOperation.NotActivated',
		);
	});
	it('with the feature off, breaking a link is not propagation either: detach and release leave the delivered tags in place', () => {
		const world = on(demo());
		enable(world, [disk, eni]);
		const {instance, disk: d} = instanceAndDisk(world);
		const e = make(world, 'Ecs-Eni');
		step(world, {op: 'attach', id: d, to: instance});
		step(world, {op: 'attach', id: e, to: instance});
		const diskTags = structuredClone(get(world, d).tags);
		const eniTags = structuredClone(get(world, e).tags);
		expect(diskTags.env).toBe('prod');
		step(world, {op: 'inheritance', enabled: false});

		// As docs/behaviour.md §4 says: turning it off stops all propagation; every tag already on resources stays.
		step(world, {op: 'detach', id: d});
		expect(get(world, d).links).toBeUndefined();
		expect(get(world, d).tags).toEqual(diskTags);
		step(world, {op: 'release', ids: [instance]});
		expect(get(world, e).links).toBeUndefined();
		expect(get(world, e).tags).toEqual(eniTags);
	});

	it('with the rule disabled, detaching leaves the tags it delivered in place (still shown as inherited)', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		const delivered = structuredClone(get(world, d));
		step(world, {op: 'rules', region, rules: [disk], enable: false});

		step(world, {op: 'detach', id: d});
		expect(get(world, d).links).toBeUndefined();
		expect(get(world, d).tags).toEqual(delivered.tags);
		expect(get(world, d).inherited).toEqual(delivered.inherited);
	});
});

describe('provenance and direct edits', () => {
	it('a direct edit makes an inherited key the resource’s own until the primary changes that key again', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		expect(get(world, d).inherited?.env).toEqual({from: instance, rule: disk});

		step(world, {op: 'tag', ids: [d], tags: {env: 'mine'}});
		expect(get(world, d).tags.env).toBe('mine');
		expect(get(world, d).inherited?.env).toBeUndefined();
		expect(get(world, d).inherited?.owner).toEqual({
			from: instance,
			rule: disk,
		});

		// Re-setting the same value directly also makes it own.
		step(world, {op: 'tag', ids: [d], tags: {owner: 'ana'}});
		expect(get(world, d).inherited).toBeUndefined();

		// Another key of the primary changes: the own key is left alone.
		step(world, {op: 'tag', ids: [instance], tags: {tier: 'web'}});
		expect(get(world, d).tags.env).toBe('mine');
		expect(get(world, d).inherited).toEqual({
			tier: {from: instance, rule: disk},
		});

		// The primary changes env again: the disk takes it back, inherited.
		step(world, {op: 'tag', ids: [instance], tags: {env: 'prod-2'}});
		expect(get(world, d).tags.env).toBe('prod-2');
		expect(get(world, d).inherited?.env).toEqual({from: instance, rule: disk});
	});

	it('removing a key on the primary removes it only where it is still inherited from it', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		step(world, {op: 'tag', ids: [d], tags: {env: 'mine'}});
		step(world, {op: 'untag', ids: [instance], keys: ['env', 'owner']});
		expect(get(world, d).tags.env).toBe('mine');
		expect(get(world, d).tags.owner).toBeUndefined();
		expect(get(world, d).inherited).toBeUndefined();
	});

	it('narrowing the scope is not a change of the primary: a key made own keeps its value, a key removed directly stays removed', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world, {
			env: 'prod',
			team: 'web',
			owner: 'ana',
		});
		step(world, {op: 'attach', id: d, to: instance});
		step(world, {op: 'tag', ids: [d], tags: {env: 'mine'}});
		step(world, {op: 'untag', ids: [d], keys: ['owner']});
		expect(get(world, d).inherited).toEqual({
			team: {from: instance, rule: disk},
		});

		// Scope env,owner: team (inherited, now out of scope) goes; nothing else changes.
		enable(world, [disk], {keys: ['env', 'owner']});
		expect(get(world, d).tags).toEqual({
			own: 'yes',
			env: 'mine',
			'acs:tag:createdby': account,
		});
		expect(get(world, d).inherited).toBeUndefined();

		// The next change of env on the primary takes it back.
		step(world, {op: 'tag', ids: [instance], tags: {env: 'prod-2'}});
		expect(get(world, d).tags.env).toBe('prod-2');
		expect(get(world, d).inherited?.env).toEqual({from: instance, rule: disk});
	});

	it('detaching removes only the tags still inherited, not the ones made own', () => {
		const world = on(demo());
		enable(world, [disk]);
		const {instance, disk: d} = instanceAndDisk(world);
		step(world, {op: 'attach', id: d, to: instance});
		step(world, {op: 'tag', ids: [d], tags: {env: 'mine'}});
		step(world, {op: 'detach', id: d});
		expect(get(world, d).tags).toEqual({
			own: 'yes',
			env: 'mine',
			'acs:tag:createdby': account,
		});
	});
});

describe('the 20-tag quota', () => {
	it('crm-prod-1-data, which would pass 20 custom tags, is skipped and the skip recorded; the other disks are delivered (docs/demo-world.md)', () => {
		const world = on(demo());
		const crm = named(world, 'crm-prod-1');
		const crmDisk = named(world, 'crm-prod-1-data');
		const web = named(world, 'web-prod-1');
		const webDisk = named(world, 'web-prod-1-data');
		const before = structuredClone(crmDisk);

		const result = enable(world, ['Ecs-Instance:Ecs-Disk'], {existing: true});
		expect(result.skipped).toHaveLength(1);
		expect(result.skipped[0]).toMatchObject({
			id: crmDisk.id,
			from: crm.id,
			rule: disk,
			code: 'QuotaExceed.TagsPerResource',
		});
		expect(result.skipped[0]!.message).toContain(crmDisk.id);
		expect(result.event?.skipped).toEqual(result.skipped);
		expect(world.data.log.at(-1)?.skipped).toEqual(result.skipped);
		expect(get(world, crmDisk.id)).toEqual(before);
		expect(result.patches.some((p) => p.id === crmDisk.id)).toBe(false);

		// The others proceed in the same step.
		expect(get(world, webDisk.id).tags.env).toBe(web.tags.env);
		expect(get(world, webDisk.id).inherited?.env).toEqual({
			from: web.id,
			rule: disk,
		});

		// A later edit of crm-prod-1 within its own quota: the instance changes, the disk is skipped again.
		const edit = step(world, {op: 'tag', ids: [crm.id], tags: {extra: 'x'}});
		expect(get(world, crm.id).tags.extra).toBe('x');
		expect(get(world, crmDisk.id)).toEqual(before);
		expect(edit.skipped.map((s) => [s.id, s.code])).toEqual([
			[crmDisk.id, 'QuotaExceed.TagsPerResource'],
		]);
		expect(edit.event?.skipped).toHaveLength(1);
	});
});

describe('release', () => {
	it('releasing an instance first detaches its disk and ENI and unassociates its EIP, so the rules with removal take the inherited tags back', () => {
		const world = on(demo());
		enable(world, [disk, eni, instanceEip]);
		const {instance, disk: d} = instanceAndDisk(world);
		const e = make(world, 'Ecs-Eni', {tags: {own: 'yes'}});
		const eip = make(world, 'Vpc-Eip', {tags: {own: 'yes'}});
		step(world, {op: 'attach', id: d, to: instance});
		step(world, {op: 'attach', id: e, to: instance});
		step(world, {op: 'associate', id: eip, to: instance});
		for (const id of [d, e, eip]) expect(get(world, id).tags.env).toBe('prod');
		const before = snapshot(world);

		const result = step(world, {op: 'release', ids: [instance]});
		expect(world.get(instance)).toBeUndefined();
		for (const id of [d, e, eip]) {
			const r = get(world, id);
			expect(r.links).toBeUndefined();
			expect(r.managed).toBeUndefined();
			expect(r.inherited).toBeUndefined();
			expect(r.tags).toEqual({own: 'yes', 'acs:tag:createdby': account});
		}

		expect(result.event?.ids).toEqual(
			expect.arrayContaining([instance, d, e, eip]),
		);
		step(world, {op: 'undo'});
		expect(world.data.resources).toEqual(
			(before as {resources: unknown}).resources,
		);
	});
});

describe('overwrite', () => {
	it('an inherited value overwrites a same-key own tag: web-prod-1 cost=shanghai → web-prod-1-data cost=hangzhou (the example of docs/sources.md: Associated tag inheritance)', () => {
		const world = on(demo());
		const web = named(world, 'web-prod-1');
		const data = named(world, 'web-prod-1-data');
		expect(web.tags.cost).toBe('shanghai');
		expect(data.tags.cost).toBe('hangzhou');

		const result = enable(world, [disk], {existing: true});
		expect(get(world, data.id).tags.cost).toBe('shanghai');
		expect(get(world, data.id).inherited?.cost).toEqual({
			from: web.id,
			rule: disk,
		});
		const patch = result.patches.find((p) => p.id === data.id);
		expect(patch?.t?.cost).toEqual(['hangzhou', 'shanghai']);
		expect(patch?.h?.cost).toEqual([null, {from: web.id, rule: disk}]);
		// Its own key that the instance does not have stays.
		expect(get(world, data.id).tags.backup).toBe('daily');
		expect(get(world, data.id).inherited?.backup).toBeUndefined();
	});
});

describe('tag scope', () => {
	it('a rule with listed keys inherits only those keys; narrowing the scope removes inherited keys now out of scope; widening delivers the rest', () => {
		const world = on(demo());
		enable(world, [disk], {keys: ['env', 'team']});
		expect(world.data.rules[`${region} ${disk}`]?.keys).toEqual([
			'env',
			'team',
		]);
		const {instance, disk: d} = instanceAndDisk(world, {
			env: 'prod',
			team: 'web',
			owner: 'ana',
		});
		step(world, {op: 'tag', ids: [d], tags: {note: 'own'}});
		step(world, {op: 'attach', id: d, to: instance});
		expect(get(world, d).tags).toEqual({
			own: 'yes',
			note: 'own',
			env: 'prod',
			team: 'web',
			'acs:tag:createdby': account,
		});
		step(world, {op: 'tag', ids: [instance], tags: {note: 'x', env: 'p2'}});
		expect(get(world, d).tags.note).toBe('own');
		expect(get(world, d).tags.env).toBe('p2');

		// Narrowing: team is now out of scope and goes; env stays.
		const narrow = enable(world, [disk], {keys: ['env']});
		expect(get(world, d).tags.team).toBeUndefined();
		expect(get(world, d).tags.env).toBe('p2');
		expect(get(world, d).inherited).toEqual({
			env: {from: instance, rule: disk},
		});
		expect(narrow.patches.find((p) => p.id === d)?.t).toEqual({
			team: ['web', null],
		});

		// Enabling again without keys keeps the current scope.
		enable(world, [disk]);
		expect(world.data.rules[`${region} ${disk}`]?.keys).toEqual(['env']);

		// Widening to all keys (null) delivers every key of the primary.
		enable(world, [disk], {keys: null});
		expect(get(world, d).tags).toMatchObject({
			env: 'p2',
			team: 'web',
			owner: 'ana',
			note: 'x',
		});
		expect(get(world, d).inherited?.note).toEqual({from: instance, rule: disk});
	});

	it('at most 50 keys: 50 are accepted, 51 are refused with NumberExceed.TagKeys', () => {
		const world = on(demo());
		const keys = (n: number) =>
			Array.from({length: n}, (_, i) => `key-${i + 1}`);
		const error = refused(
			world,
			{op: 'rules', region, rules: [disk], enable: true, keys: keys(51)},
			'NumberExceed.TagKeys',
		);
		expect(error.message).toContain('50');
		enable(world, [disk], {keys: keys(50)});
		expect(world.data.rules[`${region} ${disk}`]?.keys).toHaveLength(50);
	});

	it('system tags (acs:) are never inherited, whatever the scope', () => {
		const world = on(demo());
		enable(world, [disk]);
		const instance = make(world, 'Ecs-Instance', {zone, tags: {env: 'prod'}});
		expect(get(world, instance).tags['acs:tag:createdby']).toBe(account);
		// A disk created without the createdby system tag, so inheritance would show.
		world.data.account.createdBy = false;
		const d = make(world, 'Ecs-Disk', {zone});
		expect(get(world, d).tags).toEqual({});
		const result = step(world, {op: 'attach', id: d, to: instance});
		expect(get(world, d).tags).toEqual({env: 'prod'});
		expect(Object.keys(get(world, d).inherited ?? {})).toEqual(['env']);
		expect(result.patches.flatMap((p) => Object.keys(p.t ?? {}))).not.toContain(
			'acs:tag:createdby',
		);

		// Not even when named in the scope: a system key is refused there.
		refused(
			world,
			{
				op: 'rules',
				region,
				rules: [disk],
				enable: true,
				keys: ['acs:tag:createdby'],
			},
			'InvalidParameter.TagKey',
		);
	});
});

describe('errors of the rule settings', () => {
	it('InvalidOperation.NotActivated: enabling or disabling a rule before the feature is on', () => {
		const world = demo();
		expect(world.data.account.inheritance).toEqual({
			enabled: false,
			role: null,
			since: null,
		});
		const error = refused(
			world,
			{op: 'rules', region, rules: [disk], enable: true},
			'InvalidOperation.NotActivated',
		);
		expect(error.message).toContain('tagdeck inheritance on');
		refused(
			world,
			{op: 'rules', region, rules: [disk], enable: false},
			'InvalidOperation.NotActivated',
		);

		// Turning it on creates the service-linked role.
		step(world, {op: 'inheritance', enabled: true});
		expect(world.data.account.inheritance).toEqual({
			enabled: true,
			role: 'AliyunServiceRoleForTag',
			since: now,
		});
		enable(world, [disk]);
	});

	it('InvalidOperation.RegionNotSupported: the message lists the 24 regions where rules can be enabled', () => {
		const world = on(demo());
		const supported = regionsFile.regions
			.filter((r) => r.inheritance)
			.map((r) => r.id);
		expect(supported).toHaveLength(24);
		for (const where of ['ap-northeast-2', 'me-east-1']) {
			const error = refused(
				world,
				{op: 'rules', region: where, rules: [disk], enable: true},
				'InvalidOperation.RegionNotSupported',
			);
			expect(error.message).toContain(where);
			for (const id of supported) expect(error.message).toContain(id);
		}

		refused(
			world,
			{op: 'rules', region: 'xx-nowhere-1', rules: [disk], enable: true},
			'InvalidParameter.Region',
		);
		step(world, {
			op: 'rules',
			region: 'cn-fuzhou',
			rules: [disk],
			enable: true,
		});
	});

	it('InvalidParameter.ExistingStatus: apply-to-existing only for rules docs/cloud-facts.md §6.1 marks Yes; a mixed list changes nothing', () => {
		const world = on(demo());
		for (const rule of [
			clusterSg,
			'Cs-Cluster:Ecs-Instance',
			nlbEip,
			'Eci-ContainerGroup:Vpc-Eip',
		]) {
			const error = refused(
				world,
				{op: 'rules', region, rules: [rule], enable: true, existing: true},
				'InvalidParameter.ExistingStatus',
			);
			expect(error.message).toMatch(/existing/v);
		}

		refused(
			world,
			{
				op: 'rules',
				region,
				rules: [disk, clusterSg],
				enable: true,
				existing: true,
			},
			'InvalidParameter.ExistingStatus',
		);
		// Without apply-to-existing the same rule is accepted.
		enable(world, [clusterSg]);
		expect(world.data.rules[`${region} ${clusterSg}`]?.existing).toBe(false);
	});

	it('InvalidSettingName.NotFound: an unknown rule; a rule is named by SettingName or its Primary:Associated tail', () => {
		const world = on(demo());
		for (const name of [
			'Ecs-Instance:Ecs-Nothing',
			'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance',
			'Disk',
		]) {
			const error = refused(
				world,
				{op: 'rules', region, rules: [name], enable: true},
				'InvalidSettingName.NotFound',
			);
			expect(error.message).toContain(name);
		}

		// One unknown name in a list refuses the whole change.
		refused(
			world,
			{op: 'rules', region, rules: [disk, 'No:Such'], enable: true},
			'InvalidSettingName.NotFound',
		);
		refused(
			world,
			{op: 'rules', region, rules: [], enable: true},
			'MissingParameter.SettingName',
		);

		step(world, {
			op: 'rules',
			region,
			rules: [disk, 'Ecs-Instance:Ecs-Eni'],
			enable: true,
		});
		expect(world.data.rules[`${region} ${disk}`]?.enabled).toBe(true);
		expect(world.data.rules[`${region} ${eni}`]?.enabled).toBe(true);
	});
});

describe('dry run, undo and redo of a batch with its inheritance', () => {
	function prepared() {
		const world = on(demo());
		enable(world, [disk, eni, instanceEip, snapshotRule], {existing: true});
		return {
			world,
			web1: named(world, 'web-prod-1'),
			web2: named(world, 'web-prod-2'),
			data1: named(world, 'web-prod-1-data'),
			snap1: named(world, 'web-prod-1-data-20261030'),
			eip1: named(world, 'eip-web-prod-1'),
		};
	}

	it('a dry run returns the inherited patches with their h provenance and changes nothing', () => {
		const {world, web1, web2, data1, snap1, eip1} = prepared();
		const before = snapshot(world);
		const dry = apply(
			world,
			{op: 'tag', ids: [web1.id, web2.id], tags: {release: 'r10'}},
			{now, dryRun: true},
		);
		expect(dry.ok).toBe(true);
		expect(dry.dryRun).toBe(true);
		expect(dry.event).toBeUndefined();
		expect(snapshot(world)).toEqual(before);
		const ids = dry.patches.map((p) => p.id);
		expect(ids).toEqual(
			expect.arrayContaining([web1.id, web2.id, data1.id, snap1.id, eip1.id]),
		);
		const dataPatch = dry.patches.find((p) => p.id === data1.id)!;
		expect(dataPatch.t).toEqual({release: [null, 'r10']});
		expect(dataPatch.h).toEqual({
			release: [null, {from: web1.id, rule: disk}],
		});
		expect(dry.patches.find((p) => p.id === snap1.id)!.h).toEqual({
			release: [null, {from: data1.id, rule: snapshotRule}],
		});
		expect(dry.patches.find((p) => p.id === eip1.id)!.h).toEqual({
			release: [null, {from: web1.id, rule: instanceEip}],
		});
		// The primaries' own edits carry no provenance.
		expect(dry.patches.find((p) => p.id === web1.id)!.h).toBeUndefined();

		// The real step makes exactly the patches the dry run showed.
		const real = step(world, {
			op: 'tag',
			ids: [web1.id, web2.id],
			tags: {release: 'r10'},
		});
		expect(real.patches).toEqual(dry.patches);
	});

	it('undo of a batch with its inheritance restores the exact world; redo re-applies it', () => {
		const {world, web1, web2, data1} = prepared();
		const before = structuredClone(world.data.resources);
		const history = structuredClone(world.data.history);
		const result = step(world, {
			op: 'tag',
			ids: [web1.id, web2.id],
			tags: {release: 'r9', cost: 'beijing'},
		});
		expect(get(world, data1.id).tags.cost).toBe('beijing');
		const after = structuredClone(world.data.resources);

		const undo = step(world, {op: 'undo'});
		expect(undo.event?.undoOf).toBe(result.event?.seq);
		expect(world.data.resources).toEqual(before);
		expect(world.data.history).toEqual({
			undo: history.undo,
			redo: [result.event!.seq],
		});

		const redo = step(world, {op: 'redo'});
		expect(redo.event?.redoOf).toBe(result.event?.seq);
		expect(world.data.resources).toEqual(after);

		step(world, {op: 'undo'});
		expect(world.data.resources).toEqual(before);
	});

	it('undo of an apply-to-existing enable restores the rule setting and every delivered tag', () => {
		const world = on(demo());
		const before = structuredClone(world.data);
		const result = enable(world, [disk, instanceEip], {existing: true});
		expect(result.patches.filter((p) => p.c === 'r').length).toBeGreaterThan(2);
		step(world, {op: 'undo'});
		expect(world.data.resources).toEqual(before.resources);
		expect(world.data.rules).toEqual(before.rules);
		step(world, {op: 'redo'});
		expect(named(world, 'web-prod-1-data').tags.cost).toBe('shanghai');
	});
});
