import {edged, directKeys, type Direct} from '../../../core/summary.js';
import type {Command, Patch, Provenance} from '../../../core/model.js';
import {own} from '../../../core/tags.js';
import {
	fieldWords,
	inheritedWords,
	ruleLabel,
	type Find,
} from '../../../core/words.js';

/*
What a change would do to each resource, grouped as the preview shows it: the
command's own changes first, then what each rule would pass on, then the
inherited tags each rule would take away. Lines are made later, only for the
rows in view.
*/

/** One resource's changes in one group. */
export type Entry = {
	id: string;
	/** The primary it inherits from (groups of a rule). */
	from: string | undefined;
	parts: string[];
	/** Changes told in a line of their own (a tag that changes owner). */
	notes: string[];
};

export type Group = {heading: string; entries: Map<string, Entry>};

type Kind = 'own' | 'inherited' | 'removed';

/** The groups of a preview, in the order they are shown. */
class Groups {
	readonly all = new Map<string, Group>();

	constructor() {
		this.group('own');
	}

	entry(
		id: string,
		p: Provenance | undefined,
		kind: Kind = p ? 'inherited' : 'own',
	): Entry {
		const group = this.group(kind, p?.rule);
		let entry = group.entries.get(id);
		if (!entry) {
			entry = {id, from: p?.from, parts: [], notes: []};
			group.entries.set(id, entry);
		}

		return entry;
	}

	private group(kind: Kind, rule?: string): Group {
		const name = `${kind} ${rule ?? ''}`;
		let group = this.all.get(name);
		if (!group) {
			group = {heading: heading(kind, rule), entries: new Map()};
			this.all.set(name, group);
		}

		return group;
	}
}

function heading(kind: Kind, rule: string | undefined): string {
	if (kind === 'own') return 'direct changes:';
	const name = ruleLabel(rule!);
	return kind === 'inherited'
		? `inherited by ${name}:`
		: `inherited tags removed by ${name}:`;
}

/** One key of one resource, before and after, with its provenance. */
type KeyChange = {
	id: string;
	key: string;
	vb: string | null;
	va: string | null;
	pb: Provenance | undefined;
	pa: Provenance | undefined;
};

const sameOwner = (a?: Provenance, b?: Provenance) =>
	a?.from === b?.from && a?.rule === b?.rule;

function owner(find: Find, p: Provenance | undefined): string {
	return p ? inheritedWords(find, p) : 'own';
}

function added(groups: Groups, c: KeyChange) {
	groups.entry(c.id, c.pa).parts.push(`+ ${edged(c.key)}=${edged(c.va!)}`);
}

function removed(groups: Groups, c: KeyChange, find: Find, direct: Direct) {
	if (c.pb && !direct(c.id, c.key)) {
		groups
			.entry(c.id, c.pb, 'removed')
			.parts.push(`- ${edged(c.key)}=${edged(c.vb!)}`);
		return;
	}

	const entry = groups.entry(c.id, undefined);
	entry.parts.push(`- ${edged(c.key)}=${edged(c.vb!)}`);
	if (c.pb)
		entry.notes.push(`${c.key}=${c.vb!} was ${inheritedWords(find, c.pb)}`);
}

function kept(groups: Groups, c: KeyChange, find: Find) {
	const entry = groups.entry(c.id, c.pa);
	if (c.vb !== c.va)
		entry.parts.push(`~ ${edged(c.key)}: ${edged(c.vb!)} → ${edged(c.va!)}`);
	if (!sameOwner(c.pb, c.pa)) {
		const what = c.vb === c.va ? `${c.key}=${c.va!}` : c.key;
		entry.notes.push(`${what}: ${owner(find, c.pb)} → ${owner(find, c.pa)}`);
	}
}

function keyChange(
	patch: Patch,
	key: string,
	find: Find,
): KeyChange | undefined {
	const now = find(patch.id);
	const value = own(now?.tags, key) ?? null;
	const [vb, va] = own(patch.t, key) ?? [value, value];
	const p = own(now?.inherited, key);
	const [pb, pa] = own(patch.h, key) ?? [p, p];
	if (vb === null && va === null) return undefined;
	return {id: patch.id, key, vb, va, pb: pb ?? undefined, pa: pa ?? undefined};
}

function tagChanges(groups: Groups, patch: Patch, find: Find, direct: Direct) {
	const keys = new Set([
		...Object.keys(patch.t ?? {}),
		...Object.keys(patch.h ?? {}),
	]);
	for (const key of keys) {
		const c = keyChange(patch, key, find);
		if (!c) continue;
		if (c.vb === null) added(groups, c);
		else if (c.va === null) removed(groups, c, find, direct);
		else kept(groups, c, find);
	}
}

type Document = {
	tags: Record<string, string>;
	inherited?: Record<string, Provenance>;
};

function lifeChange(groups: Groups, patch: Patch) {
	const entry = groups.entry(patch.id, undefined);
	if (!patch.a) {
		entry.parts.push('released');
		return;
	}

	entry.parts.push('created');
	const doc = patch.a as Document;
	for (const [key, value] of Object.entries(doc.tags)) {
		const p = own(doc.inherited, key);
		(p ? groups.entry(patch.id, p) : entry).parts.push(
			`+ ${edged(key)}=${edged(value)}`,
		);
	}
}

/** The groups of the resources' changes, none empty. */
export function groupChanges(
	patches: readonly Patch[],
	command: Command,
	find: Find,
): Group[] {
	const groups = new Groups();
	const direct = directKeys(command);
	for (const patch of patches) {
		if (patch.c !== 'r') continue;
		if (patch.b !== undefined || patch.a !== undefined) {
			lifeChange(groups, patch);
			continue;
		}

		for (const [field, [before, after]] of Object.entries(patch.f ?? {})) {
			// Who manages a link is told on a line of its own, below the link.
			const {parts, notes} = groups.entry(patch.id, undefined);
			(field === 'managed' ? notes : parts).push(
				...fieldWords(find, field, before, after),
			);
		}

		tagChanges(groups, patch, find, direct);
	}

	return [...groups.all.values()].filter((g) => g.entries.size > 0);
}
