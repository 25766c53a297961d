import {typeNamed} from '../core/catalogue.js';
import {
	FilterError,
	notationHint,
	parseFilter,
	type Filter,
} from '../core/filter.js';
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

/** What the seeds' notation in a filter would mean as tags, and the rows that finds. */
export type FilterHint = {text: string; rows: Resource[]};

let lastHint:
	{world: World; key: string; hint: FilterHint | undefined} | undefined;

/**
For a filter with words written `K:V` where K is a tag key of the region
(docs/behaviour.md §3): what to write instead, and the rows of the type tab
that would match. Computed once per world revision and filter.
*/
export function filterHint(
	world: World,
	region: string,
	type: string | undefined,
	filterText: string,
): FilterHint | undefined {
	const {filter} = typedFilter(filterText);
	if (!filter || filter.colonWords.length === 0) return undefined;
	const key = `${world.data.revision}\u0000${region}\u0000${type ?? ''}\u0000${filterText}`;
	if (lastHint?.world === world && lastHint.key === key) return lastHint.hint;
	const all = regionRows(world, region);
	const found = notationHint(filter, all);
	const corrected = found?.filter;
	const hint = found && {
		text: found.text,
		rows: corrected
			? all.filter((r) => (!type || r.type === type) && corrected.test(r))
			: [],
	};
	lastHint = {world, key, hint};
	return hint;
}
