/*
The Tag service API, version 2018-08-28 (docs/api.md, docs/cloud-facts.md §1):
tagging by ARN in batches of 50 with per-resource failures, and listing by ARN
or tag with paging. The actions of preset tags, rules, createdby and tag
policies are in tag-meta.ts and tag-account.ts.
*/
import {type Failure, TagdeckError} from '../core/errors.js';
import type {ApplyResult} from '../core/apply.js';
import type {Command} from '../core/model.js';
import {ApiError, type Call, type Product, productCode} from './api.js';
import {arnOf, parseArn} from './arn.js';
import {scanPage, sortedInRegion} from './paging.js';
import {tagAccountActions} from './tag-account.js';
import {
	carriesAll,
	nextTokenRefused,
	regionOf,
	tagCodes,
	tagRenamed,
	tagStatus,
	tagsOut,
	tagsParameter,
} from './tag-common.js';
import {tagMetaActions} from './tag-meta.js';

const arnLimit = {
	max: 50,
	tooMany: (max: number) =>
		new ApiError(
			403,
			'NumberExceed.ResourceIds',
			`A call takes at most ${max} ResourceARN.N; send the rest in further calls.`,
		),
};

/** The ARNs of a call, each read against its region and the account. */
async function namedResources(call: Call, required: boolean) {
	const region = regionOf(call.params);
	const arns = [...new Set(call.params.list('ResourceARN', arnLimit))];
	if (required && arns.length === 0) throw tagCodes.missing('ResourceARN');
	const world = await call.world();
	const accountId = world.data.account.id;
	const named = arns.map((arn) => parseArn(arn, region, accountId));
	return {region, accountId, named};
}

/** The Tag API decides its calls on its own actions, whatever the resource's service. */
const tagActions = {tag: 'tag:TagResources', untag: 'tag:UntagResources'};

type FailedResource = {
	ResourceARN: string;
	Result: {Code: string; Message: string};
};

function notFound(arn: string): FailedResource {
	return {
		ResourceARN: arn,
		Result: {
			Code: 'InvalidResourceId.NotFound',
			Message: 'The specified ResourceIds are not found in our records.',
		},
	};
}

/**
A tag or untag of ARNs: those that name no resource of their type fail at
once; the rest are one step (`--partial`), whose per-resource failures are
FailedResources too.
*/
async function changeTags(
	call: Call,
	command: (ids: string[]) => Command,
): Promise<Record<string, unknown>> {
	const {named} = await namedResources(call, true);
	const failed: FailedResource[] = [];
	const arnOfId = new Map<string, string>();
	const result: ApplyResult = await call.apply(
		(world) => {
			const ids: string[] = [];
			for (const {arn, type, id} of named) {
				// A RAM user is told "not found" of what they may not describe, as ListTagResources hides it.
				if (world.get(id)?.type === type.name) {
					ids.push(id);
					arnOfId.set(id, arn);
				} else failed.push(notFound(arn));
			}

			return command(ids);
		},
		{actions: tagActions},
	);
	if (
		!result.ok &&
		result.failures.length === 0 && // Nothing to act on is no refusal: every ARN is in FailedResources.
		result.error.code !== 'MissingParameter.ResourceIds'
	) {
		throw new TagdeckError(
			result.error.code,
			result.error.message,
			result.error.detail,
		);
	}

	for (const failure of result.failures)
		failed.push(failedOf(failure, arnOfId.get(failure.id) ?? failure.id));
	return {FailedResources: {FailedResource: failed}};
}

function failedOf(failure: Failure, arn: string): FailedResource {
	return {
		ResourceARN: arn,
		Result: {
			Code: productCode(tagProduct, failure.code),
			Message: failure.message,
		},
	};
}

async function tagResources(call: Call) {
	const tags = tagsParameter(call.params, {required: true, max: 10})!;
	return changeTags(call, (ids) => ({op: 'tag', ids, tags, partial: true}));
}

async function untagResources(call: Call) {
	const keys = call.params.list('TagKey', {
		max: 10,
		tooMany: (max) =>
			new ApiError(
				403,
				'NumberExceed.TagKeys',
				`A call removes at most ${max} TagKey.N.`,
			),
	});
	if (keys.length === 0) throw tagCodes.missing('TagKey');
	return changeTags(call, (ids) => ({
		op: 'untag',
		ids,
		keys: [...new Set(keys)],
		partial: true,
	}));
}

async function listTagResources(call: Call) {
	const {params} = call;
	const {region, accountId, named} = await namedResources(call, false);
	const filter = tagsParameter(params, {required: false, max: 10});
	const category = params.oneOf('Category', ['Custom', 'System', 'All'], 'All');
	const size = params.integer('PageSize', 1, 1000, 50);
	const world = await call.seen();
	let candidates = sortedInRegion(world, region);
	if (named.length > 0) {
		const wanted = new Set(
			named.flatMap(({type, id}) =>
				world.get(id)?.type === type.name ? [id] : [],
			),
		);
		candidates = candidates.filter((r) => wanted.has(r.id));
	}

	const {page, next} = scanPage(
		candidates,
		(resource) => resource.id,
		{token: params.get('NextToken'), size, refuse: nextTokenRefused},
		(resource) => {
			if (!carriesAll(resource.tags, filter)) return undefined;
			const tags = tagsOut(resource.tags, category, 'Custom');
			if (tags.length === 0 && named.length === 0) return undefined;
			return {resource, tags};
		},
	);
	return {
		NextToken: next ?? '',
		TagResources: page.map(({resource, tags}) => ({
			ResourceARN: arnOf(accountId, resource),
			Tags: tags,
		})),
	};
}

export const tagProduct: Product = {
	name: 'Tag',
	version: '2018-08-28',
	codes: tagCodes,
	status: tagStatus,
	renamed: tagRenamed,
	actions: {
		TagResources: tagResources,
		UntagResources: untagResources,
		ListTagResources: listTagResources,
		...tagMetaActions,
		...tagAccountActions,
	},
};
