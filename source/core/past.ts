import {apply} from './apply.js';
import type {Command} from './model.js';
import type {World} from './world.js';

/** A step of a world's past: a command, at a world time. */
export type PastStep = {at: string; command: Command};

/**
Gives a newly made world its past (docs/costs.md): each step is applied as a
user's would be, at its own time, and logged, so bills can be rebuilt from it.
The steps are marked as the past: undo does not reach them.
*/
export function replayPast(world: World, steps: readonly PastStep[]) {
	for (const {at, command} of steps) {
		const result = apply(world, command, {now: at});
		// The past is the world's own data: a step it refuses is a defect of that data.
		if (!result.ok)
			throw new Error(
				`the world's past: ${command.op} at ${at}: ${result.error.message}`,
			);
		if (result.event) result.event.past = true;
	}

	world.data.history = {undo: [], redo: []};
	// A world is new until a user changes it.
	world.data.revision = 0;
}

/** The first moment (UTC) of the month `delta` months from the one `now` is in, in ms. */
export function monthStart(now: string, delta: number): number {
	const date = new Date(now);
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + delta, 1);
}
