/*
Resource ARNs as the Tag API writes them (docs/cloud-facts.md §1):
`arn:acs:<product>:<region>:<account>:<type>/<id>`; region and account may be
`*` (the call's region, the caller's account).
*/
import {resourceTypes, type ResourceType} from '../core/catalogue.js';
import type {Resource} from '../core/model.js';
import {ApiError, clip} from './api.js';

const byArnName = new Map<string, ResourceType>(
	resourceTypes.map((type) => [`${type.product}:${type.arnType}`, type]),
);

/** A resource's ARN. */
export function arnOf(
	accountId: string,
	resource: Pick<Resource, 'type' | 'region' | 'id'>,
): string {
	const type = resourceTypes.find((t) => t.name === resource.type)!;
	return `arn:acs:${type.product}:${resource.region}:${accountId}:${type.arnType}/${resource.id}`;
}

const arnPattern =
	/^(?:arn:)?acs:(?<product>[a-z\d\-]+):(?<region>[a-z\d\-]*|\*):(?<account>\d*|\*):(?<type>[A-Za-z\d\-]+)\/(?<id>[^\/\s]+)$/v;

/** What an ARN names: the type and ID, checked against the call's region and the account. */
export type NamedResource = {arn: string; type: ResourceType; id: string};

/**
Reads an ARN of the call's region and this account; anything else is refused
with the Tag API's codes, naming the ARN.
*/
export function parseArn(
	arn: string,
	region: string,
	accountId: string,
): NamedResource {
	const parts = arnPattern.exec(arn)?.groups;
	if (!parts) {
		throw new ApiError(
			400,
			'InvalidResourceARN.FormatError',
			`The ResourceARN "${clip(arn)}" is not well formed: write arn:acs:<product>:<region>:<account>:<type>/<id>, e.g. arn:acs:ecs:${region}:${accountId}:instance/i-….`,
		);
	}

	if (parts.region !== '*' && parts.region !== region) {
		throw new ApiError(
			400,
			'InvalidResourceARN.Region',
			`The ResourceARN "${clip(arn)}" is in region "${parts.region}", but the call's RegionId is ${region}: call each region separately.`,
		);
	}

	if (parts.account !== '*' && parts.account !== accountId) {
		throw new ApiError(
			400,
			'InvalidResourceARN.Account',
			`The ResourceARN "${clip(arn)}" names the account ${parts.account}, not this one (${accountId}); write this account's ID or *.`,
		);
	}

	const type = byArnName.get(`${parts.product}:${parts.type!.toLowerCase()}`);
	if (!type) {
		throw new ApiError(
			400,
			'InvalidParameter.ResourceType',
			`The ResourceARN "${clip(arn)}" names "${parts.product}:${parts.type}", which is not a type tagdeck knows; ListSupportResourceTypes lists them.`,
		);
	}

	return {arn, type, id: parts.id!};
}
