import {getRegion, resolveType, typeNamed} from './catalogue.js';
import {TagdeckError} from './errors.js';
import {makeId} from './ids.js';
import {
	type LinkKind,
	type Resource,
	type WorldData,
	schemaVersion,
} from './model.js';
import {accountCreator, createdByKey} from './ops-account.js';
import {defaultImage} from './ops-lifecycle.js';
import {monthStart, replayPast} from './past.js';
import {Random, seedState} from './random.js';
import {newAccessKey} from './ram/identities.js';
import {World} from './world.js';
import {equip, generatedPast, releasedCount} from './generated-past.js';

/**
A world with no resources. The account's AccessKey pair is drawn from its own
generator (seeded by the world's seed), so the world's IDs do not depend on it.
*/
export function emptyWorld(
	accountId: string,
	seed: string | number,
	created: string,
): WorldData {
	return {
		schema: schemaVersion,
		revision: 0,
		account: {
			id: accountId,
			createdBy: true,
			quotas: {},
			inheritance: {enabled: false, role: null, since: null},
			costs: {enabled: {}, associated: false},
			tagPolicies: {attached: [], strong: false},
			accessKey: newAccessKey(
				new Random(seedState(`account-key:${seed}`)),
				created,
			),
		},
		rng: seedState(seed),
		clock: {offset: 0},
		resources: {},
		rules: {},
		invocations: {},
		ram: {},
		governance: {},
		log: [],
		nextSeq: 1,
		history: {undo: [], redo: []},
	};
}

const envs = ['prod', 'prod', 'staging', 'test', 'dev'];
const apps = [
	'shop',
	'payments',
	'search',
	'crm',
	'billing',
	'auth',
	'media',
	'analytics',
	'chat',
	'maps',
];
const owners = [
	'zhao.lei',
	'wang.fang',
	'li.na',
	'chen.jie',
	'liu.yang',
	'anna.schmidt',
	'tan.wei',
	'sato.ken',
];
const costCenters = ['infra', 'cc-1001', 'cc-1002', 'cc-2001', 'cc-3001'];
const teams = ['platform', 'web', 'data', 'mobile', 'sre'];
const miscTypes = [
	'Vpc-Vpc',
	'Vpc-VSwitch',
	'Vpc-RouteTable',
	'Ecs-Image',
	'Ecs-KeyPair',
	'Ecs-LaunchTemplate',
	'Ecs-AutoSnapshotPolicy',
	'Ecs-ReservedInstance',
	'Ecs-DedicatedHost',
	'Redis-Instance',
	'Rds-Instance',
	'Polardb-Cluster',
	'Gpdb-Instance',
	'Oss-Bucket',
	'Kms-Key',
	'Cdn-Domain',
	'Cen-Instance',
	'Sag-Ccn',
	'Oos-Template',
	'Oos-Execution',
	'Nlb-Loadbalancer',
	'Alb-LoadBalancer',
	'Eci-ContainerGroup',
	'Slb-Instance',
	'Vpc-Natgateway',
	'Ecs-SecurityGroup',
];

/** Regions a generated world populates, most resources first; Seoul has no inheritance. */
const generatedRegions = [
	'cn-hangzhou',
	'cn-hangzhou',
	'cn-hangzhou',
	'cn-shanghai',
	'cn-shanghai',
	'cn-beijing',
	'ap-southeast-1',
	'eu-central-1',
	'us-west-1',
	'ap-northeast-2',
];

/**
A deterministic world of exactly `count` resources: the same count, seed and
month of `now` (the world time it is made at) give the same file. Application
stacks (an instance with its disks, ENI, EIP and snapshots), ACK clusters with
members, Kafka instances with topics and groups, and one of every other type,
tagged the way real accounts are, created over the 600 days before last month.
Its log holds last month's past (generated-past.ts), so it has bills to show;
it is generated with as many more resources as that past releases.
*/
export function generatedWorld(
	count: number,
	seed: string,
	now: string,
): WorldData {
	if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
		throw new TagdeckError(
			'InvalidParameter.Count',
			'--resources must be a whole number from 1 to 1,000,000.',
		);
	}

	const random = new Random(seedState(`world:${seed}`));
	const accountId = String(
		1_000_000_000_000_000 + Math.floor(random.next() * 8_999_999_999_999_999),
	).slice(0, 16);
	const lastMonth = monthStart(now, -1);
	const epoch = lastMonth - 600 * 86_400_000;
	const data = emptyWorld(accountId, seed, new Date(epoch).toISOString());
	const {resources} = data;
	const release = releasedCount(count);
	const total = count + release;
	const createdBySince = 300 * 86_400;
	const creator = accountCreator(data.account);
	let unit = 0;
	let made = 0;

	const add = (
		typeName: string,
		region: string,
		zone: string | null,
		tags: Record<string, string>,
		links?: Partial<Record<LinkKind, string>>,
		name?: string,
	): Resource | undefined => {
		if (made >= total) return undefined;
		const type = typeNamed(typeName);
		const label =
			name ??
			`${type.aliases[0]}-${unit}-${random.chars('abcdefghijklmnopqrstuvwxyz0123456789', 4)}`;
		let id = makeId(type, region, random, label, links?.kafkaInstance);
		while (Object.hasOwn(resources, id))
			id = makeId(type, region, random, `${label}x`, links?.kafkaInstance);
		const resourceZone =
			type.scope === 'zone'
				? (zone ?? random.pick(getRegion(region).zones))
				: null;
		const status = type.statuses
			? random.chance(0.85)
				? 'Running'
				: 'Stopped'
			: null;
		const age = random.int(600 * 86_400);
		const resource: Resource = {
			id,
			type: typeName,
			region,
			zone: resourceZone,
			name: label,
			status,
			created: new Date(epoch + age * 1000).toISOString(),
			tags: {...tags},
		};
		// The createdby feature was turned on 300 days in: older resources lack the tag.
		if (age >= createdBySince) resource.tags[createdByKey] = creator;
		if (links) resource.links = links;
		if (typeName === 'Ecs-Instance') resource.image = defaultImage;
		resources[id] = resource;
		made++;
		return resource;
	};

	const stackTags = (): Record<string, string> => {
		if (random.chance(0.12)) return {};
		const tags: Record<string, string> = {
			env: random.pick(envs),
			app: random.pick(apps),
		};
		if (random.chance(0.7)) tags.owner = random.pick(owners);
		if (random.chance(0.5)) tags.CostCenter = random.pick(costCenters);
		if (random.chance(0.3)) tags.team = random.pick(teams);
		if (random.chance(0.05)) tags.Test = 'Server-Windows';
		return tags;
	};

	for (;;) {
		if (made >= total) break;
		unit++;
		const region = random.pick(generatedRegions);
		const zone = random.pick(getRegion(region).zones);
		const tags = stackTags();
		if (unit % 40 === 0) {
			const cluster = add('Cs-Cluster', region, null, tags);
			if (!cluster) break;
			const member = {cluster: cluster.id};
			add('Ecs-SecurityGroup', region, null, {}, member);
			const clb = add('Slb-Instance', region, null, {}, member);
			add('Vpc-Natgateway', region, null, {}, member);
			add('Ess-ScalingGroup', region, null, {}, member);
			if (clb)
				add(
					'Vpc-Eip',
					region,
					null,
					{},
					{cluster: cluster.id, associatedWith: clb.id},
				);
			for (let i = 0; i < 3; i++) {
				const node = add('Ecs-Instance', region, zone, {}, member);
				if (node) add('Ecs-Disk', region, zone, {}, {attachedTo: node.id});
			}

			continue;
		}

		if (unit % 50 === 1) {
			const kafka = add('Kafka-Instance', region, null, tags);
			if (!kafka) break;
			add(
				'Kafka-Topic',
				region,
				null,
				{},
				{kafkaInstance: kafka.id},
				`orders-${unit}`,
			);
			add(
				'Kafka-Topic',
				region,
				null,
				{},
				{kafkaInstance: kafka.id},
				`events-${unit}`,
			);
			add(
				'Kafka-ConsumerGroup',
				region,
				null,
				{},
				{kafkaInstance: kafka.id},
				`billing-${unit}`,
			);
			continue;
		}

		if (unit % 8 === 0) {
			const type = resolveType(miscTypes[(unit / 8) % miscTypes.length]!).name;
			const named = typeNamed(type).id.style === 'name';
			const name = named
				? `${type === 'Cdn-Domain' ? `cdn${unit}.example.com` : `${typeNamed(type).aliases[0]}-${unit}`}`
				: undefined;
			add(type, region, zone, random.chance(0.3) ? {} : tags, undefined, name);
			continue;
		}

		const instance = add('Ecs-Instance', region, zone, tags);
		if (!instance) break;
		const system = add(
			'Ecs-Disk',
			region,
			zone,
			random.chance(0.5) ? {} : {env: tags.env ?? 'dev'},
			{attachedTo: instance.id},
		);
		if (random.chance(0.5))
			add('Ecs-Disk', region, zone, {}, {attachedTo: instance.id});
		if (random.chance(0.3))
			add('Ecs-Eni', region, null, {}, {attachedTo: instance.id});
		if (random.chance(0.4))
			add('Vpc-Eip', region, null, {}, {associatedWith: instance.id});
		if (system && random.chance(0.3))
			add('Ecs-Snapshot', region, null, {}, {sourceDisk: system.id});
	}

	const world = new World(data);
	equip(world, random);
	const past = generatedPast(world, random, lastMonth, release, costCenters);
	data.rng = random.state;
	replayPast(world, past);
	return data;
}
