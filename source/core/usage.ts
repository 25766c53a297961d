import {patched} from './diff.js';
import type {Resource, WorldData} from './model.js';

/*
Usage from history (docs/costs.md): each resource's state at every moment of a
period, rebuilt by walking the log back from the world as it is now. A segment
is a stretch of time in which nothing billed about a resource changed.
*/

export type Segment = {
	/** The resource as it was from `start` to `end` (shared: never change it). */
	resource: Resource;
	/** World time, ms. */
	start: number;
	end: number;
};

/**
The world time of each step, made never to run backwards: a step stamped
earlier than one before it (the clock was moved back by undoing its advance)
is taken to happen then too, so the undone future lasts no time at all.
*/
function stepTimes(data: WorldData, now: number): number[] {
	const times = data.log.map((event) => Date.parse(event.at));
	let next = now;
	for (let i = times.length - 1; i >= 0; i--) {
		next = Math.min(next, times[i]!);
		times[i] = next;
	}

	return times;
}

/**
The segments of every resource that existed in [from, to) (world time, ms),
`to` no later than `now`. Only the resources the log changes in the period are
rebuilt; every other resource is one segment as it is now.
*/
export function segments(
	data: WorldData,
	from: number,
	to: number,
	now: number,
): Segment[] {
	const end = Math.min(to, now);
	const out: Segment[] = [];
	if (end <= from) return out;
	const times = stepTimes(data, now);
	// Resources as they were at the point reached by the walk back; absent: as now.
	const past = new Map<string, Resource | undefined>();
	// Where the open segment of a resource the walk changed ends.
	const open = new Map<string, number>();
	const stateOf = (id: string) =>
		past.has(id) ? past.get(id) : data.resources[id];
	const emit = (resource: Resource, start: number, stop: number) => {
		const begins = Math.max(start, Date.parse(resource.created));
		if (begins < stop) out.push({resource, start: begins, end: stop});
	};

	for (let i = data.log.length - 1; i >= 0; i--) {
		const at = times[i]!;
		if (at < from) break;
		const {patches} = data.log[i]!;
		for (let p = patches.length - 1; p >= 0; p--) {
			const patch = patches[p]!;
			if (patch.c !== 'r') continue;
			const current = stateOf(patch.id);
			if (at < end && current) emit(current, at, open.get(patch.id) ?? end);
			past.set(patch.id, patched(current, patch, 0));
			open.set(patch.id, Math.min(at, end));
		}
	}

	for (const [id, resource] of past) {
		if (resource) emit(resource, from, open.get(id)!);
	}

	const fromText = new Date(from).toISOString();
	for (const id in data.resources) {
		if (past.has(id)) continue;
		const resource = data.resources[id]!;
		// ISO times of one format compare as text: parse only the late ones.
		if (resource.created <= fromText) out.push({resource, start: from, end});
		else emit(resource, from, end);
	}

	return out;
}
