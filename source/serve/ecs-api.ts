/*
ECS's API, version 2014-05-26 (docs/api.md, docs/cloud-facts.md §2): its own
tagging by resource type and ID, all or nothing, 50 resources and 20 tags a
call. The reads are in ecs-describe.ts, the instance operations in
ecs-instances.ts.
*/
import {resourceTypes, type ResourceType} from '../core/catalogue.js';
import type {World} from '../core/world.js';
import {ApiError, type Call, clip, type Params, type Product} from './api.js';
import {
	allOrNothing,
	ecsCodes,
	ecsRegion,
	ecsRenamed,
	ecsStatus,
	tagLimit,
	tagPairs,
} from './ecs-common.js';
import {ecsDescribeActions} from './ecs-describe.js';
import {ecsInstanceActions} from './ecs-instances.js';

/** ECS's own resource types, by the name its tag API uses (`instance`, `disk`, …). */
const ecsTypes = new Map<string, ResourceType>(
	resourceTypes
		.filter((type) => type.product === 'ecs')
		.map((type) => [type.arnType, type]),
);

function resourceTypeOf(params: Params): ResourceType {
	const name = params.required('ResourceType');
	const type = ecsTypes.get(name.toLowerCase());
	if (!type) {
		throw new ApiError(
			404,
			'InvalidResourceType.NotFound',
			`The ResourceType "${clip(name)}" is not one tagdeck simulates; use one of ${[...ecsTypes.keys()].join(', ')}.`,
		);
	}

	return type;
}

const idLimit = {
	max: 50,
	tooMany: (max: number) =>
		new ApiError(
			400,
			'NumberExceed.ResourceIds',
			`The maximum number of ResourceIds is exceeded. Valid : ${max}`,
		),
};

/**
The IDs of a call: each must be a resource of the type in the region that the
caller may describe, else the whole call is InvalidResourceId.NotFound.
*/
function resourceIds(
	world: World,
	region: string,
	type: ResourceType,
	ids: string[],
): string[] {
	const missing = ids.filter((id) => {
		const resource = world.get(id);
		return resource?.type !== type.name || resource.region !== region;
	});
	if (missing.length > 0) {
		throw new ApiError(
			404,
			'InvalidResourceId.NotFound',
			`The specified ResourceIds are not found in our records: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} (no ${type.arnType} of that ID in ${region}).`,
		);
	}

	return ids;
}

async function tagResources(call: Call) {
	const {params} = call;
	const region = ecsRegion(params);
	const type = resourceTypeOf(params);
	const ids = [...new Set(params.list('ResourceId', idLimit))];
	if (ids.length === 0) throw ecsCodes.missing('ResourceId');
	const tags = tagPairs(params, 20);
	if (Object.keys(tags).length === 0) throw ecsCodes.missing('Tag');
	await allOrNothing(call, (world) => ({
		op: 'tag',
		ids: resourceIds(world, region, type, ids),
		tags,
	}));
	return {};
}

async function untagResources(call: Call) {
	const {params} = call;
	const region = ecsRegion(params);
	const type = resourceTypeOf(params);
	const ids = [...new Set(params.list('ResourceId', idLimit))];
	if (ids.length === 0) throw ecsCodes.missing('ResourceId');
	const keys = [...new Set(params.list('TagKey', tagLimit(20)))];
	const all = params.boolean('All', false);
	if (keys.length === 0 && !all) throw ecsCodes.missing('TagKey');
	await allOrNothing(call, (world) => ({
		op: 'untag',
		ids: resourceIds(world, region, type, ids),
		// All is honoured only without TagKey.N.
		...(keys.length > 0 ? {keys} : {all: true}),
	}));
	return {};
}

export const ecsProduct: Product = {
	name: 'Ecs',
	version: '2014-05-26',
	codes: ecsCodes,
	status: ecsStatus,
	renamed: ecsRenamed,
	actions: {
		TagResources: tagResources,
		UntagResources: untagResources,
		...ecsDescribeActions,
		...ecsInstanceActions,
	},
};
