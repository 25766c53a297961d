import {TagdeckError} from './errors.js';
import type {LogEvent, Patch, WorldData} from './model.js';
import type {World} from './world.js';

/** The log keeps at most this many steps, and at most this many patches in all. */
export const logLimits = {events: 1000, patches: 200_000};

function findEvent(data: WorldData, seq: number): LogEvent | undefined {
	return data.log.find((event) => event.seq === seq);
}

/** Swaps before and after: the patches that undo `patches`, in the order to apply them. */
function invert(patches: readonly Patch[]): Patch[] {
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

/**
Refuses an undo or redo of another step than the one the user was shown:
another process may have added or undone a step since.
*/
function checkExpected(
	op: 'undo' | 'redo',
	event: LogEvent | undefined,
	expected: number | undefined,
) {
	if (expected === undefined || event?.seq === expected) return;
	throw new TagdeckError(
		'History.Conflict',
		`Step #${expected} is no longer the step to ${op}: ${event ? `it is now #${event.seq} (${event.summary})` : `there is nothing to ${op}`}, changed by another tagdeck since. Nothing was changed; look again before you ${op}.`,
	);
}

/** The step undo would reverse, and the patches that reverse it. */
export function planUndo(
	world: World,
	expected?: number,
): {event: LogEvent; patches: Patch[]} {
	const seq = world.data.history.undo.at(-1);
	const event = seq === undefined ? undefined : findEvent(world.data, seq);
	checkExpected('undo', event, expected);
	if (!event) {
		throw new TagdeckError(
			'History.NothingToUndo',
			'Nothing to undo: no step of this world is left to reverse.',
		);
	}

	checkCurrent(world, event.patches);
	return {event, patches: invert(event.patches)};
}

export function planRedo(
	world: World,
	expected?: number,
): {event: LogEvent; patches: Patch[]} {
	const seq = world.data.history.redo.at(-1);
	const event = seq === undefined ? undefined : findEvent(world.data, seq);
	checkExpected('redo', event, expected);
	if (!event) {
		throw new TagdeckError(
			'History.NothingToRedo',
			'Nothing to redo: undo a step first.',
		);
	}

	checkCurrent(world, invert(event.patches));
	return {event, patches: event.patches};
}

/**
Which steps of the log are undone: undo no longer reaches them. Undo and redo
entries, actions (a reboot, a run) and the world's past are not steps to undo.
*/
export function undoneSteps(data: WorldData): (event: LogEvent) => boolean {
	const undoable = new Set(data.history.undo);
	return (event) =>
		!undoable.has(event.seq) &&
		event.undoOf === undefined &&
		event.redoOf === undefined &&
		!event.action &&
		!event.past;
}

/** What a log entry did, as the log shows it: an undo or redo names its step. */
export function logWhat(event: LogEvent): string {
	const step = event.undoOf ?? event.redoOf;
	const what =
		step === undefined ? event.summary : `${event.summary} of #${step}`;
	// Made by an API call (tagdeck serve), as a RAM user (--as): as the cloud's audit trail would say.
	const via = event.api === undefined ? what : `${what} [API ${event.api}]`;
	return event.by === undefined ? via : `${via} (as ${event.by})`;
}

const isHistory = (event: LogEvent) =>
	event.undoOf !== undefined || event.redoOf !== undefined;

/**
Appends an event and keeps the log bounded: at most `logLimits.events` steps
(undo and redo entries counted apart, with the same limit) and
`logLimits.patches` patches in all, dropping the oldest first. Undo can walk
back every step the log still holds.
*/
export function appendEvent(data: WorldData, event: LogEvent) {
	data.log.push(event);
	let steps = 0;
	let history = 0;
	let total = 0;
	for (const e of data.log) {
		if (isHistory(e)) history++;
		else steps++;
		total += e.patches.length;
	}

	const kept: LogEvent[] = [];
	for (const [index, e] of data.log.entries()) {
		const last = index === data.log.length - 1;
		const over = isHistory(e)
			? history > logLimits.events
			: steps > logLimits.events;
		if (!last && (over || total > logLimits.patches)) {
			if (isHistory(e)) history--;
			else steps--;
			total -= e.patches.length;
			continue;
		}

		kept.push(e);
	}

	if (kept.length === data.log.length) return;
	data.log = kept;
	const seqs = new Set(kept.map((e) => e.seq));
	data.history.undo = data.history.undo.filter((seq) => seqs.has(seq));
	data.history.redo = data.history.redo.filter((seq) => seqs.has(seq));
}
