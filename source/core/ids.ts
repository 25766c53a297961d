import {getRegion, type ResourceType} from './catalogue.js';
import {TagdeckError} from './errors.js';
import type {Random} from './random.js';
import {hasControlCharacters, visible} from './tags.js';

const alphanumerics = 'abcdefghijklmnopqrstuvwxyz0123456789';
const hex = '0123456789abcdef';

/**
A new ID in the type's real format (docs/cloud-facts.md §5): prefix, the region's code where
the real IDs carry one, then random lower-case characters up to the fixed length.
Named types take their name as ID; a Kafka topic or consumer group is
`Kafka_<instanceId>_<name>`, its tag resource ID (docs/cloud-facts.md §5.1).
*/
export function makeId(
	type: ResourceType,
	region: string,
	random: Random,
	name: string,
	parent?: string,
): string {
	const format = type.id;
	switch (format.style) {
		case 'random': {
			const code = format.regionCode ? getRegion(region).idCode : '';
			return (
				format.prefix +
				code +
				random.chars(alphanumerics, format.length - code.length)
			);
		}

		case 'hex': {
			return format.prefix + random.chars(hex, format.length);
		}

		case 'name': {
			return name;
		}

		case 'childName': {
			return `Kafka_${parent}_${name}`;
		}
	}
}

/** Whether IDs of this type are names the user chooses. */
export function isNamed(type: ResourceType): boolean {
	return type.id.style === 'name' || type.id.style === 'childName';
}

const namePattern = /^[a-z\d][a-z\d.\-]{1,62}$/v;

/** Names that serve as IDs: lower-case letters, digits, dots and hyphens. */
export function checkIdName(type: ResourceType, name: string): void {
	if (!namePattern.test(name) || hasControlCharacters(name)) {
		throw new TagdeckError(
			'InvalidParameter.Name',
			`"${visible(name)}" cannot name a ${type.label}: use 2-63 lower-case letters, digits, dots or hyphens, starting with a letter or digit.`,
		);
	}
}

/** A short random name suffix, e.g. for default names. */
export function shortName(random: Random, length = 4): string {
	return random.chars(alphanumerics, length);
}

/** The Tag API ARN: arn:acs:<product>:<region>:<account>:<type>/<id>. */
export function arn(
	type: ResourceType,
	region: string,
	account: string,
	id: string,
): string {
	return `arn:acs:${type.product}:${region}:${account}:${type.arnType}/${id}`;
}
