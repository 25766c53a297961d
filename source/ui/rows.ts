import {typeNamed} from '../core/catalogue.js';
import {FilterError, parseFilter, type Filter} from '../core/filter.js';
import type {Resource} from '../core/model.js';
import type {World} from '../core/world.js';
import {sortGrouped} from '../core/order.js';

type Cached = {revision: number; rows: Resource[]};
const byWorld = new WeakMap<World, Map<string, Cached>>();

/**
The resources of a region in display order (type, then name, then ID), sorted
once per world revision and region: a keystroke re-filters, it never re-sorts.
*/
function regionRows(world: World, region: string): Resource[] {
	let cache = byWorld.get(world);
	if (!cache) {
		cache = new Map();
		byWorld.set(world, cache);
	}

	const hit = cache.get(region);
	if (hit?.revision === world.data.revision) return hit.rows;
	const rows = sortRows(world.inRegion(region));
	cache.set(region, {revision: world.data.revision, rows});
	return rows;
}

/** Display order: type (by its alias), then name, then ID. */
function sortRows(resources: Resource[]): Resource[] {
	const aliases = new Map<string, string>();
	return sortGrouped(resources, (r) => {
		let key = aliases.get(r.type);
		if (key === undefined) {
			key = `${typeNamed(r.type).aliases[0]!}\u0000${r.type}`;
			aliases.set(r.type, key);
		}

		return key;
	});
}

/** A filter as typed: parsed, or the error to show inline. */
type TypedFilter = {filter?: Filter; error?: FilterError};

const parsed = new Map<string, TypedFilter>();

export function typedFilter(text: string): TypedFilter {
	let hit = parsed.get(text);
	if (!hit) {
		try {
			hit = text.trim() === '' ? {} : {filter: parseFilter(text)};
		} catch (error) {
			if (!(error instanceof FilterError)) throw error;
			hit = {error};
		}

		if (parsed.size > 200) parsed.clear();
		parsed.set(text, hit);
	}

	return hit;
}

type Shown = {world: World; key: string; rows: Resource[]};
let lastShown: Shown | undefined;

/** The rows the resources view shows: the region's, by type tab and filter. */
export function shownRows(
	world: World,
	region: string,
	type: string | undefined,
	filterText: string,
): Resource[] {
	const all = regionRows(world, region);
	const {filter} = typedFilter(filterText);
	const key = `${world.data.revision}\u0000${region}\u0000${type ?? ''}\u0000${filter ? filterText : ''}`;
	if (lastShown?.world === world && lastShown.key === key)
		return lastShown.rows;
	let rows = type ? all.filter((r) => r.type === type) : all;
	if (filter) rows = rows.filter((r) => filter.test(r));
	lastShown = {world, key, rows};
	return rows;
}
