/*
ECS's reads through `tagdeck serve`, driven by the official SDKs, unmodified
(docs/api.md): DescribeRegions and DescribeZones give what data/regions.json
holds; DescribeInstances and DescribeDisks page through a region (by page
number and by NextToken), filter by IDs, tags, status, zone and name, and
refuse what ECS refuses; ECS's ListTagResources gives a row per resource and
tag, exact and fuzzy; a RAM user sees only what they may describe, and is
refused with Forbidden.RAM what they may not. Each answer is checked against
the world file's data, read here on its own.
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import regionsFile from '../../data/regions.json' with {type: 'json'};
import {generatedWorld} from '../../source/core/generated-world.js';
import type {Resource, WorldData} from '../../source/core/model.js';
import {
	Ecs,
	type Key,
	rejection,
	type SdkClient,
	TestServer,
} from '../helpers/serve.js';
import {demoData} from '../helpers/store-files.js';

let server: TestServer;
let ecs: SdkClient;
const region = 'cn-hangzhou';

beforeAll(async () => {
	server = await TestServer.start(
		generatedWorld(3000, 'ecs-describe', new Date().toISOString()),
	);
	ecs = server.ecs();
});

afterAll(async () => {
	await server?.close();
});

const byId = (a: {id: string}, b: {id: string}) =>
	a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The region's resources of a type, as the world file holds them, in ID order. */
function ofType(type: string, where = region): Resource[] {
	return Object.values(server.world().resources)
		.filter((r) => r.type === type && r.region === where)
		.toSorted(byId);
}

type Instance = {
	instanceId: string;
	instanceName: string;
	regionId: string;
	zoneId: string;
	status: string;
	instanceType: string;
	imageId: string;
	creationTime: string;
	stoppedMode: string;
	tags: {tag: Array<{tagKey: string; tagValue: string}>};
};

const tagPairs = (tags: Record<string, string>) =>
	Object.entries(tags)
		.map(([k, v]) => `${k}=${v}`)
		.toSorted();

/** Every instance the calls give, page by page, until no NextToken. */
async function everyPage(
	request: Record<string, unknown>,
	client: SdkClient = ecs,
) {
	const seen: Instance[] = [];
	let nextToken: string | undefined;
	let pages = 0;
	do {
		const response = await client.describeInstances(
			new Ecs.DescribeInstancesRequest({...request, nextToken}),
		);
		pages++;
		seen.push(...response.body.instances.instance);
		nextToken =
			response.body.nextToken === '' ? undefined : response.body.nextToken;
	} while (nextToken);

	return {seen, pages};
}

describe('DescribeRegions and DescribeZones', () => {
	test('every region of data/regions.json, with its endpoint; zones of one region', async () => {
		const response = await ecs.describeRegions(
			new Ecs.DescribeRegionsRequest({}),
		);
		const listed = response.body.regions.region as Array<
			Record<string, string>
		>;
		expect(listed.map((r) => r.regionId)).toEqual(
			regionsFile.regions.map((r) => r.id),
		);
		expect(listed.find((r) => r.regionId === 'cn-hangzhou')).toEqual({
			regionId: 'cn-hangzhou',
			localName: 'China (Hangzhou)',
			regionEndpoint: 'ecs.aliyuncs.com',
			status: 'available',
		});
		expect(
			listed.find((r) => r.regionId === 'eu-central-1')!.regionEndpoint,
		).toBe('ecs.eu-central-1.aliyuncs.com');

		const zones = await ecs.describeZones(
			new Ecs.DescribeZonesRequest({regionId: 'cn-beijing'}),
		);
		const beijing = regionsFile.regions.find((r) => r.id === 'cn-beijing')!;
		expect(
			zones.body.zones.zone.map((z: {zoneId: string}) => z.zoneId),
		).toEqual(beijing.zones);
		expect(zones.body.zones.zone[0]).toMatchObject({
			zoneId: 'cn-beijing-a',
			localName: 'Beijing Zone A',
		});

		// Pop-core (signature V1) sees the same.
		const pop = await server
			.pop('2014-05-26')
			.request('DescribeZones', {RegionId: 'ap-southeast-1'});
		expect(pop.Zones.Zone.map((z: {ZoneId: string}) => z.ZoneId)).toEqual([
			'ap-southeast-1a',
			'ap-southeast-1b',
			'ap-southeast-1c',
		]);
	});

	test('an unknown region is InvalidRegionId.NotFound, a missing one MissingParameter.RegionId (404)', async () => {
		const unknown = await rejection(
			ecs.describeZones(new Ecs.DescribeZonesRequest({regionId: 'mars-1'})),
		);
		expect([unknown.code, unknown.statusCode]).toEqual([
			'InvalidRegionId.NotFound',
			404,
		]);
		const missing = await rejection(
			ecs.describeInstances(new Ecs.DescribeInstancesRequest({})),
		);
		expect([missing.code, missing.statusCode]).toEqual([
			'MissingParameter.RegionId',
			404,
		]);
	});
});

describe('DescribeInstances', () => {
	test('pages by PageNumber give every instance of the region once, as the world holds it', async () => {
		const expected = ofType('Ecs-Instance');
		expect(expected.length).toBeGreaterThan(200);
		const seen: Instance[] = [];
		for (let page = 1; ; page++) {
			const response = await ecs.describeInstances(
				new Ecs.DescribeInstancesRequest({
					regionId: region,
					pageNumber: page,
					pageSize: 100,
				}),
			);
			expect(response.body.totalCount).toBe(expected.length);
			expect(response.body.pageNumber).toBe(page);
			expect(response.body.pageSize).toBe(100);
			const {instance} = response.body.instances;
			if (instance.length === 0) break;
			seen.push(...instance);
		}

		expect(seen.map((i) => i.instanceId)).toEqual(expected.map((r) => r.id));
		for (const [n, instance] of seen.entries()) {
			const r = expected[n]!;
			expect(instance).toMatchObject({
				instanceName: r.name,
				regionId: region,
				zoneId: r.zone,
				status: r.status,
				instanceType: r.spec,
				imageId: r.image,
				creationTime: `${r.created.slice(0, 16)}Z`,
				stoppedMode:
					r.status === 'Stopped'
						? r.economical
							? 'StopCharging'
							: 'KeepCharging'
						: 'Not-applicable',
			});
			expect(
				instance.tags.tag.map((t) => `${t.tagKey}=${t.tagValue}`).toSorted(),
			).toEqual(tagPairs(r.tags));
		}

		expect(new Set(seen.map((i) => i.stoppedMode))).toEqual(
			new Set(['Not-applicable', 'StopCharging', 'KeepCharging']),
		);
	});

	test('pages by NextToken and MaxResults give every instance once; MaxResults under 10 is 10', async () => {
		const expected = ofType('Ecs-Instance').map((r) => r.id);
		const {seen, pages} = await everyPage({regionId: region, maxResults: 40});
		expect(seen.map((i) => i.instanceId)).toEqual(expected);
		expect(pages).toBe(Math.ceil(expected.length / 40));

		const small = await ecs.describeInstances(
			new Ecs.DescribeInstancesRequest({regionId: region, maxResults: 3}),
		);
		expect(small.body.instances.instance).toHaveLength(10);
		const large = await ecs.describeInstances(
			new Ecs.DescribeInstancesRequest({regionId: region, maxResults: 500}),
		);
		expect(large.body.instances.instance).toHaveLength(100);
	});

	test('Tag.N filters AND together; a key alone matches any value', async () => {
		const all = ofType('Ecs-Instance');
		const both = all.filter(
			(r) => r.tags.env === 'prod' && r.tags.CostCenter !== undefined,
		);
		expect(both.length).toBeGreaterThan(0);
		expect(both.length).toBeLessThan(
			all.filter((r) => r.tags.env === 'prod').length,
		);
		const {seen} = await everyPage({
			regionId: region,
			maxResults: 10,
			tag: [
				new Ecs.DescribeInstancesRequestTag({key: 'env', value: 'prod'}),
				new Ecs.DescribeInstancesRequestTag({key: 'CostCenter'}),
			],
		});
		expect(seen.map((i) => i.instanceId)).toEqual(both.map((r) => r.id));
	});

	test('InstanceIds, Status, ZoneId and InstanceName narrow the list', async () => {
		const all = ofType('Ecs-Instance');
		const elsewhere = ofType('Ecs-Instance', 'cn-shanghai')[0]!;
		const picked = [all[5]!, all[1]!, all[9]!];
		const byIds = await ecs.describeInstances(
			new Ecs.DescribeInstancesRequest({
				regionId: region,
				instanceIds: JSON.stringify([...picked.map((r) => r.id), elsewhere.id]),
			}),
		);
		// In ID order; the instance of another region is not in this one.
		expect(
			byIds.body.instances.instance.map((i: Instance) => i.instanceId),
		).toEqual(picked.map((r) => r.id).toSorted());
		const none = await ecs.describeInstances(
			new Ecs.DescribeInstancesRequest({regionId: region, instanceIds: '[]'}),
		);
		expect(none.body.totalCount).toBe(0);

		const zone = all[0]!.zone!;
		const stoppedThere = all.filter(
			(r) => r.status === 'Stopped' && r.zone === zone,
		);
		const {seen} = await everyPage({
			regionId: region,
			status: 'Stopped',
			zoneId: zone,
			maxResults: 100,
		});
		expect(seen.map((i) => i.instanceId)).toEqual(
			stoppedThere.map((r) => r.id),
		);

		const {name} = all[7]!;
		const prefix = name.slice(0, name.lastIndexOf('-') + 1);
		const named = await everyPage({
			regionId: region,
			instanceName: `${prefix}*`,
			maxResults: 100,
		});
		expect(named.seen.map((i) => i.instanceId)).toEqual(
			all.filter((r) => r.name.startsWith(prefix)).map((r) => r.id),
		);
		const exact = await ecs.describeInstances(
			new Ecs.DescribeInstancesRequest({regionId: region, instanceName: name}),
		);
		expect(
			exact.body.instances.instance.map((i: Instance) => i.instanceId),
		).toEqual(all.filter((r) => r.name === name).map((r) => r.id));
	});

	test('what ECS refuses is refused with its code and status', async () => {
		const cases: Array<[Record<string, unknown>, string, number]> = [
			[{instanceIds: 'i-1,i-2'}, 'InvalidInstanceIds.Malformed', 400],
			[
				{
					instanceIds: JSON.stringify(
						Array.from({length: 101}, (_, i) => `i-${i}`),
					),
				},
				'InvalidInstanceIds.Malformed',
				400,
			],
			[{status: 'Sleeping'}, 'InvalidStatus.NotFound', 404],
			[{zoneId: 'cn-beijing-h'}, 'InvalidZoneId.NotFound', 400],
			[{pageSize: 101}, 'InvalidParameter', 400],
			[{nextToken: 'not-a-token'}, 'InvalidParameter', 400],
			[
				{tag: [new Ecs.DescribeInstancesRequestTag({value: 'prod'})]},
				'InvalidTag.Mismatch',
				400,
			],
			[
				{
					tag: Array.from(
						{length: 21},
						(_, i) => new Ecs.DescribeInstancesRequestTag({key: `k${i}`}),
					),
				},
				'InvalidTagCount',
				400,
			],
			[{dryRun: true}, 'DryRunOperation', 400],
		];
		for (const [request, code, status] of cases) {
			const error = await rejection(
				ecs.describeInstances(
					new Ecs.DescribeInstancesRequest({regionId: region, ...request}),
				),
			);
			expect([error.code, error.statusCode], code).toEqual([code, status]);
		}
	});
});

describe('DescribeDisks', () => {
	test('pages by NextToken give every disk once, with its size, category, instance and status', async () => {
		const expected = ofType('Ecs-Disk');
		expect(expected.length).toBeGreaterThan(200);
		const seen: Array<Record<string, unknown>> = [];
		let nextToken: string | undefined;
		do {
			const response = await ecs.describeDisks(
				new Ecs.DescribeDisksRequest({
					regionId: region,
					maxResults: 50,
					nextToken,
				}),
			);
			seen.push(...response.body.disks.disk);
			nextToken =
				response.body.nextToken === '' ? undefined : response.body.nextToken;
		} while (nextToken);

		expect(seen.map((d) => d.diskId)).toEqual(expected.map((r) => r.id));
		for (const [n, disk] of seen.entries()) {
			const r = expected[n]!;
			const attached = r.links?.attachedTo;
			expect(disk).toMatchObject({
				diskName: r.name,
				zoneId: r.zone,
				size: r.size,
				category: r.category,
				instanceId: attached ?? '',
				status: attached ? 'In_use' : 'Available',
			});
		}

		const available = expected.filter((r) => !r.links?.attachedTo);
		expect(available.length).toBeGreaterThan(0);
		const byStatus = await ecs.describeDisks(
			new Ecs.DescribeDisksRequest({
				regionId: region,
				status: 'Available',
				pageSize: 100,
			}),
		);
		expect(byStatus.body.totalCount).toBe(available.length);
	});

	test('InstanceId, DiskIds and Tag.N filter; too many DiskIds is InvalidDiskIds.Malformed (403), a malformed list InvalidParameter.DiskIds (400)', async () => {
		const disks = ofType('Ecs-Disk');
		const instance = disks.find((r) => r.links?.attachedTo)!.links!.attachedTo!;
		const its = await ecs.describeDisks(
			new Ecs.DescribeDisksRequest({regionId: region, instanceId: instance}),
		);
		expect(its.body.disks.disk.map((d: {diskId: string}) => d.diskId)).toEqual(
			disks.filter((r) => r.links?.attachedTo === instance).map((r) => r.id),
		);

		const tagged = disks.filter((r) => Object.keys(r.tags).length > 0);
		expect(tagged.length).toBeGreaterThan(0);
		const [key, value] = Object.entries(tagged[0]!.tags)[0]!;
		const byTag = await ecs.describeDisks(
			new Ecs.DescribeDisksRequest({
				regionId: region,
				tag: [new Ecs.DescribeDisksRequestTag({key, value})],
				pageSize: 100,
			}),
		);
		expect(
			byTag.body.disks.disk.map((d: {diskId: string}) => d.diskId),
		).toEqual(disks.filter((r) => r.tags[key] === value).map((r) => r.id));

		const byIds = await ecs.describeDisks(
			new Ecs.DescribeDisksRequest({
				regionId: region,
				diskIds: JSON.stringify([disks[3]!.id, disks[0]!.id]),
			}),
		);
		expect(byIds.body.totalCount).toBe(2);
		const many = await rejection(
			ecs.describeDisks(
				new Ecs.DescribeDisksRequest({
					regionId: region,
					diskIds: JSON.stringify(
						Array.from({length: 101}, (_, i) => `d-${i}`),
					),
				}),
			),
		);
		expect([many.code, many.statusCode]).toEqual([
			'InvalidDiskIds.Malformed',
			403,
		]);
		const notJson = await rejection(
			ecs.describeDisks(
				new Ecs.DescribeDisksRequest({regionId: region, diskIds: 'd-1,d-2'}),
			),
		);
		expect([notJson.code, notJson.statusCode]).toEqual([
			'InvalidParameter.DiskIds',
			400,
		]);
		const status = await rejection(
			ecs.describeDisks(
				new Ecs.DescribeDisksRequest({regionId: region, status: 'Lost'}),
			),
		);
		expect([status.code, status.statusCode]).toEqual([
			'InvalidStatus.ValueNotSupported',
			400,
		]);
	});
});

type Row = {
	resourceId: string;
	resourceType: string;
	tagKey: string;
	tagValue: string;
};

/** Every row of ListTagResources, page by page. */
async function everyRow(request: Record<string, unknown>) {
	const rows: Row[] = [];
	let nextToken: string | undefined;
	let pages = 0;
	do {
		const response = await ecs.listTagResources(
			new Ecs.ListTagResourcesRequest({
				regionId: region,
				resourceType: 'instance',
				...request,
				nextToken,
			}),
		);
		pages++;
		const page = response.body.tagResources.tagResource as Row[];
		expect(page.length).toBeLessThanOrEqual(50);
		rows.push(...page);
		nextToken =
			response.body.nextToken === '' ? undefined : response.body.nextToken;
	} while (nextToken);

	return {rows, pages};
}

/** The rows expected for resources: one per tag, by ID then key. */
function rowsOf(resources: Resource[], type = 'instance'): Row[] {
	return resources.flatMap((r) =>
		Object.keys(r.tags)
			.toSorted()
			.map((tagKey) => ({
				resourceId: r.id,
				resourceType: type,
				tagKey,
				tagValue: r.tags[tagKey]!,
			})),
	);
}

describe('ListTagResources (ECS)', () => {
	test('Tag.N exact: a row per resource and tag, every row once over several pages', async () => {
		const prod = ofType('Ecs-Instance').filter((r) => r.tags.env === 'prod');
		const expected = rowsOf(prod);
		expect(expected.length).toBeGreaterThan(120);
		const {rows, pages} = await everyRow({
			tag: [new Ecs.ListTagResourcesRequestTag({key: 'env', value: 'prod'})],
		});
		expect(rows).toEqual(expected);
		expect(pages).toBe(Math.ceil(expected.length / 50));

		const keyOnly = await everyRow({
			tag: [new Ecs.ListTagResourcesRequestTag({key: 'CostCenter'})],
		});
		expect(keyOnly.rows).toEqual(
			rowsOf(ofType('Ecs-Instance').filter((r) => 'CostCenter' in r.tags)),
		);
	});

	test('TagFilter.N fuzzy: a key by prefix, the values of one key OR together', async () => {
		const all = ofType('Ecs-Instance');
		const costKeys = await everyRow({
			tagFilter: [new Ecs.ListTagResourcesRequestTagFilter({tagKey: 'Cost*'})],
		});
		expect(costKeys.rows).toEqual(
			rowsOf(
				all.filter((r) =>
					Object.keys(r.tags).some((k) => k.startsWith('Cost')),
				),
			),
		);
		const values = await everyRow({
			tagFilter: [
				new Ecs.ListTagResourcesRequestTagFilter({
					tagKey: 'env',
					tagValues: ['pro*', '*agin*'],
				}),
			],
		});
		const wanted = all.filter(
			(r) =>
				r.tags.env !== undefined &&
				(r.tags.env.startsWith('pro') || r.tags.env.includes('agin')),
		);
		expect(new Set(wanted.map((r) => r.tags.env))).toEqual(
			new Set(['prod', 'staging']),
		);
		expect(values.rows).toEqual(rowsOf(wanted));

		// Pop-core (V1) flattens TagFilter.1.TagValues.N the same way.
		const pop = await server.pop('2014-05-26').request('ListTagResources', {
			RegionId: region,
			ResourceType: 'instance',
			TagFilter: [{TagKey: 'env', TagValues: ['stag*']}],
		});
		const staging = rowsOf(all.filter((r) => r.tags.env === 'staging'));
		expect(staging.length).toBeGreaterThan(50);
		expect(pop.TagResources.TagResource).toEqual(
			staging.slice(0, 50).map((row) => ({
				ResourceId: row.resourceId,
				ResourceType: row.resourceType,
				TagKey: row.tagKey,
				TagValue: row.tagValue,
			})),
		);
		expect(pop.NextToken).not.toBe('');
	});

	test('ResourceId.N lists those resources’ tags, disks by their own type', async () => {
		const disks = ofType('Ecs-Disk').filter(
			(r) => Object.keys(r.tags).length > 0,
		);
		const response = await ecs.listTagResources(
			new Ecs.ListTagResourcesRequest({
				regionId: region,
				resourceType: 'disk',
				resourceId: [disks[2]!.id, disks[0]!.id],
			}),
		);
		expect(response.body.tagResources.tagResource).toEqual(
			rowsOf([disks[0]!, disks[2]!], 'disk'),
		);
	});

	test('refusals: a value alone, both kinds of filter, no filter, no type, 51 IDs', async () => {
		const cases: Array<[Record<string, unknown>, string, number]> = [
			[
				{tag: [new Ecs.ListTagResourcesRequestTag({value: 'prod'})]},
				'InvalidParameter.TagValue',
				400,
			],
			[
				{
					tag: [new Ecs.ListTagResourcesRequestTag({key: 'env'})],
					tagFilter: [
						new Ecs.ListTagResourcesRequestTagFilter({tagKey: 'app'}),
					],
				},
				'InvalidParameter',
				400,
			],
			[{}, 'MissingParameter.Tags', 404],
			[
				{resourceType: undefined, resourceId: ['i-1']},
				'MissingParameter.ResourceType',
				404,
			],
			[
				{resourceType: 'bucket', resourceId: ['i-1']},
				'InvalidResourceType.NotFound',
				404,
			],
			[
				{resourceId: Array.from({length: 51}, (_, i) => `i-${i}`)},
				'NumberExceed.ResourceIds',
				400,
			],
		];
		for (const [request, code, status] of cases) {
			const error = await rejection(
				ecs.listTagResources(
					new Ecs.ListTagResourcesRequest({
						regionId: region,
						resourceType: 'instance',
						...request,
					}),
				),
			);
			expect([error.code, error.statusCode], code).toEqual([code, status]);
		}
	});
});

/** The demo world, where alice (group developer) has an AccessKey pair of her own. */
function demoWithAliceKey(): {data: WorldData; alice: Key} {
	const data = demoData();
	const alice = data.ram['user:alice'];
	if (alice?.kind !== 'user') throw new Error('the demo world has no alice');
	const key = {
		id: 'LTAIalice000000000000001',
		secret: 'aliceSecret0000000000000000001',
		created: alice.created,
	};
	alice.accessKeys = [key];
	return {data, alice: {accessKeyId: key.id, accessKeySecret: key.secret}};
}

describe('a RAM user', () => {
	test('alice sees the team:dev instances of cn-beijing; what she may not describe is Forbidden.RAM (403)', async () => {
		const {data, alice} = demoWithAliceKey();
		const demo = await TestServer.start(data);
		try {
			const beijing = Object.values(demo.world().resources).filter(
				(r) => r.type === 'Ecs-Instance' && r.region === 'cn-beijing',
			);
			const dev = beijing.filter((r) => r.tags.team === 'dev').toSorted(byId);
			expect(dev).toHaveLength(5);
			expect(beijing.length).toBeGreaterThan(dev.length);
			const client = demo.ecs(alice);
			const hers = await client.describeInstances(
				new Ecs.DescribeInstancesRequest({regionId: 'cn-beijing'}),
			);
			expect(hers.body.totalCount).toBe(5);
			expect(
				hers.body.instances.instance.map((i: Instance) => i.instanceId),
			).toEqual(dev.map((r) => r.id));
			// The account sees them all.
			const root = await demo
				.ecs()
				.describeInstances(
					new Ecs.DescribeInstancesRequest({regionId: 'cn-beijing'}),
				);
			expect(root.body.totalCount).toBe(beijing.length);

			const ops = beijing.find((r) => r.tags.team === 'ops')!;
			const named = await rejection(
				client.describeInstances(
					new Ecs.DescribeInstancesRequest({
						regionId: 'cn-beijing',
						instanceIds: JSON.stringify([dev[0]!.id, ops.id]),
					}),
				),
			);
			expect([named.code, named.statusCode]).toEqual(['Forbidden.RAM', 403]);
			expect(named.accessDeniedDetail).toMatchObject({
				AuthAction: 'ecs:DescribeInstances',
				AuthResource: `acs:ecs:cn-beijing:${data.account.id}:instance/${ops.id}`,
				NoPermissionType: 'ImplicitDeny',
			});

			// In cn-hangzhou she may describe no instance at all.
			const hangzhou = await rejection(
				client.describeInstances(
					new Ecs.DescribeInstancesRequest({regionId: 'cn-hangzhou'}),
				),
			);
			expect([hangzhou.code, hangzhou.statusCode]).toEqual([
				'Forbidden.RAM',
				403,
			]);
			expect(hangzhou.accessDeniedDetail?.AuthResource).toBe(
				`acs:ecs:cn-hangzhou:${data.account.id}:instance/*`,
			);
			const disks = await rejection(
				client.describeDisks(
					new Ecs.DescribeDisksRequest({regionId: 'cn-beijing'}),
				),
			);
			expect([disks.code, disks.accessDeniedDetail?.AuthAction]).toEqual([
				'Forbidden.RAM',
				'ecs:DescribeDisks',
			]);

			// ListTagResources lists only what she may describe.
			const rows = await client.listTagResources(
				new Ecs.ListTagResourcesRequest({
					regionId: 'cn-beijing',
					resourceType: 'instance',
					tag: [new Ecs.ListTagResourcesRequestTag({key: 'team'})],
				}),
			);
			expect(
				new Set(
					rows.body.tagResources.tagResource.map((row: Row) => row.resourceId),
				),
			).toEqual(new Set(dev.map((r) => r.id)));
			expect(demo.faults).toEqual([]);
		} finally {
			await demo.close();
		}
	});
});

test('no request made tagdeck fail inside', () => {
	expect(server.faults).toEqual([]);
});
