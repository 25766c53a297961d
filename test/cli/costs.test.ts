/*
Cost by tag through the command line (docs/costs.md): cost allocation tags,
bills by product and by tag, the split bill, economical stops, and the
refusals. Amounts are checked against the core's bill of the same world file.
*/
import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {bill, shiftMonth, type Bill} from '../../source/core/bill.js';
import type {WorldData} from '../../source/core/model.js';
import {
	DemoWorlds,
	ok,
	okJson,
	refused,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
});
afterAll(async () => {
	await worlds?.remove();
});

/** Last month in world time: the demo world's past is in it. */
const lastMonth = () => shiftMonth(new Date().toISOString().slice(0, 7), -1);

const read = async (db: string) =>
	JSON.parse(await readFile(db, 'utf8')) as WorldData;

/** The sum of the groups in fen: it must be the total, to the fen. */
const fen = (amounts: number[]) =>
	amounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0);

describe('cost allocation tags', () => {
	test('a fresh demo world lists its keys, none enabled; grouping by one is refused with the command that enables it', async () => {
		const db = await worlds.copy();
		const tags = okJson<Array<{key: string; status: string}>>(
			await tagdeck(['costs', 'tags', '--json'], {db}),
		);
		expect(tags).toContainEqual(
			expect.objectContaining({key: 'CostCenter', status: 'not enabled'}),
		);
		expect(tags.some((tag) => tag.key.startsWith('acs:'))).toBe(false);
		expect(
			refused(
				await tagdeck(['bill', '--by', 'CostCenter'], {db}),
				'CostTag.NotEnabled',
			),
		).toContain('tagdeck costs enable CostCenter');
	});

	test('enable is a step that undo reverses; a key nobody used cannot be enabled', async () => {
		const db = await worlds.copy();
		expect(
			ok(await tagdeck(['costs', 'enable', 'CostCenter'], {db})),
		).toContain('tagdeck bill --by CostCenter');
		okJson(await tagdeck(['bill', '--by', 'CostCenter', '--json'], {db}));
		ok(await tagdeck(['undo'], {db}));
		refused(
			await tagdeck(['bill', '--by', 'CostCenter'], {db}),
			'CostTag.NotEnabled',
		);
		expect(
			refused(
				await tagdeck(['costs', 'enable', 'nobody-uses-this'], {db}),
				'CostTag.NotFound',
			),
		).toContain('listed one world-day later');
		usage(await tagdeck(['costs', 'enable'], {db}));
		usage(await tagdeck(['costs', 'associated', 'maybe'], {db}));
	});

	test('a newly used key is listed one world-day later', async () => {
		const db = await worlds.copy();
		const world = await read(db);
		const {id} = Object.values(world.resources).find(
			(r) => r.name === 'web-prod-1',
		)!;
		ok(await tagdeck(['tag', id, '--tag', 'budget=q1'], {db}));
		const keys = async () =>
			okJson<Array<{key: string}>>(
				await tagdeck(['costs', 'tags', '--json'], {db}),
			).map((tag) => tag.key);
		expect(await keys()).not.toContain('budget');
		ok(await tagdeck(['clock', 'advance', '1d'], {db}));
		expect(await keys()).toContain('budget');
	});
});

describe('bills', () => {
	test('last month by CostCenter is the core’s bill of the same world, and its groups add up to the total', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['costs', 'enable', 'CostCenter'], {db}));
		const month = lastMonth();
		const printed = okJson<Bill>(
			await tagdeck(
				['bill', '--by', 'CostCenter', '--month', month, '--json'],
				{
					db,
				},
			),
		);
		const expected = bill(await read(db), {
			month,
			by: 'CostCenter',
			now: new Date().toISOString(),
		});
		expect(printed).toEqual(expected);
		expect(printed).toMatchObject({currency: 'CNY', illustrative: true});
		expect(fen(printed.groups.map((g) => g.amount))).toBe(
			Math.round(printed.total * 100),
		);
		// Web-prod-2 was retagged marketing → retail on the 15th: both have a share.
		const values = printed.groups.map((g) => g.value);
		expect(values).toContain('marketing');
		expect(values).toContain('retail');
		expect(values.at(-1)).toBeNull();
		expect(printed.unallocated).toBe(printed.groups.at(-1)!.amount);
	});

	test('the text bill says the prices are illustrative and marks the unallocated line', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['costs', 'enable', 'CostCenter'], {db}));
		const text = ok(
			await tagdeck(['bill', '--by', 'CostCenter', '--month', lastMonth()], {
				db,
			}),
		);
		expect(text).toContain('CNY, illustrative prices');
		expect(text).toMatch(/^\(unallocated\)\s+[\d,]+\.\d\d\s+[\d.]+%/mv);
		expect(text).toMatch(/^TOTAL\s+[\d,]+\.\d\d\s+100\.0%/mv);
		expect(ok(await tagdeck(['bill'], {db}))).toMatch(
			/by product \(CNY, illustrative prices\)/v,
		);
	});

	test('associated allocation moves disks, ENIs, EIPs and snapshots without a value to their instance’s', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['costs', 'enable', 'CostCenter'], {db}));
		const month = lastMonth();
		const unallocated = async () =>
			okJson<Bill>(
				await tagdeck(
					['bill', '--by', 'CostCenter', '--month', month, '--json'],
					{db},
				),
			).unallocated;
		const before = await unallocated();
		ok(await tagdeck(['costs', 'associated', 'on'], {db}));
		const after = await unallocated();
		expect(after).toBeLessThan(before);
		expect(after).toBe(
			bill(await read(db), {
				month,
				by: 'CostCenter',
				now: new Date().toISOString(),
			}).unallocated,
		);
	});

	test('the split bill has a line per resource and period; its CSV adds up to the bill’s total', async () => {
		const db = await worlds.copy();
		ok(await tagdeck(['costs', 'enable', 'CostCenter'], {db}));
		const month = lastMonth();
		const csv = ok(
			await tagdeck(['bill', '--split', '--month', month, '--csv'], {db}),
		);
		const [header, ...rows] = csv.trimEnd().split('\r\n');
		expect(header).toBe(
			'month,product,type,id,name,region,amount,tag:CostCenter,allocatedBy,prices',
		);
		const amounts = rows.map((row) => Number(row.split(',')[6]));
		// Money is labelled illustrative on every line.
		expect(rows.every((row) => row.endsWith(',illustrative'))).toBe(true);
		const {total} = okJson<Bill>(
			await tagdeck(['bill', '--month', month, '--json'], {db}),
		);
		expect(fen(amounts)).toBe(Math.round(total * 100));
		// The instance web-prod-2 has two lines: marketing to the 15th, retail after.
		const web2 = rows.filter((row) => row.split(',')[4] === 'web-prod-2');
		expect(
			web2
				.map((row) => row.split(',')[7]!)
				.toSorted((a, b) => a.localeCompare(b)),
		).toEqual(['marketing', 'retail']);
	});

	test('a month that has not begun, a month that is not one, and --json with --csv are refused', async () => {
		const db = await worlds.copy();
		const next = shiftMonth(new Date().toISOString().slice(0, 7), 2);
		expect(
			refused(
				await tagdeck(['bill', '--month', next], {db}),
				'InvalidParameter.Month',
			),
		).toContain('has not begun in world time');
		expect(
			refused(
				await tagdeck(['bill', '--month', 'November'], {db}),
				'InvalidParameter.Month',
			),
		).toContain('YYYY-MM');
		usage(await tagdeck(['bill', '--json', '--csv'], {db}));
		usage(await tagdeck(['bill', '--split', '--by', 'CostCenter'], {db}));
		usage(await tagdeck(['bill', '2026-11'], {db}));
	});
});

describe('what resources are billed by', () => {
	test('stop --economical is shown and billed as such; start ends it', async () => {
		const db = await worlds.copy();
		const world = await read(db);
		const resources = Object.values(world.resources);
		const dev = resources.find((r) => r.name === 'dev-box-1')!;
		ok(await tagdeck(['stop', dev.id, '--economical'], {db}));
		expect(ok(await tagdeck(['show', dev.id], {db}))).toContain(
			'Stopped (economical mode: compute is not billed)',
		);
		expect(ok(await tagdeck(['log'], {db}))).toContain(
			'stop 1 resource in economical mode',
		);
		ok(await tagdeck(['start', dev.id], {db}));
		expect(ok(await tagdeck(['show', dev.id], {db}))).not.toContain(
			'economical',
		);
	});

	test('create takes an instance type, a disk size and category, and refuses them where they do not apply', async () => {
		const db = await worlds.copy();
		const created = okJson<{created: string[]}>(
			await tagdeck(
				[
					'create',
					'disk',
					'--region',
					'cn-hangzhou',
					'--size',
					'500',
					'--category',
					'cloud_ssd',
					'--json',
				],
				{db},
			),
		).created[0]!;
		const world = await read(db);
		expect(world.resources[created]).toMatchObject({
			size: 500,
			category: 'cloud_ssd',
		});
		expect(
			refused(
				await tagdeck(
					[
						'create',
						'instance',
						'--region',
						'cn-hangzhou',
						'--spec',
						'ecs.huge',
					],
					{db},
				),
				'InvalidInstanceType.ValueNotSupported',
			),
		).toContain('ecs.g7.large');
		refused(
			await tagdeck(
				['create', 'disk', '--region', 'cn-hangzhou', '--category', 'floppy'],
				{db},
			),
			'InvalidDiskCategory.ValueNotSupported',
		);
		expect(
			refused(
				await tagdeck(
					['create', 'disk', '--region', 'cn-hangzhou', '--size', 'big'],
					{db},
				),
				'InvalidParameter.Size',
			),
		).toContain('whole number of GiB from 20');
		expect(
			refused(
				await tagdeck(
					[
						'create',
						'eip',
						'--region',
						'cn-hangzhou',
						'--spec',
						'ecs.g7.large',
					],
					{db},
				),
				'InvalidParameter.Spec',
			),
		).toContain('--spec applies to instances only');
	});
});
