import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {generatedWorld} from '../../source/core/worlds.js';
import {now} from '../helpers/world.js';
import {
	appFixture,
	filterTo,
	inAct,
	inheritDisks,
	keys,
	lines,
	named,
	renderApp,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;

appFixture((made) => {
	({world, ui} = made);
});

/** The preview's last line, that says how much is below. */
function moreLine(): string {
	return lines(ui.frame()).find((l) => /lines \d+–\d+ of /v.test(l)) ?? '';
}

/** Where the preview is: its first and last line shown, of how many, and how many below. */
function where() {
	const line = moreLine();
	const [, first, last, total] = /lines (\d+)–(\d+) of ([\d,]+)/v.exec(line)!;
	const more = /… ([\d,]+) more line/v.exec(line)?.[1] ?? '0';
	const number = (text: string) => Number(text.replaceAll(',', ''));
	return {
		first: number(first!),
		last: number(last!),
		total: number(total!),
		more: number(more),
	};
}

/** The lines of the preview below its title, above the line that says where it is. */
function body(): string[] {
	const all = lines(ui.frame());
	const title = all.findIndex((l) => l.startsWith('Change the tags of'));
	const end = all.findIndex((l) => /lines \d+–\d+ of /v.test(l));
	return all.slice(title + 2, end);
}

/** The resource lines of the preview on screen. */
function bodyLines(): string[] {
	return lines(ui.frame()).filter((l) => /^ {4}\S/v.test(l));
}

/** Tags every resource of cn-hangzhou with `note=x`, up to the preview. */
async function tagEverything() {
	await ui.press('*', 't');
	await ui.type('note=x');
	await ui.press(keys.ctrlS);
	await ui.waitFor('Would change');
}

/** Opens the actions menu on `filter` and chooses the first entry that contains `text`. */
async function act(filter: string, text: string) {
	await filterTo(ui, filter);
	await ui.press('a');
	const all = lines(ui.frame());
	const head = all.findIndex((l) => l.includes('Actions on'));
	const at = all.slice(head + 1).findIndex((l) => l.includes(text));
	expect(at, `"${text}" in the menu`).toBeGreaterThanOrEqual(0);
	await ui.press(...Array.from({length: at}, () => 'j'), keys.enter);
}

describe('a long preview', () => {
	test('counts what is below it, and PgDn, j, k, g and G scroll to every line', async () => {
		await tagEverything();
		const changed = Number(/Would change (\d+)/v.exec(ui.frame())![1]);
		const at = where();
		expect(at.first).toBe(1);
		// "… N more lines" is exactly what lies below.
		expect(at.more).toBe(at.total - at.last);
		const seen = new Map<number, string>();
		for (let page = 0; page < 10; page++) {
			const {first} = where();
			for (const [i, line] of body().entries()) seen.set(first + i, line);
			await ui.press(keys.pgDn);
		}

		expect(seen.size).toBe(at.total);
		const ids = [...seen.values()].filter((l) => /^ {4}\S/v.test(l));
		expect(ids).toHaveLength(changed);
		expect(moreLine()).toContain('(end)');
		await ui.press('g');
		expect(where().first).toBe(1);
		await ui.press('j');
		expect(body()[0]).toBe(seen.get(2));
		await ui.press('G');
		expect(where().last).toBe(at.total);
		await ui.press('k');
		expect(moreLine()).toContain('… 1 more line ·');
	});

	test('after the terminal grows at the bottom of a preview, k moves up at once', async () => {
		await tagEverything();
		await ui.press('G');
		await ui.rerenderWith({size: {columns: 120, rows: 50}});
		const {first, last, total} = where();
		expect(last).toBe(total);
		await ui.press('k');
		expect(where().first).toBe(first - 1);
	});

	test('says under its title how many Tag API calls the batch would take (50 resources, 10 tags a call)', async () => {
		await tagEverything();
		// 71 resources of cn-hangzhou in calls of at most 50.
		const all = lines(ui.frame());
		const title = all.findIndex((l) => l.startsWith('Change the tags of'));
		expect(all[title + 1]).toBe(
			'Tag API: 2 TagResources calls of ≤ 50 resources and ≤ 10 tags',
		);
	});

	test('a new preview starts at its top', async () => {
		await tagEverything();
		await ui.press('G', 'n');
		await ui.press(keys.ctrlS);
		expect(ui.frame()).toContain('Would change');
		expect(moreLine()).toMatch(/lines 1–/v);
	});

	test('ID and name columns line up, whatever the IDs are', async () => {
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1 type:ecs');
		await ui.press(keys.space);
		await filterTo(ui, 'order-created');
		await ui.press(keys.space, 't');
		await ui.type('note=x');
		await ui.press(keys.ctrlS);
		await ui.waitFor('Would change 2 resource(s):');
		const changes = bodyLines().map((l) => stringWidth(l.split('+ note')[0]!));
		expect(changes).toHaveLength(2);
		expect(changes[0]).toBe(changes[1]);
		expect(bodyLines().join('\n')).toMatch(
			new RegExp(`${vm.id} +web-prod-1 `, 'v'),
		);
	});
});

describe('inheritance in words', () => {
	test('attaching a disk says its own tag becomes inherited, and whose it is', async () => {
		await inAct(async () => inheritDisks(world.store));
		const dev = named(world.store, 'dev-box-1', 'Ecs-Instance');
		await act('scratch-data-01', 'Attach to an instance');
		await ui.press(keys.enter);
		const frame = ui.frame();
		expect(frame).toContain(
			`env=dev: own → inherited from ${dev.id} (dev-box-1) by Ecs-Instance:Ecs-Disk`,
		);
		expect(frame).toContain(`attached to ${dev.id} (dev-box-1)`);
		expect(frame).toContain('its link now managed by Ecs-Instance:Ecs-Disk');
		expect(frame).not.toContain('attachedTo');
		expect(frame).not.toContain('["rule:');
	});

	test('detaching it says which of the tags it loses were inherited', async () => {
		await inAct(async () => inheritDisks(world.store));
		const disk = named(world.store, 'scratch-data-01');
		const dev = named(world.store, 'dev-box-1', 'Ecs-Instance');
		await inAct(async () =>
			world.store.apply({op: 'attach', id: disk.id, to: dev.id}),
		);
		await act('scratch-data-01', 'Detach');
		const all = lines(ui.frame());
		const heading = all.findIndex((l) =>
			l.includes('inherited tags removed by Ecs-Instance:Ecs-Disk:'),
		);
		expect(heading).toBeGreaterThan(0);
		const removed = all[heading + 1]!;
		expect(removed).toContain(disk.id);
		expect(removed).toContain(`← ${dev.id} (dev-box-1)`);
		expect(removed).toContain('- env=dev');
		expect(removed).toContain('- owner=li.wei');
		// Its own tag stays, and the preview does not say it goes.
		expect(ui.frame()).not.toContain('- temporary');
		expect(ui.frame()).toContain(`no longer attached to ${dev.id} (dev-box-1)`);
	});

	test('a tag removed from a disk with T is a direct change, and says it was inherited', async () => {
		await inAct(async () => inheritDisks(world.store));
		const disk = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press('T');
		const all = lines(ui.frame());
		const at = all
			.slice(all.findIndex((l) => l.includes('KEYS OF')) + 1)
			.findIndex((l) => l.includes('cost'));
		await ui.press(...Array.from({length: at}, () => 'j'), keys.enter);
		const preview = lines(ui.frame());
		expect(ui.frame()).not.toContain('inherited by');
		const heading = preview.findIndex((l) => l.includes('direct changes:'));
		expect(preview[heading + 1]).toContain(`${disk.id}`);
		expect(preview[heading + 1]).toContain('- cost=shanghai');
		expect(preview[heading + 2]).toContain(
			`cost=shanghai was inherited from ${vm.id} (web-prod-1) by Ecs-Instance:Ecs-Disk`,
		);
	});
});

describe('a tag that changes owner', () => {
	test("setting an inherited key to the value it has makes it the resource's own, and the preview says so", async () => {
		await inAct(async () => inheritDisks(world.store));
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press('t');
		await ui.type('cost=shanghai');
		await ui.press(keys.ctrlS);
		await ui.waitFor('Would change 1 resource(s):');
		expect(ui.frame()).toContain(
			`cost=shanghai: inherited from ${vm.id} (web-prod-1) by Ecs-Instance:Ecs-Disk → own`,
		);
	});
});

describe('a preview of a change to thousands of resources (a generated world)', () => {
	test('counts them all, and G reaches the last one', async () => {
		const data = generatedWorld(10_000, '13', now);
		const region = 'cn-hangzhou';
		const total = Object.values(data.resources).filter(
			(r) => r.region === region,
		).length;
		expect(total).toBeGreaterThan(2000);
		await inAct(async () => world.store.replace(data, true));
		await ui.close();
		ui = await renderApp(world.store, {region});
		try {
			await tagEverything();
			expect(ui.frame()).toContain(`Would change ${total} resource(s):`);
			const at = where();
			// The heading lines, then one line per resource.
			expect(at.total).toBe(total + 2);
			expect(at.more).toBe(at.total - at.last);
			expect(moreLine()).toContain(
				`… ${(at.total - at.last).toLocaleString('en-US')} more lines`,
			);
			await ui.press('G');
			expect(where().last).toBe(at.total);
			expect(bodyLines().at(-1)).toContain('+ note=x');
		} finally {
			// The fixture closes the app it opened; this one is closed here.
			await ui.close();
		}
	});
});
