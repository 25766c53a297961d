import {isDeepStrictEqual} from 'node:util';
import {rules} from '../../source/core/catalogue.js';
import {settingKey} from '../../source/core/inheritance.js';
import type {ApplyResult} from '../../source/core/apply.js';
import type {Command, Resource} from '../../source/core/model.js';
import {tagKeys, type KeyCount} from '../../source/core/query.js';
import type {World} from '../../source/core/world.js';

const ruleByName = new Map(rules.map((r) => [r.settingName, r]));

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/*
The tag rules as the README states them, written here rather than taken from
the source: at most 20 custom tags per resource; keys starting with "acs:" are
system tags, set by the cloud, and keys starting with "aliyun" are refused,
both prefixes ignoring case.
*/
const quota = 20;
const isSystem = (key: string) => key.slice(0, 4).toLowerCase() === 'acs:';
const isAliyun = (key: string) => key.slice(0, 6).toLowerCase() === 'aliyun';
/** The one system tag the simulated cloud sets. */
const createdBy = 'acs:tag:createdby';

/**
R4: one value per key, and at most 20 custom tags, on every resource. A
resource's tags are written to the world file as JSON, which keeps own
enumerable properties only: every key the world sees (for…in, which also walks
a prototype) must be written once, with the same string value, or a tag named
like "__proto__" or "constructor" is lost, or read through a prototype, on the
next write.
*/
function checkTags(resource: Resource, out: string[]) {
	const {tags} = resource;
	const seen: Array<[string, unknown]> = [];
	// eslint-disable-next-line guard-for-in
	for (const key in tags) seen.push([key, tags[key]]);
	// JSON.stringify writes the own enumerable properties: Object.keys.
	const written = Object.keys(tags);
	if (
		seen.length !== written.length ||
		seen.some(([key], i) => key !== written[i])
	)
		out.push(
			`[1 tags] ${resource.id}: the tags read ${JSON.stringify(seen.map(([key]) => key))}, the file would keep ${JSON.stringify(written)}`,
		);
	for (const [key, value] of seen) {
		if (typeof value !== 'string')
			out.push(`[1 tags] ${resource.id}: tag ${key} has a non-string value`);
		if (isAliyun(key))
			out.push(
				`[1 tags] ${resource.id}: holds ${key}, a key starting with aliyun`,
			);
		if (isSystem(key) && key !== createdBy)
			out.push(
				`[1 tags] ${resource.id}: holds ${key}, a system key the cloud never sets`,
			);
	}

	const custom = seen.filter(([key]) => !isSystem(key)).length;
	if (custom > quota)
		out.push(`[1 tags] ${resource.id}: ${custom} custom tags, over the quota`);
	// Provenance is kept only for tags the resource holds.
	for (const key of Object.keys(resource.inherited ?? {})) {
		if (!Object.hasOwn(tags, key))
			out.push(`[1 tags] ${resource.id}: provenance for absent tag ${key}`);
	}
}

/**
R4, one value per key, step by step: after a `tag` step each resource it
tagged (all but the failures) holds every key asked, with the value asked: the
later value replaces the earlier one.
*/
export function tagViolations(
	world: World,
	command: Command,
	result: ApplyResult,
): string[] {
	if (command.op !== 'tag' || !result.event) return [];
	const failed = new Set(result.failures.map((f) => f.id));
	const out: string[] = [];
	for (const id of command.ids) {
		const resource = world.get(id);
		if (failed.has(id) || !resource) continue;
		for (const [key, value] of Object.entries(command.tags)) {
			const held = Object.hasOwn(resource.tags, key)
				? resource.tags[key]
				: undefined;
			if (held !== value)
				out.push(
					`[1 tags] ${id} was tagged ${key}=${JSON.stringify(value)} and holds ${JSON.stringify(held)}`,
				);
		}
	}

	return out;
}

/**
R4: a region's tag keys are exactly the tags bound to the region's resources
(the sequences make no preset tags, which are listed in every region).
*/
function expectedCatalogue(world: World, region: string): KeyCount[] {
	const counts = new Map<string, {resources: number; values: Set<string>}>();
	for (const r of Object.values(world.data.resources)) {
		if (r.region !== region) continue;
		for (const [key, value] of Object.entries(r.tags)) {
			const entry = counts.get(key) ?? {resources: 0, values: new Set()};
			entry.resources++;
			entry.values.add(value);
			counts.set(key, entry);
		}
	}

	return [...counts]
		.map(([key, entry]) => ({
			region,
			key,
			resources: entry.resources,
			values: entry.values.size,
			preset: false,
			system: isSystem(key),
		}))
		.toSorted((a, b) => compare(a.key, b.key));
}

function checkCatalogue(world: World, out: string[]) {
	const regions = new Set(
		Object.values(world.data.resources).map((r) => r.region),
	);
	for (const region of regions) {
		const actual = tagKeys(world, region);
		const expected = expectedCatalogue(world, region);
		if (!isDeepStrictEqual(actual, expected)) {
			out.push(
				`[2 keys] the tag keys of ${region} are ${JSON.stringify(actual)}, the bound tags are ${JSON.stringify(expected)}`,
			);
		}
	}
}

/** R4: no tag crosses a region; links stay in one region. */
function checkRegions(world: World, resource: Resource, out: string[]) {
	for (const [key, provenance] of Object.entries(resource.inherited ?? {})) {
		if (!ruleByName.has(provenance.rule))
			out.push(`[3 regions] ${resource.id}: ${key} inherited by unknown rule`);
		const from = world.get(provenance.from);
		if (from && from.region !== resource.region) {
			out.push(
				`[3 regions] ${resource.id} (${resource.region}) holds ${key} inherited from ${from.id} (${from.region})`,
			);
		}
	}

	for (const [kind, target] of Object.entries(resource.links ?? {})) {
		const parent = world.get(target);
		if (parent && parent.region !== resource.region) {
			out.push(
				`[3 regions] ${resource.id} (${resource.region}) ${kind} ${parent.id} (${parent.region})`,
			);
		}
	}
}

/**
R4: on every managed link of an active rule, each tag the associated resource
holds as inherited from the primary by that rule equals the primary's value,
and is in the rule's scope.
*/
function checkManaged(world: World, child: Resource, out: string[]) {
	if (!world.data.account.inheritance.enabled) return;
	for (const [key, provenance] of Object.entries(child.inherited ?? {})) {
		const rule = ruleByName.get(provenance.rule);
		if (!rule || child.links?.[rule.link] !== provenance.from) continue;
		const setting =
			world.data.rules[settingKey(child.region, rule.settingName)];
		if (!setting?.enabled) continue;
		const managed =
			setting.existing || (child.managed ?? []).includes(rule.settingName);
		if (!managed) continue;
		const parent = world.get(provenance.from);
		const where = `${child.id} holds ${key}=${JSON.stringify(child.tags[key])} inherited from ${provenance.from} by ${rule.primary}:${rule.associated}`;
		if (!parent) {
			out.push(`[4 managed] ${where}, which no longer exists`);
			continue;
		}

		if (!Object.hasOwn(parent.tags, key)) {
			out.push(`[4 managed] ${where}, which no longer has ${key}`);
		} else if (parent.tags[key] !== child.tags[key]) {
			out.push(
				`[4 managed] ${where}, whose value is ${JSON.stringify(parent.tags[key])}`,
			);
		}

		if (setting.keys !== null && !setting.keys.includes(key)) {
			out.push(
				`[4 managed] ${where}, out of the rule's scope ${JSON.stringify(setting.keys)}`,
			);
		}
	}
}

/**
The world's indexes, kept up to date by every patch, answer as a full scan
would: each region's resources, and each resource's children, once each.
*/
function checkIndexes(world: World, out: string[]) {
	const all = Object.values(world.data.resources);
	for (const region of new Set(all.map((r) => r.region))) {
		const indexed = world.inRegion(region).map((r) => r.id);
		const scanned = all.filter((r) => r.region === region).map((r) => r.id);
		if (!isDeepStrictEqual(indexed.toSorted(), scanned.toSorted()))
			out.push(`[index] the region index of ${region} differs from a scan`);
	}

	const scanned = new Map<string, Set<string>>();
	for (const child of all) {
		for (const target of Object.values(child.links ?? {})) {
			const set = scanned.get(target) ?? new Set();
			set.add(child.id);
			scanned.set(target, set);
		}
	}

	for (const parent of all) {
		const indexed = [...world.childIds(parent.id)].toSorted();
		const expected = [...(scanned.get(parent.id) ?? [])].toSorted();
		if (!isDeepStrictEqual(indexed, expected))
			out.push(`[index] the children of ${parent.id} differ from a scan`);
	}
}

/** Every R4 invariant about one state of the world; the violations found. */
export function violations(world: World): string[] {
	const out: string[] = [];
	for (const resource of Object.values(world.data.resources)) {
		checkTags(resource, out);
		checkRegions(world, resource, out);
		checkManaged(world, resource, out);
	}

	checkCatalogue(world, out);
	checkIndexes(world, out);
	return out;
}

/** The first place where two values differ, as a path, for messages. */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
	if (isDeepStrictEqual(a, b)) return '';
	if (
		typeof a !== 'object' ||
		typeof b !== 'object' ||
		a === null ||
		b === null
	) {
		return `${path || '(root)'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
	}

	const ra = a as Record<string, unknown>;
	const rb = b as Record<string, unknown>;
	for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
		if (!Object.hasOwn(ra, key) || !Object.hasOwn(rb, key)) {
			return `${path}.${key}: ${JSON.stringify(ra[key])} vs ${JSON.stringify(rb[key])}`;
		}

		const found = firstDifference(ra[key], rb[key], `${path}.${key}`);
		if (found) return found;
	}

	return `${path || '(root)'}: differs (prototype or property kind)`;
}
