import stringWidth from 'string-width';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {plainTheme} from '../../source/ui/theme.js';
import {step} from '../helpers/world.js';
import {
	command,
	demoStore,
	filterTo,
	inheritDisks,
	keys,
	lines,
	messageLine,
	named,
	renderApp,
	subscriptions,
	type Size,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui | undefined;

beforeEach(async () => {
	world = await demoStore();
});

afterEach(async () => {
	await ui?.close();
	ui = undefined;
	await world.remove();
});

function expectFits(frame: string, size: Size) {
	const all = lines(frame);
	expect(all.length, frame).toBeLessThanOrEqual(size.rows - 1);
	for (const line of all)
		expect(stringWidth(line), line).toBeLessThanOrEqual(size.columns);
}

const sizes: Size[] = [
	{columns: 80, rows: 24},
	{columns: 200, rows: 60},
	{columns: 40, rows: 12},
];

/** Ways to reach each view from the resources of cn-hangzhou. */
const views: Array<[string, (ui: Ui) => Promise<void>]> = [
	['resources', async () => undefined],
	[
		'resources with the detail pane',
		async (u) => {
			await u.press('d');
		},
	],
	[
		'regions',
		async (u) => {
			await u.press(keys.esc);
		},
	],
	['rules', async (u) => command(u, 'rules')],
	['keys', async (u) => command(u, 'keys')],
	[
		'activity',
		async (u) => {
			await u.press('@');
		},
	],
	[
		'help',
		async (u) => {
			await u.press('?');
		},
	],
	[
		'tag editor',
		async (u) => {
			await u.press('t');
			await u.type('a=1');
		},
	],
	[
		'preview',
		async (u) => {
			await u.press('*', 't');
			await u.type('a=1');
			await u.press(keys.ctrlS);
		},
	],
	[
		'actions',
		async (u) => {
			await u.press('a');
		},
	],
];

describe('layout', () => {
	const cases = sizes.flatMap((size) =>
		views.map(([name, reach]) => ({name, reach, size})),
	);
	test.each(cases)(
		'$name fits in $size.columns×$size.rows',
		async ({reach, size}) => {
			ui = await renderApp(world.store, {size});
			await reach(ui);
			expectFits(ui.frame(), size);
		},
	);

	test('at 80×24 a long message wraps over up to three lines, whole, and the table gives up rows for it', async () => {
		const size = {columns: 80, rows: 24};
		ui = await renderApp(world.store, {size});
		// The table's rows: below its head, above the status line.
		const head = (frame: string) =>
			lines(frame).findIndex((l) => /^ {2}ID\s+NAME/v.test(l));
		const before = ui.frame();
		const rowsBefore =
			lines(before).findIndex((l, i) => i > head(before) && l === '') -
			head(before) -
			1;
		await ui.press(keys.space, keys.space, keys.space, 't');
		await ui.type('maintenance-window=2026-11-saturday-night');
		await ui.press(keys.ctrlS, 'y');
		await ui.waitFor(`Step #${step(1)}`);
		const frame = ui.frame();
		expectFits(frame, size);
		expect(messageLine(frame)).toBe(
			`Step #${step(1)}: tag 3 resources with maintenance-window=2026-11-saturday-night. u undoes step ${step(1)} (tag 3 resources with maintenance-window=2026-11-saturday-night).`,
		);
		const rowsAfter =
			lines(frame).findIndex((l) => l.startsWith(`Step #${step(1)}`)) -
			head(frame) -
			1;
		// Three lines of message: two more than before, two rows fewer.
		expect(lines(frame).at(-4)).toMatch(
			new RegExp(String.raw`^Step #${step(1)}`, 'v'),
		);
		expect(rowsAfter).toBe(rowsBefore - 2);
		expect(lines(frame)).toHaveLength(lines(before).length);
		expect(lines(frame)[0]).toContain('tagdeck · cn-hangzhou');
		expect(lines(frame).at(-1)).toContain('? help');
	});

	test('a message longer than three lines ends with an ellipsis on the third', async () => {
		const size = {columns: 40, rows: 24};
		ui = await renderApp(world.store, {size});
		await filterTo(ui, 'type:disk web');
		await ui.press('*', 't');
		await ui.type('maintenance-window=2026-11-saturday-night');
		await ui.press(keys.ctrlS, 'y');
		await ui.waitFor(`Step #${step(1)}`);
		const frame = ui.frame();
		expectFits(frame, size);
		const status = lines(frame).slice(-4, -1);
		expect(status[0]).toMatch(
			new RegExp(String.raw`^Step #${step(1)}: tag 3 resources with`, 'v'),
		);
		expect(status[1]).toMatch(/^ {2}\S/v);
		expect(status[2]!.trimEnd()).toMatch(/…$/v);
	});

	test('at 80×24 the footer keeps ? help, / filter and u undo', async () => {
		ui = await renderApp(world.store, {size: {columns: 80, rows: 24}});
		const footer = lines(ui.frame()).at(-1)!;
		for (const hint of ['? help', '/ filter', 'u undo', 't tag'])
			expect(footer).toContain(hint);
	});

	test('marks the filter hides are counted in the header', async () => {
		ui = await renderApp(world.store);
		await ui.press(keys.space, keys.space, keys.space);
		await filterTo(ui, 'type:alb');
		expect(lines(ui.frame())[0]).toContain(
			'3 marked (2 not shown) · 1 shown · 71 in region',
		);
		await ui.press('t');
		expect(lines(ui.frame())[0]).toContain('3 marked (2 not shown)');
		expect(ui.frame()).toContain('Tag 3 resource(s)');
		await ui.press(keys.esc);
		await filterTo(ui, '');
		expect(lines(ui.frame())[0]).toContain('3 marked · 71 shown');
	});

	test('at 80×24 a long filter error wraps under the filter, whole, and the table gives up rows for it', async () => {
		const size = {columns: 80, rows: 24};
		ui = await renderApp(world.store, {size});
		// The table's rows: below its head, down to the empty status line.
		const rows = (frame: string) => {
			const all = lines(frame);
			const head = all.findIndex((l) => /^ {2}ID\s+NAME/v.test(l));
			return all.findIndex((l, i) => i > head && l === '') - head - 1;
		};

		const before = rows(ui.frame());
		await ui.press('/');
		await ui.type('env=prod region:atlantis-north-nine');
		const frame = ui.frame();
		expectFits(frame, size);
		const head = lines(frame).findIndex((l) => /^ {2}ID\s+NAME/v.test(l));
		const sub = lines(frame).slice(1, head);
		expect(sub.length).toBeGreaterThan(1);
		expect(sub.length).toBeLessThanOrEqual(3);
		expect(sub[0]).toMatch(/^\/env=prod region:atlantis-north-nine▏ {2}✗ /v);
		for (const line of sub.slice(1)) expect(line).toMatch(/^ {2}\S/v);
		expect(sub.map((l) => l.trim()).join(' ')).toContain(
			'unknown region "atlantis-north-nine"; :regions lists them',
		);
		expect(rows(frame)).toBe(before - (sub.length - 1));
	});

	test('a filter error names the UI key, not a command', async () => {
		ui = await renderApp(world.store);
		await ui.press('/');
		await ui.type('zone:mars');
		const sub = lines(ui.frame())[1]!;
		expect(sub).toContain('unknown zone "mars"; :regions lists the zones');
		expect(sub).not.toContain('tagdeck ');
	});

	test('at 80×24 the detail pane stays closed until d', async () => {
		ui = await renderApp(world.store, {size: {columns: 80, rows: 24}});
		expect(ui.frame()).not.toContain('Tags');
		await ui.press('d');
		expect(ui.frame()).toContain('Tags');
	});

	test('at 80×24 the header still shows the counts', async () => {
		ui = await renderApp(world.store, {size: {columns: 80, rows: 24}});
		await ui.press(keys.space);
		expect(lines(ui.frame())[0]).toContain(
			'1 marked · 71 shown · 71 in region',
		);
	});

	test('at 200×60 the detail pane shows itself', async () => {
		const alb = named(world.store, 'shop-web-alb');
		ui = await renderApp(world.store, {size: {columns: 200, rows: 60}});
		expect(ui.frame()).toContain('Tags');
		expect(ui.frame()).toContain(`${alb.name} · `);
	});

	test('at 40×12 the table keeps ID, name and tags', async () => {
		ui = await renderApp(world.store, {size: {columns: 40, rows: 12}});
		expect(ui.frame()).toMatch(/ID\s+NAME\s+TAGS/v);
	});

	test('at 20×5 it says the terminal is too small, without crashing', async () => {
		ui = await renderApp(world.store, {size: {columns: 20, rows: 5}});
		expectFits(ui.frame(), {columns: 20, rows: 5});
		expect(
			lines(ui.frame())
				.map((l) => l.trim())
				.join(' '),
		).toContain('tagdeck: 20×5 is too small');
		await ui.press('j', '?', keys.esc);
		expect(lines(ui.frame())[0]).toContain('tagdeck: 20×5');
	});

	test('q still quits at 20×5', async () => {
		const live = subscriptions(world.store);
		ui = await renderApp(world.store, {size: {columns: 20, rows: 5}});
		await ui.press('q');
		expect(live()).toBe(0);
	});

	test('a resize lays the view out again at once, keeping marks and filter', async () => {
		ui = await renderApp(world.store, {size: {columns: 120, rows: 30}});
		await filterTo(ui, 'type:disk');
		await ui.press(keys.space);
		const small = {columns: 80, rows: 24};
		await ui.rerenderWith({size: small});
		expectFits(ui.frame(), small);
		expect(ui.frame()).toMatch(/^● /mv);
		expect(ui.frame()).toContain('filter: type:disk');
		await ui.rerenderWith({size: {columns: 20, rows: 5}});
		expect(ui.frame()).toContain('tagdeck: 20×5');
		const wide = {columns: 200, rows: 60};
		await ui.rerenderWith({size: wide});
		expectFits(ui.frame(), wide);
		expect(ui.frame()).toContain('1 marked');
		expect(ui.frame()).toContain('filter: type:disk');
		expect(ui.frame()).toContain('Tags');
	});

	test('without colours (NO_COLOR) marks, inherited and system tags keep their glyphs', async () => {
		await inheritDisks(world.store);
		ui = await renderApp(world.store, {theme: plainTheme});
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press('d', keys.space);
		const frame = ui.frame();
		// eslint-disable-next-line no-control-regex
		expect(frame).not.toMatch(/\u001B\[/v);
		expect(frame).toMatch(/^● /mv);
		expect(frame).toContain('↳ cost=shanghai');
		expect(frame).toContain('¤ acs:tag:createdby=');
	});
});
