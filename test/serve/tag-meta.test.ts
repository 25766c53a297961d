/*
The Tag API's keys, values, types and preset tags through tagdeck serve,
driven by the official SDKs unmodified (docs/api.md, docs/cloud-facts.md
§1.5-§1.7, §12): each answer is checked against the world's own data, computed
here independently; paging gives every item once; preset changes are steps of
the log named by their action, undo reverses them; refusals come with the
Tag API's codes and statuses; a RAM user lists what they may describe, and is
refused what their policies do not allow.
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {resourceTypes} from '../../source/core/catalogue.js';
import {generatedWorld} from '../../source/core/generated-world.js';
import type {Resource, WorldData} from '../../source/core/model.js';
import {
	type Key,
	rejection,
	type SdkClient,
	Tag,
	TestServer,
} from '../helpers/serve.js';

let server: TestServer;
let tag: SdkClient;
const region = 'cn-hangzhou';

beforeAll(async () => {
	server = await TestServer.start(
		generatedWorld(3000, 'serve-meta', new Date().toISOString()),
	);
	tag = server.tag();
});

afterAll(async () => {
	await server?.close();
});

const inRegion = (data: WorldData, where = region): Resource[] =>
	Object.values(data.resources).filter((r) => r.region === where);

const sorted = (list: Iterable<string>) =>
	[...new Set(list)].toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Every page of a listing: calls `page` with each NextToken until the last. */
async function allPages<T>(
	page: (token: string | undefined) => Promise<{items: T[]; next: string}>,
): Promise<{items: T[]; pages: number}> {
	const items: T[] = [];
	let token: string | undefined;
	let pages = 0;
	do {
		const answer = await page(token);
		pages++;
		items.push(...answer.items);
		token = answer.next === '' ? undefined : answer.next;
	} while (token !== undefined);

	return {items, pages};
}

type KeyOut = {key: string; category: string; description: string};

async function keys(
	request: Record<string, unknown>,
	client: SdkClient = tag,
): Promise<{items: KeyOut[]; pages: number}> {
	return allPages(async (nextToken) => {
		const response = await client.listTagKeys(
			new Tag.ListTagKeysRequest({regionId: region, ...request, nextToken}),
		);
		expect(response.statusCode).toBe(200);
		return {
			items: response.body.keys.key as KeyOut[],
			next: response.body.nextToken,
		};
	});
}

async function values(
	request: Record<string, unknown>,
): Promise<{items: string[]; pages: number}> {
	return allPages(async (nextToken) => {
		const response = await tag.listTagValues(
			new Tag.ListTagValuesRequest({regionId: region, ...request, nextToken}),
		);
		return {
			items: response.body.values.value as string[],
			next: response.body.nextToken,
		};
	});
}

type ResourceOut = {
	resourceId: string;
	tags?: Array<{key: string; value: string; category: string}>;
};

async function byTag(
	request: Record<string, unknown>,
	client: SdkClient = tag,
): Promise<{items: ResourceOut[]; pages: number}> {
	return allPages(async (nextToken) => {
		const response = await client.listResourcesByTag(
			new Tag.ListResourcesByTagRequest({
				regionId: region,
				...request,
				nextToken,
			}),
		);
		return {
			items: response.body.resources as ResourceOut[],
			next: response.body.nextToken,
		};
	});
}

describe('ListTagKeys and ListTagValues: a region’s keys and values, as its resources carry them', () => {
	test('every key of the region once, in pages of 2, each with its category; system keys alone with Category=system', async () => {
		const expected = sorted(
			inRegion(server.world()).flatMap((r) => Object.keys(r.tags)),
		);
		expect(expected.length).toBeGreaterThan(4);
		const {items, pages} = await keys({pageSize: 2});
		expect(pages).toBe(Math.ceil(expected.length / 2));
		expect(items.map((k) => k.key)).toEqual(expected);
		for (const k of items) {
			expect(k.category).toBe(k.key.startsWith('acs:') ? 'system' : 'custom');
			expect(k.description).toBe('');
		}

		const system = await keys({category: 'SYSTEM'});
		expect(system.items.map((k) => k.key)).toEqual(
			expected.filter((k) => k.startsWith('acs:')),
		);
		const custom = await keys({category: 'custom', pageSize: 1000});
		expect(custom.pages).toBe(1);
		expect(custom.items.map((k) => k.key)).toEqual(
			expected.filter((k) => !k.startsWith('acs:')),
		);
	});

	test('ResourceType narrows to one type’s keys; FuzzyType PREFIX and EQUAL filter by TagFilter.Key', async () => {
		const snapshots = inRegion(server.world()).filter(
			(r) => r.type === 'Ecs-Snapshot',
		);
		expect(snapshots.length).toBeGreaterThan(0);
		const {items} = await keys({resourceType: 'ALIYUN::ECS::SNAPSHOT'});
		expect(items.map((k) => k.key)).toEqual(
			sorted(snapshots.flatMap((r) => Object.keys(r.tags))),
		);
		const prefix = await keys({
			fuzzyType: 'PREFIX',
			tagFilter: new Tag.ListTagKeysRequestTagFilter({key: 'acs:'}),
		});
		expect(prefix.items.map((k) => k.key)).toEqual(['acs:tag:createdby']);
		const equal = await keys({
			tagFilter: new Tag.ListTagKeysRequestTagFilter({key: 'env'}),
		});
		expect(equal.items).toEqual([
			{key: 'env', category: 'custom', description: ''},
		]);
	});

	test('every value of a key once, in pages; TagFilter.Value with PREFIX; a key no resource carries has none', async () => {
		const resources = inRegion(server.world());
		const owners = sorted(
			resources.flatMap((r) =>
				Object.hasOwn(r.tags, 'owner') ? [r.tags.owner!] : [],
			),
		);
		expect(owners.length).toBeGreaterThan(3);
		const {items, pages} = await values({key: 'owner', pageSize: 3});
		expect(items).toEqual(owners);
		expect(pages).toBe(Math.ceil(owners.length / 3));
		const first = owners[0]!.slice(0, 2);
		const prefixed = await values({
			key: 'owner',
			fuzzyType: 'PREFIX',
			tagFilter: new Tag.ListTagValuesRequestTagFilter({value: first}),
		});
		expect(prefixed.items).toEqual(owners.filter((v) => v.startsWith(first)));
		const none = await values({key: 'Owner'});
		expect(none.items).toEqual([]);
		// Another region has its own values.
		const elsewhere = sorted(
			inRegion(server.world(), 'cn-shanghai').flatMap((r) =>
				Object.hasOwn(r.tags, 'env') ? [r.tags.env!] : [],
			),
		);
		const shanghai = await tag.listTagValues(
			new Tag.ListTagValuesRequest({regionId: 'cn-shanghai', key: 'env'}),
		);
		expect(shanghai.body.values.value).toEqual(elsewhere);
	});

	test('refusals: no Key is MissingParameter.TagKey (404), a bad type InvalidParameter.ResourceType (403), a bad Category InvalidParameter.Category (403), a token not given Invalid.NextToken (403)', async () => {
		const noKey = await rejection(
			tag.listTagValues(new Tag.ListTagValuesRequest({regionId: region})),
		);
		expect([noKey.code, noKey.statusCode]).toEqual([
			'MissingParameter.TagKey',
			404,
		]);
		const lowerCase = await rejection(
			tag.listTagKeys(
				new Tag.ListTagKeysRequest({
					regionId: region,
					resourceType: 'ALIYUN::ECS::instance',
				}),
			),
		);
		expect([lowerCase.code, lowerCase.statusCode]).toEqual([
			'InvalidParameter.ResourceType',
			403,
		]);
		expect(String(lowerCase.data.Message)).toContain('upper case');
		const category = await rejection(
			tag.listTagKeys(
				new Tag.ListTagKeysRequest({regionId: region, category: 'mine'}),
			),
		);
		expect([category.code, category.statusCode]).toEqual([
			'InvalidParameter.Category',
			403,
		]);
		const token = await rejection(
			tag.listTagKeys(
				new Tag.ListTagKeysRequest({regionId: region, nextToken: 'abc'}),
			),
		);
		expect([token.code, token.statusCode]).toEqual(['Invalid.NextToken', 403]);
		const noRegion = await rejection(
			tag.listTagKeys(new Tag.ListTagKeysRequest({})),
		);
		expect([noRegion.code, noRegion.statusCode]).toEqual([
			'MissingParameter.RegionId',
			404,
		]);
	});
});

describe('ListResourcesByTag: one type’s resources by one tag, by ID', () => {
	const type = 'ALIYUN::ECS::INSTANCE';
	const instances = () =>
		inRegion(server.world())
			.filter((r) => r.type === 'Ecs-Instance')
			.toSorted((a, b) => (a.id < b.id ? -1 : 1));

	test('EQUAL finds those with the key (and value), NOT the others; pages of 40 give each once, in ID order', async () => {
		const all = instances();
		const prod = all.filter((r) => r.tags.env === 'prod').map((r) => r.id);
		expect(prod.length).toBeGreaterThan(40);
		const found = await byTag({
			resourceType: type,
			tagFilter: new Tag.ListResourcesByTagRequestTagFilter({
				key: 'env',
				value: 'prod',
			}),
			maxResult: 40,
		});
		expect(found.pages).toBe(Math.ceil(prod.length / 40));
		expect(found.items.map((r) => r.resourceId)).toEqual(prod);
		expect(found.items.every((r) => r.tags === undefined)).toBe(true);
		const without = await byTag({
			resourceType: type,
			fuzzyType: 'NOT',
			tagFilter: new Tag.ListResourcesByTagRequestTagFilter({key: 'team'}),
			maxResult: 1000,
		});
		expect(without.items.map((r) => r.resourceId)).toEqual(
			all.filter((r) => !Object.hasOwn(r.tags, 'team')).map((r) => r.id),
		);
	});

	test('IncludeAllTags gives each resource’s tags, categories in lower case', async () => {
		const found = await byTag({
			resourceType: type,
			tagFilter: new Tag.ListResourcesByTagRequestTagFilter({key: 'team'}),
			includeAllTags: true,
			maxResult: 1000,
		});
		const {resources} = server.world();
		expect(found.items.length).toBeGreaterThan(0);
		for (const item of found.items) {
			const {tags} = resources[item.resourceId]!;
			expect(item.tags!.toSorted((a, b) => (a.key < b.key ? -1 : 1))).toEqual(
				Object.keys(tags)
					.toSorted()
					.map((key) => ({
						key,
						value: tags[key],
						category: key.startsWith('acs:') ? 'system' : 'custom',
					})),
			);
		}
	});

	test('refusals: NOT for a type off the list is FuzzyType.NotSupport (403); no TagFilter.Key MissingParameter.TagKey (404); a system key InvalidParameter.TagKey; no type MissingParameter', async () => {
		const notSupported = await rejection(
			tag.listResourcesByTag(
				new Tag.ListResourcesByTagRequest({
					regionId: region,
					resourceType: 'ALIYUN::KMS::KEY',
					fuzzyType: 'NOT',
					tagFilter: new Tag.ListResourcesByTagRequestTagFilter({key: 'env'}),
				}),
			),
		);
		expect([notSupported.code, notSupported.statusCode]).toEqual([
			'FuzzyType.NotSupport',
			403,
		]);
		const noKey = await rejection(
			tag.listResourcesByTag(
				new Tag.ListResourcesByTagRequest({
					regionId: region,
					resourceType: type,
				}),
			),
		);
		expect([noKey.code, noKey.statusCode]).toEqual([
			'MissingParameter.TagKey',
			404,
		]);
		const system = await rejection(
			tag.listResourcesByTag(
				new Tag.ListResourcesByTagRequest({
					regionId: region,
					resourceType: type,
					tagFilter: new Tag.ListResourcesByTagRequestTagFilter({
						key: 'acs:tag:createdby',
					}),
				}),
			),
		);
		expect([system.code, system.statusCode]).toEqual([
			'InvalidParameter.TagKey',
			400,
		]);
		const noType = await rejection(
			tag.listResourcesByTag(
				new Tag.ListResourcesByTagRequest({
					regionId: region,
					tagFilter: new Tag.ListResourcesByTagRequestTagFilter({key: 'env'}),
				}),
			),
		);
		expect([noType.code, noType.statusCode]).toEqual(['MissingParameter', 400]);
		expect(String(noType.data.Message)).toContain('ResourceType');
	});
});

/** How an ARN template ends: the place of the resource's ID. */
// eslint-disable-next-line no-template-curly-in-string -- the API writes its ARN templates so
const resourceIdSlot = '${ResourceId}';

describe('ListSupportResourceTypes: the type catalogue', () => {
	test('pages of 10 give every type once, with its ARN template; ProductCode and ResourceTye filter; ShowItems lists the capability items', async () => {
		const {items, pages} = await allPages(async (nextToken) => {
			const response = await tag.listSupportResourceTypes(
				new Tag.ListSupportResourceTypesRequest({maxResult: 10, nextToken}),
			);
			return {
				items: response.body.supportResourceTypes as Array<{
					productCode: string;
					resourceType: string;
					arnTemplate: string;
					supportItems?: unknown;
				}>,
				next: response.body.nextToken ?? '',
			};
		});
		expect(pages).toBe(Math.ceil(resourceTypes.length / 10));
		expect(
			items.map((t) => `${t.productCode}:${t.resourceType}`).toSorted(),
		).toEqual(resourceTypes.map((t) => `${t.product}:${t.arnType}`).toSorted());
		expect(items).toContainEqual({
			productCode: 'ecs',
			resourceType: 'instance',
			arnTemplate: `acs:ecs:*:*:instance/${resourceIdSlot}`,
		});
		for (const t of items) {
			expect(t.arnTemplate).toBe(
				`acs:${t.productCode}:*:*:${t.resourceType}/${resourceIdSlot}`,
			);
		}

		expect(items.every((t) => t.supportItems === undefined)).toBe(true);

		const ecs = await tag.listSupportResourceTypes(
			new Tag.ListSupportResourceTypesRequest({
				productCode: 'ecs',
				resourceTye: 'instance',
				showItems: true,
			}),
		);
		const [instance, ...others] = ecs.body.supportResourceTypes;
		expect(others).toEqual([]);
		expect(instance.supportItems).toContainEqual({
			supportCode: 'TAG_API_SUPPORT',
			support: true,
			supportDetails: [],
		});
		const instances = await tag.listSupportResourceTypes(
			new Tag.ListSupportResourceTypesRequest({resourceTye: 'instance'}),
		);
		expect(
			instances.body.supportResourceTypes.map(
				(t: {productCode: string}) => t.productCode,
			),
		).toEqual(
			resourceTypes
				.filter((t) => t.arnType === 'instance')
				.map((t) => t.product)
				.toSorted(),
		);
		const rgInherit = await tag.listSupportResourceTypes(
			new Tag.ListSupportResourceTypesRequest({
				supportCode: 'TAG_POLICY_RG_TAG_INHERIT_SUPPORT',
			}),
		);
		expect(rgInherit.body.supportResourceTypes).toEqual([]);
	});
});

describe('CreateTags and DeleteTag: preset tags, the account’s in every region', () => {
	test('CreateTags makes keys with values and descriptions in one step; MetaTag lists them in any region; a key no resource carries is not a ResourceTag; undo takes them away', async () => {
		const before = server.world().log.length;
		const response = await tag.createTags(
			new Tag.CreateTagsRequest({
				regionId: region,
				tagKeyValueParamList: [
					new Tag.CreateTagsRequestTagKeyValueParamList({
						key: 'Environment',
						description: 'where it runs',
						tagValueParamList: [
							new Tag.CreateTagsRequestTagKeyValueParamListTagValueParamList({
								value: 'prod',
								description: 'production',
							}),
							new Tag.CreateTagsRequestTagKeyValueParamListTagValueParamList({
								value: 'test',
							}),
						],
					}),
					new Tag.CreateTagsRequestTagKeyValueParamList({key: 'Owner'}),
				],
			}),
		);
		expect(response.statusCode).toBe(200);
		const {log, governance} = server.world();
		expect(log).toHaveLength(before + 1);
		expect(log.at(-1)!.api).toBe('Tag:CreateTags');
		expect(governance['preset:Environment']).toMatchObject({
			values: ['prod', 'test'],
			description: 'where it runs',
		});
		const meta = await tag.listTagKeys(
			new Tag.ListTagKeysRequest({
				regionId: 'eu-central-1',
				queryType: 'MetaTag',
			}),
		);
		expect(meta.body.keys.key).toEqual([
			{key: 'Environment', category: 'custom', description: 'where it runs'},
			{key: 'Owner', category: 'custom', description: ''},
		]);
		const metaValues = await tag.listTagValues(
			new Tag.ListTagValuesRequest({
				regionId: 'ap-southeast-1',
				key: 'Environment',
				queryType: 'metatag',
			}),
		);
		expect(metaValues.body.values.value).toEqual(['prod', 'test']);
		const resourceKeys = await keys({});
		expect(resourceKeys.items.map((k) => k.key)).not.toContain('Environment');

		await server.store.apply({op: 'undo'});
		expect(server.world().governance).toEqual({});
		const gone = await rejection(
			tag.listTagValues(
				new Tag.ListTagValuesRequest({
					regionId: region,
					key: 'Environment',
					queryType: 'MetaTag',
				}),
			),
		);
		expect([gone.code, gone.statusCode]).toEqual(['MetaTagKeyNotFound', 403]);
	});

	test('a preset key carried by resources shows its description in ListTagKeys; DeleteTag takes values, then the key, refused while values or resources hold it', async () => {
		// Pop-core (signature V1) flattens the nested lists the same way.
		await server.pop('2018-08-28').request('CreateTags', {
			RegionId: region,
			TagKeyValueParamList: [
				{
					Key: 'env',
					Description: 'stage',
					TagValueParamList: [{Value: 'prod'}],
				},
				{Key: 'Stage', TagValueParamList: [{Value: 'a'}, {Value: 'b'}]},
			],
		});
		const described = await keys({
			tagFilter: new Tag.ListTagKeysRequestTagFilter({key: 'env'}),
		});
		expect(described.items).toEqual([
			{key: 'env', category: 'custom', description: 'stage'},
		]);

		const deleteTag = async (request: Record<string, string>) =>
			tag.deleteTag(new Tag.DeleteTagRequest({regionId: region, ...request}));
		const hasValues = await rejection(deleteTag({key: 'Stage'}));
		expect([hasValues.code, hasValues.statusCode]).toEqual([
			'MetaTagKeyHasValue',
			400,
		]);
		await deleteTag({key: 'Stage', value: 'a'});
		expect(server.world().log.at(-1)!.api).toBe('Tag:DeleteTag');
		await deleteTag({key: 'Stage', value: 'b'});
		await deleteTag({key: 'Stage'});
		expect(Object.keys(server.world().governance)).toEqual(['preset:env']);
		const bound = await rejection(deleteTag({key: 'env'}));
		expect([bound.code, bound.statusCode]).toEqual([
			'MetaTagKey.BindingResources',
			403,
		]);
		const unknown = await rejection(deleteTag({key: 'Stage'}));
		expect([unknown.code, unknown.statusCode]).toEqual([
			'MetaTagKeyNotFound',
			403,
		]);
		for (let n = 0; n < 4; n++) {
			await server.store.apply({op: 'undo'});
		}

		expect(server.world().governance).toEqual({});
	});

	test('refusals: outside cn-hangzhou WrongEndpoint (403); no list MissingParameter.TagKeyValueParamList (404); no Key MissingParameter.Key (404); a system key InvalidParameter.Key (403); eleven keys NumberExceed.Tags (403); nothing changes', async () => {
		const {revision} = server.world();
		const create = async (request: Record<string, unknown>) =>
			rejection(tag.createTags(new Tag.CreateTagsRequest(request)));
		const item = (key: string | undefined) =>
			new Tag.CreateTagsRequestTagKeyValueParamList({key});
		const wrong = await create({
			regionId: 'cn-shanghai',
			tagKeyValueParamList: [item('a')],
		});
		expect([wrong.code, wrong.statusCode]).toEqual(['WrongEndpoint', 403]);
		const empty = await create({regionId: region});
		expect([empty.code, empty.statusCode]).toEqual([
			'MissingParameter.TagKeyValueParamList',
			404,
		]);
		const noKey = await create({
			regionId: region,
			tagKeyValueParamList: [
				new Tag.CreateTagsRequestTagKeyValueParamList({description: 'x'}),
			],
		});
		expect([noKey.code, noKey.statusCode]).toEqual([
			'MissingParameter.Key',
			404,
		]);
		const system = await create({
			regionId: region,
			tagKeyValueParamList: [item('acs:mine')],
		});
		expect([system.code, system.statusCode]).toEqual([
			'InvalidParameter.Key',
			403,
		]);
		const eleven = await create({
			regionId: region,
			tagKeyValueParamList: Array.from({length: 11}, (_, i) => item(`k${i}`)),
		});
		expect([eleven.code, eleven.statusCode]).toEqual([
			'NumberExceed.Tags',
			403,
		]);
		const deleteWrong = await rejection(
			tag.deleteTag(
				new Tag.DeleteTagRequest({regionId: 'cn-beijing', key: 'x'}),
			),
		);
		expect([deleteWrong.code, deleteWrong.statusCode]).toEqual([
			'WrongEndpoint',
			403,
		]);
		const deleteNoKey = await rejection(
			tag.deleteTag(new Tag.DeleteTagRequest({regionId: region})),
		);
		expect([deleteNoKey.code, deleteNoKey.statusCode]).toEqual([
			'MissingParameter.Key',
			404,
		]);
		expect(server.world().revision).toBe(revision);
	});
});

describe('a RAM user', () => {
	let key: Key;
	const name = 'prod-reader';

	beforeAll(async () => {
		for (const command of [
			{op: 'ram', action: 'create-user', name, accessKey: true},
			{
				op: 'ram',
				action: 'create-policy',
				name: 'ProdInstances',
				document: JSON.stringify({
					Version: '1',
					Statement: [
						{
							Effect: 'Allow',
							Action: 'ecs:DescribeInstances',
							Resource: '*',
							Condition: {StringEquals: {'acs:ResourceTag/env': 'prod'}},
						},
					],
				}),
			},
			{op: 'ram', action: 'attach', name: 'ProdInstances', user: name},
		] as const) {
			const result = await server.store.apply(command);
			expect(result.ok, JSON.stringify(result.error)).toBe(true);
		}

		key = server.keyOf(name);
	});

	test('lists the keys and resources of what they may describe only: the prod instances', async () => {
		const mine = inRegion(server.world()).filter(
			(r) => r.type === 'Ecs-Instance' && r.tags.env === 'prod',
		);
		expect(mine.length).toBeGreaterThan(0);
		const client = server.tag(key);
		const {items} = await keys({}, client);
		expect(items.map((k) => k.key)).toEqual(
			sorted(mine.flatMap((r) => Object.keys(r.tags))),
		);
		const found = await byTag(
			{
				resourceType: 'ALIYUN::ECS::DISK',
				tagFilter: new Tag.ListResourcesByTagRequestTagFilter({key: 'env'}),
			},
			client,
		);
		expect(found.items).toEqual([]);
		const teams = await byTag(
			{
				resourceType: 'ALIYUN::ECS::INSTANCE',
				fuzzyType: 'NOT',
				tagFilter: new Tag.ListResourcesByTagRequestTagFilter({key: 'nope'}),
				maxResult: 1000,
			},
			client,
		);
		expect(teams.items.map((r) => r.resourceId)).toEqual(
			mine.map((r) => r.id).toSorted(),
		);
	});

	test('is refused CreateTags, which no policy of theirs allows: Forbidden.RAM (403) with the detail; nothing changes', async () => {
		const {revision} = server.world();
		const denied = await rejection(
			server.tag(key).createTags(
				new Tag.CreateTagsRequest({
					regionId: region,
					tagKeyValueParamList: [
						new Tag.CreateTagsRequestTagKeyValueParamList({key: 'x'}),
					],
				}),
			),
		);
		expect([denied.code, denied.statusCode]).toEqual(['Forbidden.RAM', 403]);
		expect(denied.accessDeniedDetail).toMatchObject({
			AuthAction: 'tag:CreateTags',
			NoPermissionType: 'ImplicitDeny',
			AuthPrincipalType: 'SubUser',
		});
		expect(server.world().revision).toBe(revision);
	});
});

test('no request made tagdeck fail inside', () => {
	expect(server.faults).toEqual([]);
});
