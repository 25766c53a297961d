/*
What the Tag API's actions share (docs/api.md): its codes and statuses for
parameters, the RegionId and Tags parameters, and tags as it lists them.
*/
import {findRegion} from '../core/catalogue.js';
import {isSystemKey, own} from '../core/tags.js';
import {
	ApiError,
	clip,
	defaultStatus,
	missingParameter,
	type ParameterCodes,
	type Params,
} from './api.js';
import {pageOf} from './paging.js';

/** Parameters whose absence has its own code; others are `MissingParameter`. */
const missingCodes: Record<string, string> = {
	RegionId: 'MissingParameter.RegionId',
	ResourceARN: 'MissingParameter.ResourceIdARN',
	Tags: 'MissingParameter.Tags',
	TagKey: 'MissingParameter.TagKey',
};

const invalidCodes: Record<string, string> = {
	RegionId: 'InvalidParameter.RegionId',
	Tags: 'InvalidParameter.Tags',
	TagKey: 'InvalidParameter.TagKey',
	Category: 'InvalidParameter.Category',
	ResourceType: 'InvalidParameter.ResourceType',
};

export const tagCodes: ParameterCodes = {
	missing: missingParameter(missingCodes),
	invalid(name, why) {
		const code = own(invalidCodes, name) ?? 'InvalidParameter';
		return new ApiError(tagStatus(code), code, why);
	},
};

/** The Tag API's statuses: as its error table gives them. */
export function tagStatus(code: string): number {
	if (code === 'InvalidParameter.Category' || code === 'Invalid.NextToken')
		return 403;
	if (code === 'Duplicate.TagKey') return 403;
	if (code.startsWith('MissingParameter.')) return 404;
	return defaultStatus(code);
}

/** The call's RegionId: required, and a region tagdeck knows. */
export function regionOf(params: Params): string {
	const region = params.required('RegionId');
	if (!findRegion(region)) {
		throw tagCodes.invalid(
			'RegionId',
			`RegionId "${clip(region)}" is not a region tagdeck knows; DescribeRegions lists them.`,
		);
	}

	return region;
}

/**
The `Tags` parameter: a JSON object of string values, at most `max` pairs.
Undefined when absent and not required.
*/
export function tagsParameter(
	params: Params,
	options: {required: boolean; max: number},
): Record<string, string> | undefined {
	const json = params.json('Tags', options.required);
	if (json === undefined) return undefined;
	const {text, value: parsed} = json;

	if (
		!parsed ||
		typeof parsed !== 'object' ||
		Array.isArray(parsed) ||
		Object.values(parsed).some((v) => typeof v !== 'string')
	) {
		throw tagCodes.invalid(
			'Tags',
			`Tags must be a JSON object of string values, e.g. {"env":"prod","team":"web"}, not ${clip(text)}.`,
		);
	}

	const tags = parsed as Record<string, string>;
	const count = Object.keys(tags).length;
	if (count === 0) {
		throw tagCodes.invalid('Tags', 'Tags is empty: give at least one pair.');
	}

	if (count > options.max) {
		throw new ApiError(
			403,
			'NumberExceed.Tags',
			`Tags has ${count} pairs; a call takes at most ${options.max}.`,
		);
	}

	return tags;
}

/** The Tag API's codes for refusals the core gives with ECS's. */
export const tagRenamed: Readonly<Record<string, string>> = {
	'InvalidTagKey.Malformed': 'InvalidParameter.TagKey',
	'InvalidTagValue.Malformed': 'InvalidParameter.TagValue',
	'MissingParameter.ResourceIds': 'MissingParameter.ResourceIdARN',
};

type TagOut = {Key: string; Value: string; Category: string};

/** A resource's tags as the Tag API lists them, of a category (`Custom`, `System`, `All`). */
export function tagsOut(
	tags: Record<string, string>,
	category: 'Custom' | 'System' | 'All',
	spelling: 'Custom' | 'custom',
): TagOut[] {
	const out: TagOut[] = [];
	for (const key in tags) {
		if (!Object.hasOwn(tags, key)) continue;
		const system = isSystemKey(key);
		if (category === 'Custom' ? system : category === 'System' && !system)
			continue;
		const name = system ? 'System' : 'Custom';
		out.push({
			Key: key,
			Value: tags[key]!,
			Category: spelling === 'Custom' ? name : name.toLowerCase(),
		});
	}

	return out;
}

/** Whether a resource carries every pair of a filter. */
export function carriesAll(
	tags: Record<string, string>,
	filter: Record<string, string> | undefined,
): boolean {
	if (!filter) return true;
	for (const [key, value] of Object.entries(filter))
		if (own(tags, key) !== value) return false;
	return true;
}

export const nextTokenRefused = () =>
	new ApiError(
		403,
		'Invalid.NextToken',
		'The NextToken is not one this API gave: pass the NextToken of the previous page as it came, or leave it out to start again.',
	);

/** A page of a Tag API list, by the call's NextToken; see paging.ts. */
export function tagPage<T>(
	params: Params,
	items: readonly T[],
	key: (item: T) => string,
	size: number,
): {page: T[]; next: string | undefined} {
	return pageOf(items, key, {
		token: params.get('NextToken'),
		size,
		refuse: nextTokenRefused,
	});
}
