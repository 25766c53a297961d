import {isSystemKey} from '../../../core/tags.js';
import type {World} from '../../../core/world.js';
import {markBinding, moveBindings, type ScreenKeys} from '../../binding.js';
import {ask, back, cursorOf, type UiState} from '../../state.js';

/** The custom keys of the targets, for the untag picker. */
export function untagKeys(state: UiState, world: World): string[] {
	const keys = new Set<string>();
	for (const id of state.editor.targets) {
		for (const key of Object.keys(world.get(id)?.tags ?? {})) {
			if (!isSystemKey(key)) keys.add(key);
		}
	}

	return [...keys].toSorted();
}

const length = (state: UiState, world: World) => untagKeys(state, world).length;

/** The picker of keys to remove from the marked resources. */
export const untagKeysScreen: ScreenKeys = {
	length,
	bindings: [
		markBinding(
			'keyMarks',
			untagKeys,
			'choose / unchoose the key, and move down',
			'choose',
		),
		{
			keys: ['*'],
			label: '*',
			does: 'choose every key',
			footer: 'all',
			run: ({state, world}) => ({
				...state,
				keyMarks: new Set(untagKeys(state, world)),
			}),
		},
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'preview removing the chosen keys (or the cursor key)',
			footer: 'preview',
			run(context) {
				const {state, world} = context;
				const keys =
					state.keyMarks.size > 0
						? [...state.keyMarks]
						: [untagKeys(state, world)[cursorOf(state)]].filter(
								(k) => k !== undefined,
							);
				if (keys.length === 0) return state;
				return ask(
					context,
					`Remove ${keys.join(', ')} from ${state.editor.targets.length} resource(s)?`,
					{op: 'untag', ids: state.editor.targets, keys},
					'preview',
				);
			},
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'go back',
			footer: 'back',
			run: ({state}) => back({...state, message: undefined}),
		},
		...moveBindings(length, true),
	],
};
