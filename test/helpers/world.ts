import {apply, type ApplyResult} from '../../source/core/apply.js';
import type {
	Command,
	LogEvent,
	Resource,
	WorldData,
} from '../../source/core/model.js';
import {demoWorld} from '../../source/core/worlds.js';
import {World} from '../../source/core/world.js';

export const now = '2026-11-24T10:00:00.000Z';

/** A fresh demo world (hand-designed, see data/demo-world.json). */
export function demo(): World {
	return new World(demoWorld(now));
}

/** The one resource of the world with this name (names are unique in the demo world per type). */
export function named(world: World, name: string, type?: string): Resource {
	const found = world
		.resources()
		.filter((r) => r.name === name && (!type || r.type === type));
	if (found.length !== 1)
		throw new Error(
			`expected one resource named ${name}, found ${found.length}`,
		);
	return found[0]!;
}

export function run(world: World, command: Command): ApplyResult {
	return apply(world, command, {now});
}

/** A deep copy of the world's data, to compare before and after. */
export function snapshot(world: World): unknown {
	return structuredClone(world.data);
}

/** The steps of the log a user made: the world's past left out. */
export function userLog(data: WorldData): LogEvent[] {
	return data.log.filter((event) => !event.past);
}

/** How many steps of the demo world's past its log holds when it is made. */
export const pastSteps = demo().data.log.length;

/** The number of a user's `n`th step in a new demo world: after its past. */
export const step = (n: number) => pastSteps + n;
