import {describe, expect, it} from 'vitest';
import {step} from '../helpers/world.js';
import {TagdeckPty, keys, ptyWorlds} from './pty.js';

const worlds = ptyWorlds();

describe('at 80×24 (real terminal)', () => {
	it('after a step with a long message: the status line wraps whole, says what u would undo, ? help stays, nothing overflows', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
			cols: 80,
			rows: 24,
		});
		const first = await ui.screen();
		expect(
			first.findLast((l) => l !== ''),
			await ui.show(),
		).toContain('? help');
		await ui.press(keys.space, keys.space, keys.space, 't');
		await ui.waitFor('Tag 3 resource(s)', 'the tag editor');
		await ui.type('maintenance-window=2026-11-saturday-night');
		await ui.press(keys.ctrlS);
		await ui.waitFor('y apply', 'the preview');
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`, 'the step applied');
		const lines = await ui.screen();
		const start = lines.findIndex((l) => l.startsWith(`Step #${step(1)}`));
		const status = lines
			.slice(start)
			.filter((l) => l !== '')
			.slice(0, -1)
			.map((l) => l.trim())
			.join(' ');
		expect(status, await ui.show()).toBe(
			`Step #${step(1)}: tag 3 resources with maintenance-window=2026-11-saturday-night. u undoes step ${step(1)} (tag 3 resources with maintenance-window=2026-11-saturday-night).`,
		);
		expect(lines.findLast((l) => l !== '')).toContain('? help');
		expect(lines[0]).toContain('tagdeck · cn-hangzhou');
		expect(await ui.wrappedRows()).toEqual([]);
	});
});
