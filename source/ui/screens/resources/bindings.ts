import type {BatchCommand} from '../../../core/model.js';
import type {World} from '../../../core/world.js';
import {
	browseBindings,
	markBinding,
	moveBindings,
	type Binding,
	type ScreenKeys,
} from '../../binding.js';
import {ask, cursorOf, go, newEdit, say, type UiState} from '../../state.js';
import {explainRow} from '../ram/bindings.js';
import {actionsFor} from '../actions/menu.js';
import {
	escapeResources,
	nextType,
	rangeMarks,
	resourceRows,
	showLinked,
	targets,
} from './slice.js';

const length = (state: UiState, world: World) =>
	resourceRows(state, world).length;

/** The cursor keys of the list; with range marking on, they mark as they move. */
const moves: Binding[] = moveBindings(length, true).map((b) => ({
	...b,
	run(context) {
		const moved = b.run(context);
		const {state, world} = context;
		if (state.anchor === undefined) return moved;
		return {
			...moved,
			marks: rangeMarks(state, world, cursorOf(moved, 'resources')),
		};
	},
}));

const nothingHere = ({state, world}: {state: UiState; world: World}) =>
	targets(state, world).length === 0 ? 'Nothing here: no row.' : undefined;

export const resourcesKeys: ScreenKeys = {
	length,
	bindings: [
		markBinding(
			'marks',
			(state, world) => resourceRows(state, world).map((r) => r.id),
			'mark / unmark, and move down',
			'mark',
		),
		{
			keys: ['v'],
			label: 'v',
			does: 'range mark from here to where the cursor goes',
			footer: 'range',
			priority: 3,
			run({state, world}) {
				if (state.anchor !== undefined)
					return say({...state, anchor: undefined}, 'Range marking off.');
				const cursor = cursorOf(state);
				return say(
					{
						...state,
						anchor: cursor,
						marks: rangeMarks({...state, anchor: cursor}, world, cursor),
					},
					'Range marking: move the cursor; v again stops.',
				);
			},
		},
		{
			keys: ['*'],
			label: '*',
			does: 'mark every row the filter shows',
			footer: 'all',
			priority: 2,
			run({state, world}) {
				const rows = resourceRows(state, world);
				return say(
					{
						...state,
						marks: new Set([...state.marks, ...rows.map((r) => r.id)]),
					},
					`Marked ${rows.length} shown.`,
				);
			},
		},
		{
			keys: ['ctrl-\\'],
			label: 'Ctrl-\\',
			does: 'clear marks',
			run: ({state}) =>
				say({...state, marks: new Set(), anchor: undefined}, 'Marks cleared.'),
		},
		{
			keys: ['t'],
			label: 't',
			does: 'tag editor on the marked rows (or the cursor row)',
			footer: 'tag',
			priority: 1,
			disabledReason: (context) =>
				nothingHere(context) && 'Nothing to tag: no row here.',
			run: ({state, world}) =>
				go({...state, editor: newEdit(targets(state, world))}, 'editor'),
		},
		{
			keys: ['T'],
			label: 'T',
			does: 'remove keys from the marked rows (picker of their keys)',
			footer: 'untag',
			priority: 1,
			disabledReason: (context) => nothingHere(context) && 'Nothing to untag.',
			run: ({state, world}) =>
				go(
					{
						...state,
						editor: newEdit(targets(state, world)),
						keyMarks: new Set(),
						cursor: {...state.cursor, untag: 0},
					},
					'untag',
				),
		},
		{
			keys: ['a'],
			label: 'a',
			does: 'actions menu',
			footer: 'actions',
			priority: 2,
			run({state, world}) {
				const menu = actionsFor(world, targets(state, world));
				if (menu.items.length === 0)
					return say(state, 'No actions for this resource.', true);
				return go(
					{
						...state,
						menu: menu.items,
						parentMenu: undefined,
						menuTitle: menu.title,
						cursor: {...state.cursor, actions: 0},
					},
					'actions',
				);
			},
		},
		{
			keys: ['d'],
			label: 'd',
			does: 'detail pane on / off',
			footer: 'detail',
			priority: 3,
			run: ({state}) => ({...state, detail: !state.detail}),
		},
		{
			keys: ['L'],
			label: 'L',
			does: 'lesson panel on / off: the steps of the lesson whose world is open, checked as you go',
			footer: 'lesson',
			priority: 3,
			run: ({state}) =>
				state.lessonPanel
					? {...state, lessonPanel: false, lessonHint: false}
					: {...state, lessonPanel: true},
		},
		{
			keys: ['h'],
			label: 'h',
			does: "show the hint of the lesson's step to do (with the lesson panel open)",
			disabledReason: ({state}) =>
				state.lessonPanel
					? undefined
					: 'h shows a lesson step’s hint: L opens the lesson panel first.',
			run: ({state}) => ({...state, lessonHint: !state.lessonHint}),
		},
		{
			keys: ['w'],
			label: 'w',
			does: 'why: what the identity acting (:as) may do to the row under the cursor, and the deciding statement',
			footer: 'why',
			priority: 3,
			run: ({state, world}) =>
				explainRow(
					state,
					world,
					resourceRows(state, world)[cursorOf(state, 'resources')],
				),
		},
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'show the resources linked to the one under the cursor',
			run: ({state, world}) => showLinked(state, world),
		},
		{
			keys: ['tab'],
			label: 'Tab',
			does: 'next type tab',
			run: ({state, world}) => nextType(state, world, 1),
		},
		{
			keys: ['shift-tab'],
			label: 'S-Tab',
			does: 'previous type tab',
			run: ({state, world}) => nextType(state, world, -1),
		},
		{
			keys: ['r'],
			label: 'r',
			does: 'retry the failed resources',
			disabledReason: ({state}) =>
				state.failed ? undefined : 'Nothing failed to retry.',
			run(context) {
				const {failed} = context.state;
				const command: BatchCommand = {
					...failed!.command,
					ids: failed!.ids,
					partial: false,
				};
				return ask(
					context,
					`Retry the ${failed!.ids.length} failed resource(s)?`,
					command,
					'preview',
				);
			},
		},
		{
			keys: ['esc'],
			label: 'Esc',
			does: 'stop range marking, leave the linked view, clear the filter, then go back',
			run: ({state, world}) => escapeResources(state, world),
		},
		...browseBindings,
		...moves,
	],
};
