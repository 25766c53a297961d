import {describe, expect, test} from 'vitest';
import {apply} from '../../source/core/apply.js';
import type {Command} from '../../source/core/model.js';
import {changeLines, describeChanges} from '../../source/core/summary.js';
import {World} from '../../source/core/world.js';
import {demoWorld} from '../../source/core/worlds.js';

const now = '2026-01-02T03:04:05.000Z';

function byName(world: World, name: string, type: string) {
	return Object.values(world.data.resources).find(
		(r) => r.name === name && r.type === type,
	)!;
}

/** The demo world with Ecs-Instance:Ecs-Disk on in cn-hangzhou (applied to existing links or not). */
function disksInherit(existing: boolean): World {
	const world = new World(demoWorld(now));
	apply(world, {op: 'inheritance', enabled: true}, {now});
	apply(
		world,
		{
			op: 'rules',
			region: 'cn-hangzhou',
			rules: ['Ecs-Instance:Ecs-Disk'],
			enable: true,
			existing,
		},
		{now},
	);
	return world;
}

describe('the changes of a step, in words', () => {
	test('a link made and the rule that manages it are told in words, with names beside IDs', () => {
		const world = disksInherit(false);
		const disk = byName(world, 'scratch-data-01', 'Ecs-Disk');
		const dev = byName(world, 'dev-box-1', 'Ecs-Instance');
		const result = apply(
			world,
			{op: 'attach', id: disk.id, to: dev.id},
			{now, dryRun: true},
		);
		const text = changeLines(
			describeChanges(result.patches, (id) => world.get(id)),
		).join('\n');
		expect(text).toContain(`attached to ${dev.id} (dev-box-1)`);
		expect(text).toContain('its link now managed by Ecs-Instance:Ecs-Disk');
		expect(text).not.toContain('attachedTo');
		expect(text).not.toContain('["rule:');
	});

	test('an inherited tag the command removes itself is its own change, not one "inherited by" a rule', () => {
		const world = disksInherit(true);
		const disk = byName(world, 'web-prod-1-data', 'Ecs-Disk');
		const command: Command = {op: 'untag', ids: [disk.id], keys: ['cost']};
		const result = apply(world, command, {now, dryRun: true});
		const changes = describeChanges(result.patches, (id) => world.get(id));
		expect(changeLines(changes, command)).toEqual([
			`  ${disk.id}  - cost=shanghai`,
		]);
		// Detaching takes the inherited tags away: those are the rule's.
		const detach = apply(
			world,
			{op: 'detach', id: disk.id},
			{now, dryRun: true},
		);
		const lines = changeLines(
			describeChanges(detach.patches, (id) => world.get(id)),
			{op: 'detach', id: disk.id},
		);
		expect(lines).toContain('  inherited by Ecs-Instance:Ecs-Disk:');
		expect(lines.at(-1)).toContain('- cost=shanghai');
	});
});
