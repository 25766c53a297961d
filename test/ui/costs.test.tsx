import stringWidth from 'string-width';
import {
	afterAll,
	afterEach,
	beforeAll,
	describe,
	expect,
	test,
	vi,
} from 'vitest';
import {bill, monthOf, shiftMonth, type Bill} from '../../source/core/bill.js';
import {worldNow} from '../../source/core/clock.js';
import {edged} from '../../source/core/summary.js';
import {plainTheme} from '../../source/ui/theme.js';
import {
	appFixture,
	command,
	countInRegion,
	demoStore,
	inAct,
	keys,
	lines,
	lineWith,
	messageLine,
	readWorld,
	renderApp,
	type RenderOptions,
	type Size,
	type TestWorld,
	type Ui,
} from './helpers.js';

/*
The :costs screen, on the demo world. Date is fixed (timers are not), so the
bill the screen shows for the current month is the one worked out here.
*/

const wall = '2026-06-17T10:30:00.000Z';

beforeAll(() => {
	vi.useFakeTimers({toFake: ['Date'], now: new Date(wall)});
});

afterAll(() => {
	vi.useRealTimers();
});

let world: TestWorld;
let ui: Ui;

/** The world time the screen bills at. */
const now = () => worldNow(world.store.current()!.data, Date.now());

/** The bill the core makes for the region open (cn-hangzhou). */
function expected(by: string | null, month = monthOf(now())): Bill {
	return bill(world.store.current()!.data, {
		month,
		by,
		region: 'cn-hangzhou',
		now: now(),
	});
}

const money = (amount: number) =>
	amount.toLocaleString('en-US', {
		minimumFractionDigits: 2,
		maximumFractionDigits: 2,
	});

const share = (amount: number, total: number) =>
	`${((amount / total) * 100).toFixed(1)}%`;

/** The bar rows of the frame: below the head that names AMOUNT, above the total. */
function barRows(frame = ui.frame()): string[] {
	const all = lines(frame);
	const head = all.findIndex((l) => /AMOUNT CNY\s+SHARE\s+BAR/v.test(l));
	if (head === -1) return [];
	const total = all.findIndex((l) => l.startsWith('Total '));
	return all.slice(head + 1, total).filter((l) => l.trim() !== '');
}

/** The row of a value (or of the unallocated part). */
/** A value's bar, its name quoted when spaces at an edge would not show. */
const rowOf = (value: string | null) =>
	barRows().find((l) =>
		l.startsWith(`  ${value === null ? '∅ (unallocated)' : edged(value)} `),
	);

/** Every bar of a bill is shown with its amount and its share of the total. */
function expectBars(expectedBill: Bill) {
	expect(barRows()).toHaveLength(expectedBill.groups.length);
	for (const group of expectedBill.groups) {
		const row = rowOf(group.value);
		expect(row, String(group.value)).toBeDefined();
		expect(row).toMatch(
			new RegExp(
				String.raw`\s${money(group.amount).replaceAll('.', String.raw`\.`)}\s+${share(group.amount, expectedBill.total).replaceAll('.', String.raw`\.`)}(?:\s|$)`,
				'v',
			),
		);
	}

	expect(lineWith(ui.frame(), 'Total ')).toContain(
		`Total ${money(expectedBill.total)} CNY, illustrative prices`,
	);
}

/** Tab from product to CostCenter, e, then y: CostCenter enabled, its bars shown. */
async function enableCostCenter() {
	await ui.press(keys.tab, 'e', 'y');
	await ui.waitFor('Step #');
}

function expectFits(frame: string, size: Size) {
	const all = lines(frame);
	expect(all.length, frame).toBeLessThanOrEqual(size.rows - 1);
	for (const line of all)
		expect(stringWidth(line), line).toBeLessThanOrEqual(size.columns);
}

describe('the costs screen', () => {
	appFixture(
		(made) => {
			({world, ui} = made);
		},
		{
			async after(u) {
				await command(u, 'costs');
			},
		},
	);

	test(':costs shows this month by product, with the prices called illustrative', () => {
		expect(ui.frame()).toContain(
			'Costs · 2026-06 so far · by product · cn-hangzhou · CNY, illustrative prices',
		);
		expect(lineWith(ui.frame(), 'by: ')).toMatch(
			/^by: \[product\] · CostCenter \(not enabled\) · /v,
		);
		expectBars(expected(null));
	});

	test('Tab to CostCenter: no bars, and how to enable it', async () => {
		await ui.press(keys.tab);
		expect(lineWith(ui.frame(), 'by: ')).toContain(
			'by: product · [CostCenter (not enabled)] · ',
		);
		expect(ui.frame()).toContain(
			'CostCenter is not enabled for cost allocation — press e to enable it',
		);
		expect(barRows()).toEqual([]);
		expect(lines(ui.frame()).at(-1)).toContain('e enable');
		await ui.press(keys.shiftTab);
		expect(lineWith(ui.frame(), 'by: ')).toMatch(/^by: \[product\]/v);
	});

	test('e enables the key as a step: the log has it, the bars show each value, u undoes it', async () => {
		await ui.press(keys.tab, 'e');
		expect(ui.frame()).toContain('Enable CostCenter for cost allocation?');
		expect(ui.frame()).toContain(
			"Changes the account's cost allocation tags: a step, u undoes it.",
		);
		await ui.press('y');
		await ui.waitFor('Step #');
		expect(messageLine(ui.frame())).toMatch(
			/Step #\d+: enable cost allocation tag CostCenter\./v,
		);
		const after = await readWorld(world.file);
		expect(after.account.costs.enabled).toHaveProperty('CostCenter');
		expect(lineWith(ui.frame(), 'by: ')).toContain('[CostCenter]');
		const enabled = expected('CostCenter');
		expect(enabled.groups.some((g) => g.value === null)).toBe(true);
		expectBars(enabled);
		expect(lineWith(ui.frame(), 'Total ')).toContain(
			`unallocated ${money(enabled.unallocated)} (${share(enabled.unallocated, enabled.total)})`,
		);

		await ui.press('@');
		expect(ui.frame()).toContain('enable cost allocation tag CostCenter');
		await ui.press(keys.esc, 'u');
		expect(ui.frame()).toMatch(
			/Undo step #\d+: enable cost allocation tag CostCenter\?/v,
		);
		await ui.press('y');
		await ui.waitFor(/Step #\d+: undo/v);
		expect(ui.frame()).toContain(
			'CostCenter is not enabled for cost allocation',
		);
		const undone = await readWorld(world.file);
		expect(undone.account.costs.enabled).not.toHaveProperty('CostCenter');
	});

	test('D disables an enabled key as a step; on a key not enabled it says e enables it', async () => {
		await ui.press(keys.tab, 'D');
		expect(messageLine(ui.frame())).toContain(
			'CostCenter is not enabled for cost allocation: e enables it.',
		);
		await ui.press('e', 'y');
		await ui.waitFor('Step #');
		await ui.press('D');
		expect(ui.frame()).toContain('Disable CostCenter for cost allocation?');
		await ui.press('y');
		await ui.waitFor(/Step #\d+: disable cost allocation tag CostCenter/v);
		expect(ui.frame()).toContain(
			'CostCenter is not enabled for cost allocation — press e to enable it',
		);
		const data = await readWorld(world.file);
		expect(data.account.costs.enabled).not.toHaveProperty('CostCenter');
	});

	test('the unallocated bar is last, marked by its glyph, its word and its bar', async () => {
		await enableCostCenter();
		const rows = barRows();
		expect(rows.at(-1)).toMatch(/^ {2}∅ \(unallocated\)\s.*\s░+$/v);
		for (const row of rows.slice(0, -1)) expect(row).toMatch(/\s█+$/v);
	});

	test('bars are as long as their amounts', async () => {
		await enableCostCenter();
		const {groups} = expected('CostCenter');
		const length = (value: string | null) =>
			/[█░]+$/v.exec(rowOf(value)!)![0].length;
		const bySize = groups.toSorted((a, b) => b.amount - a.amount);
		const largest = bySize[0]!;
		const smallest = bySize.at(-1)!;
		expect(length(largest.value)).toBeGreaterThan(length(smallest.value));
		for (const group of groups)
			expect(
				Math.abs(
					length(group.value) / length(largest.value) -
						group.amount / largest.amount,
				),
			).toBeLessThan(0.05);
	});

	test('[ goes to last month: the title and the amounts are that month’s; ] comes back and stops at this one', async () => {
		await enableCostCenter();
		const thisMonth = monthOf(now());
		const lastMonth = shiftMonth(thisMonth, -1);
		await ui.press('[');
		expect(ui.frame()).toContain(`Costs · ${lastMonth} · by CostCenter`);
		const last = expected('CostCenter', lastMonth);
		expect(last.total).not.toBe(expected('CostCenter').total);
		// Last month web-prod-2 went from marketing to retail on the 15th.
		expect(last.groups.map((g) => g.value)).toContain('marketing');
		expectBars(last);
		await ui.press(']');
		expect(ui.frame()).toContain(`Costs · ${thisMonth} so far`);
		await ui.press(']');
		expect(messageLine(ui.frame())).toContain(
			`${shiftMonth(thisMonth, 1)} has not begun in world time`,
		);
		expect(ui.frame()).toContain(`Costs · ${thisMonth} so far`);
	});

	test('Enter on a bar lists the resources of the region with that value; on the unallocated bar, those without the key', async () => {
		await enableCostCenter();
		const {groups} = expected('CostCenter');
		const at = groups.findIndex((g) => g.value === 'retail');
		await ui.press(...Array.from({length: at}, () => 'j'), keys.enter);
		expect(ui.frame()).toContain('filter: CostCenter=retail');
		const data = await readWorld(world.file);
		const retail = countInRegion(
			data,
			'cn-hangzhou',
			(r) => r.tags.CostCenter === 'retail',
		);
		expect(ui.frame()).toContain(`${retail} shown`);

		await ui.press(':');
		await ui.type('costs');
		await ui.press(keys.enter, 'G', keys.enter);
		expect(ui.frame()).toContain('filter: !CostCenter');
		const without = countInRegion(
			data,
			'cn-hangzhou',
			(r) => !('CostCenter' in r.tags),
		);
		expect(ui.frame()).toContain(`${without} shown`);
	});

	test('by product, Enter and e say why they do nothing', async () => {
		await ui.press(keys.enter);
		expect(messageLine(ui.frame())).toContain(
			'The filter language has no product',
		);
		await ui.press('e');
		expect(messageLine(ui.frame())).toContain(
			'By product needs nothing enabled',
		);
		expect(ui.frame()).toContain('Costs · ');
	});

	test('more bars than fit: the list scrolls with the cursor', async () => {
		await ui.rerenderWith({size: {columns: 80, rows: 16}});
		const {groups} = expected(null);
		expect(groups.length).toBeGreaterThan(barRows().length);
		expect(rowOf(groups[0]!.value)).toBeDefined();
		await ui.press('G');
		expect(rowOf(groups.at(-1)!.value)).toBeDefined();
		expect(rowOf(groups[0]!.value)).toBeUndefined();
	});

	test('r bills every region, and back the region open; Enter still lists the resources of the region open', async () => {
		await enableCostCenter();
		await ui.press('r');
		expect(ui.frame()).toContain('· by CostCenter · all regions · CNY');
		const everywhere = bill(world.store.current()!.data, {
			month: monthOf(now()),
			by: 'CostCenter',
			now: now(),
		});
		expect(everywhere.total).toBeGreaterThan(expected('CostCenter').total);
		expectBars(everywhere);
		await ui.press(keys.enter);
		expect(messageLine(ui.frame())).toContain(
			'The resources of cn-hangzhou with CostCenter=',
		);
		await command(ui, 'costs');
		await ui.press('r');
		expect(ui.frame()).toContain('· by CostCenter · cn-hangzhou · CNY');
		expectBars(expected('CostCenter'));
	});

	test('? from the costs screen lists its keys first, and help has a topic for it', async () => {
		await ui.press('?');
		const rows = lines(ui.frame());
		const first = rows.findIndex((l) => /^ {2}KEY\s+DOES/v.test(l)) + 1;
		expect(rows[first]).toMatch(/^ {2}Tab\/Shift-Tab\s+costs: group by/v);
		expect(ui.frame()).toMatch(/\[\/\]\s+costs: the month before \/ after/v);
		await ui.type(':costs');
		expect(ui.frame()).toMatch(/ {2}:costs\s+the month's bill by product/v);
	});

	test(':cos and Tab complete :costs', async () => {
		await ui.press(keys.esc, ':');
		await ui.type('cos');
		await ui.press(keys.tab);
		expect(lines(ui.frame()).at(-2)).toMatch(/^:costs▏/v);
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('Costs · ');
	});

	test('a month the world clock left behind is a message, not a crash', async () => {
		await inAct(async () => world.store.apply({op: 'clock', advance: '1mo'}));
		await ui.press('[', ']');
		const ahead = monthOf(now());
		expect(ui.frame()).toContain(`Costs · ${ahead} so far`);
		await ui.press('u', 'y');
		await ui.waitFor(/Step #\d+: undo/v);
		expect(ui.frame()).toContain('InvalidParameter.Month');
		expect(ui.frame()).toContain(`${ahead} has not begun in world time`);
		expect(ui.frame()).toContain('[ and ] choose another month');
		await ui.press('[');
		expect(ui.frame()).toContain(`Costs · ${monthOf(now())} so far`);
	});
});

describe('a key and a value that need quotes', () => {
	appFixture(
		(made) => {
			({world, ui} = made);
		},
		{
			async before(made) {
				const {id} = Object.values(made.store.current()!.data.resources).find(
					(r) => r.region === 'cn-hangzhou' && r.name === 'web-prod-1',
				)!;
				await made.store.apply({
					op: 'tag',
					ids: [id],
					tags: {'cost center': 'R&D, EU'},
				});
				// A key is listed for cost allocation a world-day after its first use.
				await made.store.apply({op: 'clock', advance: '1d'});
				await made.store.apply({op: 'costs', enable: ['cost center']});
			},
			async after(u) {
				await command(u, 'costs');
			},
		},
	);

	test('Enter on its bar filters with the key and the value quoted; on the unallocated bar, !"key"', async () => {
		await ui.press(keys.tab);
		expect(lineWith(ui.frame(), 'by: ')).toContain('[cost center]');
		const {groups} = expected('cost center');
		expect(groups.map((g) => g.value)).toEqual(['R&D, EU', null]);
		expectBars(expected('cost center'));
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('filter: "cost center"="R&D, EU"');
		expect(ui.frame()).toContain('1 shown');
		await command(ui, 'costs');
		await ui.press('G', keys.enter);
		expect(ui.frame()).toContain('filter: !"cost center"');
		const data = await readWorld(world.file);
		expect(ui.frame()).toContain(
			`${countInRegion(data, 'cn-hangzhou') - 1} shown`,
		);
	});
});

describe('the costs screen fits', () => {
	let made: {world: TestWorld; ui: Ui} | undefined;

	async function open(options: RenderOptions) {
		world = await demoStore();
		ui = await renderApp(world.store, options);
		made = {world, ui};
		await command(ui, 'costs');
	}

	afterEach(async () => {
		await made?.ui.close();
		await made?.world.remove();
		made = undefined;
	});

	const sizes: Size[] = [
		{columns: 80, rows: 24},
		{columns: 200, rows: 60},
		{columns: 40, rows: 12},
	];

	test.each(sizes)(
		'in $columns×$rows: by product, not enabled, and by a key',
		async (size) => {
			await open({size});
			expectFits(ui.frame(), size);
			await ui.press(keys.tab);
			expectFits(ui.frame(), size);
			await ui.press('e', 'y');
			await ui.waitFor('Step #');
			expectFits(ui.frame(), size);
			await ui.press('[');
			expectFits(ui.frame(), size);
		},
	);

	test('at 80 columns the chosen key stays in view when the keys do not fit', async () => {
		await open({size: {columns: 80, rows: 24}});
		await ui.press(keys.shiftTab);
		const line = lineWith(ui.frame(), 'by: ')!;
		expect(line).toMatch(/^by: …/v);
		expect(line).toMatch(/\[\S+ \(not enabled\)\]/v);
		expect(stringWidth(line)).toBeLessThanOrEqual(80);
	});

	test('without colour the unallocated bar is still marked', async () => {
		await open({theme: plainTheme});
		await enableCostCenter();
		expect(ui.frame()).not.toContain('\u001B[');
		expect(barRows().at(-1)).toMatch(/^ {2}∅ \(unallocated\)\s.*░+$/v);
	});
});
