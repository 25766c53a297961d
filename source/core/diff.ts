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

const nullableFields = new Set(['zone', 'status']);

/**
Applies an update patch's fields, tags and provenance to a resource in place:
the after values (`side` 1) or the before values (`side` 0).
*/
export function changeInPlace(doc: Resource, patch: Patch, side: 0 | 1) {
	if (patch.f) {
		const record = doc as unknown as Record<string, unknown>;
		for (const field in patch.f) {
			if (!Object.hasOwn(patch.f, field)) continue;
			const value = patch.f[field]![side];
			if (value !== null && value !== undefined) {
				record[field] = structuredClone(value);
			} else if (nullableFields.has(field)) {
				record[field] = null;
			} else {
				delete record[field];
			}
		}
	}

	if (patch.t) {
		const {tags} = doc;
		for (const key in patch.t) {
			if (!Object.hasOwn(patch.t, key)) continue;
			const value = patch.t[key]![side];
			if (value === null) delete tags[key];
			else put(tags, key, value);
		}
	}

	if (patch.h) {
		doc.inherited ??= {};
		const {inherited} = doc;
		for (const key in patch.h) {
			if (!Object.hasOwn(patch.h, key)) continue;
			const value = patch.h[key]![side];
			if (value === null) delete inherited[key];
			else put(inherited, key, value);
		}

		if (isEmpty(inherited)) delete doc.inherited;
	}
}

/** A resource as a patch leaves it (side 1) or found it (side 0); the input is not changed. */
export function patched(
	resource: Resource | undefined,
	patch: Patch,
	side: 0 | 1,
): Resource | undefined {
	if (patch.b !== undefined || patch.a !== undefined) {
		const whole = side === 1 ? patch.a : patch.b;
		return whole ? (structuredClone(whole) as Resource) : undefined;
	}

	if (!resource) return undefined;
	const copy = cloneResource(resource);
	changeInPlace(copy, patch, side);
	return copy;
}
