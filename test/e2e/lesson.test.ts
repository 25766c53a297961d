/*
A lesson done in the UI, in a real terminal (docs/lessons.md): the world
`tagdeck learn start` built, opened as it says; L shows the steps; each is
done with the UI's own keys and turns ✓ as it is; one change made from another
terminal is seen too; h shows the hint. At the end `learn check` agrees.
*/
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeTempDir, ok, removeTempDir, tagdeck} from '../helpers/cli-run.js';
import {filterBy, keys, TagdeckPty} from './pty.js';

let data: string;
beforeAll(async () => {
	data = await makeTempDir('tagdeck-lesson-ui-');
});
afterAll(async () => {
	await TagdeckPty.closeAll();
	await removeTempDir(data);
});

const env = () => ({XDG_DATA_HOME: data});

describe('the lesson panel', () => {
	it('does windows-patch from L to the last ✓', async () => {
		const started = ok(
			await tagdeck(['learn', 'start', 'windows-patch'], {env: env()}),
		);
		const db = path.join(data, 'tagdeck', 'lessons', 'windows-patch.json');
		expect(started).toContain(`tagdeck --db ${db} --region cn-hangzhou`);
		// Opened without --region, a lesson's world opens on the lesson's.
		const ui = await TagdeckPty.open({db, env: env(), cols: 120, rows: 36});
		await ui.waitFor('tagdeck · cn-hangzhou ·', 'the lesson’s region');
		await ui.press('L');
		await ui.waitFor('Lesson: Patch the Windows test servers', 'the panel');
		await ui.waitFor('▸ 1. Mark them for the patch', 'step 1 to do');
		await ui.waitFor('· 3. Reboot them together', 'step 3 not yet');

		// H: the hint of the step to do.
		await ui.press('h');
		await ui.waitFor('Hint:', 'the hint');
		await ui.waitFor('Tag them all in one go', 'the hint’s words');

		// Step 1: filter, mark all, tag in the editor, preview, y.
		await filterBy(ui, 'Test=Server-Windows');
		await ui.press('*');
		await ui.waitFor('4 marked', 'four marked');
		await ui.press('t');
		await ui.waitFor('Tag 4 resource(s)', 'the tag editor');
		await ui.type('patch=2026-12');
		await ui.press(keys.ctrlS);
		await ui.waitFor('Would change 4 resource(s):', 'the preview');
		await ui.press('y');
		await ui.waitFor('✓ 1. Mark them for the patch', 'step 1 checked');
		await ui.waitFor('▸ 2. Start the one that is stopped', 'step 2 to do');

		// Step 2: the stopped one, through the actions menu.
		await ui.press('/');
		await ui.press(...Array.from({length: 20}, () => keys.backspace));
		await ui.type('Test=Server-Windows status:Stopped');
		await ui.press(keys.enter);
		await ui.waitFor('1 shown', 'the stopped instance alone');
		await ui.press('*', 'a');
		await ui.waitFor(/^\s*Start i-/mv, 'the actions menu');
		await ui.press(keys.enter);
		await ui.waitFor('status Stopped → Running', 'the confirmation');
		await ui.press('y');
		await ui.waitFor('✓ 2. Start the one that is stopped', 'step 2 checked');

		// Step 3 from another terminal: the panel follows the file.
		ok(
			await tagdeck(
				[
					'reboot',
					'--region',
					'cn-hangzhou',
					'--filter',
					'Test=Server-Windows type:instance',
				],
				{db},
			),
		);
		await ui.waitFor('✓ 3. Reboot them together', 'step 3 checked', 8000);
		await ui.waitFor('Lesson done: every step checks.', 'the end');
		await ui.press('L');
		await ui.waitForGone('Lesson done', 'the panel closed by L');

		const checked = await tagdeck(['learn', 'check'], {env: env()});
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain('✓ 3. Reboot them together');
	});

	it('on a world that is no lesson’s, L says how to start one', async () => {
		const db = path.join(data, 'mine.json');
		ok(await tagdeck(['init'], {db}));
		const ui = await TagdeckPty.open({
			db,
			env: env(),
			args: ['--region', 'cn-hangzhou'],
			cols: 120,
			rows: 30,
		});
		await ui.press('h');
		await ui.waitFor('L opens the lesson panel first', 'h without the panel');
		await ui.press('L');
		await ui.waitFor('No lesson in this world.', 'the panel');
		await ui.waitFor('windows-patch', 'the lessons listed');
	});
});
