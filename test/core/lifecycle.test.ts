import {describe, expect, it} from 'vitest';
import {
	getRegion,
	resourceTypes,
	type ResourceType,
} from '../../source/core/catalogue.js';
import type {Command, Resource} from '../../source/core/model.js';
import {demo, named, run, snapshot} from '../helpers/world.js';

function created(world: ReturnType<typeof demo>, command: Command): Resource[] {
	const result = run(world, command);
	expect(result.error).toBeUndefined();
	expect(result.ok).toBe(true);
	return result.created.map((id) => world.get(id)!);
}

function refused(
	world: ReturnType<typeof demo>,
	command: Command,
	code: string,
) {
	const before = snapshot(world);
	const result = run(world, command);
	expect(result.ok).toBe(false);
	expect(result.error?.code).toBe(code);
	expect(result.created).toEqual([]);
	expect(snapshot(world)).toEqual(before);
}

function custom(resource: Resource): Record<string, string> {
	return Object.fromEntries(
		Object.entries(resource.tags).filter(([key]) => !key.startsWith('acs:')),
	);
}

/** Checks an ID against its type's format in data/types.json in `region` (docs/cloud-facts.md §5.1). */
function expectIdFormat(
	id: string,
	type: ResourceType,
	region: string,
	name: string,
	parent: string,
) {
	switch (type.id.style) {
		case 'random': {
			const code = type.id.regionCode ? getRegion(region).idCode : '';
			expect(id.startsWith(type.id.prefix + code), `${type.name} ${id}`).toBe(
				true,
			);
			const rest = id.slice(type.id.prefix.length + code.length);
			expect(rest, `${type.name} ${id}`).toMatch(/^[a-z\d]+$/v);
			expect(rest.length + code.length, `${type.name} ${id}`).toBe(
				type.id.length,
			);
			break;
		}

		case 'hex': {
			expect(id.startsWith(type.id.prefix), `${type.name} ${id}`).toBe(true);
			expect(id.slice(type.id.prefix.length), `${type.name} ${id}`).toMatch(
				new RegExp(String.raw`^[\da-f]{${type.id.length}}$`, 'v'),
			);
			break;
		}

		case 'name': {
			expect(id, type.name).toBe(name);
			break;
		}

		case 'childName': {
			expect(id, type.name).toBe(`Kafka_${parent}_${name}`);
			break;
		}
	}
}

describe('create: placement (docs/sources.md: ECS resource overview — resource locations; docs/behaviour.md §8 create)', () => {
	it('gives a zone-scoped type without --zone a zone of its region (docs/behaviour.md §8: as the real RunInstances does)', () => {
		const world = demo();
		const {zones} = getRegion('cn-shanghai');
		const instances = created(world, {
			op: 'create',
			type: 'instance',
			region: 'cn-shanghai',
			count: 20,
		});
		expect(instances).toHaveLength(20);
		for (const instance of instances) {
			expect(instance.region).toBe('cn-shanghai');
			expect(zones).toContain(instance.zone);
			expect(instance.status).toBe('Running');
		}

		const [disk] = created(world, {
			op: 'create',
			type: 'disk',
			region: 'eu-central-1',
		});
		expect(getRegion('eu-central-1').zones).toContain(disk!.zone);
	});

	it('uses the zone given when it is in the region (docs/sources.md: ECS resource overview — an instance is tied to its zone)', () => {
		const world = demo();
		const [disk] = created(world, {
			op: 'create',
			type: 'disk',
			region: 'cn-hangzhou',
			zone: 'cn-hangzhou-h',
		});
		expect(disk).toMatchObject({
			region: 'cn-hangzhou',
			zone: 'cn-hangzhou-h',
			type: 'Ecs-Disk',
		});
	});

	it('refuses a zone that is not in the region with InvalidParameter.Zone (docs/cloud-facts.md §4.3: zone IDs)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'create',
				type: 'instance',
				region: 'cn-hangzhou',
				zone: 'cn-shanghai-l',
			},
			'InvalidParameter.Zone',
		);
		refused(
			world,
			{
				op: 'create',
				type: 'instance',
				region: 'cn-hangzhou',
				zone: 'cn-hangzhou-a',
			},
			'InvalidParameter.Zone',
		);
	});

	it('refuses a zone for a region-scoped type with InvalidParameter.Zone (docs/sources.md: ECS resource overview — security group, snapshot, ENI are regional)', () => {
		const world = demo();
		for (const type of ['vpc', 'sg', 'eni', 'snapshot', 'eip']) {
			refused(
				world,
				{op: 'create', type, region: 'cn-hangzhou', zone: 'cn-hangzhou-h'},
				'InvalidParameter.Zone',
			);
		}
	});

	it('gives a region-scoped resource no zone (docs/behaviour.md §1: zone for zone-scoped types only)', () => {
		const world = demo();
		const [vpc] = created(world, {
			op: 'create',
			type: 'vpc',
			region: 'cn-beijing',
		});
		expect(vpc).toMatchObject({region: 'cn-beijing', zone: null, status: null});
	});

	it('refuses a create without a region, and an unknown region or type (docs/behaviour.md §1: regions, types)', () => {
		const world = demo();
		refused(world, {op: 'create', type: 'vpc'}, 'MissingParameter.RegionId');
		refused(
			world,
			{op: 'create', type: 'vpc', region: 'ap-south-1'},
			'InvalidParameter.Region',
		);
		refused(
			world,
			{op: 'create', type: 'spaceship', region: 'cn-hangzhou'},
			'InvalidParameter.Type',
		);
	});

	it('stores the canonical type name for a type typed in any case (docs/behaviour.md §1: shown canonically)', () => {
		const world = demo();
		const [first] = created(world, {
			op: 'create',
			type: 'ALIYUN::ECS::DISK',
			region: 'cn-hangzhou',
		});
		const [second] = created(world, {
			op: 'create',
			type: 'EBS',
			region: 'cn-hangzhou',
		});
		expect(first!.type).toBe('Ecs-Disk');
		expect(second!.type).toBe('Ecs-Disk');
	});
});

describe('create --in (docs/behaviour.md §5: snapshot from a disk, topic and group in a Kafka instance, scale-out)', () => {
	it('creates a snapshot from a disk, linked to it and in its region (docs/sources.md: ECS resource overview — a snapshot backs up a disk within the same region)', () => {
		const world = demo();
		const disk = named(world, 'apollo-api-1-data');
		const [snap] = created(world, {
			op: 'create',
			type: 'snapshot',
			in: disk.id,
		});
		expect(snap).toMatchObject({
			type: 'Ecs-Snapshot',
			region: 'cn-shanghai',
			zone: null,
			links: {sourceDisk: disk.id},
		});
		expect(snap!.id).toMatch(/^s-uf6[a-z\d]{17}$/v);
	});

	it('refuses --in from another region than --region with InvalidOperation.CrossRegion (docs/behaviour.md §1: nothing crosses regions)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'create',
				type: 'snapshot',
				in: named(world, 'apollo-api-1-data').id,
				region: 'cn-hangzhou',
			},
			'InvalidOperation.CrossRegion',
		);
	});

	it('creates a topic and a consumer group in a Kafka instance (docs/cloud-facts.md §6.1 rules 5 and 6: created in)', () => {
		const world = demo();
		const kafka = named(world, 'orders-kafka');
		const [topic] = created(world, {
			op: 'create',
			type: 'topic',
			in: kafka.id,
			name: 'order-shipped',
		});
		expect(topic).toMatchObject({
			id: `Kafka_${kafka.id}_order-shipped`,
			type: 'Kafka-Topic',
			region: 'cn-hangzhou',
			name: 'order-shipped',
			links: {kafkaInstance: kafka.id},
		});
		const [group] = created(world, {
			op: 'create',
			type: 'group',
			in: kafka.id,
			name: 'audit-consumer',
		});
		expect(group).toMatchObject({
			type: 'Kafka-ConsumerGroup',
			region: 'cn-hangzhou',
			links: {kafkaInstance: kafka.id},
		});
	});

	it('refuses a topic without a Kafka instance (docs/behaviour.md §1: topics are created in a Kafka instance)', () => {
		const world = demo();
		refused(
			world,
			{op: 'create', type: 'topic', region: 'cn-hangzhou', name: 'orphan'},
			'MissingParameter.Link',
		);
	});

	it('scales out an ACK cluster: new instances belong to it, in a zone of its region (docs/cloud-facts.md §6.1 rule 8: new nodes on scale-out)', () => {
		const world = demo();
		const cluster = named(world, 'ack-apollo-staging');
		const nodes = created(world, {
			op: 'create',
			type: 'instance',
			in: cluster.id,
			count: 3,
		});
		expect(nodes).toHaveLength(3);
		for (const node of nodes) {
			expect(node).toMatchObject({
				type: 'Ecs-Instance',
				region: 'cn-shanghai',
				links: {cluster: cluster.id},
			});
			expect(getRegion('cn-shanghai').zones).toContain(node.zone);
		}
	});

	it.each([
		['a snapshot in an instance', 'snapshot', 'web-prod-1'],
		['a topic in a cluster', 'topic', 'ack-prod-hz'],
		['a disk in an instance', 'disk', 'web-prod-1'],
		['a VPC in a Kafka instance', 'vpc', 'orders-kafka'],
	])(
		'refuses %s with InvalidParameter.Link (docs/behaviour.md §1: links)',
		(_, type, parent) => {
			const world = demo();
			refused(
				world,
				{op: 'create', type, in: named(world, parent).id},
				'InvalidParameter.Link',
			);
		},
	);
});

describe('create: count, tags and IDs (docs/behaviour.md §8 create; docs/cloud-facts.md §5)', () => {
	it.each([0, 101, -1, 2.5])(
		'refuses --count %d (docs/behaviour.md §8: RunInstances Amount 1..100)',
		(count) => {
			const world = demo();
			refused(
				world,
				{op: 'create', type: 'vpc', region: 'cn-hangzhou', count},
				'InvalidParameter.Count',
			);
		},
	);

	it('creates 1 and 100 resources with distinct IDs (docs/behaviour.md §8: --count)', () => {
		const world = demo();
		expect(
			created(world, {
				op: 'create',
				type: 'vpc',
				region: 'cn-hangzhou',
				count: 1,
			}),
		).toHaveLength(1);
		const hundred = created(world, {
			op: 'create',
			type: 'eip',
			region: 'cn-hangzhou',
			count: 100,
		});
		expect(hundred).toHaveLength(100);
		expect(new Set(hundred.map((r) => r.id)).size).toBe(100);
		expect(world.resources()).toHaveLength(163 + 101);
	});

	it('tags new resources with acs:tag:createdby and the tags asked for (docs/cloud-facts.md §8: createdby system tag)', () => {
		const world = demo();
		const [disk] = created(world, {
			op: 'create',
			type: 'disk',
			region: 'cn-hangzhou',
			tags: {env: 'dev', temporary: ''},
		});
		expect(disk!.tags).toEqual({
			env: 'dev',
			temporary: '',
			'acs:tag:createdby': `customer:${world.data.account.id}`,
		});
	});

	it('gives new resources IDs in the format of data/types.json: prefix, region code, length (docs/cloud-facts.md §5.1)', () => {
		const world = demo();
		const kafka = named(world, 'orders-kafka');
		let n = 0;
		for (const type of resourceTypes) {
			n++;
			const childName = type.id.style === 'childName';
			const name = `probe-${n}`;
			const [resource] = created(world, {
				op: 'create',
				type: type.name,
				region: childName ? undefined : 'ap-southeast-1',
				in: childName ? kafka.id : undefined,
				name,
			});
			const region = childName ? kafka.region : 'ap-southeast-1';
			expect(resource!.type).toBe(type.name);
			expectIdFormat(resource!.id, type, region, name, kafka.id);
			expect(resource!.id, type.name).toMatch(/^[\da-zA-Z_.\-]+$/v);
		}
	});

	it('puts the Singapore code t4n into an ECS instance ID (docs/cloud-facts.md §5.2: region codes)', () => {
		const world = demo();
		const [instance] = created(world, {
			op: 'create',
			type: 'instance',
			region: 'ap-southeast-1',
		});
		expect(instance!.id).toMatch(/^i-t4n[a-z\d]{17}$/v);
		const [cluster] = created(world, {
			op: 'create',
			type: 'cluster',
			region: 'ap-southeast-1',
		});
		expect(cluster!.id).toMatch(/^c[\da-f]{32}$/v);
	});

	it('uses the name as the ID of a key pair and refuses a duplicate name with Duplicate.Name (docs/cloud-facts.md §5.1: identified by name)', () => {
		const world = demo();
		const [keyPair] = created(world, {
			op: 'create',
			type: 'keypair',
			region: 'cn-hangzhou',
			name: 'ops-2026',
		});
		expect(keyPair!.id).toBe('ops-2026');
		refused(
			world,
			{op: 'create', type: 'keypair', region: 'cn-hangzhou', name: 'ops-2026'},
			'Duplicate.Name',
		);
		refused(
			world,
			{
				op: 'create',
				type: 'keypair',
				region: 'cn-hangzhou',
				name: 'shop-deploy',
			},
			'Duplicate.Name',
		);
		refused(
			world,
			{
				op: 'create',
				type: 'bucket',
				region: 'cn-hangzhou',
				name: 'shop-assets-hz',
			},
			'Duplicate.Name',
		);
	});

	it('refuses a name that cannot be an ID with InvalidParameter.Name (docs/cloud-facts.md §5.1: names as IDs)', () => {
		const world = demo();
		refused(
			world,
			{op: 'create', type: 'bucket', region: 'cn-hangzhou', name: 'Bad Name'},
			'InvalidParameter.Name',
		);
		refused(
			world,
			{op: 'create', type: 'vpc', region: 'cn-hangzhou', name: 'vpc\u001B[2J'},
			'InvalidParameter.Name',
		);
	});

	it('refuses a whole create when a tag is malformed (docs/behaviour.md §2: no control characters)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'create',
				type: 'disk',
				region: 'cn-hangzhou',
				count: 5,
				tags: {env: 'dev\u009B'},
			},
			'InvalidTagValue.Malformed',
		);
	});
});

describe('copy (docs/sources.md: ECS resource overview — custom images are copied and SSH key pairs imported across regions)', () => {
	it('copies a custom image to another region as a new image with a new ID and no tags (docs/sources.md: ECS resource overview — a custom image with a new ID)', () => {
		const world = demo();
		const image = named(world, 'shop-web-v3');
		const before = structuredClone(image);
		const result = run(world, {op: 'copy', id: image.id, to: 'ap-southeast-1'});
		expect(result.ok).toBe(true);
		expect(result.created).toHaveLength(1);
		const copy = world.get(result.created[0]!)!;
		expect(copy.id).not.toBe(image.id);
		expect(copy.id).toMatch(/^m-t4n[a-z\d]{17}$/v);
		expect(copy).toMatchObject({
			type: 'Ecs-Image',
			region: 'ap-southeast-1',
			zone: null,
		});
		expect(custom(copy)).toEqual({});
		expect(world.get(image.id)).toEqual(before);
	});

	it('imports a key pair into another region as a new key pair (docs/sources.md: ECS resource overview — import an SSH key pair)', () => {
		const world = demo();
		const keyPair = named(world, 'shop-deploy');
		const result = run(world, {
			op: 'copy',
			id: keyPair.id,
			to: 'ap-southeast-1',
		});
		expect(result.ok).toBe(true);
		const imported = world.get(result.created[0]!)!;
		expect(imported.id).not.toBe(keyPair.id);
		expect(imported).toMatchObject({
			type: 'Ecs-KeyPair',
			region: 'ap-southeast-1',
		});
		expect(custom(imported)).toEqual({});
		expect(world.get(keyPair.id)?.region).toBe('cn-hangzhou');
	});

	it.each([
		['a disk', 'web-prod-1-data'],
		['an instance', 'web-prod-1'],
		['a snapshot', 'web-prod-1-data-20261030'],
		['a bucket', 'shop-assets-hz'],
		['a security group', 'sg-web-prod'],
	])(
		'refuses to copy %s with InvalidOperation.NotCopyable (docs/behaviour.md §1: nothing else crosses regions)',
		(_, name) => {
			const world = demo();
			refused(
				world,
				{op: 'copy', id: named(world, name).id, to: 'ap-southeast-1'},
				'InvalidOperation.NotCopyable',
			);
		},
	);

	it('refuses a copy into the same region or an unknown one (docs/behaviour.md §1: copy to another region)', () => {
		const world = demo();
		const image = named(world, 'shop-web-v3');
		refused(
			world,
			{op: 'copy', id: image.id, to: 'cn-hangzhou'},
			'InvalidParameter.Region',
		);
		refused(
			world,
			{op: 'copy', id: image.id, to: 'ap-southeast-2'},
			'InvalidParameter.Region',
		);
		refused(
			world,
			{op: 'copy', id: 'm-bp1missing000000000', to: 'ap-southeast-1'},
			'InvalidResourceId.NotFound',
		);
	});
});
