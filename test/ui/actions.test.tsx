import {readFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import {step} from '../helpers/world.js';
import {
	countInRegion,
	appFixture,
	filterTo,
	keys,
	lines,
	lineWith,
	messageLine,
	named,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;

appFixture((made) => {
	({world, ui} = made);
});

/** The entries of the menu on screen, top to bottom. */
function menu(): string[] {
	const all = lines(ui.frame());
	const head = all.findIndex((l) =>
		/^ {2}(?:Actions on|Attach to an|Associate with)/v.test(l),
	);
	const end = all.findIndex((l, i) => i > head && l.trim() === '');
	return all
		.slice(head + 1, end === -1 ? undefined : end)
		.map((l) => l.trim())
		.filter(Boolean);
}

/** Moves the menu cursor to the entry that contains `text` and presses Enter. */
async function choose(text: string) {
	const at = menu().findIndex((item) => item.includes(text));
	expect(
		at,
		`menu has "${text}": ${menu().join(' | ')}`,
	).toBeGreaterThanOrEqual(0);
	await ui.press('g', ...Array.from({length: at}, () => 'j'), keys.enter);
}

async function actionsOn(filter: string) {
	await filterTo(ui, filter);
	await ui.press('a');
}

describe('actions menu (a)', () => {
	test('on a free disk it offers to attach it, to snapshot it and to release it', async () => {
		const disk = named(world.store, 'scratch-data-01');
		await actionsOn('scratch-data-01');
		expect(ui.frame()).toContain(`Actions on ${disk.id}`);
		expect(menu()).toEqual([
			'Attach to an instance…  ▸',
			'Create a snapshot',
			`Release ${disk.id}`,
		]);
	});

	test('attach lists only the instances in the disk zone (dev-box-1, not win-test-1)', async () => {
		const dev = named(world.store, 'dev-box-1', 'Ecs-Instance');
		const win = named(world.store, 'win-test-1', 'Ecs-Instance');
		await actionsOn('scratch-data-01');
		await choose('Attach to an instance');
		const items = menu();
		expect(
			items.some((i) => i.includes(dev.id) && i.includes('dev-box-1')),
		).toBe(true);
		expect(items.some((i) => i.includes(win.id))).toBe(false);
		for (const item of items) expect(item).toContain('cn-hangzhou-k');
	});

	test('choosing an instance asks for y, then attaches the disk', async () => {
		const disk = named(world.store, 'scratch-data-01');
		const dev = named(world.store, 'dev-box-1', 'Ecs-Instance');
		await actionsOn('scratch-data-01');
		await choose('Attach to an instance');
		await choose('dev-box-1');
		const line = lineWith(ui.frame(), disk.id) ?? '';
		expect(line).toContain('scratch-data-01');
		expect(line).toContain(`attached to ${dev.id} (dev-box-1)`);
		expect(ui.frame()).toMatch(/y yes/v);
		const before = await readWorld(world.file);
		expect(before.resources[disk.id]!.links?.attachedTo).toBeUndefined();
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const saved = await readWorld(world.file);
		expect(saved.resources[disk.id]!.links?.attachedTo).toBe(dev.id);
	});

	test('after attaching, the menu on screen no longer offers to attach the disk', async () => {
		await actionsOn('scratch-data-01');
		await choose('Attach to an instance');
		await choose('dev-box-1');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		expect(ui.frame()).not.toMatch(/Attach to i-\S+ {2}dev-box-1/v);
	});

	test('n to the confirmation changes nothing', async () => {
		const before = await readFile(world.file, 'utf8');
		await actionsOn('scratch-data-01');
		await choose('Attach to an instance');
		await choose('dev-box-1');
		await ui.press('n');
		expect(ui.frame()).not.toMatch(/y yes/v);
		expect(await readFile(world.file, 'utf8')).toBe(before);
	});

	test('Create a snapshot makes a snapshot of the disk after y', async () => {
		const disk = named(world.store, 'scratch-data-01');
		await actionsOn('scratch-data-01');
		await choose('Create a snapshot');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const afterSnapshot = await readWorld(world.file);
		const snapshots = Object.values(afterSnapshot.resources).filter(
			(r) => r.type === 'Ecs-Snapshot' && r.links?.sourceDisk === disk.id,
		);
		expect(snapshots).toHaveLength(1);
	});

	test('on a free EIP it offers to associate it with valid targets only', async () => {
		const taken = named(world.store, 'web-prod-1', 'Ecs-Instance');
		const free = named(world.store, 'web-prod-2', 'Ecs-Instance');
		await actionsOn('eip-spare-01');
		expect(menu()[0]).toContain('Associate with');
		await choose('Associate with');
		const items = menu();
		expect(items.length).toBeGreaterThan(0);
		expect(items.some((i) => i.includes(free.id))).toBe(true);
		// Web-prod-1 already has eip-web-prod-1.
		expect(items.some((i) => i.includes(taken.id))).toBe(false);
	});

	test('associating an EIP asks for y, then links it', async () => {
		const eip = named(world.store, 'eip-spare-01');
		const free = named(world.store, 'web-prod-2', 'Ecs-Instance');
		await actionsOn('eip-spare-01');
		await choose('Associate with');
		await choose(free.id);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const saved = await readWorld(world.file);
		expect(saved.resources[eip.id]!.links?.associatedWith).toBe(free.id);
	});

	test('on a running instance it offers Stop and Reboot, not Start', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await actionsOn('web-prod-1 type:ecs');
		expect(menu()).toEqual([
			`Stop ${vm.id}`,
			`Reboot ${vm.id}`,
			`Run a command on ${vm.id} (type it)`,
			`Release ${vm.id}`,
		]);
	});

	test('Stop stops the instance after y', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await actionsOn('web-prod-1 type:ecs');
		await choose('Stop');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const stopped = await readWorld(world.file);
		expect(stopped.resources[vm.id]!.status).toBe('Stopped');
	});

	test('on a stopped instance it offers Start', async () => {
		const vm = named(world.store, 'win-test-2', 'Ecs-Instance');
		await actionsOn('win-test-2 type:ecs');
		expect(menu()[0]).toBe(`Start ${vm.id}`);
	});

	test('on marked instances it acts on all of them', async () => {
		await filterTo(ui, 'type:ecs web-prod');
		await ui.press('*', 'a');
		expect(ui.frame()).toContain('Actions on 2 marked resources');
		expect(menu()).toEqual([
			'Stop 2 instances',
			'Reboot 2 instances',
			'Run a command on 2 instances (type it)',
			'Release 2 resources',
		]);
	});

	test('on a Kafka instance Create a topic asks for its name, then creates it', async () => {
		const kafka = named(world.store, 'orders-kafka');
		await actionsOn('orders-kafka');
		await choose('Create a topic');
		expect(ui.frame()).toContain('name: ▏');
		await ui.type('refunds');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('refunds');
		expect(ui.frame()).toMatch(/y yes/v);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const afterTopic = await readWorld(world.file);
		const topics = Object.values(afterTopic.resources).filter(
			(r) =>
				r.type === 'Kafka-Topic' &&
				r.name === 'refunds' &&
				r.links?.kafkaInstance === kafka.id,
		);
		expect(topics).toHaveLength(1);
	});

	test('on ack-prod-hz Scale out adds an instance to the cluster', async () => {
		const cluster = named(world.store, 'ack-prod-hz');
		const before = countInRegion(
			await readWorld(world.file),
			'cn-hangzhou',
			(r) => r.links?.cluster === cluster.id && r.type === 'Ecs-Instance',
		);
		await actionsOn('ack-prod-hz');
		expect(menu()[0]).toBe('Scale out: add an instance');
		await choose('Scale out');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const after = countInRegion(
			await readWorld(world.file),
			'cn-hangzhou',
			(r) => r.links?.cluster === cluster.id && r.type === 'Ecs-Instance',
		);
		expect(after).toBe(before + 1);
	});

	test('Release removes the resource after y, and u then y brings it back', async () => {
		const eip = named(world.store, 'eip-spare-01');
		await actionsOn('eip-spare-01');
		await choose('Release');
		expect(ui.frame()).toContain(`Release ${eip.id}?`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const released = await readWorld(world.file);
		expect(released.resources[eip.id]).toBeUndefined();
		expect(lines(ui.frame())[0]).toContain('70 in region');
		await ui.press(keys.esc);
		await ui.press('u');
		expect(ui.frame()).toContain(`Undo step #${step(1)}`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		const restored = await readWorld(world.file);
		expect(restored.resources[eip.id]?.name).toBe('eip-spare-01');
		expect(lines(ui.frame())[0]).toContain('71 in region');
	});

	test('Run a command asks for the command, shows the invocation it records, and records it after y', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await actionsOn('web-prod-1 type:ecs');
		await choose('Run a command');
		expect(ui.frame()).toContain('type the command to run, then Enter');
		expect(ui.frame()).toContain('command: ▏');
		await ui.type('uptime');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain(`Run a command on ${vm.id}: uptime?`);
		expect(ui.frame()).toContain(
			'Records an invocation in cn-hangzhou: "uptime" on 1 instance (nothing really runs).',
		);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const saved = await readWorld(world.file);
		expect(Object.values(saved.invocations)).toEqual([
			expect.objectContaining({command: 'uptime', instances: [vm.id]}),
		]);
	});

	test('an empty command is refused with a message, and nothing is recorded', async () => {
		const before = await readFile(world.file, 'utf8');
		await actionsOn('web-prod-1 type:ecs');
		await choose('Run a command');
		await ui.press(keys.enter);
		expect(messageLine(ui.frame())).toContain('is not valid');
		expect(ui.frame()).not.toMatch(/y yes/v);
		expect(await readFile(world.file, 'utf8')).toBe(before);
	});

	test('on a stopped instance Replace the image asks for it, previews it, applies it, and u undoes it', async () => {
		const vm = named(world.store, 'win-test-2', 'Ecs-Instance');
		const image = 'ubuntu_22_04_x64_20G_alibase_20240130.vhd';
		await actionsOn('win-test-2 type:ecs');
		await choose('Replace the image');
		expect(ui.frame()).toContain('type a public image name');
		expect(ui.frame()).toContain('image: ▏');
		await ui.type(image);
		await ui.press(keys.enter);
		// Wide enough for both image names.
		await ui.rerenderWith({size: {columns: 200, rows: 30}});
		expect(ui.frame()).toContain(`image ${vm.image!} → ${image}`);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		const replaced = await readWorld(world.file);
		expect(replaced.resources[vm.id]!.image).toBe(image);
		await ui.press('u');
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		const undone = await readWorld(world.file);
		expect(undone.resources[vm.id]!.image).toBe(vm.image);
	});

	test('Esc in a list of targets goes back to the menu, Esc again to the resources', async () => {
		const disk = named(world.store, 'scratch-data-01');
		await actionsOn('scratch-data-01');
		await choose('Attach to an instance');
		await ui.press(keys.esc);
		expect(ui.frame()).toContain(`Actions on ${disk.id}`);
		expect(menu()[0]).toBe('Attach to an instance…  ▸');
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('filter: scratch-data-01');
	});
});
