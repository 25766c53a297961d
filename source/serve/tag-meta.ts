/*
Tag API actions on keys, values and types (docs/api.md, docs/cloud-facts.md
§1.5-§1.7, §12): ListTagKeys, ListTagValues, ListResourcesByTag,
ListSupportResourceTypes, and preset tags (CreateTags, DeleteTag).

Keys and values of resources are regional: a region's are the ones its
resources carry (the core's `tagdeck keys` and `values`), as the caller may see
them; preset tags (QueryType=MetaTag) are the account's, in every region.
*/
import type {ApplyResult} from '../core/apply.js';
import {
	findRegion,
	resourceTypes,
	type ResourceType,
} from '../core/catalogue.js';
import type {TagdeckError} from '../core/errors.js';
import {presets} from '../core/governance/governance.js';
import type {Command} from '../core/model.js';
import {tagKeys, tagValues} from '../core/query.js';
import {checkKey, checkValue, own} from '../core/tags.js';
import {World} from '../core/world.js';
import {ApiError, clip, type Action, type Call, type Params} from './api.js';
import {sortedInRegion} from './paging.js';
import {
	tagPage,
	regionOf,
	tagCodes,
	tagRenamed,
	tagStatus,
	tagsOut,
} from './tag-common.js';

/** How an action gives a core refusal: another code, status or message than the product's. */
export type Refusals = Readonly<
	Record<string, {code?: string; status?: number; message?: string}>
>;

/** A core refusal as the action answers it, RAM's detail kept. */
export function refusal(
	error: Exclude<ApplyResult['error'], undefined>,
	refusals: Refusals = {},
): ApiError {
	const renamed = own(tagRenamed, error.code) ?? error.code;
	const mapped = own(refusals, renamed);
	const code = mapped?.code ?? renamed;
	return new ApiError(
		mapped?.status ?? tagStatus(code),
		code,
		mapped?.message ?? error.message,
		error.detail,
	);
}

/** Applies a command as the caller, one step named by the action; a refusal is thrown as the action gives it. */
export async function applied(
	call: Call,
	command: Command | ((world: World) => Command),
	refusals: Refusals = {},
): Promise<ApplyResult> {
	const result = await call.apply(command);
	if (!result.ok) throw refusal(result.error, refusals);
	return result;
}

/** An optional RegionId: a region tagdeck knows, or `fallback` when absent. */
export function optionalRegion(params: Params, fallback: string): string {
	const region = params.get('RegionId');
	if (region === undefined) return fallback;
	if (!findRegion(region)) {
		throw tagCodes.invalid(
			'RegionId',
			`RegionId "${clip(region)}" is not a region tagdeck knows; DescribeRegions lists them.`,
		);
	}

	return region;
}

/** The order paging keeps: by code point, as the core sorts text. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const typeByApi = new Map(resourceTypes.map((type) => [type.api, type]));

/**
The ResourceType filter: a type's Tag API name, `ALIYUN::ECS::INSTANCE`, in
upper case as the API writes it. The List actions' table gives 403.
*/
function resourceTypeOf(
	params: Params,
	required: boolean,
): ResourceType | undefined {
	const text = required
		? params.required('ResourceType')
		: params.get('ResourceType');
	if (text === undefined) return undefined;
	const type = typeByApi.get(text);
	if (!type) {
		throw new ApiError(
			403,
			'InvalidParameter.ResourceType',
			`The ResourceType "${clip(text)}" is not a type tagdeck knows: write ALIYUN::<ProductCode>::<ResourceType> in upper case, e.g. ALIYUN::ECS::INSTANCE (ListSupportResourceTypes lists the types).`,
		);
	}

	return type;
}

/** The world of one region's resources, of one type when given: what the core's key and value counts read. */
function regionOfType(
	world: World,
	region: string,
	type: ResourceType | undefined,
): World {
	if (!type) return world;
	const resources = Object.fromEntries(
		world
			.inRegion(region)
			.filter((r) => r.type === type.name)
			.map((r) => [r.id, r]),
	);
	return new World({...world.data, resources});
}

type Fuzzy = 'EQUAL' | 'PREFIX';

/** Whether a key or value passes the filter: equal to it, or starting with it (PREFIX). */
function passes(text: string, filter: string | undefined, fuzzy: Fuzzy) {
	if (filter === undefined) return true;
	return fuzzy === 'EQUAL' ? text === filter : text.startsWith(filter);
}

/** A field of the TagFilter object, as the SDKs flatten it: `TagFilter.Key`, `TagFilter.Value`. */
const tagFilter = (field: 'Key' | 'Value') => `TagFilter.${field}`;

const queryTypes = ['ResourceTag', 'MetaTag'] as const;

type KeyRow = {Key: string; Category: string; Description: string};

async function listTagKeys(call: Call) {
	const {params} = call;
	const region = regionOf(params);
	const queryType = params.oneOf('QueryType', queryTypes, 'ResourceTag');
	const category = params.oneOf('Category', ['all', 'custom', 'system'], 'all');
	const type = resourceTypeOf(params, false);
	const fuzzy = params.oneOf('FuzzyType', ['EQUAL', 'PREFIX'], 'EQUAL');
	const filter = params.get(tagFilter('Key'));
	const size = params.integer('PageSize', 1, 1000, 50);
	const world = await call.seen();
	const preset = presets(world.data);
	let rows: KeyRow[];
	if (queryType === 'MetaTag') {
		// Preset keys are the account's, in every region, and custom.
		rows = preset.map((p) => ({
			Key: p.key,
			Category: 'custom',
			Description: p.description,
		}));
	} else {
		const described = new Map(preset.map((p) => [p.key, p.description]));
		rows = tagKeys(regionOfType(world, region, type), region)
			// A resource tag exists while a resource carries it; an unbound preset key is a MetaTag.
			.filter((k) => k.resources > 0)
			.map((k) => ({
				Key: k.key,
				Category: k.system ? 'system' : 'custom',
				Description: described.get(k.key) ?? '',
			}));
	}

	const found = rows
		.filter(
			(row) =>
				(category === 'all' || row.Category === category) &&
				passes(row.Key, filter, fuzzy),
		)
		.toSorted((a, b) => byText(a.Key, b.Key));
	const {page, next} = tagPage(params, found, (row) => row.Key, size);
	return {NextToken: next ?? '', Keys: {Key: page}};
}

async function listTagValues(call: Call) {
	const {params} = call;
	const region = regionOf(params);
	const key = params.get('Key');
	if (key === undefined) {
		throw new ApiError(
			404,
			'MissingParameter.TagKey',
			'You must specify TagKey: ListTagValues lists the values of the tag key given as Key.',
		);
	}

	const queryType = params.oneOf('QueryType', queryTypes, 'ResourceTag');
	const type = resourceTypeOf(params, false);
	const fuzzy = params.oneOf('FuzzyType', ['EQUAL', 'PREFIX'], 'EQUAL');
	const filter = params.get(tagFilter('Value'));
	const size = params.integer('PageSize', 1, 1000, 50);
	const world = await call.seen();
	let values: string[];
	if (queryType === 'MetaTag') {
		const preset = presets(world.data).find((p) => p.key === key);
		if (!preset) {
			throw new ApiError(
				403,
				'MetaTagKeyNotFound',
				`The meta tag key is not found: there is no preset key "${clip(key)}" (ListTagKeys with QueryType MetaTag lists them; keys are case-sensitive).`,
			);
		}

		values = preset.values;
	} else {
		values = tagValues(regionOfType(world, region, type), key, region).map(
			(v) => v.value,
		);
	}

	const found = values
		.filter((value) => passes(value, filter, fuzzy))
		.toSorted(byText);
	const {page, next} = tagPage(params, found, (value) => value, size);
	return {NextToken: next ?? '', Values: {Value: page}};
}

/**
The types ListResourcesByTag finds by FuzzyType=NOT: those of tagdeck's types
on the API's list ("Types of resources that support queries based on the NOT
operator", docs/cloud-facts.md §1.5).
*/
const notTypes = new Set([
	'ALIYUN::ECS::INSTANCE',
	'ALIYUN::ECS::DISK',
	'ALIYUN::ECS::SNAPSHOT',
	'ALIYUN::ECS::SECURITYGROUP',
	'ALIYUN::ECS::ENI',
	'ALIYUN::ECS::DDH',
	'ALIYUN::ECS::KEYPAIR',
	'ALIYUN::ECS::LAUNCHTEMPLATE',
	'ALIYUN::VPC::VPC',
	'ALIYUN::VPC::EIP',
	'ALIYUN::VPC::NATGATEWAY',
	'ALIYUN::ALB::LOADBALANCER',
	'ALIYUN::CS::CLUSTER',
	'ALIYUN::KVSTORE::INSTANCE',
	'ALIYUN::RDS::INSTANCE',
	'ALIYUN::POLARDB::CLUSTER',
	'ALIYUN::OSS::BUCKET',
	'ALIYUN::CDN::DOMAIN',
	'ALIYUN::CEN::CEN',
	'ALIYUN::OOS::TEMPLATE',
	'ALIYUN::OOS::EXECUTION',
]);

/** A filter's key and value, read by the tag rules (a filter key may not be a system key either). */
function checkFilter(key: string, value: string | undefined) {
	try {
		checkKey(key);
	} catch (error) {
		throw new ApiError(
			400,
			'InvalidParameter.TagKey',
			(error as TagdeckError).message,
		);
	}

	if (value === undefined) return;
	try {
		checkValue(key, value);
	} catch (error) {
		throw new ApiError(
			400,
			'InvalidParameter.TagValue',
			(error as TagdeckError).message,
		);
	}
}

async function listResourcesByTag(call: Call) {
	const {params} = call;
	const region = regionOf(params);
	const type = resourceTypeOf(params, true)!;
	const key = params.get(tagFilter('Key'));
	if (key === undefined) {
		throw new ApiError(
			404,
			'MissingParameter.TagKey',
			'You must specify TagFilter.Key: ListResourcesByTag finds the resources of a type by one tag.',
		);
	}

	const value = params.get(tagFilter('Value'));
	checkFilter(key, value);
	const fuzzy = params.oneOf('FuzzyType', ['EQUAL', 'NOT'], 'EQUAL');
	if (fuzzy === 'NOT' && !notTypes.has(type.api)) {
		throw new ApiError(
			403,
			'FuzzyType.NotSupport',
			`FuzzyType NOT does not support ${type.api}; it is taken for ${[...notTypes].join(', ')}.`,
		);
	}

	const includeAll = params.boolean('IncludeAllTags', false);
	const size = params.integer('MaxResult', 1, 1000, 50);
	const world = await call.seen();
	const found = sortedInRegion(world, region).filter((resource) => {
		if (resource.type !== type.name) return false;
		const carries =
			Object.hasOwn(resource.tags, key) &&
			(value === undefined || resource.tags[key] === value);
		return fuzzy === 'EQUAL' ? carries : !carries;
	});
	const {page, next} = tagPage(params, found, (resource) => resource.id, size);
	return {
		NextToken: next ?? '',
		Resources: page.map((resource) =>
			includeAll
				? {
						ResourceId: resource.id,
						Tags: tagsOut(resource.tags, 'All', 'custom'),
					}
				: {ResourceId: resource.id},
		),
	};
}

/**
The capability items ListSupportResourceTypes names (its "Tag-related
capability items"), and whether tagdeck has each for its types. Every type
tagdeck simulates can be tagged in its console and through the Tag API, be
named in RAM conditions, be billed by tag, get the createdby tag, and be held to
a tag policy (enforcement and `tagdeck fix`); product consoles and their own
APIs, and resource groups, are not simulated.
*/
const supportItems: ReadonlyArray<{code: string; support: boolean}> = [
	{code: 'TAG_CONSOLE_SUPPORT', support: true},
	{code: 'CLOUD_RESOURCE_CONSOLE_SUPPORT', support: false},
	{code: 'TAG_RAM_SUPPORT', support: true},
	{code: 'CLOUD_RESOURCE_API_SUPPORT', support: false},
	{code: 'TAG_API_SUPPORT', support: true},
	{code: 'TAG_BILL_SUPPORT', support: true},
	{code: 'CREATED_BY_TAG_BILL_SUPPORT', support: true},
	{code: 'CREATED_BY_TAG_CONSOLE_SUPPORT', support: true},
	{code: 'TAG_POLICY_PREVENTATIVE_CHECK_SUPPORT', support: true},
	{code: 'TAG_POLICY_CHECK_REMEDIATION_SUPPORT', support: true},
	{code: 'TAG_POLICY_RG_TAG_INHERIT_SUPPORT', support: false},
];

const typeKey = (type: ResourceType) => `${type.product}:${type.arnType}`;
const typesInOrder = resourceTypes.toSorted((a, b) =>
	byText(typeKey(a), typeKey(b)),
);

async function listSupportResourceTypes(call: Call) {
	const {params} = call;
	optionalRegion(params, 'cn-shanghai');
	// Both filters take the values the response gives: `ecs`, `instance`.
	const product = params.get('ProductCode');
	const arnType = params.get('ResourceTye');
	const showItems = params.boolean('ShowItems', false);
	const supportCode = params.get('SupportCode');
	const size = params.integer('MaxResult', 1, 1000, 50);
	const supported =
		supportCode === undefined ||
		supportItems.some((item) => item.code === supportCode && item.support);
	const found = typesInOrder.filter(
		(type) =>
			supported &&
			(product === undefined || type.product === product) &&
			(arnType === undefined || type.arnType === arnType),
	);
	const {page, next} = tagPage(params, found, typeKey, size);
	return {
		NextToken: next ?? '',
		SupportResourceTypes: page.map((type) => ({
			ProductCode: type.product,
			ResourceType: type.arnType,
			ArnTemplate: `acs:${type.product}:*:*:${type.arnType}/\${ResourceId}`,
			...(showItems
				? {
						SupportItems: supportItems.map((item) => ({
							SupportCode: item.code,
							Support: item.support,
							SupportDetails: [],
						})),
					}
				: {}),
		})),
	};
}

/** CreateTags and DeleteTag are taken in cn-hangzhou only, the Tag API's central endpoint. */
function centralRegion(params: Params) {
	const region = regionOf(params);
	if (region !== 'cn-hangzhou') {
		throw new ApiError(
			403,
			'WrongEndpoint',
			`Only the central endpoint supports the create and delete operation of meta tag: call with RegionId cn-hangzhou, not ${region}. Preset tags are then seen in every region.`,
		);
	}
}

/** Preset tags per call, and values per key, as CreateTags takes them. */
const presetsPerCall = {
	max: 10,
	tooMany: (max: number) =>
		new ApiError(
			403,
			'NumberExceed.Tags',
			`CreateTags takes at most ${max} TagKeyValueParamList.N, and ${max} TagValueParamList.M of each; send the rest in another call.`,
		),
};

/** A description as tagdeck keeps it: at most 1,024 characters. */
function description(params: Params, name: string): string | undefined {
	const text = params.get(name);
	if (text !== undefined && [...text].length > 1024) {
		throw tagCodes.invalid(
			name,
			`${name} has ${[...text].length} characters; tagdeck keeps at most 1,024.`,
		);
	}

	return text;
}

/** The core's refusals of a preset change as CreateTags and DeleteTag give them. */
const presetRefusals: Refusals = {
	'InvalidParameter.TagKey': {code: 'InvalidParameter.Key', status: 403},
	'NoPermission.SystemTag': {code: 'InvalidParameter.Key', status: 403},
	'InvalidParameter.TagValue': {code: 'InvalidParameter.Value', status: 403},
	'NumberExceed.Tags': {status: 403},
	'PresetTag.Quota': {status: 403},
	MetaTagKeyNotFound: {status: 403},
	'MetaTagKey.BindingResources': {status: 403},
};

async function createTags(call: Call) {
	const {params} = call;
	centralRegion(params);
	const list = 'TagKeyValueParamList';
	const numbers = params.items(list, presetsPerCall);
	if (numbers.length === 0) {
		throw new ApiError(
			404,
			'MissingParameter.TagKeyValueParamList',
			'The parameter TagKeyValueParamList must not be null: give at least one TagKeyValueParamList.N.Key.',
		);
	}

	const add = numbers.map((n) => {
		const key = params.get(`${list}.${n}.Key`);
		if (key === undefined) {
			throw new ApiError(
				404,
				'MissingParameter.Key',
				`The Key must not be empty: ${list}.${n}.Key is missing.`,
			);
		}

		const valueList = `${list}.${n}.TagValueParamList`;
		// A value's own Description is not kept: tagdeck describes keys only.
		const values = params.items(valueList, presetsPerCall).map((m) => {
			const value = params.get(`${valueList}.${m}.Value`);
			if (value === undefined) {
				throw new ApiError(
					404,
					'MissingParameter.Value',
					`The Value must not be empty: ${valueList}.${m}.Value is missing.`,
				);
			}

			return value;
		});
		const text = description(params, `${list}.${n}.Description`);
		return {
			key,
			values: [...new Set(values)],
			...(text === undefined ? {} : {description: text}),
		};
	});
	await applied(call, {op: 'preset', add}, presetRefusals);
	return {};
}

async function deleteTag(call: Call) {
	const {params} = call;
	centralRegion(params);
	const key = params.get('Key');
	if (key === undefined) {
		throw new ApiError(
			404,
			'MissingParameter.Key',
			'The Key must not be empty: DeleteTag deletes the preset key given as Key, or its value given as Value.',
		);
	}

	const value = params.get('Value');
	await applied(
		call,
		{op: 'preset', remove: [value === undefined ? {key} : {key, value}]},
		presetRefusals,
	);
	return {};
}

export const tagMetaActions: Record<string, Action> = {
	ListTagKeys: listTagKeys,
	ListTagValues: listTagValues,
	ListResourcesByTag: listResourcesByTag,
	ListSupportResourceTypes: listSupportResourceTypes,
	CreateTags: createTags,
	DeleteTag: deleteTag,
};
