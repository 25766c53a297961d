import {TagdeckError} from './errors.js';
import type {Clock} from './clock.js';
import type {
	Account,
	Invocation,
	LinkKind,
	GovernanceEntity,
	Patch,
	RamEntity,
	Resource,
	RuleSetting,
	Skip,
} from './model.js';
import {Random} from './random.js';
import type {Acting} from './ram/access.js';
import {effectiveRules} from './governance/governance.js';
import type {KeyRule} from './governance/tag-policy.js';
import {cloneResource, diffResource} from './diff.js';
import type {World} from './world.js';

function linksTo(resource: Resource, id: string): boolean {
	for (const kind in resource.links) {
		if (resource.links[kind as LinkKind] === id) return true;
	}

	return false;
}

type LinkEvent = {
	type: 'link' | 'unlink' | 'create';
	child: string;
	kind: LinkKind;
	parent: string;
};

/**
A transaction over a world: commands read and write through it, nothing touches
the world until `patches()` is committed. Dropping a transaction leaves the
world exactly as it was, which is what makes every batch all-or-nothing.
*/
export class Txn {
	readonly random: Random;
	/** The RAM user the command is applied as; absent for the account itself. */
	acting?: Acting;
	/** Inheritance that could not be delivered in this step. */
	readonly skips: Skip[] = [];
	private rules: Array<KeyRule & {from: string}> | undefined;
	private readonly staged = new Map<string, Resource | undefined>();
	private readonly order: string[] = [];
	/** Resources whose links changed here; only these can be new children. */
	private readonly relinked = new Set<string>();
	private readonly linkEvents: LinkEvent[] = [];
	/** Tag keys changed and not yet followed, by resource, in `tagQueue` order. */
	private readonly tagEvents = new Map<string, Set<string>>();
	private readonly tagQueue: string[] = [];
	private tagHead = 0;
	private readonly docs = new Map<
		string,
		{c: Patch['c']; id: string; before: unknown; after: unknown}
	>();

	constructor(
		readonly world: World,
		readonly now: string,
	) {
		this.random = new Random(world.data.rng);
	}

	get(id: string): Resource | undefined {
		return this.staged.has(id) ? this.staged.get(id) : this.world.get(id);
	}

	/** The resource, or InvalidResourceId.NotFound. */
	need(id: string): Resource {
		const resource = this.get(id);
		if (!resource) {
			throw new TagdeckError(
				'InvalidResourceId.NotFound',
				`The specified resource "${id}" is not found. List IDs with: tagdeck list`,
			);
		}

		return resource;
	}

	/** Whether this transaction removed the resource. */
	removedHere(id: string): boolean {
		return this.staged.has(id) && this.staged.get(id) === undefined;
	}

	exists(id: string): boolean {
		return this.get(id) !== undefined;
	}

	/** A writable copy of the resource, staged in this transaction. */
	edit(id: string): Resource {
		const current = this.need(id);
		if (this.staged.get(id) === current) return current;
		const copy = cloneResource(current);
		this.stage(id, copy);
		return copy;
	}

	/** Sets (or, with undefined, clears) a link of a resource. */
	setLink(id: string, kind: LinkKind, target: string | undefined) {
		const resource = this.edit(id);
		const old = resource.links?.[kind];
		if (old)
			this.linkEvents.push({type: 'unlink', child: id, kind, parent: old});
		if (target)
			this.linkEvents.push({type: 'link', child: id, kind, parent: target});
		const links = {...resource.links};
		if (target === undefined) delete links[kind];
		else links[kind] = target;
		if (Object.keys(links).length > 0) resource.links = links;
		else delete resource.links;
		this.relinked.add(id);
	}

	add(resource: Resource) {
		if (this.exists(resource.id)) {
			throw new TagdeckError(
				'Duplicate.Name',
				`A resource with ID "${resource.id}" already exists. Choose another name.`,
			);
		}

		this.stage(resource.id, resource);
		if (resource.links) this.relinked.add(resource.id);
		for (const [kind, parent] of Object.entries(resource.links ?? {})) {
			this.linkEvents.push({
				type: 'create',
				child: resource.id,
				kind: kind as LinkKind,
				parent,
			});
		}

		this.noteTags(resource.id, Object.keys(resource.tags));
	}

	/** Records that these tag keys of a resource changed, for inheritance to follow. */
	noteTags(id: string, keys: Iterable<string>) {
		let set = this.tagEvents.get(id);
		if (!set) {
			set = new Set();
			this.tagEvents.set(id, set);
			this.tagQueue.push(id);
		}

		for (const key of keys) set.add(key);
	}

	takeLinkEvents(): LinkEvent[] {
		return this.linkEvents.splice(0);
	}

	/** The next resource whose tags changed, with the keys, in the order they changed. */
	takeTagEvent(): {id: string; keys: Set<string>} | undefined {
		if (this.tagHead === this.tagQueue.length) return undefined;
		const id = this.tagQueue[this.tagHead++]!;
		const keys = this.tagEvents.get(id)!;
		this.tagEvents.delete(id);
		return {id, keys};
	}

	account(): Account {
		const staged = this.docs.get('a:account');
		return (staged ? staged.after : this.world.data.account) as Account;
	}

	setting(key: string): RuleSetting | undefined {
		const staged = this.docs.get(`u:${key}`);
		return (staged ? staged.after : this.world.data.rules[key]) as
			RuleSetting | undefined;
	}

	remove(id: string) {
		this.need(id);
		this.stage(id, undefined);
	}

	/** Children of `id` as this transaction sees them. */
	children(id: string): Resource[] {
		const out: Resource[] = [];
		// Links change only through setLink and add, which mark the resource relinked.
		for (const childId of this.world.childIds(id)) {
			const current = this.get(childId);
			if (!current) continue;
			if (this.relinked.has(childId) && !linksTo(current, id)) continue;
			out.push(current);
		}

		if (this.relinked.size === 0) return out;
		const listed = new Set(this.world.childIds(id));
		for (const childId of this.relinked) {
			if (listed.has(childId)) continue;
			const child = this.get(childId);
			if (child && linksTo(child, id)) out.push(child);
		}

		return out;
	}

	setDoc(c: 'i', id: string, after: Invocation | undefined): void;
	setDoc(c: 'u', id: string, after: RuleSetting | undefined): void;
	setDoc(c: 'a', id: string, after: Account): void;
	setDoc(c: 'k', id: string, after: Clock): void;
	setDoc(c: 'm', id: string, after: RamEntity | undefined): void;
	setDoc(c: 'g', id: string, after: GovernanceEntity | undefined): void;
	setDoc(c: Patch['c'], id: string, after: unknown) {
		const key = `${c}:${id}`;
		const existing = this.docs.get(key);
		const before =
			existing?.before ??
			(c === 'i'
				? this.world.data.invocations[id]
				: c === 'u'
					? this.world.data.rules[id]
					: c === 'k'
						? this.world.data.clock
						: c === 'm'
							? this.world.data.ram[id]
							: c === 'g'
								? this.world.data.governance[id]
								: this.world.data.account);
		this.docs.set(key, {c, id, before: structuredClone(before), after});
	}

	/** A governance document as this step has left it so far (its own changes included). */
	governance(id: string): GovernanceEntity | undefined {
		const staged = this.docs.get(`g:${id}`);
		return staged
			? (staged.after as GovernanceEntity | undefined)
			: this.world.data.governance[id];
	}

	/** The tag policy rules in force (the attached policies, merged), read once per step. */
	tagRules(): Array<KeyRule & {from: string}> {
		this.rules ??= effectiveRules(this.world.data);
		return this.rules;
	}

	touched(): string[] {
		return this.order.filter((id) => this.staged.has(id));
	}

	patches(): Patch[] {
		const out: Patch[] = [];
		for (const id of this.order) {
			const patch = diffResource(this.world.get(id), this.staged.get(id));
			if (patch) out.push(patch);
		}

		for (const {c, id, before, after} of this.docs.values()) {
			if (JSON.stringify(before) !== JSON.stringify(after)) {
				out.push({c, id, b: before ?? null, a: structuredClone(after) ?? null});
			}
		}

		return out;
	}

	private stage(id: string, resource: Resource | undefined) {
		if (!this.staged.has(id)) this.order.push(id);
		this.staged.set(id, resource);
	}
}
