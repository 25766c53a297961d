import type {World} from '../../../core/world.js';
import {
	browseBindings,
	escapeBinding,
	moveBindings,
	type ScreenKeys,
} from '../../binding.js';
import {cursorOf, toggle, type UiState} from '../../state.js';

const length = (_: UiState, world: World) => world.data.log.length;

export const activityKeys: ScreenKeys = {
	length,
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'expand / fold the step under the cursor',
			footer: 'expand',
			priority: 1,
			run({state, world}) {
				const event = world.data.log.toReversed()[cursorOf(state)];
				return event
					? {...state, expanded: toggle(state.expanded, event.seq)}
					: state;
			},
		},
		escapeBinding,
		...browseBindings,
		...moveBindings(length, true),
	],
};
