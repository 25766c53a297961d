import {globalBindings, moveBindings, type ScreenKeys} from '../../binding.js';
import {editText} from '../../keys.js';
import {escape, type Screen, type UiState} from '../../state.js';
import {screenTopics, topics, type HelpRow} from './topics.js';

/** Every binding once: the screen help was opened from first, then the global ones, then the rest, then the topics. */
export function helpRows(
	state: UiState,
	tables: Record<Screen, ScreenKeys>,
): HelpRow[] {
	const text = (state.filters.help ?? '').toLowerCase();
	const from = state.back.at(-1) ?? 'resources';
	const about = (screen: string) => screenTopics[screen] ?? '';
	const all = [
		...tables[from].bindings.map((b) => ({...b, about: about(from)})),
		...globalBindings.map((b) => ({...b, about: ''})),
		...Object.entries(tables).flatMap(([screen, t]) =>
			t.bindings.map((b) => ({...b, about: about(screen)})),
		),
		...topics.map((t) => ({...t, about: ''})),
	];
	return all
		.filter(
			(b, index) =>
				all.findIndex((x) => x.label === b.label && x.does === b.does) ===
					index &&
				(!text ||
					b.does.toLowerCase().includes(text) ||
					b.label.toLowerCase().includes(text) ||
					b.about.includes(text)),
		)
		.map(({label, does}) => ({label, does}));
}

/** Help lists the keys of every screen; it types to filter them. */
export function helpKeys(tables: () => Record<Screen, ScreenKeys>): ScreenKeys {
	const length = (state: UiState) => helpRows(state, tables()).length;
	return {
		length,
		text: {
			footer: 'type to filter',
			type: ({state, name, input}) => ({
				...state,
				filters: {
					...state.filters,
					help: editText(state.filters.help ?? '', name, input) ?? '',
				},
				cursor: {...state.cursor, help: 0},
			}),
		},
		bindings: [
			{
				keys: ['esc'],
				label: 'Esc',
				does: 'clear the typed filter, then go back',
				footer: 'back',
				run: ({state}) => escape(state),
			},
			...moveBindings(length, false),
		],
	};
}
