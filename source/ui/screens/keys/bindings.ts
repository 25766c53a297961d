import {tagKeys} from '../../../core/query.js';
import type {World} from '../../../core/world.js';
import {
	browseBindings,
	escapeBinding,
	moveBindings,
	type ScreenKeys,
} from '../../binding.js';
import {cursorOf, type UiState} from '../../state.js';
import {filterWord, showFiltered} from '../resources/slice.js';

/** The tag keys of the region, narrowed by the / filter. */
export function keyRows(state: UiState, world: World) {
	const text = state.filters.keys ?? '';
	return tagKeys(world, state.region).filter(
		(k) => !text || k.key.includes(text),
	);
}

const length = (state: UiState, world: World) => keyRows(state, world).length;

export const keysKeys: ScreenKeys = {
	length,
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'filter the resources by the key under the cursor',
			footer: 'filter resources by key',
			run({state, world}) {
				const key = keyRows(state, world)[cursorOf(state)];
				return key ? showFiltered(state, `${filterWord(key.key)}=*`) : state;
			},
		},
		escapeBinding,
		...browseBindings,
		...moveBindings(length, true),
	],
};
