import stringWidth from 'string-width';
import type {Failure} from '../../../core/errors.js';
import type {Invocation} from '../../../core/model.js';
import {visible} from '../../../core/tags.js';
import {withName, type Find} from '../../../core/words.js';
import type {World} from '../../../core/world.js';
import {listHeight, type Pending, type UiState} from '../../state.js';
import {groupChanges, type Entry} from './changes.js';

/*
A preview as rows: counted for every change, made into text only for the rows
in view, so a change to 100,000 resources scrolls as fast as one to ten.
*/

type Row =
	| {kind: 'text'; text: string}
	| {kind: 'entry'; entry: Entry}
	| {kind: 'note'; text: string};

const plural = (n: number, word: string) =>
	`${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function invocationRows(pending: Pending): Row[] {
	return pending.result.patches
		.filter((p) => p.c === 'i' && p.a)
		.map((p) => {
			const run = p.a as Invocation;
			return {
				kind: 'text',
				text: `Records an invocation in ${run.region}: "${run.command}" on ${plural(run.instances.length, 'instance')} (nothing really runs).`,
			};
		});
}

function changeRows(pending: Pending, find: Find): Row[] {
	const {result, command} = pending;
	const groups = groupChanges(result.patches, command, find);
	const count = result.patches.filter((p) => p.c === 'r').length;
	if (count === 0) return [];
	const rows: Row[] = [
		{kind: 'text', text: `Would change ${count} resource(s):`},
	];
	for (const group of groups) {
		rows.push({kind: 'text', text: `  ${group.heading}`});
		for (const entry of group.entries.values()) {
			if (entry.parts.length === 0 && entry.notes.length === 0) continue;
			// Notes are long: each has a line of its own, below the resource.
			rows.push(
				{kind: 'entry', entry},
				...entry.notes.map((text): Row => ({kind: 'note', text})),
			);
		}
	}

	return rows;
}

function outcomeRows(pending: Pending): Row[] {
	const {result} = pending;
	const rows: Row[] = [];
	if (result.skipped.length > 0) {
		rows.push(
			{kind: 'text', text: ''},
			{
				kind: 'text',
				text: `Inheritance would skip ${result.skipped.length} (quota):`,
			},
		);
		for (const s of result.skipped)
			rows.push({kind: 'text', text: `  ! ${s.id}: ${s.message}`});
	}

	if (result.failures.length > 0) {
		rows.push(
			{kind: 'text', text: ''},
			{kind: 'text', text: `${result.failures.length} would fail:`},
		);
		for (const f of result.failures)
			rows.push({
				kind: 'text',
				text: `  ✗ ${f.id}  ${f.code}: ${failureReason(f)}`,
			});
	}

	return rows;
}

function buildRows(pending: Pending, find: Find): Row[] {
	const {patches} = pending.result;
	const rows: Row[] = [];
	const settings = patches.filter((p) => p.c === 'u').length;
	if (patches.some((p) => p.c === 'a'))
		rows.push({
			kind: 'text',
			text:
				pending.command.op === 'costs'
					? "Changes the account's cost allocation tags: a step, u undoes it."
					: "Changes the account's feature switch.",
		});
	if (settings > 0)
		rows.push({kind: 'text', text: `Changes ${settings} rule setting(s).`});
	rows.push(...invocationRows(pending), ...changeRows(pending, find));
	if (patches.length === 0) rows.push({kind: 'text', text: 'No change.'});
	rows.push(...outcomeRows(pending));
	return rows;
}

const built = new WeakMap<Pending, Row[]>();

/** The rows of a preview, made once per preview. */
function rowsOf(pending: Pending, world: World): Row[] {
	let rows = built.get(pending);
	if (!rows) {
		rows = buildRows(pending, (id) => world.get(id));
		built.set(pending, rows);
	}

	return rows;
}

/** The preview's lines below its title: what fits, and where it is. */
export type PreviewWindow = {
	rows: Row[];
	top: number;
	/** How many rows are shown at once. */
	height: number;
	/** Whether a line below says where the window is. */
	scrolls: boolean;
};

/** Lines the title takes (the title and a blank line). */
const titleLines = 2;

export function previewWindow(state: UiState, world: World): PreviewWindow {
	const rows = state.pending ? rowsOf(state.pending, world) : [];
	const room = Math.max(1, listHeight(state) + 1 - titleLines);
	const scrolls = rows.length > room;
	const height = scrolls ? Math.max(1, room - 1) : room;
	const last = Math.max(0, rows.length - height);
	const top = Math.min(state.cursor[state.screen] ?? 0, last);
	return {rows, top, height, scrolls};
}

/** How far the preview scrolls: the first row shown may be 0 to this minus 1. */
export function scrollLength(state: UiState, world: World): number {
	const {rows, height} = previewWindow(state, world);
	return Math.max(1, rows.length - height + 1);
}

const nameWidth = 24;

function clip(text: string, width: number): string {
	const shown = visible(text);
	const used = stringWidth(shown);
	if (used <= width) return shown + ' '.repeat(width - used);
	let out = '';
	for (const char of shown) {
		if (stringWidth(out + char) > width - 1) break;
		out += char;
	}

	return `${out}…${' '.repeat(Math.max(0, width - 1 - stringWidth(out)))}`;
}

type Columns = {id: number; name: number};

function entryLine(entry: Entry, columns: Columns, find: Find): string {
	const name = find(entry.id)?.name ?? '';
	const from = entry.from ? `← ${withName(find, entry.from)}  ` : '';
	return `    ${clip(entry.id, columns.id)}  ${clip(name, columns.name)}  ${from}${entry.parts.join('  ')}`;
}

/** The ID and name columns: as wide as the widest in view. */
function columnsOf(shown: Row[], find: Find): Columns {
	let id = 0;
	let name = 0;
	for (const row of shown) {
		if (row.kind !== 'entry') continue;
		id = Math.max(id, stringWidth(visible(row.entry.id)));
		name = Math.max(
			name,
			Math.min(nameWidth, stringWidth(visible(find(row.entry.id)?.name ?? ''))),
		);
	}

	return {id, name};
}

/** The text of the rows in view, and a last line that says where they are. */
export function previewLines(window: PreviewWindow, find: Find): string[] {
	const {rows, top, height, scrolls} = window;
	const shown = rows.slice(top, top + height);
	const columns = columnsOf(shown, find);
	const lines = shown.map((row) => {
		if (row.kind === 'text') return row.text;
		if (row.kind === 'note') return `      ${row.text}`;
		return entryLine(row.entry, columns, find);
	});
	if (scrolls) {
		const below = rows.length - top - shown.length;
		const where = `lines ${top + 1}–${top + shown.length} of ${rows.length.toLocaleString('en-US')} · j/k PgUp/PgDn g/G scroll`;
		lines.push(
			below > 0
				? `… ${plural(below, 'more line')} · ${where}`
				: `  (end) ${where}`,
		);
	}

	return lines;
}

/**
A refusal as a preview row says it: RAM's denials by what decided them (the
action, the policy and statement), which the whole message would push past the
edge of the screen.
*/
function failureReason(failure: Failure): string {
	const {detail} = failure;
	if (!detail) return failure.message;
	return detail.noPermissionType === 'ExplicitDeny'
		? `denied by ${detail.policy} #${detail.statement} (${detail.authAction})`
		: `no policy allows ${detail.authAction}`;
}
