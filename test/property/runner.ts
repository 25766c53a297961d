import {isDeepStrictEqual} from 'node:util';
import {apply, type ApplyResult} from '../../source/core/apply.js';
import type {Command} from '../../source/core/model.js';
import {World} from '../../source/core/world.js';
import {now} from '../helpers/world.js';
import {freshData, resolve} from './arbitraries.js';
import {firstDifference, tagViolations, violations} from './invariants.js';

/** What undo must restore: the resources, rule settings and account. */
type State = Pick<World['data'], 'resources' | 'rules' | 'account'>;

function stateOf(data: World['data']): State {
	return {resources: data.resources, rules: data.rules, account: data.account};
}

function state(world: World): State {
	return structuredClone(stateOf(world.data));
}

function describeResult(result: ApplyResult): string {
	if (!result.ok) return `refused ${result.error?.code ?? '?'}`;
	const skipped =
		result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : '';
	return result.event
		? `ok, event ${result.event.seq}${skipped}`
		: `ok, no change${skipped}`;
}

/** Runs a sequence; fails with the whole resolved trace at the first broken invariant. */
class Run {
	readonly world = new World(freshData());
	private readonly created: string[] = [];
	private readonly trace: string[] = [];

	step(command: Command): ApplyResult {
		const resolved = resolve(command, this.created);
		const result = apply(this.world, resolved, {now});
		this.created.push(...result.created);
		this.trace.push(
			`${this.trace.length + 1}. ${JSON.stringify(resolved)} -> ${describeResult(result)}`,
		);
		return result;
	}

	fail(problems: string[]): never {
		throw new Error(
			`${problems.join('\n')}\nafter the commands:\n${this.trace.join('\n')}`,
		);
	}

	check(ok: boolean, problem: () => string) {
		if (!ok) this.fail([problem()]);
	}

	checkInvariants() {
		const found = violations(this.world);
		if (found.length > 0) this.fail(found);
	}

	/** After a tag step: what it asked for is what the tagged resources hold. */
	checkTagStep(command: Command, result: ApplyResult) {
		const found = tagViolations(
			this.world,
			resolve(command, this.created),
			result,
		);
		if (found.length > 0) this.fail(found);
	}
}

/**
Applies a sequence, checking after every command: the invariants, that a refused
command (or one that records no event) changes nothing, and that undo and redo
restore exactly the states a model of the history stack expects.
*/
export function runSequence(commands: Command[]) {
	const run = new Run();
	run.checkInvariants();
	const undoStack: Array<{before: State; after: State}> = [];
	const redoStack: Array<{before: State; after: State}> = [];
	// One deep copy per command: the state after one command is the state before the next.
	let beforeData = structuredClone(run.world.data);
	for (const command of commands) {
		const previous = beforeData;
		const result = run.step(command);
		run.checkInvariants();
		run.checkTagStep(command, result);
		const afterData = structuredClone(run.world.data);
		if (!result.ok || !result.event) {
			run.check(
				isDeepStrictEqual(afterData, previous),
				() =>
					`[5 refusal] a command that was ${result.ok ? 'applied without an event' : 'refused'} changed the world: ${firstDifference(previous, afterData)}`,
			);
		}

		const before = stateOf(previous);
		const after = stateOf(afterData);
		beforeData = afterData;
		if (command.op === 'undo') {
			const step = undoStack.pop();
			run.check(
				result.ok === (step !== undefined),
				() =>
					`[6 undo] undo was ${result.ok ? 'applied with nothing to undo' : `refused (${result.error?.message ?? ''}) with a step to undo`}`,
			);
			if (step) {
				run.check(
					isDeepStrictEqual(after, step.before),
					() =>
						`[6 undo] undo did not restore the world before the step: ${firstDifference(step.before, after)}`,
				);
				redoStack.push(step);
			}
		} else if (command.op === 'redo') {
			const step = redoStack.pop();
			run.check(
				result.ok === (step !== undefined),
				() =>
					`[6 undo] redo was ${result.ok ? 'applied with nothing to redo' : `refused (${result.error?.message ?? ''}) with a step to redo`}`,
			);
			if (step) {
				run.check(
					isDeepStrictEqual(after, step.after),
					() =>
						`[6 undo] redo did not restore the world after the step: ${firstDifference(step.after, after)}`,
				);
				undoStack.push(step);
			}
		} else if (result.event) {
			undoStack.push({before, after});
			redoStack.length = 0;
		}
	}
}

/**
Applies a sequence and, after every command C that records a step, undoes C
(the world must be as before C), then redoes it (as after C), and goes on.
The invariants are left to runSequence, so this test reports undo alone.
*/
export function runRoundTrips(commands: Command[]) {
	const run = new Run();
	for (const command of commands) {
		const before = state(run.world);
		const result = run.step(command);
		if (!result.event || command.op === 'undo' || command.op === 'redo')
			continue;
		const after = state(run.world);
		const undo = run.step({op: 'undo'});
		run.check(
			undo.ok,
			() =>
				`[6 undo] undo right after a step was refused: ${undo.error?.message}`,
		);
		const undone = state(run.world);
		run.check(
			isDeepStrictEqual(undone, before),
			() =>
				`[6 undo] undo did not restore the world before the step: ${firstDifference(before, undone)}`,
		);
		const redo = run.step({op: 'redo'});
		run.check(
			redo.ok,
			() =>
				`[6 undo] redo right after undo was refused: ${redo.error?.message}`,
		);
		const redone = state(run.world);
		run.check(
			isDeepStrictEqual(redone, after),
			() =>
				`[6 undo] redo did not restore the world after the step: ${firstDifference(after, redone)}`,
		);
	}
}
