/*
What ECS's actions share (docs/api.md): its codes and statuses for parameters,
the RegionId and Tag.N parameters, and all-or-nothing changes.
*/
import {findRegion} from '../core/catalogue.js';
import type {ApplyResult} from '../core/apply.js';
import {TagdeckError} from '../core/errors.js';
import type {Command} from '../core/model.js';
import {own} from '../core/tags.js';
import type {World} from '../core/world.js';
import {
	ApiError,
	type Call,
	clip,
	defaultStatus,
	missingParameter,
	type ParameterCodes,
	type Params,
} from './api.js';

const missingCodes: Record<string, string> = {
	RegionId: 'MissingParameter.RegionId',
	ResourceType: 'MissingParameter.ResourceType',
	Tag: 'MissingParameter.Tags',
};

export const ecsCodes: ParameterCodes = {
	missing: missingParameter(missingCodes),
	invalid(name, why) {
		return new ApiError(400, 'InvalidParameter', why);
	},
};

export function ecsStatus(code: string): number {
	// ECS gives these as 400, where the Tag API gives 403.
	if (code.startsWith('NumberExceed.') || code === 'Duplicate.TagKey')
		return 400;
	return defaultStatus(code);
}

/** The call's RegionId: required, and a region tagdeck knows. */
export function ecsRegion(params: Params): string {
	const region = params.required('RegionId');
	if (!findRegion(region)) {
		throw new ApiError(
			404,
			'InvalidRegionId.NotFound',
			`The specified RegionId "${clip(region)}" does not exist; DescribeRegions lists the regions.`,
		);
	}

	return region;
}

/** ECS's codes for refusals the core gives with the Tag API's. */
export const ecsRenamed: Readonly<Record<string, string>> = {
	'QuotaExceed.TagsPerResource': 'QuotaExceed.Tags',
	'MissingParameter.ResourceIds': 'MissingParameter',
};

/**
Applies an all-or-nothing command: a resource that would fail refuses the
whole call, with its code and which resource.
*/
export async function allOrNothing(
	call: Call,
	command: Command | ((world: World) => Command),
): Promise<ApplyResult> {
	const result = await call.apply(command);
	if (result.ok) return result;
	const first = result.failures[0];
	if (!first) {
		throw new TagdeckError(
			result.error.code,
			result.error.message,
			result.error.detail,
		);
	}

	throw new TagdeckError(
		own(ecsRenamed, first.code) ?? first.code,
		`${first.id}: ${first.message}${result.failures.length > 1 ? ` (and ${result.failures.length - 1} more resources would fail)` : ''}. Nothing was changed.`,
		first.detail,
	);
}

/** At most `max` tags (Tag.N) or keys (TagKey.N) a call. */
export const tagLimit = (max: number) => ({
	max,
	tooMany: (n: number) =>
		new ApiError(
			400,
			'NumberExceed.Tags',
			`The maximum number of Tags is exceeded. Valid : ${n}`,
		),
});

/** `Tag.N.Key` and `Tag.N.Value`: at most `max`, keys unique, a value only with its key. */
export function tagPairs(params: Params, max: number): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const n of params.items('Tag', tagLimit(max))) {
		const key = params.raw(`Tag.${n}.Key`);
		if (key === undefined || key === '') {
			throw new ApiError(
				400,
				'InvalidTagKey.Malformed',
				`The specified Tag.${n}.Key is not valid: Tag.${n} has no key.`,
			);
		}

		if (Object.hasOwn(tags, key)) {
			throw new ApiError(
				400,
				'Duplicate.TagKey',
				`The Tag.N.Key "${clip(key)}" is given twice; each key takes one value.`,
			);
		}

		Object.defineProperty(tags, key, {
			value: params.raw(`Tag.${n}.Value`) ?? '',
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}

	return tags;
}
