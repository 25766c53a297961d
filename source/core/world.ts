import {put} from './tags.js';
import type {
	Invocation,
	LinkKind,
	Patch,
	Provenance,
	Resource,
	RuleSetting,
	WorldData,
} from './model.js';

/**
Indexes kept beside the world: resources per region, and who links to whom
(parent ID → children linking to it, any link kind). Each is built on first
use, so a start that needs only one region's rows pays for no more, and then
kept up to date by every patch.
*/
type Index = Map<string, Set<string>>;

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
	let set = map.get(key);
	if (!set) {
		set = new Set();
		map.set(key, set);
	}

	set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
	const set = map.get(key);
	if (set) {
		set.delete(value);
		if (set.size === 0) map.delete(key);
	}
}

/** Fields every resource has, null when they do not apply. */
const nullableFields = new Set(['zone', 'status']);

/** A world: the plain data of the file, with indexes for fast questions. */
export class World {
	private byRegion: Index | undefined;
	private byParent: Index | undefined;

	constructor(readonly data: WorldData) {}

	get(id: string): Resource | undefined {
		return Object.hasOwn(this.data.resources, id)
			? this.data.resources[id]
			: undefined;
	}

	resources(): Resource[] {
		return Object.values(this.data.resources);
	}

	inRegion(region: string): Resource[] {
		const ids = this.regions().get(region);
		return ids ? [...ids].map((id) => this.data.resources[id]!) : [];
	}

	countInRegion(region: string): number {
		return this.regions().get(region)?.size ?? 0;
	}

	/** Resources whose link of `kind` (any kind when omitted) names `id`. */
	children(id: string, kind?: LinkKind): Resource[] {
		const ids = this.parents().get(id);
		if (!ids) return [];
		const out: Resource[] = [];
		for (const childId of ids) {
			const child = this.data.resources[childId]!;
			if (!kind || child.links?.[kind] === id) out.push(child);
		}

		return out;
	}

	/** Applies patches forward (after values) or backward (before values). */
	applyPatches(patches: readonly Patch[], direction: 'forward' | 'backward') {
		const list = direction === 'forward' ? patches : patches.toReversed();
		for (const patch of list) this.applyPatch(patch, direction);
	}

	private applyPatch(patch: Patch, direction: 'forward' | 'backward') {
		const side = direction === 'forward' ? 1 : 0;
		const whole = direction === 'forward' ? patch.a : patch.b;
		switch (patch.c) {
			case 'r': {
				const old = this.get(patch.id);
				if (patch.b !== undefined || patch.a !== undefined) {
					if (old) this.unindex(old);
					if (whole) {
						const doc = structuredClone(whole) as Resource;
						this.data.resources[patch.id] = doc;
						this.reindex(doc);
					} else {
						delete this.data.resources[patch.id];
					}

					return;
				}

				const doc = old!;
				this.unindex(doc);
				for (const [field, pair] of Object.entries(patch.f ?? {})) {
					const value = pair[side];
					const record = doc as unknown as Record<string, unknown>;
					if (value !== null && value !== undefined) {
						record[field] = structuredClone(value);
					} else if (nullableFields.has(field)) {
						record[field] = null;
					} else {
						delete record[field];
					}
				}

				for (const [key, pair] of Object.entries(patch.t ?? {})) {
					const value = pair[side];
					if (value === null) delete doc.tags[key];
					else put(doc.tags, key, value);
				}

				if (patch.h) {
					doc.inherited ??= {};
					const {inherited} = doc;
					for (const [key, pair] of Object.entries(patch.h)) {
						const value = pair[side];
						if (value === null) delete inherited[key];
						else put(inherited, key, {...value});
					}

					if (Object.keys(inherited).length === 0) delete doc.inherited;
				}

				this.reindex(doc);
				return;
			}

			case 'i': {
				if (whole) this.data.invocations[patch.id] = whole as Invocation;
				else delete this.data.invocations[patch.id];
				return;
			}

			case 'u': {
				if (whole) this.data.rules[patch.id] = whole as RuleSetting;
				else delete this.data.rules[patch.id];
				return;
			}

			case 'a': {
				this.data.account = structuredClone(whole) as WorldData['account'];
			}
		}
	}

	private regions(): Index {
		if (!this.byRegion) {
			this.byRegion = new Map();
			for (const r of Object.values(this.data.resources))
				addTo(this.byRegion, r.region, r.id);
		}

		return this.byRegion;
	}

	private parents(): Index {
		if (!this.byParent) {
			this.byParent = new Map();
			for (const r of Object.values(this.data.resources)) {
				if (!r.links) continue;
				for (const target of Object.values(r.links))
					addTo(this.byParent, target, r.id);
			}
		}

		return this.byParent;
	}

	private reindex(resource: Resource) {
		if (this.byRegion) addTo(this.byRegion, resource.region, resource.id);
		if (!this.byParent || !resource.links) return;
		for (const target of Object.values(resource.links))
			addTo(this.byParent, target, resource.id);
	}

	private unindex(resource: Resource) {
		if (this.byRegion) removeFrom(this.byRegion, resource.region, resource.id);
		if (!this.byParent || !resource.links) return;
		for (const target of Object.values(resource.links))
			removeFrom(this.byParent, target, resource.id);
	}
}

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

function sameProvenance(a: Provenance | undefined, b: Provenance | undefined) {
	return a?.from === b?.from && a?.rule === b?.rule;
}

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
	const fields: NonNullable<Patch['f']> = {};
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	for (const field of keys) {
		if (field === 'tags' || field === 'inherited' || field === 'id') continue;
		const b = (before as Record<string, unknown>)[field];
		const a = (after as Record<string, unknown>)[field];
		if (!same(b, a)) fields[field] = [b ?? null, a ?? null];
	}

	const tags: NonNullable<Patch['t']> = {};
	for (const key of new Set([
		...Object.keys(before.tags),
		...Object.keys(after.tags),
	])) {
		const b = Object.hasOwn(before.tags, key) ? before.tags[key]! : null;
		const a = Object.hasOwn(after.tags, key) ? after.tags[key]! : null;
		if (b !== a) put(tags, key, [b, a]);
	}

	const inherited: NonNullable<Patch['h']> = {};
	const bi = before.inherited ?? {};
	const ai = after.inherited ?? {};
	for (const key of new Set([...Object.keys(bi), ...Object.keys(ai)])) {
		if (!sameProvenance(bi[key], ai[key])) {
			put(inherited, key, [bi[key] ?? null, ai[key] ?? null]);
		}
	}

	if (Object.keys(fields).length > 0) patch.f = fields;
	if (Object.keys(tags).length > 0) patch.t = tags;
	if (Object.keys(inherited).length > 0) patch.h = inherited;
	return (patch.f ?? patch.t ?? patch.h) ? patch : undefined;
}

export function cloneResource(resource: Resource): Resource {
	const copy: Resource = {...resource, tags: {...resource.tags}};
	if (resource.links) copy.links = {...resource.links};
	if (resource.inherited) {
		copy.inherited = Object.fromEntries(
			Object.entries(resource.inherited).map(([k, v]) => [k, {...v}]),
		);
	}

	return copy;
}
