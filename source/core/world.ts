import {changeInPlace} from './diff.js';
import type {
	GovernanceEntity,
	Invocation,
	LinkKind,
	Patch,
	RamEntity,
	Resource,
	RuleSetting,
	WorldData,
} from './model.js';

/**
Indexes kept beside the world: resources per region, and who links to whom
(parent ID → children linking to it, any link kind). Each is built on first
use, so a start that needs only one region's rows pays for no more, and then
kept up to date by every patch. An entry is built as an array, which is much
cheaper than a set at 100,000 resources, and becomes a set the first time it
changes.
*/
type Ids = string[] | Set<string>;
type Index = Map<string, Ids>;

/** Appends while building an index; a value just appended is not appended again. */
function append(index: Index, key: string, value: string) {
	const ids = index.get(key) as string[] | undefined;
	if (!ids) index.set(key, [value]);
	else if (ids.at(-1) !== value) ids.push(value);
}

function setOf(index: Index, key: string): Set<string> | undefined {
	const ids = index.get(key);
	if (!Array.isArray(ids)) return ids;
	const set = new Set(ids);
	index.set(key, set);
	return set;
}

function addTo(index: Index, key: string, value: string) {
	const set = setOf(index, key);
	if (set) set.add(value);
	else index.set(key, new Set([value]));
}

function removeFrom(index: Index, key: string, value: string) {
	const set = setOf(index, key);
	if (set) {
		set.delete(value);
		if (set.size === 0) index.delete(key);
	}
}

const sizeOf = (ids: Ids | undefined) =>
	ids === undefined ? 0 : Array.isArray(ids) ? ids.length : ids.size;

/** Fields every resource has, null when they do not apply. */

/** A world: the plain data of the file, with indexes for fast questions. */
export class World {
	/**
	For a world as one RAM user sees it (ram/access.ts, visibleWorld): the
	whole world it was cut from, which changes are planned on.
	*/
	whole: World | undefined;
	private byRegion: Index | undefined;
	private byParent: Index | undefined;

	constructor(readonly data: WorldData) {}

	get(id: string): Resource | undefined {
		// Every resource is stored under its own ID (the file is checked for it),
		// so one lookup tells it from what the prototype has ("constructor", …).
		const resource = this.data.resources[id];
		return resource?.id === id ? resource : undefined;
	}

	resources(): Resource[] {
		const out: Resource[] = [];
		this.each((resource) => {
			out.push(resource);
		});
		return out;
	}

	/**
	Calls `visit` with every resource. A for-in walk of the ID table is about
	twice as fast as Object.values at 100,000 resources, and builds no array.
	*/
	each(visit: (resource: Resource) => void): void {
		const all = this.data.resources;
		for (const id in all) {
			if (Object.hasOwn(all, id)) visit(all[id]!);
		}
	}

	inRegion(region: string): Resource[] {
		const ids = this.regions().get(region);
		return ids ? [...ids].map((id) => this.data.resources[id]!) : [];
	}

	countInRegion(region: string): number {
		return sizeOf(this.regions().get(region));
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

	/** IDs of the resources whose links name `id`, each once. */
	childIds(id: string): Iterable<string> {
		return this.parents().get(id) ?? [];
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
				// Only a change of region or links moves a resource in the indexes.
				const moves =
					patch.f !== undefined &&
					(Object.hasOwn(patch.f, 'region') || Object.hasOwn(patch.f, 'links'));
				if (moves) this.unindex(doc);
				changeInPlace(doc, patch, side);
				if (moves) this.reindex(doc);
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
				return;
			}

			case 'k': {
				this.data.clock = structuredClone(whole) as WorldData['clock'];
				return;
			}

			case 'm': {
				if (whole)
					this.data.ram[patch.id] = structuredClone(whole) as RamEntity;
				else delete this.data.ram[patch.id];
				return;
			}

			case 'g': {
				if (whole) {
					this.data.governance[patch.id] = structuredClone(
						whole,
					) as GovernanceEntity;
				} else delete this.data.governance[patch.id];
			}
		}
	}

	private regions(): Index {
		if (!this.byRegion) {
			const index: Index = new Map();
			this.each((r) => {
				append(index, r.region, r.id);
			});
			this.byRegion = index;
		}

		return this.byRegion;
	}

	private parents(): Index {
		if (!this.byParent) {
			const index: Index = new Map();
			this.each((r) => {
				const {links} = r;
				if (!links) return;
				for (const kind in links) {
					if (Object.hasOwn(links, kind))
						append(index, links[kind as LinkKind]!, r.id);
				}
			});
			this.byParent = index;
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
