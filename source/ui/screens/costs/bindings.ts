import type {World} from '../../../core/world.js';
import {
	browseBindings,
	escapeBinding,
	moveBindings,
	type Binding,
	type ScreenKeys,
} from '../../binding.js';
import {
	ask,
	cursorOf,
	say,
	type KeyContext,
	type UiState,
} from '../../state.js';
import {filterWord, showFiltered} from '../resources/slice.js';
import {
	costNow,
	costView,
	groupsOf,
	hasBegun,
	otherMonth,
	type CostView,
} from './slice.js';

/** The screen's view for a key press. */
const viewOf = ({
	state,
	world,
	now,
}: Pick<KeyContext, 'state' | 'world'> & {now?: string}) =>
	costView(state, world, costNow(world, now));

const length = (state: UiState, world: World) =>
	groupsOf(viewOf({state, world})).length;

/** Another key or month: the bars start at the top. */
function showing(
	state: UiState,
	costs: Partial<UiState['costs']>,
	text?: string,
): UiState {
	const next = {
		...state,
		costs: {...state.costs, ...costs},
		cursor: {...state.cursor, costs: 0},
		message: undefined,
	};
	return text ? say(next, text) : next;
}

/** The key `delta` places from the one chosen, round the list. */
function nextKey(delta: number): Binding['run'] {
	return (context) => {
		const {keys, selected} = viewOf(context);
		const at = keys.indexOf(selected);
		const key = keys[(at + delta + keys.length) % keys.length]!;
		return showing(context.state, {key: key.key});
	};
}

/** The month `delta` from the one shown; never one that has not begun. */
function month(delta: number): Binding['run'] {
	return (context) => {
		const {state, world} = context;
		const now = costNow(world, context.now);
		const next = otherMonth(state, now, delta);
		if (!hasBegun(next, now))
			return say(
				state,
				`${next} has not begun in world time (it is ${now.slice(0, 16).replace('T', ' ')} UTC): its bill cannot be shown yet.`,
				true,
			);
		return showing(state, {month: next});
	};
}

/** Why e cannot enable the key chosen: product, or a key already enabled. */
function cannotEnable(context: KeyContext): string | undefined {
	const {selected} = viewOf(context);
	if (selected.key === null)
		return 'By product needs nothing enabled: Tab chooses a tag key to enable.';
	return selected.enabled
		? `${selected.key} is already enabled for cost allocation.`
		: undefined;
}

/** Why D cannot disable the key chosen: product, or a key not enabled. */
function cannotDisable(context: KeyContext): string | undefined {
	const {selected} = viewOf(context);
	if (selected.key === null)
		return 'By product has nothing to disable: Tab chooses an enabled tag key.';
	return selected.enabled
		? undefined
		: `${selected.key} is not enabled for cost allocation: e enables it.`;
}

/** E enables the chosen tag key for cost allocation, D disables it: a step, after y. */
function switchBinding(verb: 'enable' | 'disable'): Binding {
	const enable = verb === 'enable';
	return {
		keys: [enable ? 'e' : 'D'],
		label: enable ? 'e' : 'D',
		does: `costs: ${verb} the chosen tag key for cost allocation${enable ? ' (a step of the activity log)' : ''}`,
		footer: verb,
		priority: enable ? 1 : 3,
		disabledReason: enable ? cannotEnable : cannotDisable,
		run(context: KeyContext) {
			const key = viewOf(context).selected.key!;
			return ask(
				context,
				enable
					? `Enable ${key} for cost allocation? Bills can then be grouped by it.`
					: `Disable ${key} for cost allocation? Bills can no longer be grouped by it.`,
				{op: 'costs', [verb]: [key]},
			);
		},
	};
}

/** Why Enter cannot show the resources of the bar under the cursor. */
function cannotShow(context: KeyContext): string | undefined {
	const view = viewOf(context);
	if (view.selected.key === null)
		return 'The filter language has no product: Tab chooses a tag key, whose bars lead to the resources that carry each value (:type T narrows the resources to one type).';
	if (!view.bill) return 'No bar here: the bill is not shown.';
	if (groupsOf(view).length === 0) return 'No bar here: nothing was billed.';
	return context.state.region
		? undefined
		: 'Open a region first: a bar leads to the resources of the region open.';
}

/** The filter of a bar: the resources with that value now, or without the key. */
function barFilter(view: CostView, value: string | null): string {
	const key = filterWord(view.selected.key!);
	return value === null ? `!${key}` : `${key}=${filterWord(value)}`;
}

export const costsKeys: ScreenKeys = {
	length,
	bindings: [
		{
			keys: ['tab'],
			label: 'Tab/Shift-Tab',
			does: 'costs: group by the next / previous key (product, or a cost allocation tag)',
			footer: 'key',
			priority: 1,
			run: nextKey(1),
		},
		{
			keys: ['shift-tab'],
			label: 'Shift-Tab',
			does: 'costs: group by the previous key',
			run: nextKey(-1),
		},
		{
			keys: ['['],
			label: '[/]',
			does: 'costs: the month before / after (not one that has not begun)',
			footer: 'month',
			priority: 1,
			run: month(-1),
		},
		{
			keys: [']'],
			label: ']',
			does: 'costs: the month after, up to the current one',
			run: month(1),
		},
		switchBinding('enable'),
		switchBinding('disable'),
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'costs: the resources of the region with the value of the bar (unallocated: without the key)',
			footer: 'resources',
			priority: 2,
			disabledReason: cannotShow,
			run(context) {
				const view = viewOf(context);
				const group = groupsOf(view)[cursorOf(context.state)];
				if (!group) return say(context.state, 'No bar here.', true);
				const filter = barFilter(view, group.value);
				const {region} = context.state;
				return say(
					showFiltered(context.state, filter),
					`The resources of ${region!} with ${filter} now (the bill${view.region ? '' : ' is of every region, and'} also counts released resources and earlier tags).`,
				);
			},
		},
		{
			keys: ['r'],
			label: 'r',
			does: 'costs: bill the region open / every region',
			footer: 'region/all',
			priority: 3,
			run({state}) {
				const everywhere = !state.costs.everywhere;
				return showing(
					state,
					{everywhere},
					everywhere || state.region
						? undefined
						: 'No region is open: the bill is of every region.',
				);
			},
		},
		escapeBinding,
		...browseBindings.filter((b) => !b.keys.includes('/')),
		...moveBindings(length, true),
	],
};
