import {describe, expect, test} from 'vitest';
import {
	command,
	appFixture,
	filterTo,
	keys,
	messageLine,
	subscriptions,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;
let live: () => number;

appFixture(
	(made) => {
		({world, ui} = made);
	},
	{
		async before(made) {
			world = made;
			live = subscriptions(world.store);
		},
		async after() {
			expect(live()).toBeGreaterThan(0);
		},
	},
);

/** The App has exited: it left the store, and keys no longer draw anything. */
async function expectQuit() {
	expect(live()).toBe(0);
	const frames = ui.frames.length;
	await ui.press('j', '?');
	expect(ui.frames.length).toBe(frames);
}

async function expectRunning() {
	expect(live()).toBeGreaterThan(0);
	const frames = ui.frames.length;
	await ui.press('?');
	expect(ui.frames.length).toBeGreaterThan(frames);
}

describe('quitting', () => {
	test('q quits', async () => {
		await ui.press('q');
		await expectQuit();
	});

	test('Ctrl-c quits when no edit is open', async () => {
		await ui.press(keys.ctrlC);
		await expectQuit();
	});

	test(':q quits', async () => {
		await command(ui, 'q');
		await expectQuit();
	});

	test('q on the regions view is text (it types to filter); Ctrl-c quits', async () => {
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('REGION');
		await ui.press('q');
		expect(ui.frame()).toContain('filter: q');
		expect(live()).toBeGreaterThan(0);
		await ui.press(keys.ctrlC);
		await expectQuit();
	});

	test('with the tag editor open, Ctrl-c asks first', async () => {
		await ui.press('t');
		await ui.type('a=1');
		await ui.press(keys.ctrlC);
		expect(messageLine(ui.frame())).toContain('quit anyway? y/n');
		expect(live()).toBeGreaterThan(0);
	});

	test('any other key than y keeps the edit open', async () => {
		await ui.press('t');
		await ui.type('a=1');
		await ui.press(keys.ctrlC, 'x');
		expect(messageLine(ui.frame())).toContain('Not quitting.');
		expect(ui.frame()).toContain('› a=1▏');
		await ui.type('2');
		expect(ui.frame()).toContain('› a=12▏');
		await expectRunning();
	});

	test('y to the question quits', async () => {
		await ui.press('t');
		await ui.type('a=1');
		await ui.press(keys.ctrlC, 'y');
		await expectQuit();
	});

	test('q in the tag editor is text, not quit', async () => {
		await ui.press('t');
		await ui.type('q=1');
		expect(ui.frame()).toContain('› q=1▏');
		expect(live()).toBeGreaterThan(0);
	});

	test('q with a preview waiting for y asks first', async () => {
		await filterTo(ui, 'web-prod-1 type:ecs');
		await ui.press('t');
		await ui.type('a=1');
		await ui.press(keys.ctrlS, 'q');
		expect(messageLine(ui.frame())).toContain('quit without it? y/n');
		await ui.press('n');
		expect(ui.frame()).toContain('+ a=1');
		expect(live()).toBeGreaterThan(0);
	});
});
