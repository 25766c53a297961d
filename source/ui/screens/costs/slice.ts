import {
	bill,
	monthOf,
	monthRange,
	shiftMonth,
	type Bill,
	type BillGroup,
} from '../../../core/bill.js';
import {worldNow} from '../../../core/clock.js';
import {costTags} from '../../../core/cost-tags.js';
import {TagdeckError} from '../../../core/errors.js';
import type {World} from '../../../core/world.js';
import type {UiState} from '../../state.js';

/*
What the costs screen shows, worked out once for the view, the footer and the
keys: the keys a bill can be grouped by, the one chosen, the month, and the
bill (docs/costs.md), or why there is none.
*/

/** A key a bill can be grouped by: a cost allocation tag key, or null for product. */
export type CostKey = {key: string | null; enabled: boolean};

export type CostView = {
	/** World time, and the month shown (the current one unless [ or ] chose another). */
	now: string;
	month: string;
	/** The region billed (the open one), or undefined for every region. */
	region: string | undefined;
	keys: CostKey[];
	selected: CostKey;
	/** The bill, when the key is enabled and the core could make it. */
	bill?: Bill;
	/** The core's refusal, shown as a message. */
	error?: TagdeckError;
};

/** World time for a key or a render: the time the key was pressed, or now (the footer passes none). */
export function costNow(world: World, now = ''): string {
	return now || worldNow(world.data, Date.now());
}

/** The month the screen shows at world time `now`. */
export const shownMonth = (state: UiState, now: string) =>
	state.costs.month ?? monthOf(now);

/** Whether a month has begun in world time (a later one cannot be billed). */
export const hasBegun = (month: string, now: string) =>
	monthRange(month)[0] <= Date.parse(now);

/** The month `delta` months from the one shown. */
export const otherMonth = (state: UiState, now: string, delta: number) =>
	shiftMonth(shownMonth(state, now), delta);

let last: {world: World; id: string; view: CostView} | undefined;

/** The costs screen's view at world time `now` (to the minute: the same bill for every render in it). */
export function costView(state: UiState, world: World, now: string): CostView {
	const month = shownMonth(state, now);
	const region = state.costs.everywhere ? undefined : state.region;
	const id = [
		world.data.revision,
		region,
		month,
		state.costs.key,
		now.slice(0, 16),
	].join('\u0000');
	if (last?.world === world && last.id === id) return last.view;
	const keys: CostKey[] = [
		{key: null, enabled: true},
		...costTags(world.data, now).map((tag) => ({
			key: tag.key,
			enabled: tag.status === 'enabled',
		})),
	];
	const selected = keys.find((k) => k.key === state.costs.key) ?? keys[0]!;
	const view: CostView = {now, month, region, keys, selected};
	if (selected.enabled) {
		try {
			view.bill = bill(world.data, {month, by: selected.key, region, now});
		} catch (error) {
			if (!(error instanceof TagdeckError)) throw error;
			view.error = error;
		}
	}

	last = {world, id, view};
	return view;
}

/** The groups of the bill shown (none without a bill). */
export const groupsOf = (view: CostView): BillGroup[] =>
	view.bill?.groups ?? [];

/** What the screen calls a key: its name, or product. */
export const keyLabel = (key: CostKey) => key.key ?? 'product';
