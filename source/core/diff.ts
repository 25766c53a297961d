import type {Patch, Provenance, Resource} from './model.js';
import {put} from './tags.js';

/*
Patches from resources: the exact difference between a resource before and
after a command, and the copy a command works on.
*/

/**
Whether two field values are equal. Resource fields are strings, null, string
arrays (managed) or flat records of strings (links): one level deep is enough,
and much cheaper than serialising both for every field of every patch.
*/
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (
		typeof a !== 'object' ||
		typeof b !== 'object' ||
		a === null ||
		b === null
	) {
		return false;
	}

	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	const keys = Object.keys(left);
	if (keys.length !== Object.keys(right).length) return false;
	return keys.every(
		(key) => Object.hasOwn(right, key) && left[key] === right[key],
	);
}

function sameProvenance(a: Provenance, b: Provenance) {
	return a.from === b.from && a.rule === b.rule;
}

/** Whether a record has no own keys, without listing them. */
export function isEmpty(record: Record<string, unknown>): boolean {
	for (const key in record) if (Object.hasOwn(record, key)) return false;
	return true;
}

/**
The [before, after] pairs of the keys that differ between two records, each key
visited once, with null for absent; undefined when nothing differs.
*/
function diffRecords<T>(
	before: Record<string, T>,
	after: Record<string, T>,
	equal: (a: T, b: T) => boolean,
): Record<string, [T | null, T | null]> | undefined {
	let out: Record<string, [T | null, T | null]> | undefined;
	for (const key in before) {
		if (!Object.hasOwn(before, key)) continue;
		const b = before[key]!;
		const a = Object.hasOwn(after, key) ? after[key]! : null;
		if (a === null || !equal(b, a)) put((out ??= {}), key, [b, a]);
	}

	for (const key in after) {
		if (!Object.hasOwn(after, key) || Object.hasOwn(before, key)) continue;
		put((out ??= {}), key, [null, after[key]!]);
	}

	return out;
}

const noRecord: Record<string, never> = {};
const sameString = (a: string, b: string) => a === b;

/** The patch that turns resource `before` into `after` (either may be absent). */
export function diffResource(
	before: Resource | undefined,
	after: Resource | undefined,
): Patch | undefined {
	if (!before && !after) return undefined;
	const {id} = (before ?? after)!;
	if (!before || !after) {
		return {c: 'r', id, b: before ?? null, a: after ?? null};
	}

	const patch: Patch = {c: 'r', id};
	const b = before as unknown as Record<string, unknown>;
	const a = after as unknown as Record<string, unknown>;
	let fields: NonNullable<Patch['f']> | undefined;
	for (const field in b) {
		if (ownFields.has(field) || !Object.hasOwn(b, field)) continue;
		if (!same(b[field], a[field])) {
			(fields ??= {})[field] = [b[field] ?? null, a[field] ?? null];
		}
	}

	for (const field in a) {
		if (ownFields.has(field) || !Object.hasOwn(a, field)) continue;
		if (!Object.hasOwn(b, field) && a[field] !== undefined) {
			(fields ??= {})[field] = [null, a[field]];
		}
	}

	const tags = diffRecords(before.tags, after.tags, sameString);
	const inherited = diffRecords<Provenance>(
		before.inherited ?? noRecord,
		after.inherited ?? noRecord,
		sameProvenance,
	);
	if (fields) patch.f = fields;
	if (tags) patch.t = tags;
	if (inherited) patch.h = inherited;
	return (fields ?? tags ?? inherited) ? patch : undefined;
}

/** Fields a patch carries apart from `f`, or never changes. */
const ownFields = new Set(['tags', 'inherited', 'id']);

export function cloneResource(resource: Resource): Resource {
	const copy: Resource = {...resource, tags: {...resource.tags}};
	if (resource.links) copy.links = {...resource.links};
	if (resource.inherited) copy.inherited = {...resource.inherited};
	return copy;
}
