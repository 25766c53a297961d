import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {
	command,
	countInRegion,
	appFixture,
	diskRule,
	filterTo,
	inAct,
	inheritDisks,
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

/** The IDs of the rows the table shows, top to bottom (detail pane closed). */
function rowIds(frame: string): string[] {
	const all = lines(frame);
	const head = all.findIndex((l) => /^ {2}ID\s/v.test(l));
	return all
		.slice(head + 1)
		.map((l) => /^[ ●] (\S+) /v.exec(l)?.[1])
		.filter((id): id is string => id !== undefined);
}

/** The line of the table that shows this resource. */
function rowOf(id: string): string {
	return lineWith(ui.frame(), ` ${id} `) ?? '';
}

/** With the detail pane open: the ID of the resource under the cursor (its first line). */
function cursorId(): string {
	const head = lines(ui.frame()).find((l) => /^ {2}ID\s/v.test(l)) ?? '';
	return head.trim().split(/\s+/v).at(-1) ?? '';
}

function header(): string {
	return lines(ui.frame())[0] ?? '';
}

describe('resources view', () => {
	test('the header counts marked, shown and in-region resources', async () => {
		const inRegion = countInRegion(await readWorld(world.file), 'cn-hangzhou');
		expect(inRegion).toBe(71);
		expect(header()).toContain('cn-hangzhou');
		expect(header()).toContain(
			`0 marked · ${inRegion} shown · ${inRegion} in region`,
		);
	});

	test('rows are grouped by type (its short name) in order, and by name within a type', async () => {
		/** [type, name] of each row, read from the columns under the header. */
		const rowKeys = (frame: string) => {
			const all = lines(frame);
			const head = all.findIndex((l) => /^ {2}ID\s/v.test(l));
			const at = ['NAME', 'TYPE', 'ZONE'].map((c) => all[head]!.indexOf(c));
			const cell = (line: string, i: number) =>
				line.slice(at[i], at[i + 1]).trim();
			return all
				.slice(head + 1)
				.filter((l) => /^[ ●] \S/v.test(l))
				.map((l) => ({type: cell(l, 1), name: cell(l, 0)}));
		};

		/** A cell cut to fit ends with …; only its shown start can be compared. */
		const shown = (cell: string) => cell.replace(/…$/v, '');
		const inOrder = (rows: Array<{type: string; name: string}>) =>
			rows.every((row, i) => {
				const previous = rows[i - 1];
				if (!previous) return true;
				if (row.type !== previous.type)
					return shown(row.type) >= shown(previous.type);
				return row.type.endsWith('…') || row.name >= previous.name;
			});
		const first = rowKeys(ui.frame());
		await ui.press('G');
		const last = rowKeys(ui.frame());
		expect(first.length).toBeGreaterThan(10);
		expect(last.length).toBeGreaterThan(10);
		expect(inOrder(first)).toBe(true);
		expect(inOrder(last)).toBe(true);
		expect(first[0]!.type).toBe('alb');
		expect(last.at(-1)!.type).toBe('vswitch');
	});

	test('shows ID, name, type, zone, status and tags as k=v chips', () => {
		const frame = ui.frame();
		expect(frame).toMatch(/ID\s+NAME\s+TYPE\s+ZONE\s+STATUS\s+TAGS/v);
		const alb = named(world.store, 'shop-web-alb');
		expect(lineWith(frame, alb.id)).toMatch(
			/shop-web-alb\s+alb\s+-\s+-\s+env=prod app=shop team=web/v,
		);
		const disk = named(world.store, 'scratch-data-01');
		expect(lineWith(frame, disk.id)).toMatch(
			/scratch-data-01\s+disk\s+cn-hangzhou-k\s+-\s+env=dev temporary=/v,
		);
	});

	test('Space marks the row under the cursor with ● and moves down', async () => {
		const ids = rowIds(ui.frame());
		await ui.press(keys.space);
		expect(rowOf(ids[0]!)).toMatch(/^●/v);
		expect(rowOf(ids[1]!)).toMatch(/^ /v);
		expect(header()).toContain('1 marked');
		await ui.press(keys.space);
		expect(rowOf(ids[1]!)).toMatch(/^●/v);
		expect(header()).toContain('2 marked');
	});

	test('Space on a marked row unmarks it', async () => {
		const ids = rowIds(ui.frame());
		await ui.press(keys.space, 'k', keys.space);
		expect(rowOf(ids[0]!)).toMatch(/^ /v);
		expect(header()).toContain('0 marked');
	});

	test('v marks the range from where it was pressed to where the cursor goes', async () => {
		const ids = rowIds(ui.frame());
		await ui.press('j', 'v', 'j', 'j');
		expect(ui.frame()).toContain('range marking');
		expect(header()).toContain('3 marked');
		expect(rowOf(ids[0]!)).toMatch(/^ /v);
		for (const id of ids.slice(1, 4)) expect(rowOf(id)).toMatch(/^●/v);
		expect(rowOf(ids[4]!)).toMatch(/^ /v);
	});

	test('v again stops range marking; moving on marks nothing more', async () => {
		await ui.press('v', 'j', 'v', 'j', 'j');
		expect(header()).toContain('2 marked');
		expect(ui.frame()).not.toContain('range marking');
	});

	test('* marks every row the filter shows', async () => {
		const disks = countInRegion(
			await readWorld(world.file),
			'cn-hangzhou',
			(r) => r.type === 'Ecs-Disk',
		);
		await filterTo(ui, 'type:disk');
		await ui.press('*');
		expect(header()).toContain(`${disks} marked · ${disks} shown`);
		for (const id of rowIds(ui.frame())) expect(rowOf(id)).toMatch(/^●/v);
	});

	test(
		String.raw`Ctrl-\ (the terminal sends 0x1c) clears every mark`,
		async () => {
			await ui.press('*');
			expect(header()).toContain('71 marked');
			await ui.press(keys.ctrlBackslash);
			expect(header()).toContain('0 marked');
			expect(ui.frame()).not.toContain('●');
		},
	);

	test(':unmark clears every mark', async () => {
		await ui.press(keys.space, keys.space, keys.space);
		expect(header()).toContain('3 marked');
		await command(ui, 'unmark');
		expect(header()).toContain('0 marked');
		expect(ui.frame()).not.toContain('●');
	});

	test('/ filters live as you type, with the tag filter language', async () => {
		const data = await readWorld(world.file);
		const prod = countInRegion(
			data,
			'cn-hangzhou',
			(r) => r.tags.env === 'prod',
		);
		await ui.press('/');
		await ui.type('env=prod');
		expect(ui.frame()).toContain('/env=prod▏');
		expect(header()).toContain(`${prod} shown`);
		await ui.type(' type:disk');
		const prodDisks = countInRegion(
			data,
			'cn-hangzhou',
			(r) => r.tags.env === 'prod' && r.type === 'Ecs-Disk',
		);
		expect(header()).toContain(`${prodDisks} shown`);
		for (const id of rowIds(ui.frame())) expect(rowOf(id)).toContain(' disk ');
	});

	test('Enter keeps the filter and shows it under the header', async () => {
		await filterTo(ui, '!env');
		const untagged = countInRegion(
			await readWorld(world.file),
			'cn-hangzhou',
			(r) => !('env' in r.tags),
		);
		expect(header()).toContain(`${untagged} shown`);
		expect(lines(ui.frame())[1]).toContain('filter: !env');
	});

	test('a malformed filter shows ✗ and the column inline, and filters nothing', async () => {
		await ui.press('/');
		await ui.type('env="x');
		const line = lineWith(ui.frame(), '/env="x') ?? '';
		expect(line).toContain('✗');
		expect(line).toMatch(/column \d+/v);
		expect(header()).toContain('71 shown');
		await ui.press(keys.enter);
		// Enter does not take a filter that does not parse.
		expect(lineWith(ui.frame(), '/env="x')).toContain('✗');
	});

	test('a filter that matches nothing says so', async () => {
		await filterTo(ui, 'env=nope');
		expect(ui.frame()).toContain('No resource matches the filter.');
		expect(header()).toContain('0 shown');
	});

	test('Esc while typing a filter cancels the input and stays here', async () => {
		await ui.press('/');
		await ui.type('env=prod');
		await ui.press(keys.esc);
		expect(ui.frame()).not.toContain('/env=prod▏');
		expect(ui.frame()).toContain('type: all');
		expect(header()).toContain('71 shown');
	});

	test('Esc clears an applied filter first, then goes back to the regions', async () => {
		await filterTo(ui, 'env=prod');
		expect(header()).not.toContain('71 shown');
		await ui.press(keys.esc);
		expect(header()).toContain('71 shown');
		expect(ui.frame()).toContain('type: all');
		await ui.press(keys.esc);
		expect(ui.frame()).toMatch(/REGION\s+NAME\s+RESOURCES/v);
	});

	test('Tab shows the next type tab, Shift-Tab the previous one', async () => {
		await ui.press(keys.tab);
		const first = /type: (\S+)/v.exec(ui.frame())?.[1];
		expect(first).toBeDefined();
		expect(first).not.toBe('all');
		const types = new Set(
			rowIds(ui.frame()).map((id) => rowOf(id).split(/\s+/v)[3]),
		);
		expect(types.size).toBe(1);
		await ui.press(keys.tab);
		const second = /type: (\S+)/v.exec(ui.frame())?.[1];
		expect(second).not.toBe(first);
		await ui.press(keys.shiftTab);
		expect(ui.frame()).toContain(`type: ${first!}`);
		await ui.press(keys.shiftTab);
		expect(ui.frame()).toContain('type: all');
		expect(header()).toContain('71 shown');
	});

	test(':type disk shows only the disks', async () => {
		const disks = countInRegion(
			await readWorld(world.file),
			'cn-hangzhou',
			(r) => r.type === 'Ecs-Disk',
		);
		await command(ui, 'type disk');
		expect(ui.frame()).toContain('type: Ecs-Disk');
		expect(header()).toContain(`${disks} shown`);
		for (const id of rowIds(ui.frame())) expect(rowOf(id)).toContain(' disk ');
	});

	test(':type with an unknown type says so', async () => {
		await command(ui, 'type teapot');
		expect(messageLine(ui.frame())).toContain('Unknown type "teapot"');
		expect(ui.frame()).toContain('type: all');
	});

	test(':region cn-shanghai opens that region', async () => {
		await command(ui, 'region cn-shanghai');
		expect(header()).toContain('cn-shanghai');
		expect(header()).toContain('33 shown · 33 in region');
		expect(header()).not.toContain('cn-hangzhou');
	});

	test(':regions shows the regions list', async () => {
		await command(ui, 'regions');
		expect(ui.frame()).toMatch(/REGION\s+NAME\s+RESOURCES\s+INHERITANCE/v);
	});

	test(':export FILE writes the shown rows as JSON', async () => {
		const file = path.join(world.dir, 'shown.json');
		await filterTo(ui, 'type:disk');
		const shown = rowIds(ui.frame());
		await command(ui, `export ${file}`);
		await ui.waitFor('Exported');
		expect(messageLine(ui.frame())).toContain(file);
		const written = JSON.parse(await readFile(file, 'utf8')) as Array<{
			id: string;
		}>;
		const disks = countInRegion(
			await readWorld(world.file),
			'cn-hangzhou',
			(r) => r.type === 'Ecs-Disk',
		);
		expect(written).toHaveLength(disks);
		for (const id of shown)
			expect(written.map((r) => r.id)).toContain(id.replace(/…$/v, ''));
	});

	test('an unknown :command shows an error', async () => {
		await command(ui, 'frobnicate');
		expect(messageLine(ui.frame())).toContain('Unknown command ":frobnicate"');
		expect(ui.frame()).toContain('type: all');
	});

	test('d shows the detail pane: inherited tags with ↳ and where from, system tags with ¤, and links', async () => {
		await inAct(async () => inheritDisks(world.store));
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		const disk = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		await filterTo(ui, 'web-prod-1-data type:disk');
		expect(ui.frame()).not.toContain('Tags');
		await ui.press('d');
		const frame = ui.frame();
		expect(frame).toContain(disk.id);
		expect(frame).toContain('web-prod-1-data · ');
		expect(frame).toContain('zone cn-hangzhou-h');
		expect(frame).toContain('↳ cost=shanghai');
		expect(frame).toContain(`inherited from ${vm.id} (web-prod-1)`);
		expect(frame).toContain('by Ecs-Instance:Ecs-Disk, rule on');
		expect(frame).toMatch(/^.*\s {2}backup=daily/mv);
		expect(frame).toContain('¤ acs:tag:createdby=');
		expect(frame).toContain('Links');
		expect(frame).toContain(`attached to ${vm.id} (web-prod-1)`);
		expect(frame).not.toContain('attachedTo');
	});

	test('the detail pane says when the rule a tag came by is now off, and names what links to a resource', async () => {
		await inAct(async () => inheritDisks(world.store));
		await inAct(async () =>
			world.store.apply({
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [diskRule],
				enable: false,
			}),
		);
		const disk = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press('d');
		expect(ui.frame()).toContain('by Ecs-Instance:Ecs-Disk, rule now off');
		await filterTo(ui, 'web-prod-1 type:ecs');
		expect(ui.frame()).toContain('Linked to it');
		expect(ui.frame()).toContain(`  disk ${disk.id} (web-prod-1-data)`);
	});

	test('d again hides the detail pane', async () => {
		await ui.press('d');
		expect(ui.frame()).toContain('Tags');
		await ui.press('d');
		expect(ui.frame()).not.toContain('Tags');
	});

	test('the detail pane follows the cursor', async () => {
		const ids = rowIds(ui.frame());
		await ui.press('d');
		expect(ids[0]!.startsWith(cursorId().replace(/…$/v, ''))).toBe(true);
		await ui.press('j', 'j');
		expect(cursorId()).toBe(ids[2]!.replace(/…$/v, ''));
		await ui.press('G');
		const last = cursorId();
		await ui.press('g');
		expect(cursorId()).not.toBe(last);
		expect(ids[0]!.startsWith(cursorId().replace(/…$/v, ''))).toBe(true);
	});

	test('PgDn scrolls the list to the next page', async () => {
		const first = rowIds(ui.frame());
		await ui.press(keys.pgDn, keys.pgDn);
		const later = rowIds(ui.frame());
		expect(later[0]).not.toBe(first[0]);
		await ui.press(keys.ctrlU, keys.ctrlU);
		expect(rowIds(ui.frame())).toEqual(first);
	});

	test('Enter on a resource shows only its linked resources; Esc shows all again', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1 type:ecs');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain(`linked to ${vm.id}`);
		expect(header()).toContain('4 shown');
		for (const name of [
			'web-prod-1-data',
			'web-prod-1-system',
			'eip-web-prod-1',
			'web-prod-1-eni-second',
		])
			expect(ui.frame()).toContain(name);
		await ui.press(keys.esc);
		expect(header()).toContain('71 shown');
		expect(ui.frame()).not.toContain('linked to');
	});

	test('Enter on a resource without links says it has none', async () => {
		await filterTo(ui, 'access-logs-hz');
		await ui.press(keys.enter);
		expect(messageLine(ui.frame())).toContain('has no linked resources');
		expect(header()).toContain('1 shown');
	});
});
