/*
Tagdeck serve driven by the official SDKs, unmodified, on loopback
(docs/api.md): a script tags 500 instances in calls of 50 and lists them back
page by page; a quota failure comes back in FailedResources; a bad signature
and an unknown key are refused as the API refuses them; a RAM user's calls are
decided by their policies. Each call is a step of the log, named by its action.
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {generatedWorld} from '../../source/core/generated-world.js';
import {Store} from '../../source/store/store.js';
import {
	Ecs,
	rejection,
	type SdkClient,
	Tag,
	TestServer,
} from '../helpers/serve.js';

let server: TestServer;
let tag: SdkClient;
let instances: string[];
const region = 'cn-hangzhou';

beforeAll(async () => {
	server = await TestServer.start(
		generatedWorld(7000, 'serve-test', new Date().toISOString()),
	);
	tag = server.tag();
	instances = Object.values(server.world().resources)
		.filter((r) => r.type === 'Ecs-Instance' && r.region === region)
		.map((r) => r.id)
		.toSorted()
		.slice(0, 500);
});

afterAll(async () => {
	await server?.close();
});

const arn = (id: string) =>
	`arn:acs:ecs:${region}:${server.world().account.id}:instance/${id}`;

describe('a script tags 500 instances in calls of 50 and lists them back', () => {
	test('ten TagResources calls, each a step named by its action; ListTagResources pages through all 500', async () => {
		expect(instances).toHaveLength(500);
		const before = server.world().log.length;
		for (let start = 0; start < 500; start += 50) {
			const response = await tag.tagResources(
				new Tag.TagResourcesRequest({
					regionId: region,
					resourceARN: instances.slice(start, start + 50).map((id) => arn(id)),
					tags: JSON.stringify({rehearsal: 'r1', owner: 'api-script'}),
				}),
			);
			expect(response.statusCode).toBe(200);
			expect(response.body.requestId).toMatch(/^[\dA-F\-]{36}$/v);
			expect(response.body.failedResources.failedResource).toEqual([]);
		}

		// The file says so, not only the server's memory.
		const onDisk = await new Store(server.file).load();
		for (const id of instances) {
			expect(onDisk.get(id)!.tags).toMatchObject({
				rehearsal: 'r1',
				owner: 'api-script',
			});
		}

		const steps = onDisk.data.log.slice(before);
		expect(steps).toHaveLength(10);
		const ours = new Set(instances);
		for (const step of steps) {
			expect(step.api).toBe('Tag:TagResources');
			expect(step.ids.filter((id) => ours.has(id))).toHaveLength(50);
		}

		// Paging: 7 pages of 80, each resource once, in ID order.
		const seen: string[] = [];
		let nextToken: string | undefined;
		let pages = 0;
		do {
			const response = await tag.listTagResources(
				new Tag.ListTagResourcesRequest({
					regionId: region,
					tags: JSON.stringify({rehearsal: 'r1'}),
					pageSize: 80,
					category: 'Custom',
					nextToken,
				}),
			);
			pages++;
			for (const item of response.body.tagResources) {
				expect(item.tags).toContainEqual({
					key: 'rehearsal',
					value: 'r1',
					category: 'Custom',
				});
				expect(
					item.tags.every((t: {category: string}) => t.category === 'Custom'),
				).toBe(true);
				seen.push(item.resourceARN);
			}

			nextToken =
				response.body.nextToken === '' ? undefined : response.body.nextToken;
		} while (nextToken);

		expect(pages).toBe(7);
		expect(seen).toEqual(instances.map((id) => arn(id)));
	});

	test('a page asked for after a change goes on where the last ended', async () => {
		const first = await tag.listTagResources(
			new Tag.ListTagResourcesRequest({
				regionId: region,
				tags: JSON.stringify({rehearsal: 'r1'}),
				pageSize: 100,
			}),
		);
		// The 50 after the first page lose the tag meanwhile.
		await tag.untagResources(
			new Tag.UntagResourcesRequest({
				regionId: region,
				resourceARN: instances.slice(100, 150).map((id) => arn(id)),
				tagKey: ['rehearsal'],
			}),
		);
		const second = await tag.listTagResources(
			new Tag.ListTagResourcesRequest({
				regionId: region,
				tags: JSON.stringify({rehearsal: 'r1'}),
				pageSize: 100,
				nextToken: first.body.nextToken,
			}),
		);
		expect(
			second.body.tagResources.map((r: {resourceARN: string}) => r.resourceARN),
		).toEqual(instances.slice(150, 250).map((id) => arn(id)));
		expect(server.world().log.at(-1)!.api).toBe('Tag:UntagResources');
	});

	test('a NextToken the API did not give is Invalid.NextToken (403)', async () => {
		const error = await rejection(
			tag.listTagResources(
				new Tag.ListTagResourcesRequest({regionId: region, nextToken: 'bogus'}),
			),
		);
		expect(error.code).toBe('Invalid.NextToken');
		expect(error.statusCode).toBe(403);
		expect(error.data).toMatchObject({
			Code: 'Invalid.NextToken',
			HostId: `127.0.0.1:${server.port}`,
		});
		expect(String(error.data.Recommend)).toContain('Invalid.NextToken');
	});
});

describe('per-resource failures come back in FailedResources', () => {
	test('a resource at its tag quota fails alone, with QuotaExceed.TagsPerResource; an unknown ID is InvalidResourceId.NotFound; the others are tagged', async () => {
		const full = instances[400]!;
		const store = new Store(server.file);
		const world = await store.load();
		const room =
			20 -
			Object.keys(world.get(full)!.tags).filter((k) => !k.startsWith('acs:'))
				.length;
		const filler: Record<string, string> = {};
		for (let i = 0; i < room; i++) filler[`fill${i}`] = 'x';
		expect(room).toBeGreaterThan(0);
		const filled = await store.apply({op: 'tag', ids: [full], tags: filler});
		expect(filled.ok).toBe(true);

		const response = await tag.tagResources(
			new Tag.TagResourcesRequest({
				regionId: region,
				resourceARN: [
					arn(full),
					arn(instances[401]!),
					arn('i-bp1doesnotexist0000'),
				],
				tags: JSON.stringify({wave: '2'}),
			}),
		);
		expect(response.statusCode).toBe(200);
		const failed = response.body.failedResources.failedResource as Array<{
			resourceARN: string;
			result: {code: string; message: string};
		}>;
		// The ARN that names nothing fails first, before the step.
		expect(failed.map((f) => [f.resourceARN, f.result.code])).toEqual([
			[arn('i-bp1doesnotexist0000'), 'InvalidResourceId.NotFound'],
			[arn(full), 'QuotaExceed.TagsPerResource'],
		]);
		expect(server.world().resources[instances[401]!]!.tags.wave).toBe('2');
		expect(server.world().resources[full]!.tags.wave).toBeUndefined();
	});

	test('more than 50 ARNs, or more than 10 tags, is refused whole before anything is done', async () => {
		const {revision} = server.world();
		const many = await rejection(
			tag.tagResources(
				new Tag.TagResourcesRequest({
					regionId: region,
					resourceARN: instances.slice(0, 51).map((id) => arn(id)),
					tags: JSON.stringify({a: '1'}),
				}),
			),
		);
		expect([many.code, many.statusCode]).toEqual([
			'NumberExceed.ResourceIds',
			403,
		]);
		const tags: Record<string, string> = {};
		for (let i = 0; i < 11; i++) tags[`k${i}`] = 'v';
		const eleven = await rejection(
			tag.tagResources(
				new Tag.TagResourcesRequest({
					regionId: region,
					resourceARN: [arn(instances[0]!)],
					tags: JSON.stringify(tags),
				}),
			),
		);
		expect([eleven.code, eleven.statusCode]).toEqual([
			'NumberExceed.Tags',
			403,
		]);
		const notJson = await rejection(
			tag.tagResources(
				new Tag.TagResourcesRequest({
					regionId: region,
					resourceARN: [arn(instances[0]!)],
					tags: 'env=prod',
				}),
			),
		);
		expect([notJson.code, notJson.statusCode]).toEqual([
			'InvalidParameter.Tags',
			400,
		]);
		const otherRegion = await rejection(
			tag.tagResources(
				new Tag.TagResourcesRequest({
					regionId: region,
					resourceARN: [arn(instances[0]!).replace(region, 'cn-shanghai')],
					tags: JSON.stringify({a: '1'}),
				}),
			),
		);
		expect(otherRegion.code).toBe('InvalidResourceARN.Region');
		const missing = await rejection(
			tag.tagResources(
				new Tag.TagResourcesRequest({
					resourceARN: [arn(instances[0]!)],
					tags: '{"a":"1"}',
				}),
			),
		);
		expect([missing.code, missing.statusCode]).toEqual([
			'MissingParameter.RegionId',
			404,
		]);
		expect(server.world().revision).toBe(revision);
	});
});

describe('signatures', () => {
	test('a wrong secret is SignatureDoesNotMatch and an unknown key InvalidAccessKeyId.NotFound; nothing changes', async () => {
		const {revision} = server.world();
		const request = new Tag.TagResourcesRequest({
			regionId: region,
			resourceARN: [arn(instances[0]!)],
			tags: JSON.stringify({intruder: 'yes'}),
		});
		const wrong = await rejection(
			server
				.tag({
					accessKeyId: server.root.accessKeyId,
					accessKeySecret: 'not-the-secret',
				})
				.tagResources(request),
		);
		expect([wrong.code, wrong.statusCode]).toEqual([
			'SignatureDoesNotMatch',
			400,
		]);
		const unknown = await rejection(
			server
				.tag({accessKeyId: 'LTAI00000000000000000000', accessKeySecret: 'x'})
				.tagResources(request),
		);
		expect([unknown.code, unknown.statusCode]).toEqual([
			'InvalidAccessKeyId.NotFound',
			404,
		]);
		const pop = await rejection<Error & {code: string}>(
			server
				.pop('2018-08-28', {
					accessKeyId: server.root.accessKeyId,
					accessKeySecret: 'nope',
				})
				.request('TagResources', {
					RegionId: region,
					'ResourceARN.1': arn(instances[0]!),
					Tags: '{"a":"1"}',
				}),
		);
		expect(pop.code).toBe('SignatureDoesNotMatch');
		expect(server.world().revision).toBe(revision);
	});

	test('pop-core (signature V1) works by GET and by POST form', async () => {
		const client = server.pop('2018-08-28');
		const got = await client.request('ListTagResources', {
			RegionId: region,
			'ResourceARN.1': arn(instances[0]!),
		});
		expect(got.TagResources[0].ResourceARN).toBe(arn(instances[0]!));
		const posted = await client.request(
			'UntagResources',
			{
				RegionId: region,
				'ResourceARN.1': arn(instances[0]!),
				'TagKey.1': 'owner',
			},
			{method: 'POST'},
		);
		expect(posted.FailedResources.FailedResource).toEqual([]);
		expect(server.world().resources[instances[0]!]!.tags.owner).toBeUndefined();
	});

	test('an unknown action or version is InvalidAction.NotFound (404)', async () => {
		const error = await rejection<Error & {code: string; data: any}>(
			server.pop('2018-08-28').request('TagEverything', {RegionId: region}),
		);
		expect(error.code).toBe('InvalidAction.NotFound');
		expect(error.data.Message).toContain('TagEverything');
	});
});

describe('a RAM user', () => {
	test('alice’s key is decided by her policies: Forbidden.RAM with AccessDeniedDetail, per resource in FailedResources', async () => {
		// The demo world's tutorial: alice may act on team:dev instances, but may not tag.
		const demo = await TestServer.start();
		try {
			const made = await demo.store.apply({
				op: 'ram',
				action: 'create-user',
				name: 'alice-script',
				accessKey: true,
			});
			expect(made.ok).toBe(true);
			await demo.store.apply({
				op: 'ram',
				action: 'add-to-group',
				name: 'developer',
				users: ['alice-script'],
			});
			const key = demo.keyOf('alice-script');
			const devApp = Object.values(demo.world().resources).find(
				(r) => r.name === 'dev-app-1',
			)!;
			const devArn = `arn:acs:ecs:cn-beijing:${demo.world().account.id}:instance/${devApp.id}`;
			const tagged = await demo.tag(key).tagResources(
				new Tag.TagResourcesRequest({
					regionId: 'cn-beijing',
					resourceARN: [devArn],
					tags: JSON.stringify({note: 'x'}),
				}),
			);
			const [failure] = tagged.body.failedResources.failedResource;
			expect(failure.result.code).toBe('Forbidden.RAM');
			expect(devApp.tags.note).toBeUndefined();

			const ecs = demo.ecs(key);
			const denied = await rejection(
				ecs.tagResources(
					new Ecs.TagResourcesRequest({
						regionId: 'cn-beijing',
						resourceType: 'instance',
						resourceId: [devApp.id],
						tag: [new Ecs.TagResourcesRequestTag({key: 'note', value: 'x'})],
					}),
				),
			);
			expect([denied.code, denied.statusCode]).toEqual(['Forbidden.RAM', 403]);
			expect(denied.accessDeniedDetail).toMatchObject({
				AuthAction: 'ecs:TagResources',
				NoPermissionType: 'ExplicitDeny',
				AuthPrincipalType: 'SubUser',
			});
			// The account's key may.
			await demo.ecs().tagResources(
				new Ecs.TagResourcesRequest({
					regionId: 'cn-beijing',
					resourceType: 'instance',
					resourceId: [devApp.id],
					tag: [new Ecs.TagResourcesRequestTag({key: 'note', value: ''})],
				}),
			);
			expect(demo.world().resources[devApp.id]!.tags.note).toBe('');
			expect(demo.world().log.at(-1)!.api).toBe('Ecs:TagResources');
			expect(demo.faults).toEqual([]);
		} finally {
			await demo.close();
		}
	});
});

test('no request made tagdeck fail inside', () => {
	expect(server.faults).toEqual([]);
});
