/*
Tagdeck clock (docs/behaviour.md §9) through the command line: JSON, advance as
a step, undo, and the refusals.
*/
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	refused,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
});
afterAll(async () => {
	await worlds?.remove();
});

type Clock = {now: string; offset: number};

test('clock --json gives now and the offset; advance 7d is a step undo reverses', async () => {
	const db = await worlds.copy();
	const fresh = okJson<Clock>(await tagdeck(['clock', '--json'], {db}));
	expect(fresh.offset).toBe(0);
	expect(Math.abs(Date.parse(fresh.now) - Date.now())).toBeLessThan(60_000);
	expect(ok(await tagdeck(['clock', 'advance', '7d'], {db}))).toContain(
		'tagdeck undo moves it back',
	);
	const ahead = okJson<Clock>(await tagdeck(['clock', '--json'], {db}));
	expect(ahead.offset).toBe(7 * 86_400);
	expect(ok(await tagdeck(['log'], {db}))).toContain('advance the clock by 7d');
	ok(await tagdeck(['undo'], {db}));
	expect(okJson<Clock>(await tagdeck(['clock', '--json'], {db})).offset).toBe(
		0,
	);
});

test('a duration that does not parse is InvalidParameter.Duration; a missing one is a usage error', async () => {
	const db = await worlds.copy();
	expect(
		refused(
			await tagdeck(['clock', 'advance', 'soon'], {db}),
			'InvalidParameter.Duration',
		),
	).toContain('90m, 36h, 7d');
	usage(await tagdeck(['clock', 'advance'], {db}));
	usage(await tagdeck(['clock', 'back', '1d'], {db}));
});
