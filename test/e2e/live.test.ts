import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DemoWorlds, ok, tagdeck} from '../helpers/cli-run.js';
import {TagdeckPty, filterBy, keys, rowOf} from './pty.js';

let worlds: DemoWorlds;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
});

afterEach(async () => {
	await TagdeckPty.closeAll();
});

afterAll(async () => {
	await worlds?.remove();
});

/**
The resources view fills the terminal exactly: the header on the first row,
the footer's key hints on the last row but one (the frame is rows - 1 high),
and no row wrapped onto the next (nothing wider than the terminal).
*/
async function laidOut(ui: TagdeckPty) {
	return ui.waitFor(async (lines) => {
		const wrapped = await ui.wrappedRows();
		return (
			lines.length === ui.rows &&
			lines[0]!.startsWith('tagdeck · ') &&
			lines[1]!.startsWith('type: ') &&
			lines[2]!.startsWith('  ID ') &&
			lines[ui.rows - 2]!.startsWith('Space mark') &&
			lines[ui.rows - 1] === '' &&
			wrapped.length === 0
		);
	}, `the resources view laid out in ${ui.cols}×${ui.rows}`);
}

describe('the UI follows the world file and the terminal (real terminal)', () => {
	it('shows a tag another process adds to the file within ~2 s, without a key press', async () => {
		const db = await worlds.copy();
		const id = worlds.id('scratch-data-01');
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 120,
			rows: 24,
		});
		await filterBy(ui, 'scratch-data-01');
		const before = await ui.waitFor('1 shown', 'the one row shown');
		expect(before[rowOf(before, 'scratch-data-01')]).not.toContain(
			'from=script',
		);

		ok(await tagdeck(['tag', id, '--tag', 'from=script'], {db}));
		const lines = await ui.waitFor(
			(lines) =>
				lines[rowOf(lines, 'scratch-data-01')]?.includes('from=script') ??
				false,
			'from=script on the scratch-data-01 row, with no key pressed',
			2000,
		);
		expect(lines[0]).toContain('1 shown');
	});

	it('re-lays out on every resize: 100×30 → 80×24 → 200×60 → 100×30, never taller than the terminal, no crash', async () => {
		const db = await worlds.copy();
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 100,
			rows: 30,
		});
		const head = (lines: string[]) => lines[2]!;

		let lines = await laidOut(ui);
		expect(head(lines)).toMatch(/ TYPE .* STATUS .* TAGS/v);
		expect(head(lines)).not.toContain('ZONE');

		await ui.resize(80, 24);
		lines = await laidOut(ui);
		expect(head(lines)).not.toContain('ZONE');
		expect(head(lines)).toContain('TAGS');

		await ui.resize(200, 60);
		lines = await ui.waitFor(
			(lines) => lines[2]?.includes(' ZONE ') ?? false,
			'the ZONE column at 200 columns',
		);
		lines = await laidOut(ui);
		// The detail pane sits right of the table (139 columns, a space, 60 columns):
		// the cursor resource's ID, then its tags.
		const firstId = /^[● ] (\S+)/v.exec(lines[3]!)![1]!;
		expect(
			lines.some((l) => l.slice(140).trim() === firstId),
			`the detail pane (the first row's ID, ${firstId}, on its own at the right)\n${await ui.show()}`,
		).toBe(true);
		expect(lines.some((l) => l.slice(140).trim() === 'Tags')).toBe(true);

		await ui.resize(100, 30);
		lines = await ui.waitFor(
			(lines) => !lines[2]?.includes('ZONE'),
			'the ZONE column gone at 100 columns',
		);
		lines = await laidOut(ui);
		expect(lines.some((l) => l.trim() === 'Tags')).toBe(false);
		expect(ui.exit).toBeUndefined();

		await ui.press('q');
		expect(await ui.waitForExit()).toMatchObject({exitCode: 0});
	});

	it('at 80×24, the smallest size the UI is made for, the header still shows N marked · M shown · T in region', async () => {
		const db = await worlds.copy();
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 80,
			rows: 24,
		});
		await laidOut(ui);
		await ui.press(keys.space);
		await ui.waitFor(
			(lines) => lines.some((l) => l.startsWith('● ')),
			'a row marked after Space',
		);
		const lines = await ui.screen();
		expect(lines[0], await ui.show()).toMatch(
			/1 marked · \d+ shown · \d+ in region/v,
		);
	});
});
