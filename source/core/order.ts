/** Compares strings by code unit, as the tables and the JSON output order them. */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
Resources in order of a group key, then name, then ID. Grouping first and
sorting each group on its own takes a fraction of one sort of every resource
on the joined key: fewer items per sort, and comparisons of short fields.
*/
export function sortGrouped<T extends {name: string; id: string}>(
	items: Iterable<T>,
	groupOf: (item: T) => string,
): T[] {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = groupOf(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}

	const out: T[] = [];
	for (const key of [...groups.keys()].toSorted(compareText)) {
		const group = groups.get(key)!;
		group.sort(
			(a, b) => compareText(a.name, b.name) || compareText(a.id, b.id),
		);
		for (const item of group) out.push(item);
	}

	return out;
}
