import {findRule, linkKinds} from './catalogue.js';
import type {LinkKind, Provenance, Resource} from './model.js';

/*
Changes in words, for people: names beside IDs, rules by their short name,
links by their verb. No field names, no JSON.
*/

/** Finds a resource by ID (the world as it is shown). */
export type Find = (id: string) => Resource | undefined;

/** A rule by its short name, `Ecs-Instance:Ecs-Disk` (the SettingName if unknown). */
export function ruleLabel(settingName: string): string {
	const rule = findRule(settingName);
	return rule ? `${rule.primary}:${rule.associated}` : settingName;
}

/** "i-… (dev-box-1)": an ID with the name of its resource, when there is one. */
export function withName(find: Find, id: string): string {
	const name = find(id)?.name;
	return name ? `${id} (${name})` : id;
}

/** "from i-… (dev-box-1) by Ecs-Instance:Ecs-Disk" */
export function sourceWords(find: Find, p: Provenance): string {
	return `from ${withName(find, p.from)} by ${ruleLabel(p.rule)}`;
}

/** "inherited from i-… (dev-box-1) by Ecs-Instance:Ecs-Disk" */
export function inheritedWords(find: Find, p: Provenance): string {
	return `inherited ${sourceWords(find, p)}`;
}

function linkWords(find: Find, before: unknown, after: unknown): string[] {
	const b = (before ?? {}) as Partial<Record<LinkKind, string>>;
	const a = (after ?? {}) as Partial<Record<LinkKind, string>>;
	const out: string[] = [];
	for (const kind of Object.keys(linkKinds) as LinkKind[]) {
		if (b[kind] === a[kind]) continue;
		const {verb} = linkKinds[kind];
		if (b[kind]) out.push(`no longer ${verb} ${withName(find, b[kind])}`);
		if (a[kind]) out.push(`${verb} ${withName(find, a[kind])}`);
	}

	return out;
}

function managedWords(before: unknown, after: unknown): string[] {
	const b = new Set((before ?? []) as string[]);
	const a = new Set((after ?? []) as string[]);
	const out: string[] = [];
	for (const rule of a)
		if (!b.has(rule)) out.push(`its link now managed by ${ruleLabel(rule)}`);
	for (const rule of b)
		if (!a.has(rule))
			out.push(`its link no longer managed by ${ruleLabel(rule)}`);
	return out;
}

function plain(value: unknown): string {
	if (value === null || value === undefined || value === '') return 'none';
	if (Array.isArray(value)) return value.map((v) => plain(v)).join(', ');
	if (typeof value === 'object')
		return Object.entries(value as Record<string, unknown>)
			.map(([k, v]) => `${k} ${plain(v)}`)
			.join(', ');
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a change of one field of a resource means: "attached to i-… (web-1)", "status Running → Stopped". */
export function fieldWords(
	find: Find,
	field: string,
	before: unknown,
	after: unknown,
): string[] {
	if (field === 'links') return linkWords(find, before, after);
	if (field === 'managed') return managedWords(before, after);
	return [`${field} ${plain(before)} → ${plain(after)}`];
}
