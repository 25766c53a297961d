import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	printed,
	readWorld,
	revisionOf,
	refused,
	refusedJson,
	type ResourceView,
	tagdeck,
	sameBytes,
} from '../helpers/cli-run.js';

type StepJson = {
	changed: Array<{id: string}>;
	failed: Array<{id: string; code: string; message: string}>;
	created?: string[];
};

let worlds: DemoWorlds;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
});
afterAll(async () => {
	await worlds?.remove();
});

async function show(db: string, id: string) {
	return okJson<ResourceView>(await tagdeck(['show', id, '--json'], {db}));
}

/** One field of `show --json`. */
async function field<K extends keyof ResourceView>(
	db: string,
	id: string,
	key: K,
): Promise<ResourceView[K]> {
	const resource = await show(db, id);
	return resource[key];
}

/** Expects exit 1, the file unchanged, and returns stderr. */
async function refusedUnchanged(db: string, args: string[], code: string) {
	const before = await readFile(db);
	const line = refused(await tagdeck(args, {db}), code);
	expect(
		await sameBytes(db, before),
		'a refused command changed the file',
	).toBe(true);
	return line;
}

describe.concurrent('attach and detach', () => {
	test('a free disk attaches to an instance of its zone, then detaches', async () => {
		const db = await worlds.copy();
		const disk = worlds.id('scratch-data-01');
		const instance = worlds.id('dev-box-1', 'Ecs-Instance');
		const out = ok(await tagdeck(['attach', disk, instance], {db}));
		expect(out).toContain(disk);
		expect(await field(db, disk, 'links')).toEqual({attachedTo: instance});
		ok(await tagdeck(['detach', disk], {db}));
		expect(await field(db, disk, 'links')).toEqual({});
		expect(await revisionOf(db)).toBe(2);
	});

	test('a disk of another zone is refused (cross-zone), naming both', async () => {
		const db = await worlds.copy();
		const disk = worlds.id('scratch-data-01');
		const instance = worlds.id('win-test-1', 'Ecs-Instance');
		const line = await refusedUnchanged(
			db,
			['attach', disk, instance],
			'InvalidOperation.CrossZone',
		);
		expect(line).toContain(disk);
		expect(line).toContain(instance);
		expect(line).toContain('cn-hangzhou-k');
		expect(line).toContain('cn-hangzhou-j');
		const json = refusedJson(
			await tagdeck(['attach', disk, instance, '--json'], {db}),
			'InvalidOperation.CrossZone',
		);
		expect(json.message).toContain(disk);
	});

	test('a disk with no instance in its zone cannot attach in Singapore either', async () => {
		const db = await worlds.copy();
		await refusedUnchanged(
			db,
			[
				'attach',
				worlds.id('sea-archive-01'),
				worlds.id('web-sea-1', 'Ecs-Instance'),
			],
			'InvalidOperation.CrossZone',
		);
	});

	test('an ENI attaches within its region only', async () => {
		const db = await worlds.copy();
		const eni = worlds.id('eni-spare-01');
		await refusedUnchanged(
			db,
			['attach', eni, worlds.id('web-sea-1', 'Ecs-Instance')],
			'InvalidOperation.CrossRegion',
		);
		const json = okJson<StepJson>(
			await tagdeck(
				['attach', eni, worlds.id('dev-box-1', 'Ecs-Instance'), '--json'],
				{db},
			),
		);
		expect(json.changed.map((c) => c.id)).toEqual([eni]);
		expect(json.failed).toEqual([]);
	});

	test('an attached disk cannot be attached again; a free one cannot be detached', async () => {
		const db = await worlds.copy();
		const attached = worlds.id('web-prod-1-data');
		// Ack-prod-node-1 is in the disk's zone, cn-hangzhou-h.
		await refusedUnchanged(
			db,
			['attach', attached, worlds.id('ack-prod-node-1', 'Ecs-Instance')],
			'InvalidOperation.AlreadyLinked',
		);
		await refusedUnchanged(
			db,
			['detach', worlds.id('scratch-data-01')],
			'InvalidOperation.NotLinked',
		);
	});

	test('--dry-run changes nothing', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const out = ok(
			await tagdeck(
				[
					'attach',
					worlds.id('scratch-data-01'),
					worlds.id('dev-box-1', 'Ecs-Instance'),
					'--dry-run',
				],
				{db},
			),
		);
		expect(out).toMatch(/dry run/iv);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('an unknown ID is refused with InvalidResourceId.NotFound', async () => {
		const db = await worlds.copy();
		await refusedUnchanged(
			db,
			[
				'attach',
				'd-nosuchdisk000000000',
				worlds.id('dev-box-1', 'Ecs-Instance'),
			],
			'InvalidResourceId.NotFound',
		);
	});
});

describe.concurrent('associate and unassociate', () => {
	test('a free EIP associates with an instance, then unassociates', async () => {
		const db = await worlds.copy();
		const eip = worlds.id('eip-spare-01');
		const instance = worlds.id('dev-box-1', 'Ecs-Instance');
		ok(await tagdeck(['associate', eip, instance], {db}));
		expect(await field(db, eip, 'links')).toEqual({associatedWith: instance});
		const shownInstance = await show(db, instance);
		expect(shownInstance.linkedBy).toMatchObject({associatedWith: [eip]});
		ok(await tagdeck(['unassociate', eip], {db}));
		expect(await field(db, eip, 'links')).toEqual({});
	});

	test('an EIP associates with a CLB, and not across regions', async () => {
		const db = await worlds.copy();
		const eip = worlds.id('eip-spare-01');
		ok(
			await tagdeck(['associate', eip, worlds.id('ack-prod-ingress-clb')], {
				db,
			}),
		);
		ok(await tagdeck(['unassociate', eip], {db}));
		await refusedUnchanged(
			db,
			['associate', eip, worlds.id('web-sea-1', 'Ecs-Instance')],
			'InvalidOperation.CrossRegion',
		);
	});

	test('an EIP has one target at a time', async () => {
		const db = await worlds.copy();
		await refusedUnchanged(
			db,
			[
				'associate',
				worlds.id('eip-web-prod-1'),
				worlds.id('dev-box-1', 'Ecs-Instance'),
			],
			'InvalidOperation.AlreadyLinked',
		);
	});
});

describe.concurrent('create', () => {
	test('--json gives the created IDs; the resources are there with their tags', async () => {
		const db = await worlds.copy();
		const json = okJson<StepJson>(
			await tagdeck(
				[
					'create',
					'instance',
					'--region',
					'cn-hangzhou',
					'--zone',
					'cn-hangzhou-h',
					'--name',
					'web-9',
					'--tag',
					'env=dev',
					'--json',
				],
				{db},
			),
		);
		expect(json.created).toHaveLength(1);
		const created = await show(db, json.created![0]!);
		expect(created).toMatchObject({
			type: 'Ecs-Instance',
			region: 'cn-hangzhou',
			zone: 'cn-hangzhou-h',
			name: 'web-9',
			tags: {env: 'dev'},
		});
		expect(created.id).toMatch(/^i-bp1[a-z\d]+$/v);
		expect(typeof created.status).toBe('string');
	});

	test('--count makes several; a zone-scoped type without --zone gets a zone of the region', async () => {
		const db = await worlds.copy();
		const json = okJson<StepJson>(
			await tagdeck(
				['create', 'disk', '--region', 'cn-hangzhou', '--count', '3', '--json'],
				{db},
			),
		);
		expect(json.created).toHaveLength(3);
		expect(new Set(json.created).size).toBe(3);
		for (const id of json.created!) {
			const disk = await show(db, id);
			expect(disk.region).toBe('cn-hangzhou');
			expect(disk.zone).toMatch(/^cn-hangzhou-[a-z]$/v);
		}

		expect(await revisionOf(db)).toBe(1);
	});

	test('--in: a snapshot of a disk takes the disk’s region and links to it', async () => {
		const db = await worlds.copy();
		const disk = worlds.id('web-prod-1-data');
		const json = okJson<StepJson>(
			await tagdeck(['create', 'snapshot', '--in', disk, '--json'], {db}),
		);
		const snapshot = await show(db, json.created![0]!);
		expect(snapshot).toMatchObject({
			type: 'Ecs-Snapshot',
			region: 'cn-hangzhou',
			links: {sourceDisk: disk},
		});
	});

	test('--in: a topic in a Kafka instance', async () => {
		const db = await worlds.copy();
		const kafka = worlds.id('orders-kafka');
		const json = okJson<StepJson>(
			await tagdeck(
				['create', 'topic', '--in', kafka, '--name', 'refunds', '--json'],
				{db},
			),
		);
		const topic = await show(db, json.created![0]!);
		expect(topic).toMatchObject({
			type: 'Kafka-Topic',
			name: 'refunds',
			links: {kafkaInstance: kafka},
		});
	});

	test('text output names the created resource', async () => {
		const db = await worlds.copy();
		const out = ok(
			await tagdeck(
				['create', 'vpc', '--region', 'eu-central-1', '--name', 'vpc-test'],
				{db},
			),
		);
		const created = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'vpc-test', '--json'], {db}),
		);
		expect(created).toHaveLength(1);
		expect(out).toContain(created[0]!.id);
		expect(created[0]!.zone).toBeNull();
	});

	test('refusals: no region, unknown type, zone of another region', async () => {
		const db = await worlds.copy();
		await refusedUnchanged(
			db,
			['create', 'instance'],
			'MissingParameter.RegionId',
		);
		await refusedUnchanged(
			db,
			['create', 'teapot', '--region', 'cn-hangzhou'],
			'InvalidParameter.Type',
		);
		await refusedUnchanged(
			db,
			[
				'create',
				'disk',
				'--region',
				'cn-hangzhou',
				'--zone',
				'ap-southeast-1a',
			],
			'InvalidParameter.Zone',
		);
	});

	test('--dry-run creates nothing', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		ok(
			await tagdeck(
				['create', 'disk', '--region', 'cn-hangzhou', '--dry-run'],
				{db},
			),
		);
		expect(await sameBytes(db, before)).toBe(true);
	});
});

describe.concurrent('copy', () => {
	test('a custom image is copied to another region with a new ID, without its tags', async () => {
		const db = await worlds.copy();
		const image = worlds.resource('shop-web-v3');
		const json = okJson<StepJson>(
			await tagdeck(['copy', image.id, '--to', 'ap-southeast-1', '--json'], {
				db,
			}),
		);
		expect(json.created).toHaveLength(1);
		const copied = await show(db, json.created![0]!);
		expect(copied.id).not.toBe(image.id);
		expect(copied).toMatchObject({type: image.type, region: 'ap-southeast-1'});
		expect(
			Object.keys(copied.tags).filter((k) => !k.startsWith('acs:')),
		).toEqual([]);
		// The original is still where it was.
		expect(await field(db, image.id, 'region')).toBe('cn-hangzhou');
	});

	test('a key pair is imported under a new name', async () => {
		const db = await worlds.copy();
		const out = ok(
			await tagdeck(['copy', 'shop-deploy', '--to', 'ap-southeast-1'], {db}),
		);
		expect(out).toContain('ap-southeast-1');
		const sea = okJson<ResourceView[]>(
			await tagdeck(
				[
					'list',
					'--region',
					'ap-southeast-1',
					'--filter',
					'type:keypair',
					'--json',
				],
				{db},
			),
		);
		expect(sea).toHaveLength(1);
		expect(sea[0]!.id).not.toBe('shop-deploy');
	});

	test('anything else does not cross regions', async () => {
		const db = await worlds.copy();
		await refusedUnchanged(
			db,
			['copy', worlds.id('web-prod-1-data'), '--to', 'ap-southeast-1'],
			'InvalidOperation.NotCopyable',
		);
	});
});

describe.concurrent('release', () => {
	test('releasing an instance detaches its disks, ENIs and EIPs first', async () => {
		const db = await worlds.copy();
		const instance = worlds.id('web-prod-1', 'Ecs-Instance');
		ok(await tagdeck(['release', instance], {db}));
		refused(
			await tagdeck(['show', instance], {db}),
			'InvalidResourceId.NotFound',
		);
		for (const name of [
			'web-prod-1-data',
			'web-prod-1-system',
			'web-prod-1-eni-secondary',
			'eip-web-prod-1',
		])
			expect(await field(db, worlds.id(name), 'links'), name).toEqual({});
		expect(await revisionOf(db)).toBe(1);
	});

	test('--dry-run and --json', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const json = okJson<StepJson>(
			await tagdeck(
				['release', worlds.id('eip-spare-01'), '--dry-run', '--json'],
				{db},
			),
		);
		expect(json.changed.map((c) => c.id)).toEqual([worlds.id('eip-spare-01')]);
		expect(await sameBytes(db, before)).toBe(true);
	});
});

/** Actions that change nothing recorded of the instances: logged, not undone. */
const actions: Array<[string, string[]]> = [
	['reboot', ['--filter', 'type:instance status:Running Test=Server-Windows']],
	[
		'run',
		[
			'--filter',
			'type:instance status:Running Test=Server-Windows',
			'--command',
			'ls',
		],
	],
];

describe.concurrent('start, stop, reboot, run, replace-image', () => {
	test('start a stopped instance; a running one is refused', async () => {
		const db = await worlds.copy();
		const stopped = worlds.id('win-test-2', 'Ecs-Instance');
		const running = worlds.id('win-test-1', 'Ecs-Instance');
		const before = await readFile(db);
		const result = await tagdeck(['start', running], {db});
		expect(result.code, printed(result)).toBe(1);
		expect(result.stderr).toContain('IncorrectInstanceStatus');
		expect(await sameBytes(db, before)).toBe(true);
		ok(await tagdeck(['start', stopped], {db}));
		expect(await field(db, stopped, 'status')).toBe('Running');
	});

	test('stop with --filter, over several instances', async () => {
		const db = await worlds.copy();
		const json = okJson<StepJson>(
			await tagdeck(
				[
					'stop',
					'--filter',
					'type:instance status:Running Test=Server-Windows',
					'--json',
				],
				{db},
			),
		);
		expect(json.changed.length).toBeGreaterThanOrEqual(2);
		const running = okJson<ResourceView[]>(
			await tagdeck(
				[
					'list',
					'--filter',
					'type:instance status:Running Test=Server-Windows',
					'--json',
				],
				{db},
			),
		);
		expect(running).toEqual([]);
		expect(await revisionOf(db)).toBe(1);
	});

	test('reboot a running instance: accepted, still Running, and recorded in the log', async () => {
		const db = await worlds.copy();
		const running = worlds.id('win-test-1', 'Ecs-Instance');
		const out = ok(await tagdeck(['reboot', running], {db}));
		expect(out).not.toMatch(/nothing to change/iv);
		expect(await field(db, running, 'status')).toBe('Running');
		const log = okJson<Array<{command: {op: string}; past?: boolean}>>(
			await tagdeck(['log', '--json'], {db}),
		);
		expect(log.filter((e) => !e.past).map((e) => e.command.op)).toEqual([
			'reboot',
		]);
	});

	test.for(actions)(
		'%s: what it says about undo is true, and the log does not call it undone',
		// The test's own expect: soft assertions in concurrent tests need it.
		async ([op, args], {expect}) => {
			const db = await worlds.copy();
			const out = ok(await tagdeck([op, ...args], {db}));
			const log = ok(await tagdeck(['log'], {db}));
			const row = log.split('\n').find((line) => line.startsWith('#1'));
			expect(row, log).toBeDefined();
			expect
				.soft(row, 'a step that was never undone is marked "(undone)"')
				.not.toContain('(undone)');
			const undo = await tagdeck(['undo'], {db});
			if (undo.code !== 0) {
				expect(undo.stderr).toContain('History.NothingToUndo');
				expect
					.soft(out, 'the output promises an undo that is refused')
					.not.toMatch(/undo reverses it/iv);
			}
		},
	);

	test('reboot a stopped instance is refused', async () => {
		const db = await worlds.copy();
		const result = await tagdeck(
			['reboot', worlds.id('win-test-2', 'Ecs-Instance')],
			{db},
		);
		expect(result.code, printed(result)).toBe(1);
		expect(result.stderr).toContain('IncorrectInstanceStatus');
	});

	test('run records an invocation on running instances', async () => {
		const db = await worlds.copy();
		const running = worlds.id('win-test-1', 'Ecs-Instance');
		ok(await tagdeck(['run', running, '--command', 'yum update -y'], {db}));
		const world = await readWorld(db);
		expect(world.revision).toBe(1);
		const invocations = Object.values(world.invocations);
		expect(invocations).toEqual([
			expect.objectContaining({command: 'yum update -y', instances: [running]}),
		]);
		const log = okJson<Array<{command: {op: string}}>>(
			await tagdeck(['log', '--json'], {db}),
		);
		expect(log[0]!.command.op).toBe('run');
	});

	test('run on a stopped instance, or with an escape sequence, is refused', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const stopped = await tagdeck(
			['run', worlds.id('win-test-2', 'Ecs-Instance'), '--command', 'ls'],
			{db},
		);
		expect(stopped.code, printed(stopped)).toBe(1);
		expect(stopped.stderr).toContain('IncorrectInstanceStatus');
		const hostile = await tagdeck(
			[
				'run',
				worlds.id('win-test-1', 'Ecs-Instance'),
				'--command',
				'echo \u001B[2J',
			],
			{db},
		);
		refused(hostile, 'InvalidParameter.Command');
		expect(hostile.raw.includes(0x1b)).toBe(false);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('replace-image on a stopped instance; a running one is refused', async () => {
		const db = await worlds.copy();
		const image = worlds.id('shop-web-v3');
		const stopped = worlds.id('win-test-2', 'Ecs-Instance');
		const before = await readFile(db);
		const running = await tagdeck(
			[
				'replace-image',
				worlds.id('win-test-1', 'Ecs-Instance'),
				'--image',
				image,
			],
			{db},
		);
		expect(running.code, printed(running)).toBe(1);
		expect(running.stderr).toContain('IncorrectInstanceStatus');
		expect(await sameBytes(db, before)).toBe(true);
		ok(await tagdeck(['replace-image', stopped, '--image', image], {db}));
		expect(await field(db, stopped, 'image')).toBe(image);
	});

	test('power operations on something that is not an instance are refused', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const result = await tagdeck(['stop', worlds.id('web-prod-1-data')], {db});
		expect(result.code, printed(result)).toBe(1);
		expect(result.stderr).toContain(worlds.id('web-prod-1-data'));
		expect(await sameBytes(db, before)).toBe(true);
	});
});
