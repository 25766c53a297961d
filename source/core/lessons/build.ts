/*
A lesson's world (docs/lessons.md): a new demo world, then the lesson's setup
applied as the world's past, so the learner starts from it and `undo` does not
reach it.
*/
import type {Command, WorldData} from '../model.js';
import {replayPast} from '../past.js';
import {World} from '../world.js';
import {demoWorld} from '../worlds.js';
import {resolveRef} from './check.js';
import type {Lesson} from './model.js';

/** A `@name` (or `@region/name`) as the ID it names; a name that names none is a defect of the lesson. */
export function idOf(world: World, ref: string): string {
	const id = resolveRef(world, ref);
	if (id === undefined)
		throw new Error(`lesson: "${ref}" names no single resource`);
	return id;
}

/** A setup command with its `@name` references as IDs. */
function resolved(world: World, command: Command): Command {
	const out: Record<string, unknown> = {...command};
	if ('ids' in command) out.ids = command.ids.map((ref) => idOf(world, ref));
	if ('id' in command) out.id = idOf(world, command.id);
	if ('to' in command && command.op !== 'copy')
		out.to = idOf(world, command.to);
	return out as Command;
}

/** The lesson's world, made at world time `now`. */
export function lessonWorld(lesson: Lesson, now: string): WorldData {
	const data = demoWorld(now);
	const world = new World(data);
	for (const command of lesson.setup)
		replayPast(world, [{at: now, command: resolved(world, command)}]);
	return data;
}
