import type {Failure} from './errors.js';
import type {Command, Patch, Provenance} from './model.js';

/** What a step did to one resource's tags, for people and for `--json`. */
export type TagChange = {
	id: string;
	added: Record<string, string>;
	changed: Record<string, {from: string; to: string}>;
	removed: Record<string, string>;
	/** Keys whose new value was inherited, with where from. */
	inherited: Record<string, Provenance>;
	/** Other fields that changed (status, links, image), or created/released. */
	other: string[];
};

export function describeChanges(patches: readonly Patch[]): TagChange[] {
	const out: TagChange[] = [];
	for (const patch of patches) {
		if (patch.c !== 'r') continue;
		const change: TagChange = {
			id: patch.id,
			added: {},
			changed: {},
			removed: {},
			inherited: {},
			other: [],
		};
		if (patch.b !== undefined || patch.a !== undefined) {
			change.other.push(patch.a ? 'created' : 'released');
			const doc = (patch.a ?? patch.b) as {tags: Record<string, string>};
			if (patch.a) Object.assign(change.added, doc.tags);
		}

		for (const [key, [before, after]] of Object.entries(patch.t ?? {})) {
			if (before === null && after !== null) change.added[key] = after;
			else if (after === null && before !== null) change.removed[key] = before;
			else if (before !== null && after !== null)
				change.changed[key] = {from: before, to: after};
		}

		for (const [key, [, after]] of Object.entries(patch.h ?? {})) {
			if (after) change.inherited[key] = after;
		}

		for (const [field, [before, after]] of Object.entries(patch.f ?? {})) {
			change.other.push(describeField(field, before, after));
		}

		out.push(change);
	}

	return out;
}

function describeField(field: string, before: unknown, after: unknown): string {
	if (field === 'links') {
		const b = (before ?? {}) as Record<string, string>;
		const a = (after ?? {}) as Record<string, string>;
		const parts: string[] = [];
		for (const kind of new Set([...Object.keys(b), ...Object.keys(a)])) {
			if (b[kind] === a[kind]) continue;
			if (a[kind]) parts.push(`${kind} ${a[kind]}`);
			else parts.push(`no longer ${kind} ${b[kind]}`);
		}

		return parts.join(', ');
	}

	const show = (value: unknown) =>
		typeof value === 'string' ? value : JSON.stringify(value ?? '-');
	return `${field} ${show(before)} → ${show(after)}`;
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
			const tags = Object.entries(command.tags).map(([k, v]) => `${k}=${v}`);
			return `tag ${plural(resources, 'resource')} with ${tags.join(' ')}${failed}`;
		}

		case 'untag': {
			const what = command.all
				? 'all custom tags'
				: (command.keys ?? []).join(' ');
			return `untag ${what} from ${plural(resources, 'resource')}${failed}`;
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

		case 'undo':
		case 'redo': {
			return `${command.op} (${plural(resources, 'resource')} restored)`;
		}

		case 'run': {
			return `run a command on ${plural(command.ids.length - failures.length, 'instance')}${failed}`;
		}

		case 'release':
		case 'start':
		case 'stop':
		case 'reboot':
		case 'replace-image': {
			return `${command.op} ${plural(command.ids.length - failures.length, 'resource')}${failed}`;
		}
	}
}
