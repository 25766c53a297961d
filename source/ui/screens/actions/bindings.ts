import {moveBindings, type ScreenKeys} from '../../binding.js';
import {
	ask,
	back,
	cursorOf,
	type KeyContext,
	type UiState,
} from '../../state.js';

/** The name typed for an action that creates something named. */
export function nameEntered(context: KeyContext, text: string): UiState {
	const {state} = context;
	const item = state.menu[cursorOf(state, 'actions')];
	if (!item?.named) return state;
	const command = item.named(text.trim());
	// "Create a topic (type its name)" asks "Create a topic: refunds?".
	const what = item.label.replace(/ \(type [^\)]*\)$/v, '');
	return ask(context, `${what}: ${text.trim()}?`, command);
}

const length = (state: UiState) => state.menu.length;

export const actionsKeys: ScreenKeys = {
	length,
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'choose the action under the cursor',
			footer: 'choose',
			run(context) {
				const {state} = context;
				const cursor = cursorOf(state);
				const item = state.menu[cursor];
				if (!item) return state;
				if (item.submenu)
					return {
						...state,
						menu: item.submenu,
						menuTitle: item.label,
						parentMenu: {items: state.menu, title: state.menuTitle, cursor},
						cursor: {...state.cursor, actions: 0},
					};
				if (item.named) {
					const prompt = {kind: 'name', text: '', label: item.field} as const;
					return {...state, prompt};
				}

				return ask(context, `${item.label}?`, item.command!);
			},
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'back to the menu it was chosen from, or to the list',
			footer: 'back',
			run({state}) {
				if (!state.parentMenu) return back({...state, message: undefined});
				const {items, title, cursor} = state.parentMenu;
				return {
					...state,
					menu: items,
					menuTitle: title,
					parentMenu: undefined,
					cursor: {...state.cursor, actions: cursor},
				};
			},
		},
		...moveBindings(length, true),
	],
};
