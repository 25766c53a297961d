/*
Text fields own printable keys, in a real terminal: letters typed on the
regions list and in help are text, never keys (no undo, no quit).
*/
import {describe, expect, it} from 'vitest';
import {tagdeck} from '../helpers/cli-run.js';
import {keys, ptyWorlds, TagdeckPty} from './pty.js';

const worlds = ptyWorlds();

describe('typing in a text field (real terminal)', () => {
	it('regions: "guang" filters to cn-guangzhou; g and u do not move or undo', async () => {
		const db = await worlds().copy();
		// A step to undo, so that u acting would ask "Undo step …?".
		const step = await tagdeck(
			[
				'tag',
				'--region',
				'cn-hangzhou',
				'--filter',
				'env=prod',
				'--tag',
				'k=v',
				'--partial',
			],
			{db},
		);
		// One resource is at its tag quota: the others are tagged, in one step.
		expect(step.stdout).toContain('+ k=v');
		const ui = await TagdeckPty.open({db});
		await ui.waitFor('REGION', 'the regions view');
		await ui.type('guang');
		const lines = await ui.waitFor('filter: guang', 'the typed filter');
		expect(lines.join('\n')).toContain('cn-guangzhou');
		expect(lines.join('\n')).not.toContain('cn-hangzhou ');
		expect(lines.join('\n')).not.toContain('Undo step');
		await ui.press(keys.enter);
		await ui.waitFor('tagdeck · cn-guangzhou', 'cn-guangzhou opened');
		await ui.press(keys.ctrlC);
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
	});

	it('tag editor: Delete removes the character under the cursor, Backspace the one before', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await ui.waitFor('type: all (Tab)', 'the resources');
		await ui.press('t');
		await ui.waitFor('Tag 1 resource(s)', 'the tag editor');
		await ui.press(...'abc=1', keys.home, keys.right, keys.delete);
		await ui.waitFor('› a▏c=1', 'b deleted under the cursor');
		await ui.press(keys.backspace);
		await ui.waitFor('› ▏c=1', 'a deleted before the cursor');
		await ui.press(keys.ctrlC, 'y');
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
	});

	it('help: "quota" filters the keys; q does not quit', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await ui.press('?');
		await ui.waitFor(/KEY\s+DOES/v, 'the help screen');
		await ui.press(...'quota');
		await ui.waitFor('type to filter: quota', 'the typed filter');
		expect(ui.exit).toBeUndefined();
		await ui.press(keys.esc, keys.esc);
		await ui.waitFor('type: all (Tab)', 'back on the resources');
		await ui.press('q');
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
	});
});
