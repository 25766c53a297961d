import {linkKindNames, regions, typeNamed} from './catalogue.js';
import {TagdeckError} from './errors.js';
import {arn} from './ids.js';
import type {Filter} from './filter.js';
import type {LinkKind, Provenance, Resource} from './model.js';
import {presets} from './governance/governance.js';
import {isSystemKey} from './tags.js';
import type {World} from './world.js';
import {compareText, sortGrouped} from './order.js';

type RegionSummary = {
	id: string;
	name: string;
	zones: string[];
	resources: number;
	inheritanceSupported: boolean;
};

export function regionSummaries(world: World): RegionSummary[] {
	return regions.map((r) => ({
		id: r.id,
		name: r.name,
		zones: [...r.zones],
		resources: world.countInRegion(r.id),
		inheritanceSupported: r.inheritance,
	}));
}

/** The resource as `list --json` and `show --json` print it. */
type ResourceView = Omit<Resource, 'inherited' | 'links' | 'managed'> & {
	arn: string;
	/** Always present: {} when no tag was inherited. */
	inherited: Record<string, Provenance>;
	links: Partial<Record<LinkKind, string>>;
};

export function view(world: World, resource: Resource): ResourceView {
	const out: ResourceView = {
		id: resource.id,
		arn: arn(
			typeNamed(resource.type),
			resource.region,
			world.data.account.id,
			resource.id,
		),
		type: resource.type,
		region: resource.region,
		zone: resource.zone,
		name: resource.name,
		status: resource.status,
		created: resource.created,
		tags: resource.tags,
		inherited: resource.inherited ?? {},
		links: resource.links ?? {},
	};
	if (resource.image) out.image = resource.image;
	return out;
}

/** Resources of one region (or all), filtered, in a stable order (region, type, name, ID). */
export function listResources(
	world: World,
	options: {region?: string; filter?: Filter},
): Resource[] {
	const test = options.filter?.test;
	let found: Resource[];
	if (options.region) {
		const all = world.inRegion(options.region);
		found = test ? all.filter((r) => test(r)) : all;
	} else {
		found = [];
		world.each((r) => {
			if (!test || test(r)) found.push(r);
		});
	}

	return sortGrouped(found, (r) => `${r.region}\u0000${r.type}`);
}

type ShowView = ResourceView & {
	/** Resources linking to this one, by link kind (its disks, EIPs, snapshots, members). */
	linkedBy: Partial<Record<LinkKind, string[]>>;
};

export function showResource(world: World, id: string): ShowView {
	const resource = world.get(id);
	if (!resource) {
		throw new TagdeckError(
			'InvalidResourceId.NotFound',
			`The specified resource "${id}" is not found. List IDs with: tagdeck list`,
		);
	}

	const linkedBy: ShowView['linkedBy'] = {};
	for (const kind of linkKindNames) {
		const ids = world
			.children(id, kind)
			.map((c) => c.id)
			.toSorted();
		if (ids.length > 0) linkedBy[kind] = ids;
	}

	// What it is billed by (docs/costs.md): here, not in list's rows, which stay lean.
	const billed: Partial<Resource> = {};
	if (resource.spec) billed.spec = resource.spec;
	if (resource.size !== undefined) billed.size = resource.size;
	if (resource.category) billed.category = resource.category;
	if (resource.economical) billed.economical = true;
	return {...view(world, resource), ...billed, linkedBy};
}

export type KeyCount = {
	region: string;
	key: string;
	resources: number;
	values: number;
	system: boolean;
	/** A preset tag of the account (in every region, kept while unbound). */
	preset: boolean;
};
type ValueCount = {
	region: string;
	key: string;
	value: string;
	resources: number;
};

/**
A region's tag keys: every key bound to at least one resource of the
region, with counts. A tag bound to nothing does not exist (docs/cloud-facts.md §3).
*/
export function tagKeys(world: World, region?: string): KeyCount[] {
	const counts = new Map<string, {resources: number; values: Set<string>}>();
	for (const r of region ? world.inRegion(region) : world.resources()) {
		for (const [key, value] of Object.entries(r.tags)) {
			const id = `${r.region}\u0000${key}`;
			let entry = counts.get(id);
			if (!entry) {
				entry = {resources: 0, values: new Set()};
				counts.set(id, entry);
			}

			entry.resources++;
			entry.values.add(value);
		}
	}

	// Preset keys are in every region: in one region's list even where unbound.
	const preset = new Map(presets(world.data).map((p) => [p.key, p]));
	if (region !== undefined) {
		for (const [key, entry] of preset) {
			const id = `${region}\u0000${key}`;
			if (!counts.has(id))
				counts.set(id, {resources: 0, values: new Set(entry.values)});
		}
	}

	return [...counts]
		.map(([id, entry]) => {
			const [r, key] = id.split('\u0000') as [string, string];
			return {
				region: r,
				key,
				resources: entry.resources,
				values: entry.values.size,
				system: isSystemKey(key),
				preset: preset.has(key),
			};
		})
		.toSorted(
			(a, b) => compareText(a.region, b.region) || compareText(a.key, b.key),
		);
}

export function tagValues(
	world: World,
	key: string,
	region?: string,
): ValueCount[] {
	const counts = new Map<string, number>();
	for (const r of region ? world.inRegion(region) : world.resources()) {
		if (!Object.hasOwn(r.tags, key)) continue;
		const id = `${r.region}\u0000${r.tags[key]}`;
		counts.set(id, (counts.get(id) ?? 0) + 1);
	}

	return [...counts]
		.map(([id, resources]) => {
			const [r, value] = id.split('\u0000') as [string, string];
			return {region: r, key, value, resources};
		})
		.toSorted(
			(a, b) =>
				compareText(a.region, b.region) || compareText(a.value, b.value),
		);
}
