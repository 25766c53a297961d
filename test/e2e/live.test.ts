import {describe, expect, it} from 'vitest';
import {ok, readWorld, tagdeck} from '../helpers/cli-run.js';
import {TagdeckPty, filterBy, keys, rowOf, ptyWorlds} from './pty.js';

const worlds = ptyWorlds();

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
		const db = await worlds().copy();
		const id = worlds().id('scratch-data-01');
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

	// 18 commands from the command line, started one after another: the time allowed is for a busy machine.
	it('with scripts tagging the same file from 3 processes while the UI tags too, nothing is lost and the UI shows the final state within ~2 s, without a crash', async () => {
		const db = await worlds().copy();
		const id = worlds().id('scratch-data-01');
		const before = await readWorld(db);
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 250,
			rows: 24,
		});
		await filterBy(ui, 'scratch-data-01');
		await ui.waitFor('1 shown', 'the one row shown');

		// Three scripts, each running `tagdeck tag` 6 times in a row: script-<s>=1…6.
		const scripts = 3;
		const commands = 6;
		const running = Promise.all(
			Array.from({length: scripts}, async (_, s) => {
				const results = [];
				for (let j = 1; j <= commands; j++)
					results.push(
						await tagdeck(['tag', id, '--tag', `script-${s}=${j}`], {db}),
					);
				return results;
			}),
		);

		// Meanwhile, a step from the UI: mark the row, t, from=ui, preview, y.
		await ui.press('*');
		await ui.waitFor('1 marked', 'the row marked');
		await ui.press('t');
		await ui.waitFor('Tag 1 resource(s)', 'the tag editor');
		await ui.type('from=ui');
		await ui.waitFor('› from=ui▏', 'the typed line in the editor');
		await ui.press(keys.ctrlS);
		await ui.waitFor('Would change 1 resource(s):', 'the preview');
		await ui.press('y');
		await ui.waitFor(
			/Step #\d+: tag 1 resource with from=ui/v,
			'the message that the UI’s step was applied',
			10_000,
		);

		const results = await running;
		for (const result of results.flat()) ok(result);

		// Every command is in the file: the revision counts them, each script's in order.
		const after = await readWorld(db);
		const total = scripts * commands + 1;
		expect(after.revision).toBe(before.revision + total);
		// Numbered after the steps already in the log (the demo world's past).
		expect(after.log.map((event) => event.seq).slice(-total)).toEqual(
			Array.from({length: total}, (_, i) => before.log.length + 1 + i),
		);
		const steps = after.log.slice(-total) as Array<{
			command: {op: string; tags?: Record<string, string>};
		}>;
		for (let s = 0; s < scripts; s++) {
			expect(
				steps.flatMap((step) => step.command.tags?.[`script-${s}`] ?? []),
				`script ${s}`,
			).toEqual(Array.from({length: commands}, (_, j) => String(j + 1)));
		}

		expect(after.resources[id]!.tags).toMatchObject({
			'script-0': String(commands),
			'script-1': String(commands),
			'script-2': String(commands),
			from: 'ui',
		});

		// The UI shows the final state with no key pressed: the row, then the activity log.
		const final = ['script-0', 'script-1', 'script-2'].map(
			(key) => `${key}=${commands}`,
		);
		await ui.waitFor(
			(lines) => {
				const row = lines[rowOf(lines, 'scratch-data-01')] ?? '';
				return [...final, 'from=ui'].every((tag) => row.includes(tag));
			},
			`${final.join(' ')} from=ui on the scratch-data-01 row`,
			2000,
		);
		await ui.press('@');
		await ui.waitFor(
			(lines) => lines.some((line) => line.includes(`#${after.revision} `)),
			`the last step, #${after.revision}, in the activity log`,
		);

		expect(ui.exit).toBeUndefined();
		await ui.press('q');
		expect(await ui.waitForExit()).toMatchObject({exitCode: 0});
	}, 90_000);

	it('re-lays out on every resize: 100×30 → 80×24 → 200×60 → 100×30, never taller than the terminal, no crash', async () => {
		const db = await worlds().copy();
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
		const db = await worlds().copy();
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
