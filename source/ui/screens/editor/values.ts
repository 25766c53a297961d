import {compareText} from '../../../core/order.js';
import {presets} from '../../../core/governance/governance.js';
import {isSystemKey} from '../../../core/tags.js';
import type {World} from '../../../core/world.js';

/** A value of a key in the region, and how many resources there have it. */
export type ValueCount = {value: string; count: number};

type Cached = {
	revision: number;
	region: string;
	keys: string[] | undefined;
	values: Map<string, ValueCount[]>;
};

const byWorld = new WeakMap<World, Cached>();

/**
What the editor suggests, read from the region's resources once per world
revision: the keys, and the values of each key asked for. A keystroke reads
these; it never walks the region's resources again.
*/
function cached(world: World, region: string): Cached {
	const hit = byWorld.get(world);
	if (hit?.revision === world.data.revision && hit.region === region)
		return hit;
	const fresh: Cached = {
		revision: world.data.revision,
		region,
		keys: undefined,
		values: new Map(),
	};
	byWorld.set(world, fresh);
	return fresh;
}

/** The custom tag keys of the region, sorted. */
export function regionKeys(world: World, region: string | undefined): string[] {
	if (!region) return [];
	const cache = cached(world, region);
	if (!cache.keys) {
		const keys = new Set<string>();
		for (const r of world.inRegion(region))
			for (const key of Object.keys(r.tags))
				if (!isSystemKey(key)) keys.add(key);
		// Preset keys are offered in every region, bound or not.
		for (const preset of presets(world.data)) keys.add(preset.key);
		cache.keys = [...keys].toSorted(compareText);
	}

	return cache.keys;
}

/** The values `key` has in the region: the most used first, then by value. */
export function regionValues(
	world: World,
	region: string | undefined,
	key: string,
): ValueCount[] {
	if (!region) return [];
	const cache = cached(world, region);
	let values = cache.values.get(key);
	if (!values) {
		const counts = new Map<string, number>();
		for (const r of world.inRegion(region)) {
			if (!Object.hasOwn(r.tags, key)) continue;
			const value = r.tags[key]!;
			counts.set(value, (counts.get(value) ?? 0) + 1);
		}

		// A preset key's preset values, used or not.
		const preset = presets(world.data).find((p) => p.key === key);
		for (const value of preset?.values ?? [])
			if (!counts.has(value)) counts.set(value, 0);
		values = [...counts]
			.map(([value, count]) => ({value, count}))
			.toSorted((a, b) => b.count - a.count || compareText(a.value, b.value));
		cache.values.set(key, values);
	}

	return values;
}
