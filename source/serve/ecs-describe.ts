/*
ECS API reads (docs/api.md): DescribeRegions, DescribeZones,
DescribeInstances, DescribeDisks and ListTagResources.

Decisions where ECS's documents say nothing, or tagdeck knows less:

- Paging. DescribeInstances and DescribeDisks page two ways, as ECS does:
  PageNumber and PageSize (1 to 100, 10 by default), or NextToken and
  MaxResults (given either, PageNumber and PageSize are ignored). MaxResults
  is brought into range rather than refused, as ECS documents: under 10 is
  10; over 100 (DescribeInstances) or 500 (DescribeDisks) is that most.
  Items come in ID order, and a NextToken names the last item given
  (paging.ts), so a page asked for after a change goes on from where the
  last ended. A page by number also gives the NextToken of what follows it
  (empty on the last); a page by token gives no PageNumber or PageSize.
  ListTagResources pages by NextToken only, 50 rows a page (ECS documents no
  size), in resource ID then tag key order.
- A NextToken tagdeck did not write is InvalidParameter (400): ECS documents
  no code for it.
- Tags are listed whole, `acs:` system tags included: ECS's lists have no
  category.
- A RAM user sees what they may describe. Since 2025-12-20 ECS answers a
  DescribeInstances or DescribeDisks the caller may not make with 403
  Forbidden.RAM (docs/cloud-facts.md §11); tagdeck answers so when an
  InstanceIds or DiskIds names a resource of the region the user may not
  describe (the detail is that resource's), and when the user may describe
  none of the type in the region and no policy lets them describe the type
  there without conditions on its tags (the detail is `…:instance/*`'s).
  Otherwise the list holds only what they may describe. ListTagResources
  lists only the resources the user may describe, as the Tag API's does.
- DescribeRegions gives every region tagdeck knows, named in English.
*/
import {regions, resourceTypes, type ResourceType} from '../core/catalogue.js';
import type {Resource} from '../core/model.js';
import {
	authorize,
	describeRequest,
	resourceName,
	typeAction,
} from '../core/ram/access.js';
import {principalOf} from '../core/ram/identities.js';
import {own} from '../core/tags.js';
import type {World} from '../core/world.js';
import {type Action, ApiError, type Call, clip, type Params} from './api.js';
import {ecsCodes, ecsRegion, tagLimit} from './ecs-common.js';
import {pageOf, sortedInRegion, tokenAfter} from './paging.js';

/** The answer ECS gives a DryRun that would have succeeded. */
export function dryRunPassed(): ApiError {
	return new ApiError(
		400,
		'DryRunOperation',
		'Request validation has been passed with DryRun flag set. Nothing was done; send the call again without DryRun to do it.',
	);
}

const nextTokenRefused = () =>
	ecsCodes.invalid(
		'NextToken',
		'The specified NextToken is not valid: pass the NextToken of the previous page as it came, or leave it out to start again.',
	);

// ---------------------------------------------------------------------------
// Parameters

/** A whole number; out of [min, max] it is brought in, as MaxResults is. */
function clamped(
	params: Params,
	name: string,
	min: number,
	max: number,
): number {
	const value = params.integer(name, 0, 999_999_999, min);
	return Math.min(max, Math.max(min, value));
}

/**
A JSON array of IDs (`InstanceIds`, `DiskIds`), at most 100; undefined when
absent. An empty array is a filter that matches nothing, as ECS documents.
Malformed and too many are refused with the product's codes.
*/
function idsParameter(
	params: Params,
	name: string,
	refuse: {malformed: (why: string) => ApiError; tooMany: () => ApiError},
): Set<string> | undefined {
	const json = params.json(name);
	if (json === undefined) return undefined;
	const {text, value: parsed} = json;

	if (
		!Array.isArray(parsed) ||
		parsed.some((id) => typeof id !== 'string' || id === '')
	) {
		throw refuse.malformed(
			`${name} must be a JSON array of IDs, e.g. ["i-bp67acfmxazb4p****"], not ${clip(text)}.`,
		);
	}

	const ids = new Set(parsed as string[]);
	if (ids.size > 100) throw refuse.tooMany();

	return ids;
}

/** A tag filter: each key with the value it must have, or any value (undefined). */
type TagFilter = Array<{key: string; value: string | undefined}>;

/** `Tag.N.Key` (or the older `Tag.N.key`) of item N. */
function tagField(params: Params, n: number, field: 'Key' | 'Value') {
	return (
		params.raw(`Tag.${n}.${field}`) ??
		params.raw(`Tag.${n}.${field.toLowerCase()}`)
	);
}

/**
`Tag.N` of DescribeInstances and DescribeDisks: at most 20, ANDed; a key
alone matches any value of it, a value without its key is InvalidTag.Mismatch.
*/
function describeTags(params: Params): TagFilter {
	const filter: TagFilter = [];
	const limit = {
		max: 20,
		tooMany: (max: number) =>
			new ApiError(
				400,
				'InvalidTagCount',
				`The specified tags are beyond the permitted range: at most ${max} Tag.N.`,
			),
	};
	for (const n of params.items('Tag', limit)) {
		const key = tagField(params, n, 'Key');
		const value = tagField(params, n, 'Value');
		if (key === undefined || key === '') {
			if (value === undefined) continue;
			throw new ApiError(
				400,
				'InvalidTag.Mismatch',
				`The specified Tag.n.Key and Tag.n.Value are not match: Tag.${n}.Value is given without Tag.${n}.Key.`,
			);
		}

		filter.push({key, value});
	}

	return filter;
}

function carries(tags: Record<string, string>, filter: TagFilter): boolean {
	for (const {key, value} of filter) {
		const has = own(tags, key);
		if (has === undefined || (value !== undefined && has !== value))
			return false;
	}

	return true;
}

/** A resource's tags as ECS lists them: `Tags.Tag[]` of TagKey and TagValue. */
function tagsOf(resource: Resource) {
	return {
		Tag: Object.entries(resource.tags).map(([TagKey, TagValue]) => ({
			TagKey,
			TagValue,
		})),
	};
}

/** `2024-04-14T22:32Z`, as DescribeInstances writes times. */
const minutes = (iso: string) => `${iso.slice(0, 16)}Z`;
/** `2024-04-16T02:10:57Z`, as DescribeDisks writes times. */
const seconds = (iso: string) => `${iso.slice(0, 19)}Z`;

/** A name with `*` wildcards, as InstanceName takes it; otherwise exact. */
function nameMatcher(pattern: string | undefined) {
	if (pattern === undefined) return () => true;
	if (!pattern.includes('*')) return (name: string) => name === pattern;
	const source = pattern
		.split('*')
		.map((part) =>
			part.replaceAll(/[$+.?^\(\)\[\\\]\{\|\}]/gv, String.raw`\$&`),
		)
		.join('.*');
	const regex = new RegExp(`^${source}$`, 'sv');
	return (name: string) => regex.test(name);
}

// ---------------------------------------------------------------------------
// What a RAM user may describe

/**
The world as the caller may describe it, for a Describe call of `typeName`
in `region`. A RAM user is refused with Forbidden.RAM (403) when `named`
holds a resource of the type in the region they may not describe, or when
they may describe none of the type there and no policy lets them describe it
without conditions on tags.
*/
async function describable(
	call: Call,
	region: string,
	typeName: string,
	named: ReadonlySet<string> | undefined,
): Promise<World> {
	const seen = await call.seen();
	const {whole} = seen;
	if (call.as === undefined || !whole) return seen;
	const principal = principalOf(whole.data, call.as);
	if (!principal) return seen;
	const accountId = whole.data.account.id;
	for (const id of named ?? []) {
		const resource = whole.get(id);
		if (
			resource?.type !== typeName ||
			resource.region !== region ||
			seen.get(id)
		)
			continue;
		const request = describeRequest(accountId, resource);
		if (request) authorize(principal, request, id);
	}

	if (!sortedInRegion(seen, region).some((r) => r.type === typeName)) {
		const action = typeAction('describe', typeName)!;
		const resource = resourceName(accountId, {type: typeName, region, id: '*'});
		authorize(principal, {action, resource}, resource);
	}

	return seen;
}

// ---------------------------------------------------------------------------
// Paging of DescribeInstances and DescribeDisks

type Paged<T> = {items: T[]; fields: Record<string, unknown>};

/**
A page of `all` (sorted by ID): by NextToken and MaxResults when either is
given, else by PageNumber and PageSize.
*/
function describePage<T extends {id: string}>(
	params: Params,
	all: readonly T[],
	maxResults: number,
): Paged<T> {
	const token = params.get('NextToken');
	if (token !== undefined || params.get('MaxResults') !== undefined) {
		const size = clamped(params, 'MaxResults', 10, maxResults);
		const {page, next} = pageOf(all, (item) => item.id, {
			token,
			size,
			refuse: nextTokenRefused,
		});
		return {
			items: page,
			fields: {TotalCount: all.length, NextToken: next ?? ''},
		};
	}

	const number = params.integer('PageNumber', 1, 999_999_999, 1);
	const size = params.integer('PageSize', 1, 100, 10);
	const start = (number - 1) * size;
	const items = all.slice(start, start + size);
	const next =
		start + size < all.length && items.length > 0
			? tokenAfter(items.at(-1)!.id)
			: undefined;
	return {
		items,
		fields: {
			TotalCount: all.length,
			PageNumber: number,
			PageSize: size,
			NextToken: next ?? '',
		},
	};
}

// ---------------------------------------------------------------------------
// DescribeInstances

const instanceStatuses = [
	'Pending',
	'Running',
	'Starting',
	'Stopping',
	'Stopped',
] as const;

/** `ecs.g7` of `ecs.g7.large`. */
const familyOf = (spec: string | undefined) =>
	spec === undefined ? '' : spec.split('.').slice(0, 2).join('.');

function instanceOut(instance: Resource) {
	const stopped = instance.status === 'Stopped';
	return {
		InstanceId: instance.id,
		InstanceName: instance.name,
		RegionId: instance.region,
		ZoneId: instance.zone ?? '',
		Status: instance.status ?? '',
		InstanceType: instance.spec ?? '',
		InstanceTypeFamily: familyOf(instance.spec),
		ImageId: instance.image ?? '',
		CreationTime: minutes(instance.created),
		// Stopped in economical mode: StopCharging; stopped otherwise: KeepCharging.
		StoppedMode: stopped
			? instance.economical
				? 'StopCharging'
				: 'KeepCharging'
			: 'Not-applicable',
		// Every instance tagdeck bills is pay-as-you-go, and none is locked.
		InstanceChargeType: 'PostPaid',
		OperationLocks: {LockReason: []},
		Tags: tagsOf(instance),
	};
}

async function describeInstances(call: Call) {
	const {params} = call;
	const region = ecsRegion(params);
	const malformed = (why: string) =>
		new ApiError(
			400,
			'InvalidInstanceIds.Malformed',
			`The specified InstanceIds is not valid: ${why}`,
		);
	const ids = idsParameter(params, 'InstanceIds', {
		malformed,
		tooMany: () =>
			malformed(
				'InstanceIds names more than 100 IDs; a call takes at most 100.',
			),
	});
	const tags = describeTags(params);
	const status = params.get('Status');
	if (
		status !== undefined &&
		!(instanceStatuses as readonly string[]).includes(status)
	) {
		throw new ApiError(
			404,
			'InvalidStatus.NotFound',
			`The specified Status "${clip(status)}" is not found; use one of ${instanceStatuses.join(', ')}.`,
		);
	}

	const zone = zoneParameter(params, region);
	const name = nameMatcher(params.get('InstanceName'));
	const image = params.get('ImageId');
	const spec = params.get('InstanceType');
	const family = params.get('InstanceTypeFamily');
	const dryRun = params.boolean('DryRun', false);
	const world = await describable(call, region, 'Ecs-Instance', ids);
	if (dryRun) throw dryRunPassed();
	const matching = sortedInRegion(world, region).filter(
		(r) =>
			r.type === 'Ecs-Instance' &&
			(ids === undefined || ids.has(r.id)) &&
			(status === undefined || r.status === status) &&
			(zone === undefined || r.zone === zone) &&
			(image === undefined || r.image === image) &&
			(spec === undefined || r.spec === spec) &&
			(family === undefined || familyOf(r.spec) === family) &&
			name(r.name) &&
			carries(r.tags, tags),
	);
	const {items, fields} = describePage(params, matching, 100);
	return {...fields, Instances: {Instance: items.map((r) => instanceOut(r))}};
}

/** ZoneId: one of the region's zones (InvalidZoneId.NotFound), or undefined. */
function zoneParameter(params: Params, region: string): string | undefined {
	const zone = params.get('ZoneId');
	if (zone === undefined) return undefined;
	const known = regions.find((r) => r.id === region)!.zones;
	if (!known.includes(zone)) {
		throw new ApiError(
			400,
			'InvalidZoneId.NotFound',
			`The ZoneId provided does not exist: ${clip(zone)} is not a zone of ${region} (${known.join(', ')}).`,
		);
	}

	return zone;
}

// ---------------------------------------------------------------------------
// DescribeDisks

const diskStatuses = [
	'In_use',
	'Available',
	'Attaching',
	'Detaching',
	'Creating',
	'ReIniting',
	'All',
] as const;

/** A disk attached to an instance is In_use, otherwise Available. */
const diskStatus = (disk: Resource) =>
	disk.links?.attachedTo === undefined ? 'Available' : 'In_use';

function diskOut(disk: Resource) {
	const instance = disk.links?.attachedTo;
	return {
		DiskId: disk.id,
		DiskName: disk.name,
		RegionId: disk.region,
		ZoneId: disk.zone ?? '',
		Size: disk.size ?? 0,
		Category: disk.category ?? '',
		InstanceId: instance ?? '',
		Status: diskStatus(disk),
		CreationTime: seconds(disk.created),
		DiskChargeType: 'PostPaid',
		Attachments: {
			Attachment: instance === undefined ? [] : [{InstanceId: instance}],
		},
		Tags: tagsOf(disk),
	};
}

async function describeDisks(call: Call) {
	const {params} = call;
	const region = ecsRegion(params);
	const ids = idsParameter(params, 'DiskIds', {
		malformed: (why) =>
			new ApiError(
				400,
				'InvalidParameter.DiskIds',
				`The specified parameter DiskIds is not valid: ${why}`,
			),
		tooMany: () =>
			new ApiError(
				403,
				'InvalidDiskIds.Malformed',
				'The amount of specified disk Ids exceeds the limit: DiskIds names more than 100 IDs.',
			),
	});
	const tags = describeTags(params);
	const status = params.get('Status') ?? 'All';
	if (!(diskStatuses as readonly string[]).includes(status)) {
		throw new ApiError(
			400,
			'InvalidStatus.ValueNotSupported',
			`The specified disk status "${clip(status)}" is not supported; use one of ${diskStatuses.join(', ')}.`,
		);
	}

	const zone = zoneParameter(params, region);
	const instance = params.get('InstanceId');
	const diskName = params.get('DiskName');
	const category = params.get('Category') ?? 'all';
	const dryRun = params.boolean('DryRun', false);
	const world = await describable(call, region, 'Ecs-Disk', ids);
	if (dryRun) throw dryRunPassed();
	const matching = sortedInRegion(world, region).filter(
		(r) =>
			r.type === 'Ecs-Disk' &&
			(ids === undefined || ids.has(r.id)) &&
			(status === 'All' || diskStatus(r) === status) &&
			(zone === undefined || r.zone === zone) &&
			(instance === undefined || r.links?.attachedTo === instance) &&
			(diskName === undefined || r.name === diskName) &&
			(category === 'all' || r.category === category) &&
			carries(r.tags, tags),
	);
	const {items, fields} = describePage(params, matching, 500);
	return {...fields, Disks: {Disk: items.map((r) => diskOut(r))}};
}

// ---------------------------------------------------------------------------
// DescribeRegions and DescribeZones

/** ECS's endpoint of a region; China (Hangzhou) answers at the central one. */
const endpointOf = (region: string) =>
	region === 'cn-hangzhou' ? 'ecs.aliyuncs.com' : `ecs.${region}.aliyuncs.com`;

async function describeRegions() {
	return {
		Regions: {
			Region: regions.map((region) => ({
				RegionId: region.id,
				LocalName: region.name,
				RegionEndpoint: endpointOf(region.id),
				Status: 'available',
			})),
		},
	};
}

/** `Hangzhou` of `China (Hangzhou)`, `Nanjing` of `China (Nanjing - Local Region, …)`. */
function cityOf(name: string): string {
	const inner = /\((?<city>[^\)]*)\)/v.exec(name)?.groups?.city ?? name;
	return inner.split(' - ')[0]!.split(',')[0]!.trim();
}

async function describeZones(call: Call) {
	const region = ecsRegion(call.params);
	const {name, zones} = regions.find((r) => r.id === region)!;
	return {
		Zones: {
			Zone: zones.map((zone) => ({
				ZoneId: zone,
				LocalName: `${cityOf(name)} Zone ${zone.at(-1)!.toUpperCase()}`,
				ZoneType: 'AvailabilityZone',
			})),
		},
	};
}

// ---------------------------------------------------------------------------
// ListTagResources

/** ECS's own resource types, by the name its tag API uses (`instance`, `disk`, …). */
const ecsTypes = new Map<string, ResourceType>(
	resourceTypes
		.filter((type) => type.product === 'ecs')
		.map((type) => [type.arnType, type]),
);

/** Rows a page of ListTagResources (ECS documents no size). */
const listPageSize = 50;

/** A fuzzy pattern of TagFilter: `env*` a prefix, `*env*` an infix, else exact. */
function fuzzy(pattern: string) {
	if (pattern.length > 2 && pattern.startsWith('*') && pattern.endsWith('*')) {
		const middle = pattern.slice(1, -1);
		return {fuzzy: true, test: (text: string) => text.includes(middle)};
	}

	if (pattern.length > 1 && pattern.endsWith('*')) {
		const start = pattern.slice(0, -1);
		return {fuzzy: true, test: (text: string) => text.startsWith(start)};
	}

	return {fuzzy: false, test: (text: string) => text === pattern};
}

type TagFilterItem = {
	key: (key: string) => boolean;
	values: Array<(value: string) => boolean>;
};

/**
`TagFilter.N.TagKey` and `TagFilter.N.TagValues.M`, at most 5 keys of 5
values: keys AND, the values of one key OR. A fuzzy key takes no values.
*/
function tagFilters(params: Params): TagFilterItem[] {
	const five = {
		max: 5,
		tooMany: (max: number) =>
			new ApiError(
				400,
				'InvalidTagCount',
				`The specified tags are beyond the permitted range: at most ${max} TagFilter.N and ${max} TagValues.M of each.`,
			),
	};
	return params.items('TagFilter', five).flatMap((n) => {
		const key = params.get(`TagFilter.${n}.TagKey`);
		const values = params.list(`TagFilter.${n}.TagValues`, five);
		if (key === undefined) {
			if (values.length === 0) return [];
			throw ecsCodes.invalid(
				`TagFilter.${n}.TagKey`,
				`TagFilter.${n}.TagValues are given without TagFilter.${n}.TagKey.`,
			);
		}

		const keyPattern = fuzzy(key);
		if (keyPattern.fuzzy && values.length > 0) {
			throw ecsCodes.invalid(
				`TagFilter.${n}.TagKey`,
				`TagFilter.${n}.TagKey "${clip(key)}" is fuzzy, so TagFilter.${n}.TagValues must be empty: a fuzzy search of values needs an exact key.`,
			);
		}

		return [
			{
				key: keyPattern.test,
				values: values.map((value) => fuzzy(value).test),
			},
		];
	});
}

function passesFilters(
	tags: Record<string, string>,
	filters: TagFilterItem[],
): boolean {
	return filters.every(({key, values}) =>
		Object.entries(tags).some(
			([k, v]) => key(k) && (values.length === 0 || values.some((t) => t(v))),
		),
	);
}

/** `Tag.N` of ListTagResources: exact, ANDed; a key alone is any value of it. */
function listTags(params: Params): TagFilter {
	const filter: TagFilter = [];
	for (const n of params.items('Tag', tagLimit(20))) {
		const key = tagField(params, n, 'Key');
		const value = tagField(params, n, 'Value');
		if (key === undefined || key === '') {
			if (value === undefined) continue;
			throw new ApiError(
				400,
				'InvalidParameter.TagValue',
				`Tag.${n}.Value is given without Tag.${n}.Key: a value alone finds nothing; give its key.`,
			);
		}

		filter.push({key, value});
	}

	return filter;
}

async function listTagResources(call: Call) {
	const {params} = call;
	const region = ecsRegion(params);
	const typeName = params.required('ResourceType');
	const type = ecsTypes.get(typeName.toLowerCase());
	if (!type) {
		throw new ApiError(
			404,
			'InvalidResourceType.NotFound',
			`The ResourceType "${clip(typeName)}" is not one tagdeck simulates; use one of ${[...ecsTypes.keys()].join(', ')}.`,
		);
	}

	const ids = params.list('ResourceId', {
		max: 50,
		tooMany: (max) =>
			new ApiError(
				400,
				'NumberExceed.ResourceIds',
				`The maximum number of ResourceIds is exceeded. Valid : ${max}`,
			),
	});
	const exact = listTags(params);
	const filters = tagFilters(params);
	if (exact.length > 0 && filters.length > 0) {
		throw ecsCodes.invalid(
			'TagFilter',
			'TagFilter.N and Tag.N cannot be used together: search exactly with Tag.N, or fuzzily with TagFilter.N.',
		);
	}

	if (ids.length === 0 && exact.length === 0 && filters.length === 0) {
		throw ecsCodes.missing('Tag');
	}

	const wanted = ids.length > 0 ? new Set(ids) : undefined;
	const world = await call.seen();
	const rows: Array<{key: string; row: Record<string, string>}> = [];
	for (const resource of sortedInRegion(world, region)) {
		if (
			resource.type !== type.name ||
			(wanted !== undefined && !wanted.has(resource.id)) ||
			!carries(resource.tags, exact) ||
			!passesFilters(resource.tags, filters)
		)
			continue;
		for (const key of Object.keys(resource.tags).toSorted()) {
			rows.push({
				// The NUL cannot be in an ID, so this sorts by ID, then key.
				key: `${resource.id}\u0000${key}`,
				row: {
					ResourceId: resource.id,
					ResourceType: type.arnType,
					TagKey: key,
					TagValue: resource.tags[key]!,
				},
			});
		}
	}

	const {page, next} = pageOf(rows, (row) => row.key, {
		token: params.get('NextToken'),
		size: listPageSize,
		refuse: nextTokenRefused,
	});
	return {
		NextToken: next ?? '',
		TagResources: {TagResource: page.map(({row}) => row)},
	};
}

export const ecsDescribeActions: Record<string, Action> = {
	DescribeRegions: describeRegions,
	DescribeZones: describeZones,
	DescribeInstances: describeInstances,
	DescribeDisks: describeDisks,
	ListTagResources: listTagResources,
};
