import {describe, expect, it} from 'vitest';
import {parseFilter} from '../../source/core/filter.js';
import type {Command} from '../../source/core/model.js';
import {listResources} from '../../source/core/query.js';
import {demo, named, run, snapshot, userLog} from '../helpers/world.js';

type World = ReturnType<typeof demo>;

function refused(world: World, command: Command, code: string) {
	const before = snapshot(world);
	const result = run(world, command);
	expect(result.ok).toBe(false);
	expect(result.error?.code).toBe(code);
	expect(snapshot(world)).toEqual(before);
	return result;
}

function status(world: World, name: string): string | null | undefined {
	return world.get(named(world, name).id)?.status;
}

describe('start, stop, reboot (docs/sources.md: Tag overview — batch start, stop, or restart ECS instances)', () => {
	it('starts a stopped instance (docs/demo-world.md: win-test-2 is Stopped)', () => {
		const world = demo();
		expect(status(world, 'win-test-2')).toBe('Stopped');
		expect(
			run(world, {op: 'start', ids: [named(world, 'win-test-2').id]}).ok,
		).toBe(true);
		expect(status(world, 'win-test-2')).toBe('Running');
	});

	it('stops a running instance (docs/sources.md: Tag overview — batch stop)', () => {
		const world = demo();
		expect(
			run(world, {op: 'stop', ids: [named(world, 'web-prod-1').id]}).ok,
		).toBe(true);
		expect(status(world, 'web-prod-1')).toBe('Stopped');
	});

	it('refuses to start a running instance with IncorrectInstanceStatus (docs/sources.md: Tag overview — batch start)', () => {
		const world = demo();
		refused(
			world,
			{op: 'start', ids: [named(world, 'web-prod-1').id]},
			'IncorrectInstanceStatus',
		);
	});

	it('refuses to stop or reboot a stopped instance with IncorrectInstanceStatus (docs/sources.md: Tag overview — batch stop, restart)', () => {
		const world = demo();
		const stopped = named(world, 'win-test-2').id;
		refused(world, {op: 'stop', ids: [stopped]}, 'IncorrectInstanceStatus');
		refused(world, {op: 'reboot', ids: [stopped]}, 'IncorrectInstanceStatus');
	});

	it('reboots a running instance, which stays Running (docs/sources.md: Tag overview — batch restart)', () => {
		const world = demo();
		const result = run(world, {
			op: 'reboot',
			ids: [named(world, 'web-prod-1').id],
		});
		expect(result.ok).toBe(true);
		expect(result.failures).toEqual([]);
		expect(status(world, 'web-prod-1')).toBe('Running');
	});

	it('records a reboot in the activity log (docs/behaviour.md §5: every applied command appends an event)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const result = run(world, {op: 'reboot', ids: [instance.id]});
		expect(result.ok).toBe(true);
		expect(userLog(world.data)).toHaveLength(1);
		expect(userLog(world.data)[0]?.command).toEqual({
			op: 'reboot',
			ids: [instance.id],
		});
	});

	it('reboots the running instances of a partial batch and reports the stopped one: a logged step with a failure, not a refusal', () => {
		const world = demo();
		const running = named(world, 'web-prod-1').id;
		const stopped = named(world, 'win-test-2').id;
		const result = run(world, {
			op: 'reboot',
			ids: [running, stopped],
			partial: true,
		});
		expect(result.ok).toBe(true);
		expect(result.failures.map((f) => [f.id, f.code])).toEqual([
			[stopped, 'IncorrectInstanceStatus'],
		]);
		expect(result.event?.ids).toEqual([running]);
		expect(userLog(world.data)).toHaveLength(1);
	});

	it('starts every stopped instance a filter finds (docs/sources.md: Tag overview — find instances by tag, then batch start)', () => {
		const world = demo();
		const stopped = listResources(world, {
			filter: parseFilter('type:instance status:Stopped'),
		});
		expect(stopped.map((r) => r.name).toSorted()).toEqual([
			'api-eu-staging-1',
			'win-test-2',
		]);
		expect(run(world, {op: 'start', ids: stopped.map((r) => r.id)}).ok).toBe(
			true,
		);
		expect(status(world, 'win-test-2')).toBe('Running');
		expect(status(world, 'api-eu-staging-1')).toBe('Running');
		expect(
			listResources(world, {
				filter: parseFilter('type:instance status:Stopped'),
			}),
		).toEqual([]);
	});

	it('refuses a start batch with one running instance as a whole, or starts the others with partial (docs/behaviour.md §2 batch semantics)', () => {
		const world = demo();
		const batch = ['win-test-2', 'web-prod-1', 'api-eu-staging-1'].map(
			(n) => named(world, n).id,
		);
		const result = refused(
			world,
			{op: 'start', ids: batch},
			'IncorrectInstanceStatus',
		);
		expect(result.failures.map((f) => f.id)).toEqual([batch[1]]);
		const partial = run(world, {op: 'start', ids: batch, partial: true});
		expect(partial.ok).toBe(true);
		expect(partial.failures.map((f) => [f.id, f.code])).toEqual([
			[batch[1], 'IncorrectInstanceStatus'],
		]);
		expect(status(world, 'win-test-2')).toBe('Running');
		expect(status(world, 'api-eu-staging-1')).toBe('Running');
	});

	it('refuses to start a resource that is not an instance (docs/sources.md: Tag overview — ECS instance operations)', () => {
		const world = demo();
		refused(
			world,
			{op: 'start', ids: [named(world, 'scratch-data-01').id]},
			'InvalidInstanceId.NotFound',
		);
		refused(
			world,
			{op: 'stop', ids: ['i-bp1missing000000000']},
			'InvalidResourceId.NotFound',
		);
	});
});

describe('run a command (docs/sources.md: Tag overview — use Cloud Assistant to run an O&M script on multiple instances)', () => {
	it('records one invocation naming the instances and the command (docs/behaviour.md §5: recorded as an invocation)', () => {
		const world = demo();
		const ids = ['web-prod-1', 'web-prod-2'].map((n) => named(world, n).id);
		const result = run(world, {op: 'run', ids, command: 'yum update -y'});
		expect(result.ok).toBe(true);
		const invocations = Object.values(world.data.invocations);
		expect(invocations).toHaveLength(1);
		expect(invocations[0]).toMatchObject({
			region: 'cn-hangzhou',
			command: 'yum update -y',
			instances: ids,
		});
	});

	it('records one invocation per region for instances in several regions (docs/sources.md: ECS resource overview — a Cloud Assistant command runs within one region)', () => {
		const world = demo();
		const hz = named(world, 'web-prod-1').id;
		const sea = named(world, 'web-sea-1').id;
		expect(run(world, {op: 'run', ids: [hz, sea], command: 'uptime'}).ok).toBe(
			true,
		);
		const byRegion = Object.fromEntries(
			Object.values(world.data.invocations).map((i) => [i.region, i.instances]),
		);
		expect(byRegion).toEqual({'cn-hangzhou': [hz], 'ap-southeast-1': [sea]});
	});

	it('names the regions and instances of a run in its activity log entry (docs/behaviour.md §5: event with region and IDs)', () => {
		const world = demo();
		const hz = named(world, 'web-prod-1').id;
		const result = run(world, {op: 'run', ids: [hz], command: 'uptime'});
		expect(result.event).toBeDefined();
		expect(result.event?.regions).toEqual(['cn-hangzhou']);
		expect(result.event?.ids).toContain(hz);
	});

	it('refuses to run on a stopped instance with IncorrectInstanceStatus (docs/sources.md: Tag overview — run on instances)', () => {
		const world = demo();
		refused(
			world,
			{op: 'run', ids: [named(world, 'win-test-2').id], command: 'uptime'},
			'IncorrectInstanceStatus',
		);
	});

	it.each([
		['empty', ''],
		['blank', '   '],
		['with ESC', 'echo \u001B[2J'],
		['with a C1 character', 'echo \u009B1m'],
	])(
		'refuses a command that is %s with InvalidParameter.Command (docs/behaviour.md §2: no control characters)',
		(_, command) => {
			const world = demo();
			refused(
				world,
				{op: 'run', ids: [named(world, 'web-prod-1').id], command},
				'InvalidParameter.Command',
			);
		},
	);

	it('takes a command of up to 16 KB once Base64-encoded, counted in UTF-8 bytes (docs/cloud-facts.md §9: CreateCommand)', () => {
		const world = demo();
		const ids = [named(world, 'web-prod-1').id];
		// 12,288 bytes encode to exactly 16,384; one more byte is over.
		expect(run(world, {op: 'run', ids, command: 'x'.repeat(12_288)}).ok).toBe(
			true,
		);
		const over = run(world, {op: 'run', ids, command: 'x'.repeat(12_289)});
		expect(over.error?.code).toBe('InvalidParameter.Command');
		expect(over.error?.message).toContain('16,388 bytes once Base64-encoded');
		// 4,096 three-byte characters are 12,288 bytes: the most that fits.
		expect(run(world, {op: 'run', ids, command: '中'.repeat(4096)}).ok).toBe(
			true,
		);
		expect(
			run(world, {op: 'run', ids, command: '中'.repeat(4097)}).error?.code,
		).toBe('InvalidParameter.Command');
	});

	it('accepts tabs and newlines in a script (docs/sources.md: Tag overview — an O&M script)', () => {
		const world = demo();
		const command = 'for i in 1 2; do\n\techo $i\ndone';
		expect(
			run(world, {op: 'run', ids: [named(world, 'web-prod-1').id], command}).ok,
		).toBe(true);
		expect(Object.values(world.data.invocations)[0]?.command).toBe(command);
	});
});

describe('replace an image (docs/sources.md: Tag overview — replace the image to deploy applications)', () => {
	it('replaces the image of a stopped instance with a custom image of its region (docs/sources.md: ECS resource overview — custom images are regional)', () => {
		const world = demo();
		const instance = named(world, 'win-test-2');
		const image = named(world, 'shop-web-v3');
		const result = run(world, {
			op: 'replace-image',
			ids: [instance.id],
			image: image.id,
		});
		expect(result.ok).toBe(true);
		expect(world.get(instance.id)?.image).toBe(image.id);
	});

	it('refuses a running instance with IncorrectInstanceStatus (docs/behaviour.md §5: replace needs a stopped instance)', () => {
		const world = demo();
		refused(
			world,
			{
				op: 'replace-image',
				ids: [named(world, 'web-prod-1').id],
				image: named(world, 'shop-web-v3').id,
			},
			'IncorrectInstanceStatus',
		);
	});

	it('refuses a custom image from another region until it is copied there (docs/sources.md: ECS resource overview — bypass region limits by copying)', () => {
		const world = demo();
		const instance = named(world, 'api-eu-staging-1');
		const image = named(world, 'shop-web-v3');
		refused(
			world,
			{op: 'replace-image', ids: [instance.id], image: image.id},
			'InvalidImageId.NotFound',
		);
		const copy = run(world, {op: 'copy', id: image.id, to: 'eu-central-1'});
		expect(copy.ok).toBe(true);
		const result = run(world, {
			op: 'replace-image',
			ids: [instance.id],
			image: copy.created[0]!,
		});
		expect(result.ok).toBe(true);
		expect(world.get(instance.id)?.image).toBe(copy.created[0]);
	});

	it('refuses an unknown custom image and accepts a public image name (docs/cloud-facts.md §5.1: public images are names)', () => {
		const world = demo();
		const instance = named(world, 'win-test-2');
		refused(
			world,
			{op: 'replace-image', ids: [instance.id], image: 'm-bp1missing000000000'},
			'InvalidImageId.NotFound',
		);
		const result = run(world, {
			op: 'replace-image',
			ids: [instance.id],
			image: 'ubuntu_22_04_x64_20G_alibase_20240101.vhd',
		});
		expect(result.ok).toBe(true);
		expect(world.get(instance.id)?.image).toBe(
			'ubuntu_22_04_x64_20G_alibase_20240101.vhd',
		);
	});
});
