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

type PageOptions = {
	token: string | undefined;
	size: number;
	refuse: () => ApiError;
};

/**
A page of `items` (sorted by `key`, ascending) after the token's key: at most
`size`, and the token for the next page, undefined on the last.
*/
export function pageOf<T>(
	items: readonly T[],
	key: (item: T) => string,
	options: PageOptions,
): {page: T[]; next: string | undefined} {
	return scanPage(items, key, options, (item) => item);
}

/**
A page as pageOf gives it, of what `pick` makes of the items it keeps
(undefined: left out), looking at no more items than the page needs: the
first is found by binary search, and the scan stops one past the page.
*/
export function scanPage<T, R>(
	items: readonly T[],
	key: (item: T) => string,
	options: PageOptions,
	pick: (item: T) => R | undefined,
): {page: R[]; next: string | undefined} {
	const after = keyOfToken(options.token, options.refuse);
	let start = 0;
	if (after !== undefined) {
		let high = items.length;
		while (start < high) {
			const middle = Math.floor((start + high) / 2);
			if (key(items[middle]!) <= after) start = middle + 1;
			else high = middle;
		}
	}

	const page: R[] = [];
	let last: T | undefined;
	for (let index = start; index < items.length; index++) {
		const item = items[index]!;
		const picked = pick(item);
		if (picked === undefined) continue;
		// One more than the page holds: there is a next page.
		if (page.length === options.size)
			return {page, next: tokenAfter(key(last!))};
		page.push(picked);
		last = item;
	}

	return {page, next: undefined};
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
