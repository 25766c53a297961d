import {describe, expect, it} from 'vitest';
import {demo, named, run, snapshot} from '../helpers/world.js';

function refused(
	world: ReturnType<typeof demo>,
	command: Parameters<typeof run>[1],
	code: string,
) {
	const before = snapshot(world);
	const result = run(world, command);
	expect(result.ok).toBe(false);
	expect(result.error?.code).toBe(code);
	expect(snapshot(world)).toEqual(before);
	return result;
}

describe('attach a disk (docs/sources.md: ECS resource overview — an EBS device can be attached only to ECS instances within the same zone)', () => {
	it('attaches a free disk to an instance in its zone (docs/demo-world.md: scratch-data-01 and dev-box-1 in cn-hangzhou-k)', () => {
		const world = demo();
		const disk = named(world, 'scratch-data-01');
		const instance = named(world, 'dev-box-1');
		const result = run(world, {op: 'attach', id: disk.id, to: instance.id});
		expect(result.ok).toBe(true);
		expect(world.get(disk.id)!.links).toEqual({attachedTo: instance.id});
	});

	it('refuses a disk for an instance in another zone with InvalidOperation.CrossZone, naming both and their zones (docs/sources.md: ECS resource overview, docs/behaviour.md §1)', () => {
		const world = demo();
		const disk = named(world, 'scratch-data-01');
		const instance = named(world, 'win-test-1');
		const result = refused(
			world,
			{op: 'attach', id: disk.id, to: instance.id},
			'InvalidOperation.CrossZone',
		);
		expect(result.error?.message).toContain(disk.id);
		expect(result.error?.message).toContain(instance.id);
		expect(result.error?.message).toContain('cn-hangzhou-k');
		expect(result.error?.message).toContain('cn-hangzhou-j');
	});

	it('refuses sea-archive-01 for web-sea-1 in another zone of the same region (docs/demo-world.md: free disk, no instance in its zone)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'attach',
				id: named(world, 'sea-archive-01').id,
				to: named(world, 'web-sea-1').id,
			},
			'InvalidOperation.CrossZone',
		);
	});

	it('refuses a disk for an instance in another region (docs/sources.md: ECS resource overview — EBS device zone; docs/behaviour.md §1: nothing crosses regions)', () => {
		const world = demo();
		const result = refused(
			world,
			{
				op: 'attach',
				id: named(world, 'sea-archive-01').id,
				to: named(world, 'web-prod-1').id,
			},
			'InvalidOperation.CrossRegion',
		);
		expect(result.error?.message).toContain('ap-southeast-1');
		expect(result.error?.message).toContain('cn-hangzhou');
	});

	it('refuses a disk that is already attached with InvalidOperation.AlreadyLinked (docs/behaviour.md §1: attached to at most one instance)', () => {
		const world = demo();
		const disk = named(world, 'web-prod-1-data');
		const other = named(world, 'ack-prod-node-1');
		expect(other.zone).toBe(disk.zone);
		refused(
			world,
			{op: 'attach', id: disk.id, to: other.id},
			'InvalidOperation.AlreadyLinked',
		);
		refused(
			world,
			{op: 'attach', id: disk.id, to: named(world, 'web-prod-1').id},
			'InvalidOperation.AlreadyLinked',
		);
	});

	it('refuses attaching the same free disk twice (docs/behaviour.md §1: a disk is attached to at most one instance)', () => {
		const world = demo();
		const disk = named(world, 'scratch-data-01');
		const instance = named(world, 'dev-box-1');
		expect(run(world, {op: 'attach', id: disk.id, to: instance.id}).ok).toBe(
			true,
		);
		refused(
			world,
			{op: 'attach', id: disk.id, to: instance.id},
			'InvalidOperation.AlreadyLinked',
		);
	});

	it('detaches an attached disk and refuses detaching it again with InvalidOperation.NotLinked (docs/behaviour.md §5: attach / detach)', () => {
		const world = demo();
		const disk = named(world, 'web-prod-1-data');
		expect(run(world, {op: 'detach', id: disk.id}).ok).toBe(true);
		expect(world.get(disk.id)!.links).toBeUndefined();
		refused(world, {op: 'detach', id: disk.id}, 'InvalidOperation.NotLinked');
		refused(
			world,
			{op: 'detach', id: named(world, 'scratch-data-01').id},
			'InvalidOperation.NotLinked',
		);
	});
});

describe('attach an ENI (docs/sources.md: ECS resource overview — an ENI can be bound only to ECS instances within the same region)', () => {
	it('attaches an ENI to an instance in any zone of its region (docs/sources.md: ECS resource overview — ENI region)', () => {
		const world = demo();
		const eni = named(world, 'eni-spare-01');
		const instance = named(world, 'win-test-1');
		expect(run(world, {op: 'attach', id: eni.id, to: instance.id}).ok).toBe(
			true,
		);
		expect(world.get(eni.id)!.links).toEqual({attachedTo: instance.id});
	});

	it('refuses an ENI for an instance in another region with InvalidOperation.CrossRegion (docs/sources.md: ECS resource overview — ENI region)', () => {
		const world = demo();
		const eni = named(world, 'eni-spare-01');
		const instance = named(world, 'apollo-api-1');
		const result = refused(
			world,
			{op: 'attach', id: eni.id, to: instance.id},
			'InvalidOperation.CrossRegion',
		);
		expect(result.error?.message).toContain(eni.id);
		expect(result.error?.message).toContain(instance.id);
	});

	it('refuses an ENI already attached (docs/behaviour.md §1: an ENI is attached to at most one instance)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'attach',
				id: named(world, 'web-prod-1-eni-secondary').id,
				to: named(world, 'web-prod-2').id,
			},
			'InvalidOperation.AlreadyLinked',
		);
	});
});

const eipTargets = [
	['an ECS instance', 'web-prod-2'],
	['a CLB', 'ack-prod-ingress-clb'],
	['an NLB', 'shop-tcp-nlb'],
	['an ALB', 'shop-web-alb'],
	['a NAT gateway', 'ack-prod-nat'],
	['an ECI container group', 'eci-report-batch'],
	['an ACK cluster', 'ack-prod-hz'],
] as const;

describe('associate an EIP (docs/behaviour.md §1: EIP → instance, CLB, NLB, ALB, NAT gateway, ECI, ACK cluster)', () => {
	it.each(eipTargets)(
		'associates a free EIP with %s (docs/behaviour.md §1 links)',
		(_, target) => {
			const world = demo();
			const eip = named(world, 'eip-spare-01');
			const to = named(world, target);
			const result = run(world, {op: 'associate', id: eip.id, to: to.id});
			expect(result.error).toBeUndefined();
			expect(world.get(eip.id)!.links).toEqual({associatedWith: to.id});
			expect(run(world, {op: 'unassociate', id: eip.id}).ok).toBe(true);
			expect(world.get(eip.id)!.links).toBeUndefined();
		},
	);

	it('refuses an EIP for a target in another region with InvalidOperation.CrossRegion (docs/behaviour.md §1: EIPs link only within one region)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'associate',
				id: named(world, 'eip-spare-01').id,
				to: named(world, 'apollo-clb').id,
			},
			'InvalidOperation.CrossRegion',
		);
	});

	it('refuses an EIP already associated (docs/behaviour.md §1: an EIP is associated with at most one target)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'associate',
				id: named(world, 'eip-web-prod-1').id,
				to: named(world, 'shop-public-clb').id,
			},
			'InvalidOperation.AlreadyLinked',
		);
	});

	it('refuses unassociating an EIP that is not associated with InvalidOperation.NotLinked (docs/behaviour.md §5)', () => {
		const world = demo();
		refused(
			world,
			{op: 'unassociate', id: named(world, 'eip-spare-01').id},
			'InvalidOperation.NotLinked',
		);
	});
});

describe('wrong type pairs (docs/behaviour.md §1: only the listed links exist)', () => {
	const pairs = [
		['attach an EIP', 'attach', 'eip-spare-01', 'web-prod-1'],
		['attach a disk to a CLB', 'attach', 'scratch-data-01', 'shop-public-clb'],
		['attach a snapshot', 'attach', 'web-prod-2-system-20261031', 'web-prod-2'],
		['attach an instance to an instance', 'attach', 'dev-box-1', 'web-prod-1'],
		['associate a disk', 'associate', 'scratch-data-01', 'dev-box-1'],
		['associate an ENI', 'associate', 'eni-spare-01', 'web-prod-1'],
		[
			'associate an EIP with a disk',
			'associate',
			'eip-spare-01',
			'scratch-data-01',
		],
		['associate an EIP with a VPC', 'associate', 'eip-spare-01', 'vpc-prod-hz'],
		[
			'associate an EIP with an EIP',
			'associate',
			'eip-spare-01',
			'eip-web-prod-1',
		],
	] as const;

	it.each(pairs)(
		'refuses to %s with InvalidParameter.Link (docs/behaviour.md §1 links)',
		(_, op, id, to) => {
			const world = demo();
			refused(
				world,
				{op, id: named(world, id).id, to: named(world, to).id},
				'InvalidParameter.Link',
			);
		},
	);

	it('refuses to detach an EIP and to unassociate a disk with InvalidParameter.Link (docs/behaviour.md §5)', () => {
		const world = demo();
		refused(
			world,
			{op: 'detach', id: named(world, 'eip-web-prod-1').id},
			'InvalidParameter.Link',
		);
		refused(
			world,
			{op: 'unassociate', id: named(world, 'web-prod-1-data').id},
			'InvalidParameter.Link',
		);
	});

	it('refuses links to or from an unknown ID with InvalidResourceId.NotFound (docs/cloud-facts.md §1.2)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'attach',
				id: named(world, 'scratch-data-01').id,
				to: 'i-bp1missing000000000',
			},
			'InvalidResourceId.NotFound',
		);
		refused(
			world,
			{op: 'detach', id: 'd-bp1missing000000000'},
			'InvalidResourceId.NotFound',
		);
	});
});

describe('release breaks links (docs/behaviour.md §4 Release, §5)', () => {
	it('detaches the disks and ENIs and unassociates the EIPs of a released instance (docs/behaviour.md §4: release detaches first)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const children = [
			'web-prod-1-system',
			'web-prod-1-data',
			'web-prod-1-eni-secondary',
			'eip-web-prod-1',
		].map((name) => named(world, name).id);
		const result = run(world, {op: 'release', ids: [instance.id]});
		expect(result.ok).toBe(true);
		expect(world.get(instance.id)).toBeUndefined();
		for (const id of children) {
			const child = world.get(id);
			expect(child, id).toBeDefined();
			expect(child!.links, id).toBeUndefined();
		}

		// The freed disk can be attached again in its zone.
		expect(
			run(world, {
				op: 'attach',
				id: children[1]!,
				to: named(world, 'ack-prod-node-1').id,
			}).ok,
		).toBe(true);
	});

	it('keeps a snapshot and its tags when its disk is released (docs/behaviour.md §4: snapshots of a released disk keep their tags)', () => {
		const world = demo();
		const disk = named(world, 'web-prod-1-data');
		const snap = named(world, 'web-prod-1-data-20261030');
		const tags = {...snap.tags};
		expect(tags.backup).toBe('daily');
		expect(run(world, {op: 'release', ids: [disk.id]}).ok).toBe(true);
		expect(world.get(disk.id)).toBeUndefined();
		expect(world.get(snap.id)?.tags).toEqual(tags);
	});

	it('keeps the snapshot when the instance and its disk are released together (docs/behaviour.md §4 Release)', () => {
		const world = demo();
		const snap = named(world, 'api-eu-1-data-20261031');
		const result = run(world, {
			op: 'release',
			ids: [named(world, 'api-eu-1').id, named(world, 'api-eu-1-data').id],
		});
		expect(result.ok).toBe(true);
		expect(world.get(snap.id)?.tags.gdpr).toBe('personal-data');
	});

	it('releases the topics and consumer groups of a released Kafka instance (docs/behaviour.md §1: created in the Kafka instance)', () => {
		const world = demo();
		const kafka = named(world, 'orders-kafka');
		const members = [
			'order-created',
			'order-paid',
			'billing-consumer',
			'analytics-consumer',
		].map((name) => named(world, name).id);
		const result = run(world, {op: 'release', ids: [kafka.id]});
		expect(result.ok).toBe(true);
		expect(world.get(kafka.id)).toBeUndefined();
		for (const id of members) expect(world.get(id), id).toBeUndefined();
		// Shanghai's Kafka instance is untouched.
		expect(named(world, 'apollo-user-events')).toBeDefined();
	});

	it('releases a Kafka instance listed together with one of its topics (docs/behaviour.md §5: release over many resources)', () => {
		const world = demo();
		const kafka = named(world, 'orders-kafka');
		const topic = named(world, 'order-created');
		const paid = named(world, 'order-paid');
		const result = run(world, {op: 'release', ids: [kafka.id, topic.id]});
		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
		expect(world.get(kafka.id)).toBeUndefined();
		expect(world.get(topic.id)).toBeUndefined();
		expect(world.get(paid.id)).toBeUndefined();
	});

	it('takes the members out of a released ACK cluster (docs/behaviour.md §1: belongs to the cluster)', () => {
		const world = demo();
		const cluster = named(world, 'ack-prod-hz');
		const sg = named(world, 'sg-ack-prod-nodes');
		const eip = named(world, 'eip-ack-prod-apiserver');
		expect(eip.links).toEqual({
			cluster: cluster.id,
			associatedWith: cluster.id,
		});
		expect(run(world, {op: 'release', ids: [cluster.id]}).ok).toBe(true);
		expect(world.get(sg.id)?.links).toBeUndefined();
		expect(world.get(eip.id)?.links).toBeUndefined();
		expect(
			world.get(named(world, 'ack-prod-node-1').id)?.links,
		).toBeUndefined();
	});

	it('refuses to release an unknown ID and changes nothing (docs/cloud-facts.md §1.2: InvalidResourceId.NotFound)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'release',
				ids: [named(world, 'dev-box-1').id, 'i-bp1missing000000000'],
			},
			'InvalidResourceId.NotFound',
		);
	});
});
