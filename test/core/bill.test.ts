/*
Cost by tag (docs/costs.md): bills of a small world built by hand, step by step
at chosen world times, against amounts worked out by hand, to the fen. Prices
are data/prices.json's: ecs.g7.large 0.73/h, cloud_essd 0.0015 per GiB-hour
(a 40 GiB disk 0.06/h), an idle EIP 0.02/h, snapshots 0.00017 per GiB-hour.
*/
import {describe, expect, test} from 'vitest';
import {apply} from '../../source/core/apply.js';
import {
	apportion,
	bill,
	historyNote,
	monthRange,
	segmentCost,
	splitBill,
} from '../../source/core/bill.js';
import {costTags} from '../../source/core/cost-tags.js';
import type {Command} from '../../source/core/model.js';
import {World} from '../../source/core/world.js';
import {emptyWorld} from '../../source/core/generated-world.js';

const day = (d: number, h = 0) =>
	new Date(Date.UTC(2026, 10, d, h)).toISOString();
const december1 = '2026-12-01T00:00:00.000Z';

function step(world: World, command: Command, at: string) {
	const result = apply(world, command, {now: at});
	if (!result.ok) throw new Error(result.error.message);
	return result;
}

/**
On 1 November: instance web (CostCenter=retail), its 40 GiB disk (no tags)
attached, an EIP left idle. On the 15th web is retagged CostCenter=marketing;
on the 20th it is stopped in economical mode. With `diskTag`, the disk gets
its own CostCenter=storage on the 10th.
*/
function november(diskTag = false) {
	const world = new World(
		emptyWorld('1487263095518342', 7, '2026-01-01T00:00:00.000Z'),
	);
	const [web] = step(
		world,
		{
			op: 'create',
			type: 'instance',
			region: 'cn-hangzhou',
			name: 'web',
			tags: {CostCenter: 'retail'},
		},
		day(1),
	).created;
	const [disk] = step(
		world,
		{
			op: 'create',
			type: 'disk',
			region: 'cn-hangzhou',
			zone: world.get(web!)!.zone!,
			name: 'web-data',
		},
		day(1),
	).created;
	step(world, {op: 'attach', id: disk!, to: web!}, day(1));
	const [eip] = step(
		world,
		{op: 'create', type: 'eip', region: 'cn-hangzhou', name: 'spare'},
		day(1),
	).created;
	if (diskTag) {
		step(
			world,
			{op: 'tag', ids: [disk!], tags: {CostCenter: 'storage'}},
			day(10),
		);
	}

	step(
		world,
		{op: 'tag', ids: [web!], tags: {CostCenter: 'marketing'}},
		day(15),
	);
	step(world, {op: 'stop', ids: [web!], economical: true}, day(20));
	step(world, {op: 'costs', enable: ['CostCenter']}, december1);
	return {world, web: web!, disk: disk!, eip: eip!};
}

/** The bill of a month by CostCenter (November, seen on 1 December, unless told). */
const byCostCenter = (world: World, month = '2026-11', now = december1) =>
	bill(world.data, {month, by: 'CostCenter', now});

const byValue = (b: ReturnType<typeof bill>) =>
	Object.fromEntries(b.groups.map((g) => [String(g.value), g.amount]));

describe('a bill worked out by hand', () => {
	test('a retag on the 15th splits the month; the economical stop ends compute but not the disk; the idle EIP pays its fee', () => {
		const {world} = november();
		const result = byCostCenter(world);
		// Web: 14 days (336 h) retail, 5 days (120 h) marketing, then stopped economically.
		// The disk (720 h × 0.06) and the EIP (720 h × 0.02) have no CostCenter.
		expect(byValue(result)).toEqual({
			retail: 245.28,
			marketing: 87.6,
			null: 57.6,
		});
		expect(result.unallocated).toBe(57.6);
		expect(result.total).toBe(390.48);
		expect(result).toMatchObject({
			month: '2026-11',
			currency: 'CNY',
			illustrative: true,
			by: 'CostCenter',
		});
		// The unallocated group comes last; the others by amount.
		expect(result.groups.map((g) => g.value)).toEqual([
			'retail',
			'marketing',
			null,
		]);
		expect(result.groups.map((g) => g.resources)).toEqual([1, 1, 2]);
	});

	test('with associated-resource allocation on, the disk follows its instance, hour by hour; the idle EIP has no instance', () => {
		const {world} = november();
		step(world, {op: 'costs', associated: true}, december1);
		const result = byCostCenter(world);
		// The disk: 336 h × 0.06 = 20.16 to retail, 384 h × 0.06 = 23.04 to marketing.
		expect(byValue(result)).toEqual({
			retail: 265.44,
			marketing: 110.64,
			null: 14.4,
		});
		expect(result.total).toBe(390.48);
	});

	test('a disk’s own value wins over its instance’s', () => {
		const {world} = november(true);
		step(world, {op: 'costs', associated: true}, december1);
		const result = byCostCenter(world);
		// The disk follows web (retail) for 9 days (216 h × 0.06 = 12.96), then
		// carries its own "storage" for 504 h (30.24).
		expect(byValue(result)).toEqual({
			retail: 258.24,
			marketing: 87.6,
			storage: 30.24,
			null: 14.4,
		});
	});

	test('without a key the bill is by product, and every product adds up to the total', () => {
		const {world} = november();
		const result = bill(world.data, {
			month: '2026-11',
			by: null,
			now: december1,
		});
		expect(byValue(result)).toEqual({ECS: 376.08, VPC: 14.4});
		expect(result.unallocated).toBe(0);
	});

	test('undoing a tag change changes the bill from the moment of the undo', () => {
		const {world, web} = november();
		// In December: retagged on the 1st at 00:00 and undone 24 hours later: one day of "sales".
		step(world, {op: 'start', ids: [web]}, december1);
		step(
			world,
			{op: 'tag', ids: [web], tags: {CostCenter: 'sales'}},
			december1,
		);
		const later = '2026-12-02T00:00:00.000Z';
		const before = byCostCenter(world, '2026-12', later);
		expect(byValue(before)).toEqual({sales: 17.52, null: 1.92});
		step(world, {op: 'undo'}, later);
		const evening = '2026-12-02T12:00:00.000Z';
		const after = byCostCenter(world, '2026-12', evening);
		// 24 h of sales, then 12 h of marketing again (8.76); disk and EIP 36 h.
		expect(byValue(after)).toEqual({sales: 17.52, marketing: 8.76, null: 2.88});
	});

	test('a step undone at the moment it was made leaves no trace in the bill', () => {
		const {world, web} = november();
		step(world, {op: 'start', ids: [web]}, december1);
		step(
			world,
			{op: 'tag', ids: [web], tags: {CostCenter: 'sales'}},
			december1,
		);
		step(world, {op: 'undo'}, december1);
		const later = '2026-12-02T00:00:00.000Z';
		const result = byCostCenter(world, '2026-12', later);
		expect(byValue(result)).toEqual({marketing: 17.52, null: 1.92});
	});

	test('a snapshot is billed per started hour, each where it starts', () => {
		const {world, disk} = november();
		const [snapshot] = step(
			world,
			{op: 'create', type: 'snapshot', in: disk, name: 'nightly'},
			'2026-11-30T22:30:00.000Z',
		).created;
		const resource = world.get(snapshot!)!;
		expect(resource.size).toBe(40);
		// 22:30–24:00 is 1.5 hours: two started hours of 40 GiB.
		expect(
			segmentCost(
				resource,
				Date.parse(resource.created),
				Date.parse(december1),
			),
		).toBeCloseTo(2 * 40 * 0.000_17, 10);
	});

	test('a key reaches the cost allocation tag list one world-day after it was first used', () => {
		const {world} = november();
		const listed = costTags(world.data, december1);
		expect(listed).toEqual([
			{key: 'CostCenter', status: 'enabled', since: december1},
		]);
		step(
			world,
			{
				op: 'tag',
				ids: [Object.keys(world.data.resources)[0]!],
				tags: {team: 'web'},
			},
			december1,
		);
		expect(
			costTags(world.data, '2026-12-01T23:59:00.000Z').map((t) => t.key),
		).toEqual(['CostCenter']);
		expect(costTags(world.data, '2026-12-02T00:00:00.000Z')).toContainEqual({
			key: 'team',
			status: 'not enabled',
			since: '2026-12-02T00:00:00.000Z',
		});
	});

	test('grouping by a key that is not enabled is refused with the command that enables it', () => {
		const {world} = november();
		step(world, {op: 'costs', disable: ['CostCenter']}, december1);
		expect(() => byCostCenter(world)).toThrow(
			/not enabled for cost allocation: enable it with tagdeck costs enable CostCenter/v,
		);
	});

	test('the split bill has a line per resource and period, adding up to the bill’s total', () => {
		const {world, web, disk} = november();
		step(world, {op: 'costs', associated: true}, december1);
		const split = splitBill(world.data, {month: '2026-11', now: december1});
		expect(split.total).toBe(390.48);
		const lines = split.lines.map((l) => [
			l.id,
			l.tags.CostCenter,
			l.amount,
			l.allocatedBy,
		]);
		expect(lines).toContainEqual([web, 'retail', 245.28, 'own']);
		expect(lines).toContainEqual([web, 'marketing', 87.6, 'own']);
		expect(lines).toContainEqual([disk, 'retail', 20.16, web]);
		expect(lines).toContainEqual([disk, 'marketing', 23.04, web]);
		expect(
			split.lines.reduce((sum, l) => sum + Math.round(l.amount * 100), 0),
		).toBe(39_048);
	});
});

describe('rounding', () => {
	test('amounts are rounded so that they add up to the rounded total, the largest remainders taking the fen left over', () => {
		expect(apportion([0.333, 0.333, 0.334])).toEqual([33, 33, 34]);
		expect(apportion([1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
		expect(apportion([])).toEqual([]);
	});

	test('a month is a calendar month in UTC, and a bad one is refused with the form', () => {
		expect(monthRange('2026-02')).toEqual([
			Date.UTC(2026, 1, 1),
			Date.UTC(2026, 2, 1),
		]);
		expect(monthRange('0099-12')[0]).toBe(Date.parse('0099-12-01T00:00:00Z'));
		expect(monthRange('2026-12')[1]).toBe(Date.UTC(2027, 0, 1));
		expect(() => monthRange('2026-13')).toThrow(/write it as YYYY-MM/v);
		expect(() => monthRange('Nov')).toThrow(/not a month/v);
	});
});

describe('a log that no longer reaches back', () => {
	test('a bill of a month older than the oldest step the log keeps says so; a complete log says nothing', () => {
		const {world, web} = november();
		expect(historyNote(world.data, '2026-11')).toBeUndefined();
		// 1,000 more steps in December push November's out of the log.
		for (let n = 0; n < 1000; n++) {
			step(world, {op: 'tag', ids: [web], tags: {n: String(n)}}, december1);
		}

		expect(world.data.log[0]!.seq).toBeGreaterThan(1);
		expect(historyNote(world.data, '2026-11')).toMatch(
			/^the log keeps only its latest 1,000 steps; before 2026-12-01T00:00:00\.000Z \(step #\d+\) this bill takes the world as that step found it\.$/v,
		);
		expect(historyNote(world.data, '2026-12')).toBeUndefined();
	});
});
