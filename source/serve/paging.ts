/*
Paging as the APIs page (docs/api.md): a page of items in a stable order and a
NextToken that names the last item given, so a page asked for after a change
goes on from where the last one ended, skipping nothing that stayed and giving
nothing twice. A token tagdeck did not write is refused.
*/
import type {Resource} from '../core/model.js';
import type {World} from '../core/world.js';
import type {ApiError} from './api.js';

/** The token for "after this key". */
export function tokenAfter(key: string): string {
	return Buffer.from(JSON.stringify({after: key})).toString('base64url');
}

/** The key a token was written after; `refuse` makes the product's error for a bad one. */
export function keyOfToken(
	token: string | undefined,
	refuse: () => ApiError,
): string | undefined {
	if (token === undefined) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		throw refuse();
	}

	const after = (parsed as {after?: unknown} | null)?.after;
	if (typeof after !== 'string' || tokenAfter(after) !== token) throw refuse();
	return after;
}

/**
A page of `items` (sorted by `key`, ascending) after the token's key: at most
`size`, and the token for the next page, undefined on the last.
*/
export function pageOf<T>(
	items: readonly T[],
	key: (item: T) => string,
	options: {token: string | undefined; size: number; refuse: () => ApiError},
): {page: T[]; next: string | undefined} {
	const after = keyOfToken(options.token, options.refuse);
	let start = 0;
	if (after !== undefined) {
		// The first item past the key: binary search on the sorted keys.
		let high = items.length;
		while (start < high) {
			const middle = Math.floor((start + high) / 2);
			if (key(items[middle]!) <= after) start = middle + 1;
			else high = middle;
		}
	}

	const page = items.slice(start, start + options.size);
	const next =
		start + options.size < items.length && page.length > 0
			? tokenAfter(key(page.at(-1)!))
			: undefined;
	return {page, next};
}

const byId = (a: Resource, b: Resource) =>
	a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const sortedCache = new WeakMap<
	World,
	{revision: number; regions: Map<string, Resource[]>}
>();

/**
A region's resources sorted by ID, kept for the world while it is unchanged:
paging through 100,000 resources sorts them once, not once a page.
*/
export function sortedInRegion(world: World, region: string): Resource[] {
	let cached = sortedCache.get(world);
	if (cached?.revision !== world.data.revision) {
		cached = {revision: world.data.revision, regions: new Map()};
		sortedCache.set(world, cached);
	}

	let sorted = cached.regions.get(region);
	if (!sorted) {
		sorted = world.inRegion(region).toSorted(byId);
		cached.regions.set(region, sorted);
	}

	return sorted;
}
