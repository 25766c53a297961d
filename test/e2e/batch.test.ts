import {describe, expect, it} from 'vitest';
import {readWorld} from '../helpers/cli-run.js';
import {step} from '../helpers/world.js';
import {TagdeckPty, filterBy, keys, rowOf, ptyWorlds} from './pty.js';

const worlds = ptyWorlds();

const windows = 'Test=Server-Windows';

/** The cn-hangzhou resources tagged Test=Server-Windows (the Tag overview example), from the file. */
async function windowsResources(db: string) {
	const world = await readWorld(db);
	return Object.values(world.resources).filter(
		(r) => r.region === 'cn-hangzhou' && r.tags.Test === 'Server-Windows',
	);
}

/**
From the resources view: * marks the shown rows, t, patch=2026-11, then the
preview (by Enter on an empty line, or by Ctrl-s).
*/
async function tagShown(
	ui: TagdeckPty,
	count: number,
	preview: 'enter' | 'ctrl-s' = 'enter',
) {
	await ui.press('*');
	await ui.waitFor(`${count} marked`, `${count} rows marked after *`);
	await ui.press('t');
	await ui.waitFor(`Tag ${count} resource(s)`, 'the tag editor');
	await ui.type('patch=2026-11');
	await ui.waitFor('› patch=2026-11▏', 'the typed line in the editor');
	if (preview === 'enter') {
		await ui.press(keys.enter);
		await ui.waitFor(/^› ▏/v, 'a new empty editor line after Enter');
		await ui.press(keys.enter);
	} else {
		await ui.press(keys.ctrlS);
	}

	return ui.waitFor(
		`Would change ${count} resource(s):`,
		'the preview after Enter on the empty line',
	);
}

describe('batch tagging in the UI (real terminal)', () => {
	it('opens cn-hangzhou, filters by Test=Server-Windows, marks all, tags patch=2026-11 and writes it to the file', async () => {
		const db = await worlds().copy();
		const targets = await windowsResources(db);
		expect(targets.length).toBeGreaterThan(1);
		const ui = await TagdeckPty.open({db, cols: 250, rows: 30});

		// Without --region the regions view comes first, cn-hangzhou on top under the cursor.
		await ui.waitFor('REGION', 'the regions view');
		expect(await ui.cursorRow(), await ui.show()).toMatch(/^\s*cn-hangzhou\s/v);
		await ui.press(keys.enter);
		await ui.waitFor('tagdeck · cn-hangzhou ·', 'the region in the header');
		await ui.waitFor('type: all (Tab)', 'the resources view');

		await filterBy(ui, windows);
		await ui.waitFor(
			`0 marked · ${targets.length} shown`,
			`${targets.length} rows shown`,
		);

		const preview = await tagShown(ui, targets.length);
		for (const r of targets) {
			expect(
				preview.some(
					(line) => line.includes(r.id) && line.includes('+ patch=2026-11'),
				),
				`the preview lists ${r.id} (${r.name}) + patch=2026-11\n${await ui.show()}`,
			).toBe(true);
		}

		await ui.press('y');
		const lines = await ui.waitFor(
			/Step #\d+: tag \d+ resources? with patch=2026-11/v,
			'the message that the step was applied',
		);
		for (const r of targets) {
			const at = rowOf(lines, r.name);
			expect(at, `a row for ${r.name}\n${await ui.show()}`).toBeGreaterThan(-1);
			expect(lines[at]).toContain('patch=2026-11');
		}

		const after = await readWorld(db);
		for (const r of targets)
			expect(after.resources[r.id]!.tags.patch, r.name).toBe('2026-11');
		const tagged = Object.values(after.resources).filter(
			(r) => r.tags.patch !== undefined,
		);
		expect(tagged.map((r) => r.id).toSorted()).toEqual(
			targets.map((r) => r.id).toSorted(),
		);

		await ui.press('q');
		expect(await ui.waitForExit()).toMatchObject({exitCode: 0});
	});

	it('undo: after a batch tag, u then y removes the tag on screen and in the file', async () => {
		const db = await worlds().copy();
		const targets = await windowsResources(db);
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 250,
			rows: 30,
		});
		await filterBy(ui, windows);
		await tagShown(ui, targets.length, 'ctrl-s');
		await ui.press('y');
		await ui.waitFor(
			new RegExp(String.raw`Step #${step(1)}: `, 'v'),
			`step #${step(1)} applied`,
		);
		const tagged = await readWorld(db);
		for (const r of targets)
			expect(tagged.resources[r.id]!.tags.patch, r.name).toBe('2026-11');

		await ui.press('u');
		await ui.waitFor(
			new RegExp(String.raw`Undo step #${step(1)}: .*\?`, 'v'),
			'the undo confirmation',
		);
		await ui.press('y');
		const lines = await ui.waitFor(
			new RegExp(String.raw`Step #${step(2)}: `, 'v'),
			'the message that the undo was applied',
		);
		await ui.waitForGone('patch=2026-11', 'patch=2026-11 gone from the screen');
		for (const r of targets)
			expect(rowOf(lines, r.name), `${r.name} still shown`).toBeGreaterThan(-1);

		const after = await readWorld(db);
		const still = Object.values(after.resources).filter(
			(r) => r.tags.patch !== undefined,
		);
		expect(still.map((r) => r.name)).toEqual([]);

		await ui.press('q');
		expect(await ui.waitForExit()).toMatchObject({exitCode: 0});
	});
});
