import {describe, expect, it} from 'vitest';
import {apply} from '../../source/core/apply.js';
import {logLimits} from '../../source/core/history.js';
import {
	demo,
	named,
	now,
	pastSteps,
	run,
	snapshot,
	userLog,
} from '../helpers/world.js';

type World = ReturnType<typeof demo>;

function resources(world: World) {
	return structuredClone(world.data.resources);
}

describe('undo and redo (docs/behaviour.md §5: undo / redo the last step)', () => {
	it('has nothing to undo or redo in a fresh world (docs/behaviour.md §5)', () => {
		const world = demo();
		const before = snapshot(world);
		const undo = run(world, {op: 'undo'});
		expect(undo.ok).toBe(false);
		expect(undo.error?.code).toBe('History.NothingToUndo');
		const redo = run(world, {op: 'redo'});
		expect(redo.ok).toBe(false);
		expect(redo.error?.code).toBe('History.NothingToRedo');
		expect(snapshot(world)).toEqual(before);
	});

	it('undoes a whole batch exactly and redoes it (docs/behaviour.md §2: a batch is one atomic, undoable step)', () => {
		const world = demo();
		const batch = [
			'web-prod-1',
			'web-prod-2',
			'dev-box-1',
			'crm-prod-1-system',
		].map((n) => named(world, n).id);
		const before = resources(world);
		const tagged = run(world, {
			op: 'tag',
			ids: batch,
			tags: {env: 'staging', wave: '3', temporary: ''},
		});
		expect(tagged.ok).toBe(true);
		const after = resources(world);
		expect(after).not.toEqual(before);

		const undo = run(world, {op: 'undo'});
		expect(undo.ok).toBe(true);
		expect(undo.event?.undoOf).toBe(tagged.event?.seq);
		expect(world.data.resources).toEqual(before);

		const redo = run(world, {op: 'redo'});
		expect(redo.ok).toBe(true);
		expect(redo.event?.redoOf).toBe(tagged.event?.seq);
		expect(world.data.resources).toEqual(after);
	});

	it('undoes an untag --all, bringing every removed tag back (docs/behaviour.md §5)', () => {
		const world = demo();
		const batch = ['crm-prod-1', 'crm-prod-1-data'].map(
			(n) => named(world, n).id,
		);
		const before = resources(world);
		expect(run(world, {op: 'untag', ids: batch, all: true}).ok).toBe(true);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.data.resources).toEqual(before);
	});

	it('undoes only what a partial batch applied (docs/behaviour.md §2: --partial)', () => {
		const world = demo();
		const before = resources(world);
		const result = run(world, {
			op: 'tag',
			ids: ['web-prod-1', 'crm-prod-1-data'].map((n) => named(world, n).id),
			tags: {patch: 'x'},
			partial: true,
		});
		expect(result.failures).toHaveLength(1);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.data.resources).toEqual(before);
	});

	it('clears what can be redone when a new command is applied (docs/behaviour.md §5: History.NothingToRedo)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1').id;
		expect(run(world, {op: 'tag', ids: [instance], tags: {a: '1'}}).ok).toBe(
			true,
		);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(run(world, {op: 'tag', ids: [instance], tags: {b: '2'}}).ok).toBe(
			true,
		);
		const redo = run(world, {op: 'redo'});
		expect(redo.ok).toBe(false);
		expect(redo.error?.code).toBe('History.NothingToRedo');
		expect(world.get(instance)!.tags).not.toHaveProperty('a');
		expect(world.get(instance)!.tags.b).toBe('2');
	});

	it('keeps what can be redone when a command is refused or only dry-run (docs/behaviour.md §2: nothing is applied)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1').id;
		expect(run(world, {op: 'tag', ids: [instance], tags: {a: '1'}}).ok).toBe(
			true,
		);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(
			run(world, {op: 'tag', ids: [instance], tags: {'acs:x': '1'}}).ok,
		).toBe(false);
		expect(
			apply(
				world,
				{op: 'tag', ids: [instance], tags: {c: '3'}},
				{now, dryRun: true},
			).ok,
		).toBe(true);
		expect(run(world, {op: 'redo'}).ok).toBe(true);
		expect(world.get(instance)!.tags.a).toBe('1');
	});

	it('walks back several steps in order and forward again (docs/behaviour.md §5: undo / redo the last step)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1').id;
		const states = [resources(world)];
		for (const value of ['1', '2', '3']) {
			expect(
				run(world, {op: 'tag', ids: [instance], tags: {step: value}}).ok,
			).toBe(true);
			states.push(resources(world));
		}

		for (let i = 2; i >= 0; i--) {
			expect(run(world, {op: 'undo'}).ok).toBe(true);
			expect(world.data.resources).toEqual(states[i]);
		}

		expect(run(world, {op: 'undo'}).error?.code).toBe('History.NothingToUndo');
		for (let i = 1; i <= 3; i++) {
			expect(run(world, {op: 'redo'}).ok).toBe(true);
			expect(world.data.resources).toEqual(states[i]);
		}

		expect(run(world, {op: 'redo'}).error?.code).toBe('History.NothingToRedo');
	});

	it('undoes a create, and redo brings back the same resource (docs/behaviour.md §5: create)', () => {
		const world = demo();
		const before = resources(world);
		const result = run(world, {
			op: 'create',
			type: 'disk',
			region: 'cn-hangzhou',
			count: 2,
			tags: {env: 'dev'},
		});
		expect(result.ok).toBe(true);
		const after = resources(world);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		for (const id of result.created) expect(world.get(id)).toBeUndefined();
		expect(world.data.resources).toEqual(before);
		expect(run(world, {op: 'redo'}).ok).toBe(true);
		expect(world.data.resources).toEqual(after);
	});

	it('undoes the release of an instance, restoring it and the links of its disks, ENI and EIP (docs/behaviour.md §5: release)', () => {
		const world = demo();
		const before = resources(world);
		expect(
			run(world, {op: 'release', ids: [named(world, 'web-prod-1').id]}).ok,
		).toBe(true);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.data.resources).toEqual(before);
		expect(named(world, 'web-prod-1-data').links?.attachedTo).toBe(
			named(world, 'web-prod-1').id,
		);
	});

	it('undoes the release of a Kafka instance, bringing back its topics and groups (docs/behaviour.md §5: release)', () => {
		const world = demo();
		const before = resources(world);
		expect(
			run(world, {op: 'release', ids: [named(world, 'orders-kafka').id]}).ok,
		).toBe(true);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.data.resources).toEqual(before);
	});

	it('undoes links: an attach, a detach and an associate (docs/behaviour.md §5)', () => {
		const world = demo();
		const before = resources(world);
		expect(
			run(world, {
				op: 'attach',
				id: named(world, 'scratch-data-01').id,
				to: named(world, 'dev-box-1').id,
			}).ok,
		).toBe(true);
		expect(
			run(world, {op: 'detach', id: named(world, 'web-prod-1-data').id}).ok,
		).toBe(true);
		expect(
			run(world, {
				op: 'associate',
				id: named(world, 'eip-spare-01').id,
				to: named(world, 'shop-web-alb').id,
			}).ok,
		).toBe(true);
		for (let i = 0; i < 3; i++) expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.data.resources).toEqual(before);
	});

	it('undoes a stop and a replace-image; a run is logged but not undone (docs/behaviour.md §5: instance operations)', () => {
		const world = demo();
		const before = resources(world);
		const instance = named(world, 'web-prod-1').id;
		expect(run(world, {op: 'stop', ids: [instance]}).ok).toBe(true);
		expect(
			run(world, {
				op: 'replace-image',
				ids: [instance],
				image: named(world, 'shop-web-v3').id,
			}).ok,
		).toBe(true);
		expect(
			run(world, {
				op: 'run',
				ids: [named(world, 'web-prod-2').id],
				command: 'uptime',
			}).ok,
		).toBe(true);
		expect(Object.keys(world.data.invocations)).toHaveLength(1);
		expect(world.data.log.at(-1)?.command.op).toBe('run');
		for (let i = 0; i < 2; i++) expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(run(world, {op: 'undo'}).error?.code).toBe('History.NothingToUndo');
		expect(Object.keys(world.data.invocations)).toHaveLength(1);
		expect(world.data.resources).toEqual(before);
	});
});

describe('the activity log (docs/behaviour.md §5: every applied command appends an event)', () => {
	it('records time, command, regions, IDs and failures of a step (docs/behaviour.md §5)', () => {
		const world = demo();
		const ids = ['web-prod-1', 'apollo-api-1', 'crm-prod-1-data'].map(
			(n) => named(world, n).id,
		);
		const command = {op: 'tag' as const, ids, tags: {wave: '1'}, partial: true};
		const result = run(world, command);
		expect(userLog(world.data)).toHaveLength(1);
		const event = userLog(world.data)[0]!;
		expect(event).toEqual(result.event);
		expect(event.at).toBe(now);
		expect(event.command).toEqual(command);
		expect(event.regions).toEqual(['cn-hangzhou', 'cn-shanghai']);
		expect(event.ids.toSorted()).toEqual(ids.slice(0, 2).toSorted());
		expect(event.failures.map((f) => [f.id, f.code])).toEqual([
			[ids[2], 'QuotaExceed.TagsPerResource'],
		]);
	});

	it('appends nothing for a refused command or a dry run (docs/behaviour.md §2: nothing is applied)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1').id;
		run(world, {
			op: 'tag',
			ids: [instance, 'i-bp1missing000000000'],
			tags: {a: '1'},
		});
		apply(
			world,
			{op: 'tag', ids: [instance], tags: {a: '1'}},
			{now, dryRun: true},
		);
		expect(userLog(world.data)).toEqual([]);
		expect(world.data.revision).toBe(0);
	});

	it('raises the revision with every applied command (docs/behaviour.md §6: a revision number that grows)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1').id;
		const start = world.data.revision;
		run(world, {op: 'tag', ids: [instance], tags: {a: '1'}});
		run(world, {op: 'tag', ids: [instance], tags: {a: '2'}});
		run(world, {op: 'undo'});
		expect(world.data.revision).toBe(start + 3);
		expect(userLog(world.data).map((e) => e.seq)).toEqual(
			[1, 2, 3].map((n) => pastSteps + n),
		);
	});
});

describe('the bounded log (docs/behaviour.md §5: oldest dropped first; it is what undo walks back)', () => {
	const steps = logLimits.events + 5;

	function longWorld() {
		const world = demo();
		const disk = named(world, 'scratch-data-01').id;
		for (let i = 1; i <= steps; i++) {
			const result = run(world, {op: 'tag', ids: [disk], tags: {n: String(i)}});
			if (!result.ok) throw new Error(`step ${i} refused`);
		}

		return {world, disk};
	}

	it('keeps the latest steps only, dropping the oldest first (docs/behaviour.md §5: the log is bounded)', () => {
		const {world} = longWorld();
		expect(world.data.log).toHaveLength(logLimits.events);
		// The demo world's past was the oldest, and went first.
		expect(world.data.log[0]?.seq).toBe(pastSteps + 6);
		expect(world.data.log.at(-1)?.seq).toBe(pastSteps + steps);
	});

	it('never undoes a step that was dropped from the log (docs/behaviour.md §5: the log is what undo walks back)', () => {
		const {world, disk} = longWorld();
		let previous = Number.POSITIVE_INFINITY;
		for (;;) {
			const result = run(world, {op: 'undo'});
			if (!result.ok) {
				expect(result.error?.code).toBe('History.NothingToUndo');
				break;
			}

			const undone = result.event!.undoOf!;
			expect(undone).toBeLessThan(previous);
			expect(undone).toBeGreaterThanOrEqual(6);
			previous = undone;
		}

		expect(Number(world.get(disk)!.tags.n)).toBeGreaterThanOrEqual(5);
	});

	it('can undo every step the log held when undoing began (docs/behaviour.md §5: the log is what undo walks back)', () => {
		const {world, disk} = longWorld();
		let undone = 0;
		while (run(world, {op: 'undo'}).ok) undone++;
		expect(undone).toBe(logLimits.events);
		expect(world.get(disk)!.tags.n).toBe('5');
	});
});
