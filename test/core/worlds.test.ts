import {describe, expect, it} from 'vitest';
import {
	getRegion,
	linkKinds,
	regions,
	resourceTypes,
	rules,
	typeNamed,
} from '../../source/core/catalogue.js';
import {bill, monthOf, monthRange, splitBill} from '../../source/core/bill.js';
import {logLimits} from '../../source/core/history.js';
import type {LinkKind, Resource, WorldData} from '../../source/core/model.js';
import {
	diskCategories,
	instanceRate,
	instanceTypes,
} from '../../source/core/prices.js';
import {demoWorld, generatedWorld} from '../../source/core/worlds.js';
import {World} from '../../source/core/world.js';
import {demo, named, now, run} from '../helpers/world.js';

function customCount(resource: Resource): number {
	return Object.keys(resource.tags).filter((k) => !k.startsWith('acs:')).length;
}

/** Every broken location rule of docs/behaviour.md §1 in a world, as readable lines. */
function brokenLinks(data: WorldData): string[] {
	const problems: string[] = [];
	for (const resource of Object.values(data.resources)) {
		for (const [kind, target] of Object.entries(resource.links ?? {}) as Array<
			[LinkKind, string]
		>) {
			const parent = data.resources[target];
			const where = `${resource.id} ${kind} ${target}`;
			if (!parent) {
				problems.push(`${where}: target missing`);
				continue;
			}

			const spec = linkKinds[kind];
			if (
				!spec.from.includes(resource.type) ||
				!spec.to.includes(parent.type)
			) {
				problems.push(
					`${where}: ${resource.type} → ${parent.type} is not a ${kind} link`,
				);
			}

			if (parent.region !== resource.region) {
				problems.push(`${where}: ${resource.region} ≠ ${parent.region}`);
			}

			if (
				resource.type === 'Ecs-Disk' &&
				kind === 'attachedTo' &&
				parent.zone !== resource.zone
			) {
				problems.push(`${where}: zone ${resource.zone} ≠ ${parent.zone}`);
			}
		}
	}

	return problems;
}

/** Resources breaking their own placement: zone in region, zone only for zone-scoped types. */
function misplaced(data: WorldData): string[] {
	const problems: string[] = [];
	for (const resource of Object.values(data.resources)) {
		const type = typeNamed(resource.type);
		const region = getRegion(resource.region);
		if (type.scope === 'zone') {
			if (!resource.zone || !region.zones.includes(resource.zone)) {
				problems.push(
					`${resource.id}: zone ${resource.zone} not in ${resource.region}`,
				);
			}
		} else if (resource.zone !== null) {
			problems.push(
				`${resource.id}: ${type.scope}-scoped with zone ${resource.zone}`,
			);
		}
	}

	return problems;
}

describe('the demo world (docs/behaviour.md §7: hand-designed to teach)', () => {
	const data = demoWorld(now);
	const world = new World(data);

	it('has every resource type of data/types.json (docs/behaviour.md §7: every resource type present)', () => {
		const present = new Set(world.resources().map((r) => r.type));
		for (const type of resourceTypes)
			expect(present.has(type.name), type.name).toBe(true);
	});

	it('populates several regions, at least one without inheritance support (docs/behaviour.md §7; docs/cloud-facts.md §4.2)', () => {
		const populated = new Set(world.resources().map((r) => r.region));
		expect(populated.size).toBeGreaterThanOrEqual(3);
		const unsupported = regions.filter(
			(r) => !r.inheritance && populated.has(r.id),
		);
		expect(unsupported.map((r) => r.id)).toContain('ap-northeast-2');
	});

	it('has resources at 19 and 20 custom tags, none above (docs/behaviour.md §7: some near the 20-tag quota)', () => {
		const counts = world.resources().map((r) => customCount(r));
		expect(counts).toContain(19);
		expect(counts).toContain(20);
		expect(Math.max(...counts)).toBeLessThanOrEqual(20);
	});

	it('has untagged resources and the Tag overview example tag Test=Server-Windows (docs/behaviour.md §7: realistic tags)', () => {
		expect(world.resources().some((r) => customCount(r) === 0)).toBe(true);
		expect(
			world.resources().filter((r) => r.tags.Test === 'Server-Windows').length,
		).toBeGreaterThanOrEqual(3);
		// The overview's other example, CostCenter:aliyun, is a value the cloud now refuses.
		expect(world.resources().some((r) => r.tags.CostCenter === 'infra')).toBe(
			true,
		);
	});

	it('wires up every one of the 17 rules with a linked pair (docs/behaviour.md §7: every rule has resources linked the way it needs)', () => {
		for (const rule of rules) {
			const linked = world
				.resources()
				.some(
					(r) =>
						r.type === rule.associated &&
						r.links?.[rule.link] !== undefined &&
						world.get(r.links[rule.link]!)?.type === rule.primary,
				);
			expect(linked, rule.settingName).toBe(true);
		}
	});

	it('keeps every location rule (docs/sources.md: ECS resource overview; docs/behaviour.md §1 location rules)', () => {
		expect(brokenLinks(data)).toEqual([]);
		expect(misplaced(data)).toEqual([]);
	});

	it('starts with the inheritance switch off, a log of its past only, and the createdby tag on every resource but the eight made before the feature was on (docs/behaviour.md §7)', () => {
		expect(data.account.inheritance.enabled).toBe(false);
		expect(data.log.every((event) => event.past)).toBe(true);
		expect(data.history).toEqual({undo: [], redo: []});
		expect(data.revision).toBe(0);
		const without = world
			.resources()
			.filter((r) => r.tags['acs:tag:createdby'] === undefined)
			.map((r) => r.name);
		expect(without.toSorted()).toEqual(
			[
				'rtb-prod-main',
				'sg-test-windows',
				'sg-web-prod',
				'vpc-prod-hz',
				'vsw-dev-k',
				'vsw-prod-h',
				'vsw-prod-i',
				'vsw-test-j',
			].toSorted(),
		);
		for (const resource of world.resources()) {
			if (without.includes(resource.name)) continue;
			expect(resource.tags['acs:tag:createdby'], resource.id).toBe(
				`customer:${data.account.id}`,
			);
		}
	});

	it('is the same every time it is built (docs/behaviour.md §7: the default world)', () => {
		expect(demoWorld(now)).toEqual(data);
	});

	it('has a past: made two months before, with last month’s retag, economical stop, release, idle EIP and detached disk as steps at their times (docs/demo-world.md)', () => {
		// `now` is in November 2026: resources were made on 1 September, the past is in October.
		expect(new Set(world.resources().map((r) => r.created))).toEqual(
			new Set(['2026-09-01T09:00:00.000Z']),
		);
		expect(data.log.map((e) => [e.at, e.summary])).toEqual([
			['2026-10-05T10:00:00.000Z', expect.stringMatching(/^unassociate eip-/v)],
			['2026-10-12T18:00:00.000Z', 'release 1 resource'],
			['2026-10-15T09:30:00.000Z', 'tag 1 resource with CostCenter=retail'],
			['2026-10-20T20:00:00.000Z', 'stop 1 resource in economical mode'],
			['2026-10-25T11:00:00.000Z', expect.stringMatching(/^detach d-/v)],
		]);
		expect(named(world, 'win-test-2')).toMatchObject({
			status: 'Stopped',
			economical: true,
		});
		expect(named(world, 'web-prod-2').tags.CostCenter).toBe('retail');
		expect(named(world, 'eip-spare-01').links).toBeUndefined();
		expect(named(world, 'scratch-data-01').links).toBeUndefined();
		expect(world.resources().some((r) => r.name === 'report-batch-1')).toBe(
			false,
		);
		// Undo does not reach the past.
		expect(run(new World(demoWorld(now)), {op: 'undo'}).error?.code).toBe(
			'History.NothingToUndo',
		);
	});

	it('bills what it is made of: instances by their type, disks by size and category', () => {
		expect(named(world, 'crm-prod-1')).toMatchObject({spec: 'ecs.r7.xlarge'});
		expect(named(world, 'crm-prod-1-data')).toMatchObject({
			size: 500,
			category: 'cloud_essd',
		});
		expect(named(world, 'web-prod-1-data-20261030')).toMatchObject({size: 200});
	});

	it('gives each teaching resource the state docs/demo-world.md describes (docs/demo-world.md: teaching spots)', () => {
		const fresh = demo();
		expect(named(fresh, 'web-prod-1').tags.cost).toBe('shanghai');
		expect(named(fresh, 'web-prod-1-data').tags.cost).toBe('hangzhou');
		expect(named(fresh, 'scratch-data-01').zone).toBe('cn-hangzhou-k');
		expect(named(fresh, 'dev-box-1').zone).toBe('cn-hangzhou-k');
		expect(named(fresh, 'sea-archive-01').zone).toBe('ap-southeast-1c');
		expect(named(fresh, 'legacy-jump-kr').region).toBe('ap-northeast-2');
		expect(customCount(named(fresh, 'legacy-jump-kr'))).toBe(0);
		expect(fresh.resources().filter((r) => customCount(r) === 0)).toHaveLength(
			69,
		);
		expect(
			fresh
				.inRegion('ap-southeast-1')
				.some((r) => r.type === 'Ecs-Image' || r.type === 'Ecs-KeyPair'),
		).toBe(false);
	});
});

describe('generated worlds (docs/behaviour.md §7: deterministic world of N resources)', () => {
	it.each([1, 7, 40, 123, 1000])(
		'has exactly %i resources (docs/behaviour.md §7: N resources)',
		(n) => {
			expect(
				Object.keys(generatedWorld(n, 'count', now).resources),
			).toHaveLength(n);
		},
	);

	it('gives the same data for the same N and seed (docs/behaviour.md §7: same N and S give the same file)', () => {
		expect(generatedWorld(500, 'alpha', now)).toEqual(
			generatedWorld(500, 'alpha', now),
		);
		expect(JSON.stringify(generatedWorld(500, 'alpha', now))).toBe(
			JSON.stringify(generatedWorld(500, 'alpha', now)),
		);
	});

	it('gives different data for a different seed (docs/behaviour.md §7: seed)', () => {
		const a = generatedWorld(500, 'alpha', now);
		const b = generatedWorld(500, 'beta', now);
		expect(Object.keys(b.resources)).not.toEqual(Object.keys(a.resources));
		expect(b).not.toEqual(a);
	});

	it.each([0, -5, 1.5])(
		'refuses %d resources with InvalidParameter.Count (docs/behaviour.md §7)',
		(n) => {
			expect(() => generatedWorld(n, 'x', now)).toThrow(
				expect.objectContaining({code: 'InvalidParameter.Count'}),
			);
		},
	);

	describe('10,000 resources (docs/behaviour.md §1 location rules)', () => {
		const data = generatedWorld(10_000, 'links', now);
		const world = new World(data);

		it('has every link target existing, in the same region, with allowed types (docs/behaviour.md §1: links stay within one region)', () => {
			expect(brokenLinks(data)).toEqual([]);
		});

		it('has every disk in its instance’s zone and every zone in its region (docs/sources.md: ECS resource overview — disk attaches in the same zone)', () => {
			const disks = world
				.resources()
				.filter((r) => r.type === 'Ecs-Disk' && r.links?.attachedTo);
			expect(disks.length).toBeGreaterThan(100);
			for (const disk of disks) {
				expect(world.get(disk.links!.attachedTo!)?.zone, disk.id).toBe(
					disk.zone,
				);
			}

			expect(misplaced(data)).toEqual([]);
		});

		it('has the mix of types, links and tags: instances with disks, Kafka topics, cluster members, env tags (docs/behaviour.md §7: same mix)', () => {
			const types = new Set(world.resources().map((r) => r.type));
			for (const type of [
				'Ecs-Instance',
				'Ecs-Disk',
				'Kafka-Topic',
				'Cs-Cluster',
				'Vpc-Eip',
				'Ecs-Snapshot',
			]) {
				expect(types.has(type), type).toBe(true);
			}

			const kinds = new Set(
				world.resources().flatMap((r) => Object.keys(r.links ?? {})),
			);
			expect([...kinds].toSorted()).toEqual(
				[
					'associatedWith',
					'attachedTo',
					'cluster',
					'kafkaInstance',
					'sourceDisk',
				].toSorted(),
			);
			expect(world.resources().some((r) => r.tags.env === 'prod')).toBe(true);
			expect(world.resources().every((r) => customCount(r) <= 20)).toBe(true);
		});

		it('has unique IDs that follow their type (docs/cloud-facts.md §5.1: prefixes)', () => {
			for (const [id, resource] of Object.entries(data.resources)) {
				expect(resource.id).toBe(id);
				const format = typeNamed(resource.type).id;
				if (format.style === 'random' || format.style === 'hex') {
					expect(id.startsWith(format.prefix), id).toBe(true);
				}
			}
		});

		it('accepts commands like any world: tag a filtered batch and undo it (docs/behaviour.md §7: for load tests)', () => {
			const copy = new World(structuredClone(data));
			const instances = copy
				.resources()
				.filter((r) => r.type === 'Ecs-Instance')
				.slice(0, 200);
			const before = structuredClone(copy.data.resources);
			const result = run(copy, {
				op: 'tag',
				ids: instances.map((r) => r.id),
				tags: {wave: 'load'},
				partial: true,
			});
			expect(result.ok).toBe(true);
			expect(run(copy, {op: 'undo'}).ok).toBe(true);
			expect(copy.data.resources).toEqual(before);
		});
	});
});

describe('a generated world’s past (docs/behaviour.md §7: last month’s steps)', () => {
	// `now` is 24 November 2026: the past is in October, the resources older.
	const data = generatedWorld(2000, 'past', now);
	const october = '2026-10';
	const [monthFrom, monthTo] = monthRange(october);

	it('has a log of past steps only, in last month, that undo does not reach, and a revision of 0', () => {
		expect(data.log.length).toBeGreaterThan(4);
		expect(data.log.every((event) => event.past === true)).toBe(true);
		expect(data.log.map((event) => event.command.op)).toEqual(
			expect.arrayContaining([
				'costs',
				'release',
				'tag',
				'stop',
				'unassociate',
			]),
		);
		expect(data.log.every((event) => monthOf(event.at) === october)).toBe(true);
		expect(data.history).toEqual({undo: [], redo: []});
		expect(data.revision).toBe(0);
		expect(data.account.costs.enabled).toEqual({
			CostCenter: '2026-10-03T09:00:00.000Z',
		});
		expect(
			Object.values(data.resources).every(
				(r) => Date.parse(r.created) < monthFrom,
			),
		).toBe(true);
	});

	it('keeps the log far inside its limits', () => {
		const patches = data.log.reduce((sum, e) => sum + e.patches.length, 0);
		expect(patches).toBeLessThan(logLimits.patches / 100);
		expect(data.log.length).toBeLessThan(logLimits.events / 10);
		const big = generatedWorld(10_000, 'big', now);
		const bigPatches = big.log.reduce((sum, e) => sum + e.patches.length, 0);
		expect(bigPatches).toBeLessThan(logLimits.patches / 50);
		expect(big.log.length).toBeLessThan(logLimits.events / 10);
	});

	it('gives instances, disks and snapshots varied prices: types, sizes, categories, a snapshot its disk’s size', () => {
		const all = Object.values(data.resources);
		const of = (type: string) => all.filter((r) => r.type === type);
		expect(new Set(of('Ecs-Instance').map((r) => r.spec)).size).toBe(
			instanceTypes.length,
		);
		expect(new Set(of('Ecs-Disk').map((r) => r.size)).size).toBeGreaterThan(4);
		expect(diskCategories).toEqual([
			'cloud_efficiency',
			'cloud_ssd',
			'cloud_essd',
		]);
		expect(new Set(of('Ecs-Disk').map((r) => r.category)).size).toBe(
			diskCategories.length,
		);
		const snapshots = of('Ecs-Snapshot');
		expect(snapshots.length).toBeGreaterThan(10);
		for (const snapshot of snapshots) {
			const disk = data.resources[snapshot.links!.sourceDisk!]!;
			expect(snapshot.size, snapshot.id).toBe(disk.size);
		}
	});

	it('shows a retag on last month’s bill by CostCenter: a resource with two CostCenter lines', () => {
		const billed = bill(data, {month: october, by: 'CostCenter', now});
		expect(billed.groups.length).toBeGreaterThan(3);
		// No resource of the world costs 10 CNY an hour.
		expect(billed.total).toBeLessThan(2000 * 10 * 24 * 31);
		const sum = billed.groups.reduce((total, g) => total + g.amount * 100, 0);
		expect(Math.round(sum)).toBe(Math.round(billed.total * 100));
		const {lines} = splitBill(data, {month: october, now});
		const values = new Map<string, Set<string | null>>();
		for (const line of lines) {
			const seen = values.get(line.id) ?? new Set();
			seen.add(line.tags.CostCenter!);
			values.set(line.id, seen);
		}

		const retagged = data.log
			.filter((e) => e.command.op === 'tag')
			.flatMap((e) => e.ids);
		expect(retagged.length).toBeGreaterThan(0);
		for (const id of retagged) {
			expect(values.get(id)?.size, id).toBe(2);
		}
	});

	it('bills no compute for an instance after its economical stop', () => {
		const stops = data.log.filter((e) => e.command.op === 'stop');
		expect(stops.length).toBeGreaterThan(0);
		const {lines} = splitBill(data, {month: october, now});
		for (const stop of stops) {
			expect(stop.command).toMatchObject({economical: true});
			const hours = (Date.parse(stop.at) - monthFrom) / 3_600_000;
			for (const id of stop.ids) {
				const instance = data.resources[id]!;
				expect(instance).toMatchObject({status: 'Stopped', economical: true});
				const own = lines.filter((line) => line.id === id);
				const billed = own.reduce((sum, line) => sum + line.amount, 0);
				const running = instanceRate(instance.spec!) * hours;
				// Each line is rounded to the fen.
				expect(Math.abs(billed - running), id).toBeLessThanOrEqual(
					own.length * 0.01 + 1e-9,
				);
				expect(running).toBeLessThan(
					(instanceRate(instance.spec!) * (monthTo - monthFrom)) / 3_600_000,
				);
			}
		}
	});

	it('is the same world for the same seed and month; another month moves its times, not its resources', () => {
		expect(generatedWorld(2000, 'past', '2026-11-02T23:59:00.000Z')).toEqual(
			data,
		);
		const later = generatedWorld(2000, 'past', '2027-03-10T00:00:00.000Z');
		const shift = Date.UTC(2027, 1, 1) - Date.UTC(2026, 9, 1);
		expect(Object.keys(later.resources)).toEqual(Object.keys(data.resources));
		for (const [id, resource] of Object.entries(later.resources)) {
			const before = data.resources[id]!;
			expect({...resource, created: before.created}).toEqual(before);
			expect(Date.parse(resource.created) - Date.parse(before.created)).toBe(
				shift,
			);
		}

		expect(later.log.map((e) => e.command)).toEqual(
			data.log.map((e) => e.command),
		);
	});
});

describe('looking resources up by ID', () => {
	it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
		'"%s", a name every object has, is no resource: not found, and a command on it changes nothing (docs/reliability.md R5: unknown IDs)',
		(id) => {
			const world = demo();
			expect(world.get(id)).toBeUndefined();
			const before = structuredClone(world.data);
			const result = run(world, {op: 'tag', ids: [id], tags: {a: 'b'}});
			expect(result.ok).toBe(false);
			expect(result.failures.map((f) => f.code)).toEqual([
				'InvalidResourceId.NotFound',
			]);
			expect(world.data).toEqual(before);
		},
	);
});
