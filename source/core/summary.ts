import type {Failure} from './errors.js';
import type {Command, Patch, Provenance, Resource} from './model.js';
import {rules} from './catalogue.js';
import {own, put, visible} from './tags.js';
import {fieldWords} from './words.js';

/** What a step did to one resource's tags, for people and for `--json`. */
type TagChange = {
	id: string;
	added: Record<string, string>;
	changed: Record<string, {from: string; to: string}>;
	removed: Record<string, string>;
	/** Keys whose new value was inherited, with where from. */
	inherited: Record<string, Provenance>;
	/** Removed keys that had been inherited, with where from. */
	withdrawn: Record<string, Provenance>;
	/** Other fields that changed (status, links, image), or created/released. */
	other: string[];
};

/**
What each patch did to tags. `find` gives the resource as it is now, for the
provenance of an inherited tag whose value changed (its provenance did not).
*/
export function describeChanges(
	patches: readonly Patch[],
	find?: (id: string) => Resource | undefined,
): TagChange[] {
	const out: TagChange[] = [];
	for (const patch of patches) {
		if (patch.c !== 'r') continue;
		const change: TagChange = {
			id: patch.id,
			added: {},
			changed: {},
			removed: {},
			inherited: {},
			withdrawn: {},
			other: [],
		};
		if (patch.b !== undefined || patch.a !== undefined) {
			change.other.push(patch.a ? 'created' : 'released');
			const doc = (patch.a ?? patch.b) as {tags: Record<string, string>};
			if (patch.a) {
				for (const [key, value] of Object.entries(doc.tags))
					put(change.added, key, value);
			}
		}

		for (const [key, [before, after]] of Object.entries(patch.t ?? {})) {
			if (before === null && after !== null) put(change.added, key, after);
			else if (after === null && before !== null)
				put(change.removed, key, before);
			else if (before !== null && after !== null)
				put(change.changed, key, {from: before, to: after});
		}

		const current = find?.(patch.id)?.inherited;
		for (const key of Object.keys(change.changed)) {
			const p = own(patch.h, key) === undefined ? own(current, key) : undefined;
			if (p) put(change.inherited, key, p);
		}

		for (const [key, [before, after]] of Object.entries(patch.h ?? {})) {
			if (after) put(change.inherited, key, after);
			else if (before && Object.hasOwn(change.removed, key))
				put(change.withdrawn, key, before);
		}

		for (const [field, [before, after]] of Object.entries(patch.f ?? {})) {
			change.other.push(...fieldWords(find ?? none, field, before, after));
		}

		out.push(change);
	}

	return out;
}

const none = () => undefined;

/**
"N resources" the command named and changed, and ", M resources inherited
tags" for tag changes on resources it did not name; one pass over the patches.
*/
function ownAndDelivered(
	named: readonly string[],
	patches: readonly Patch[],
): {own: number; delivered: string} {
	const mine = new Set(named);
	let own = 0;
	let others = 0;
	for (const p of patches) {
		if (p.c !== 'r') continue;
		if (mine.has(p.id)) own++;
		else if (p.t !== undefined || p.h !== undefined) others++;
	}

	return {
		own,
		delivered:
			others > 0 ? `; ${plural(others, 'resource')} inherited tags` : '',
	};
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line for the activity log. */
export function summarize(
	command: Command,
	patches: readonly Patch[],
	failures: readonly Failure[],
): string {
	const resources = patches.filter((p) => p.c === 'r').length;
	const failed = failures.length > 0 ? `, ${failures.length} failed` : '';
	switch (command.op) {
		case 'tag': {
			const tags = [
				...Object.entries(command.tags).map(([k, v]) => `${k}=${v}`),
				...(command.remove ?? []).map((k) => `-${k}`),
			];
			const {own, delivered} = ownAndDelivered(command.ids, patches);
			return `tag ${plural(own, 'resource')} with ${tags.join(' ')}${failed}${delivered}`;
		}

		case 'untag': {
			const what = command.all
				? 'all custom tags'
				: (command.keys ?? []).join(' ');
			const {own, delivered} = ownAndDelivered(command.ids, patches);
			return `untag ${what} from ${plural(own, 'resource')}${failed}${delivered}`;
		}

		case 'attach':
		case 'associate': {
			return `${command.op} ${command.id} to ${command.to}`;
		}

		case 'detach':
		case 'unassociate': {
			return `${command.op} ${command.id}`;
		}

		case 'create': {
			const created = patches.filter((p) => p.c === 'r' && p.b === null).length;
			return `create ${plural(created, command.type)}${command.in ? ` in ${command.in}` : ''}`;
		}

		case 'copy': {
			return `copy ${command.id} to ${command.to}`;
		}

		case 'inheritance': {
			return `turn associated tag inheritance ${command.enabled ? 'on' : 'off'}`;
		}

		case 'createdby': {
			return `turn the createdby tag ${command.enabled ? 'on' : 'off'}`;
		}

		case 'clock': {
			return `advance the clock by ${command.advance}`;
		}

		case 'quota': {
			return command.quota === null
				? `put back the default tag quota of ${command.type}`
				: `set the tag quota of ${command.type} to ${command.quota}`;
		}

		case 'rules': {
			const names = command.rules.join(', ');
			const verb = command.enable
				? 'enable'
				: command.remove
					? 'delete'
					: 'disable';
			return `${verb} ${names} in ${command.region}${ownAndDelivered([], patches).delivered}`;
		}

		case 'undo':
		case 'redo': {
			return `${command.op} (${plural(resources, 'resource')} restored)`;
		}

		case 'run': {
			return `run a command on ${plural(command.ids.length - failures.length, 'instance')}${failed}`;
		}

		case 'costs': {
			return costsSummary(command);
		}

		case 'ram': {
			return ramSummary(command);
		}

		case 'preset': {
			const added = (command.add ?? []).map(({key, values}) =>
				values.length > 0 ? `${key}=${values.join(',')}` : key,
			);
			const removed = (command.remove ?? []).map(({key, value}) =>
				value === undefined ? key : `${key}=${value}`,
			);
			return [
				added.length > 0 ? `add preset tag ${added.join(' ')}` : '',
				removed.length > 0 ? `remove preset tag ${removed.join(' ')}` : '',
			]
				.filter(Boolean)
				.join('; ');
		}

		case 'tag-policy': {
			return command.action === 'strong'
				? `turn strong verification ${command.enabled ? 'on' : 'off'}`
				: `${command.action} tag policy ${command.name ?? ''}`;
		}

		case 'fix': {
			const {own} = ownAndDelivered(
				patches.filter((p) => p.c === 'r').map((p) => p.id),
				patches,
			);
			return `fix similar tags on ${plural(own, 'resource')}${command.policy ? ` (policy ${command.policy})` : ''}${failed}`;
		}

		case 'stop': {
			return `stop ${plural(command.ids.length - failures.length, 'resource')}${command.economical ? ' in economical mode' : ''}${failed}`;
		}

		case 'release':
		case 'start':
		case 'reboot':
		case 'replace-image': {
			return `${command.op} ${plural(command.ids.length - failures.length, 'resource')}${failed}`;
		}
	}
}

/** `create RAM user alice`, `attach policy policyForDevTeam to group developer`, … */
function ramSummary(command: Extract<Command, {op: 'ram'}>): string {
	const {action, name} = command;
	if (action === 'add-to-group')
		return `add ${(command.users ?? []).join(', ')} to RAM group ${name}`;
	if (action === 'remove-from-group')
		return `remove ${(command.users ?? []).join(', ')} from RAM group ${name}`;
	if (action === 'attach' || action === 'detach') {
		const holder =
			command.user === undefined
				? `group ${command.group ?? ''}`
				: `user ${command.user}`;
		return `${action} policy ${name} ${action === 'attach' ? 'to' : 'from'} ${holder}`;
	}

	const [verb, kind] = action.split('-') as [string, string];
	return `${verb} RAM ${kind} ${name}`;
}

function costsSummary(command: Extract<Command, {op: 'costs'}>): string {
	const parts = [
		command.enable?.length
			? `enable cost allocation tag ${command.enable.join(', ')}`
			: '',
		command.disable?.length
			? `disable cost allocation tag ${command.disable.join(', ')}`
			: '',
		command.associated === undefined
			? ''
			: `turn associated-resource allocation ${command.associated ? 'on' : 'off'}`,
	];
	return parts.filter(Boolean).join('; ');
}

/** The rule a key's change came by, or undefined for the command's own change. */
function ruleOf(
	change: TagChange,
	key: string,
	direct: Direct,
): string | undefined {
	const withdrawn = direct(change.id, key)
		? undefined
		: own(change.withdrawn, key);
	return (own(change.inherited, key) ?? withdrawn)?.rule;
}

/** Whether the command itself sets or removes `key` on `id` (not inheritance). */
export type Direct = (id: string, key: string) => boolean;

/** Which keys a command changes itself: tag and untag name them; the rest change tags only by inheritance. */
export function directKeys(command: Command | undefined): Direct {
	if (command?.op !== 'tag' && command?.op !== 'untag') return () => false;
	const ids = new Set(command.ids);
	if (command.op === 'untag' && command.all) return (id) => ids.has(id);
	const keys = new Set(
		command.op === 'tag'
			? [...Object.keys(command.tags), ...(command.remove ?? [])]
			: (command.keys ?? []),
	);
	return (id, key) => ids.has(id) && keys.has(key);
}

/** One line per resource: its changes that came by `rule` (undefined: its own). */
function changeLine(
	change: TagChange,
	rule: string | undefined,
	direct: Direct,
): string | undefined {
	const mine = (key: string) => ruleOf(change, key, direct) === rule;
	const parts: string[] = rule ? [] : [...change.other];
	let from = '';
	for (const [key, value] of Object.entries(change.added)) {
		if (mine(key)) parts.push(`+ ${edged(key)}=${edged(value)}`);
	}

	for (const [key, {from: old, to}] of Object.entries(change.changed)) {
		if (mine(key)) parts.push(`~ ${edged(key)}: ${edged(old)} → ${edged(to)}`);
	}

	for (const [key, value] of Object.entries(change.removed)) {
		if (mine(key)) parts.push(`- ${edged(key)}=${edged(value)}`);
	}

	if (rule) {
		const source = [
			...Object.values(change.inherited),
			...Object.values(change.withdrawn),
		].find((p) => p.rule === rule);
		from = source ? ` ← ${source.from}` : '';
	}

	return parts.length > 0
		? visible(`${change.id}${from}  ${parts.join('  ')}`)
		: undefined;
}

/** At most this many lines per group; --json has them all. */
const shownPerGroup = 40;

function capped(lines: string[], indent: string): string[] {
	if (lines.length <= shownPerGroup) return lines;
	return [
		...lines.slice(0, shownPerGroup),
		`${indent}… and ${plural(lines.length - shownPerGroup, 'more resource')} (--json lists them all)`,
	];
}

/** A key or value with spaces at an edge, quoted so the spaces show: `" retail"`. */
export function edged(text: string): string {
	return text === text.trim() ? text : JSON.stringify(text);
}

/** The rules that changed tags of these resources, in the order they first appear. */
function rulesOf(changes: TagChange[], direct: Direct): Set<string> {
	const found = new Set<string>();
	for (const c of changes) {
		for (const key of [
			...Object.keys(c.added),
			...Object.keys(c.changed),
			...Object.keys(c.removed),
		]) {
			const rule = ruleOf(c, key, direct);
			if (rule) found.add(rule);
		}
	}

	return found;
}

/**
The changes of a step: the command's own first, then inheritance grouped by
rule. With the command, an inherited tag it removes itself is its own change.
*/
export function changeLines(changes: TagChange[], command?: Command): string[] {
	const direct = directKeys(command);
	const own = changes
		.map((c) => changeLine(c, undefined, direct))
		.filter((l) => l !== undefined);
	const lines = capped(
		own.map((l) => `  ${l}`),
		'  ',
	);
	for (const rule of rulesOf(changes, direct)) {
		const found = rules.find((r) => r.settingName === rule);
		lines.push(
			`  inherited by ${found ? `${found.primary}:${found.associated}` : rule}:`,
		);
		const group = changes
			.map((c) => changeLine(c, rule, direct))
			.filter((l) => l !== undefined);
		lines.push(
			...capped(
				group.map((l) => `    ${l}`),
				'    ',
			),
		);
	}

	return lines;
}
