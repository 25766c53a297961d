import regionsFile from '../../data/regions.json' with {type: 'json'};
import typesFile from '../../data/types.json' with {type: 'json'};
import rulesFile from '../../data/rules.json' with {type: 'json'};
import {TagdeckError} from './errors.js';
import type {LinkKind} from './model.js';

type Region = {
	id: string;
	name: string;
	zones: string[];
	idCode: string;
	idCodeObserved: boolean;
	inheritance: boolean;
};

export type IdFormat =
	| {style: 'random'; prefix: string; length: number; regionCode: boolean}
	| {style: 'hex'; prefix: string; length: number}
	| {style: 'name'}
	| {style: 'childName'};

export type ResourceType = {
	name: string;
	label: string;
	service: string;
	api: string;
	product: string;
	arnType: string;
	aliases: string[];
	scope: 'zone' | 'region' | 'global';
	statuses: string[] | null;
	id: IdFormat;
};

export type Rule = {
	settingName: string;
	primary: string;
	associated: string;
	link: LinkKind;
	triggers: Array<'link' | 'unlink' | 'create' | 'primaryTags'>;
	existing: boolean;
	removeOnUnlink: boolean;
	description: string;
};

export const {regions} = regionsFile;
export const resourceTypes: readonly ResourceType[] =
	typesFile.types as ResourceType[];
export const rules: readonly Rule[] = rulesFile.rules as Rule[];

/** Every status a resource can have (instances', from data/types.json). */
export const resourceStatuses: readonly string[] = [
	...new Set(resourceTypes.flatMap((type) => type.statuses ?? [])),
];

const regionById = new Map(regions.map((r) => [r.id, r]));
const zoneRegion = new Map(
	regions.flatMap((r) => r.zones.map((z) => [z, r.id] as const)),
);
const typeByName = new Map(resourceTypes.map((t) => [t.name, t]));
const typeByWord = new Map<string, ResourceType>();
for (const type of resourceTypes) {
	for (const word of [type.name, type.api, ...type.aliases]) {
		typeByWord.set(word.toLowerCase(), type);
	}
}

/**
The links of the world: which types may carry a link field, to which types,
and whether both ends must share a zone (disks) or only a region (the rest).
A link made at creation (`--in`) is fixed for the resource's life.
*/
export const linkKinds: Record<
	LinkKind,
	{
		from: string[];
		to: string[];
		sameZone: boolean;
		atCreation: boolean;
		verb: string;
	}
> = {
	attachedTo: {
		from: ['Ecs-Disk', 'Ecs-Eni'],
		to: ['Ecs-Instance'],
		sameZone: false,
		atCreation: false,
		verb: 'attached to',
	},
	associatedWith: {
		from: ['Vpc-Eip'],
		to: [
			'Ecs-Instance',
			'Slb-Instance',
			'Nlb-Loadbalancer',
			'Alb-LoadBalancer',
			'Vpc-Natgateway',
			'Eci-ContainerGroup',
			'Cs-Cluster',
		],
		sameZone: false,
		atCreation: false,
		verb: 'associated with',
	},
	sourceDisk: {
		from: ['Ecs-Snapshot'],
		to: ['Ecs-Disk'],
		sameZone: false,
		atCreation: true,
		verb: 'created from',
	},
	kafkaInstance: {
		from: ['Kafka-Topic', 'Kafka-ConsumerGroup'],
		to: ['Kafka-Instance'],
		sameZone: false,
		atCreation: true,
		verb: 'created in',
	},
	cluster: {
		from: [
			'Ecs-SecurityGroup',
			'Ecs-Instance',
			'Slb-Instance',
			'Vpc-Eip',
			'Vpc-Natgateway',
			'Ess-ScalingGroup',
		],
		to: ['Cs-Cluster'],
		sameZone: false,
		atCreation: true,
		verb: 'belongs to',
	},
};

export const linkKindNames = Object.keys(linkKinds) as LinkKind[];

/** The link a child of `childType` would use to point at a `parentType` when created in it. */
export function creationLink(
	childType: string,
	parentType: string,
): LinkKind | undefined {
	return linkKindNames.find(
		(kind) =>
			linkKinds[kind].atCreation &&
			linkKinds[kind].from.includes(childType) &&
			linkKinds[kind].to.includes(parentType),
	);
}

export function findRegion(id: string): Region | undefined {
	return regionById.get(id);
}

export function getRegion(id: string): Region {
	const region = regionById.get(id.toLowerCase());
	if (!region) {
		throw new TagdeckError(
			'InvalidParameter.Region',
			`Unknown region "${id}". Known regions: ${regions.map((r) => r.id).join(', ')}.`,
		);
	}

	return region;
}

export function regionOfZone(zone: string): string | undefined {
	return zoneRegion.get(zone);
}

export function typeNamed(name: string): ResourceType {
	const type = typeByName.get(name);
	if (!type) {
		throw new TagdeckError(
			'InvalidParameter.Type',
			`Unknown resource type "${name}".`,
		);
	}

	return type;
}

/** Resolves a name a user typed (canonical, Tag API name or alias; any case). */
export function findType(word: string): ResourceType | undefined {
	return typeByWord.get(word.toLowerCase());
}

export function resolveType(word: string): ResourceType {
	const type = findType(word);
	if (!type) {
		throw new TagdeckError(
			'InvalidParameter.Type',
			`Unknown resource type "${word}". ${typeHint(word)}`,
		);
	}

	return type;
}

export function typeHint(word: string): string {
	const lower = word.toLowerCase();
	const close = resourceTypes
		.flatMap((t) => t.aliases)
		.filter((a) => lower.startsWith(a[0]!) || lower.startsWith(a));
	const list =
		close.length > 0 ? close : resourceTypes.map((t) => t.aliases[0]!);
	return `Try one of: ${list.join(', ')} (tagdeck list --help shows all types).`;
}

export function findRule(nameOrTail: string): Rule | undefined {
	const lower = nameOrTail.toLowerCase();
	return rules.find(
		(r) =>
			r.settingName.toLowerCase() === lower ||
			`${r.primary}:${r.associated}`.toLowerCase() === lower,
	);
}
