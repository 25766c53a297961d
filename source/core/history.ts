import {TagdeckError} from './errors.js';
import type {LogEvent, Patch, WorldData} from './model.js';
import type {World} from './world.js';

/** The log keeps at most this many steps, and at most this many patches in all. */
export const logLimits = {events: 1000, patches: 200_000};

export function findEvent(data: WorldData, seq: number): LogEvent | undefined {
	return data.log.find((event) => event.seq === seq);
}

/** Swaps before and after: the patches that undo `patches`, in the order to apply them. */
export function invert(patches: readonly Patch[]): Patch[] {
	const swap = <T>(pairs: Record<string, [T, T]> | undefined) =>
		pairs &&
		Object.fromEntries(
			Object.entries(pairs).map(([k, [b, a]]) => [k, [a, b] as [T, T]]),
		);
	return patches.toReversed().map((p) => {
		const out: Patch = {c: p.c, id: p.id};
		if (p.b !== undefined || p.a !== undefined) {
			out.b = p.a;
			out.a = p.b;
		}

		if (p.f) out.f = swap(p.f);
		if (p.t) out.t = swap(p.t);
		if (p.h) out.h = swap(p.h);
		return out;
	});
}

/** Checks that the world still is as `patches` left it, so undoing them loses nothing. */
function checkCurrent(world: World, patches: readonly Patch[]) {
	for (const p of patches) {
		if (p.c !== 'r') continue;
		const current = world.get(p.id);
		const conflict =
			p.b !== undefined || p.a !== undefined
				? (current === undefined) !== (p.a === null)
				: !current ||
					Object.entries(p.t ?? {}).some(
						([k, [, a]]) =>
							(Object.hasOwn(current.tags, k) ? current.tags[k] : null) !== a,
					);
		if (conflict) {
			throw new TagdeckError(
				'History.Conflict',
				`${p.id} has changed since that step, so it cannot be undone or redone without losing the later change.`,
			);
		}
	}
}

/** The step undo would reverse, and the patches that reverse it. */
export function planUndo(world: World): {event: LogEvent; patches: Patch[]} {
	const seq = world.data.history.undo.at(-1);
	const event = seq === undefined ? undefined : findEvent(world.data, seq);
	if (!event) {
		throw new TagdeckError(
			'History.NothingToUndo',
			'Nothing to undo: no step of this world is left to reverse.',
		);
	}

	checkCurrent(world, event.patches);
	return {event, patches: invert(event.patches)};
}

export function planRedo(world: World): {event: LogEvent; patches: Patch[]} {
	const seq = world.data.history.redo.at(-1);
	const event = seq === undefined ? undefined : findEvent(world.data, seq);
	if (!event) {
		throw new TagdeckError(
			'History.NothingToRedo',
			'Nothing to redo: undo a step first.',
		);
	}

	checkCurrent(world, invert(event.patches));
	return {event, patches: event.patches};
}

/** Appends an event, dropping the oldest beyond the limits (and their undo entries). */
export function appendEvent(data: WorldData, event: LogEvent) {
	data.log.push(event);
	let total = 0;
	for (const e of data.log) total += e.patches.length;
	let drop = 0;
	while (
		data.log.length - drop > 1 &&
		(data.log.length - drop > logLimits.events || total > logLimits.patches)
	) {
		total -= data.log[drop]!.patches.length;
		drop++;
	}

	if (drop > 0) {
		const kept = data.log[drop]!.seq;
		data.log.splice(0, drop);
		data.history.undo = data.history.undo.filter((seq) => seq >= kept);
		data.history.redo = data.history.redo.filter((seq) => seq >= kept);
	}
}
