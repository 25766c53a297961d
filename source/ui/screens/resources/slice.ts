import type {Resource} from '../../../core/model.js';
import {quote} from '../../../core/tokens.js';
import type {World} from '../../../core/world.js';
import {shownRows} from '../../rows.js';
import {back, cursorOf, escape, go, say, type UiState} from '../../state.js';

/** The rows the resources view shows: the region's, by type tab, filter and links. */
export function resourceRows(state: UiState, world: World): Resource[] {
	if (!state.region) return [];
	const rows = shownRows(
		world,
		state.region,
		state.type,
		state.filters.resources ?? '',
	);
	const {linked} = state;
	if (!linked) return rows;
	// Asked for on every render: the linked rows are worked out once per list.
	if (lastLinked?.rows !== rows || lastLinked.linked !== linked) {
		lastLinked = {rows, linked, out: rows.filter((r) => linked.ids.has(r.id))};
	}

	return lastLinked.out;
}

let lastLinked:
	| {rows: Resource[]; linked: NonNullable<UiState['linked']>; out: Resource[]}
	| undefined;

/** A tag key or value as the filter language reads it: bare when it reads back as itself, else quoted. */
export function filterWord(text: string): string {
	return /^[\p{L}\p{N}_.\/@+\-]+$/v.test(text) ? text : quote(text);
}

/** Goes from a list that names tags (keys, costs) to the resources of the region, filtered by `filter`. */
export function showFiltered(state: UiState, filter: string): UiState {
	return go(
		{
			...back(state),
			filters: {...state.filters, resources: filter},
			cursor: {...state.cursor, resources: 0},
		},
		'resources',
	);
}

/** The marks on resources that still exist (a mark on one released since counts for nothing). */
export function liveMarks(state: UiState, world: World): string[] {
	return [...state.marks].filter((id) => world.get(id));
}

/** The marked resources, or the one under the cursor. */
export function targets(state: UiState, world: World): string[] {
	if (state.marks.size > 0) return liveMarks(state, world);
	const row = resourceRows(state, world)[cursorOf(state, 'resources')];
	return row ? [row.id] : [];
}

/** Marks the rows between the range anchor and the cursor. */
export function rangeMarks(
	state: UiState,
	world: World,
	to: number,
): Set<string> {
	const rows = resourceRows(state, world);
	const from = state.anchor ?? to;
	const next = new Set(state.marks);
	for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
		const row = rows[i];
		if (row) next.add(row.id);
	}

	return next;
}

/** Esc: stop range marking, then leave the linked view, then clear the filter, then go back. */
export function escapeResources(state: UiState, world: World): UiState {
	if (state.anchor !== undefined) return {...state, anchor: undefined};
	if (!state.linked) return escape(state);
	const rows = resourceRows({...state, linked: undefined}, world);
	const at = Math.max(
		0,
		rows.findIndex((r) => r.id === state.linked!.id),
	);
	return {
		...state,
		linked: undefined,
		message: undefined,
		cursor: {...state.cursor, resources: at},
	};
}

/** Enter on a resource: show only the resources linked to it. */
export function showLinked(state: UiState, world: World): UiState {
	const row = resourceRows(state, world)[cursorOf(state)];
	if (!row) return state;
	const linked = Object.values(row.links ?? {});
	const children = world.children(row.id).map((c) => c.id);
	const ids = [...linked, ...children];
	if (ids.length === 0) return say(state, `${row.id} has no linked resources.`);
	return say(
		{
			...state,
			linked: {id: row.id, ids: new Set(ids)},
			type: undefined,
			filters: {...state.filters, resources: ''},
			cursor: {...state.cursor, resources: 0},
		},
		`Resources linked to ${row.id} (${row.name}); Esc shows all again.`,
	);
}

/** Tab and Shift-Tab: the next or previous type of the region, then all types. */
export function nextType(state: UiState, world: World, by: 1 | -1): UiState {
	const types = [
		...new Set(world.inRegion(state.region!).map((r) => r.type)),
	].toSorted();
	const at = state.type ? types.indexOf(state.type) : -1;
	const next = at + by;
	const type = next < 0 || next >= types.length ? undefined : types[next];
	return {...state, type, cursor: {...state.cursor, resources: 0}};
}
