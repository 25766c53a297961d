import {regionSummaries} from '../../../core/query.js';
import type {World} from '../../../core/world.js';
import {moveBindings, type ScreenKeys} from '../../binding.js';
import {editText} from '../../keys.js';
import {cursorOf, escape, go, type UiState} from '../../state.js';

/** The regions, most resources first, narrowed by the typed text (ID or name). */
export function regionList(state: UiState, world: World) {
	const text = (state.filters.regions ?? '').toLowerCase();
	return regionSummaries(world)
		.filter(
			(r) =>
				!text || r.id.includes(text) || r.name.toLowerCase().includes(text),
		)
		.toSorted((a, b) => b.resources - a.resources || (a.id < b.id ? -1 : 1));
}

/** Shows the resources of a region: no type tab, no marks, no filter. */
export function openRegion(state: UiState, region: string): UiState {
	return go(
		{
			...state,
			region,
			type: undefined,
			marks: new Set(),
			cursor: {...state.cursor, resources: 0},
			filters: {...state.filters, resources: ''},
		},
		'resources',
	);
}

const length = (state: UiState, world: World) =>
	regionList(state, world).length;

/** The regions list types to filter: its letters are text, never keys. */
export const regionsKeys: ScreenKeys = {
	length,
	text: {
		footer: 'type to filter',
		type({state, name, input}) {
			const text = editText(state.filters.regions ?? '', name, input) ?? '';
			return {
				...state,
				filters: {...state.filters, regions: text},
				cursor: {...state.cursor, regions: 0},
			};
		},
	},
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'open the region under the cursor',
			footer: 'open',
			run({state, world}) {
				const region = regionList(state, world)[cursorOf(state)];
				return region ? openRegion(state, region.id) : state;
			},
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'clear the typed filter',
			footer: 'clear',
			run: ({state}) => escape(state),
		},
		...moveBindings(length, false),
	],
};
