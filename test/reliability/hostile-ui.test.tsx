/*
Hostile text typed or pasted into the UI (docs/reliability.md R5): in the tag editor, the
filter prompt and a name prompt, control characters are shown as escapes, the
change is refused with a visible message naming the problem, the world file
is unchanged, and no frame carries a raw control character.

Text with ESC sequences cannot be typed here (the terminal turns keys into
them); it is pasted into a real terminal in hostile-pty.test.ts.
*/
import {readFile} from 'node:fs/promises';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {
	demoStore,
	filterTo,
	keys,
	lines,
	messageLine,
	renderApp,
	shownErrors,
	type TestWorld,
	type Ui,
} from '../ui/helpers.js';
import {hostile, nul, rawControls, type Hostile} from './controls.js';

let world: TestWorld;
let ui: Ui;
let before: string;

beforeEach(async () => {
	world = await demoStore();
	before = await readFile(world.file, 'utf8');
	ui = await renderApp(world.store);
});

afterEach(async () => {
	// Every frame drawn was free of raw control characters.
	expect(ui.frames.length).toBeGreaterThan(1);
	for (const frame of ui.frames)
		expect(rawControls(frame), JSON.stringify(frame)).toEqual([]);
	await ui.close();
	await world.remove();
});

const fileText = async () => readFile(world.file, 'utf8');

/** The editor's line being typed (the one with ›). */
function editorLine(): string {
	return lines(ui.frame()).find((l) => l.startsWith('› ')) ?? '';
}

/** What reaches the UI without an ESC: C0 and C1 controls, the bidi override, NUL. */
const typeable: Hostile[] = [
	...hostile.filter(
		(h) => !h.text.includes('\u001B') && !h.text.includes('\u007F'),
	),
	nul,
];

async function editWebProd1() {
	await filterTo(ui, 'web-prod-1 type:ecs');
	await ui.press('t');
	await ui.waitFor('Tag 1 resource(s)');
}

describe('the tag editor', () => {
	test.each(typeable)(
		'$name pasted into a value: shown escaped, Ctrl-s refused with the reason, nothing applied',
		async (h) => {
			await editWebProd1();
			// A paste arrives in one chunk.
			await ui.press(`note=${h.text}`);
			expect(editorLine()).toBe(`› note=${h.shown}▏`);
			await ui.press(keys.ctrlS);
			expect(messageLine(ui.frame())).toContain('InvalidTagValue.Malformed');
			const [error] = shownErrors(ui.frame());
			expect(error?.under).toBe(`› note=${h.shown}▏`);
			expect(error?.text).toContain('InvalidTagValue.Malformed');
			expect(error?.text).toContain(h.shown.slice(0, 8));
			expect(error?.text).toContain('it contains control');
			expect(ui.frame()).not.toMatch(/y apply/v);
			expect(editorLine()).toBe(`› note=${h.shown}▏`);
			expect(await fileText()).toBe(before);
		},
	);

	test.each(typeable)(
		'$name typed key by key into a key: shown escaped, refused, nothing applied',
		async (h) => {
			await editWebProd1();
			await ui.type(`k${h.text}=v`);
			// BEL and NUL arrive as Ctrl keys (Ctrl-g, Ctrl-space): they add nothing.
			const typed =
				h.text.includes('\u0000') || h.text.includes('\u0007')
					? h.text.replaceAll('\u0000', '').replaceAll('\u0007', '')
					: h.shown;
			expect(editorLine()).toBe(`› k${typed}=v▏`);
			await ui.press(keys.ctrlS);
			if (typed === h.shown) {
				expect(messageLine(ui.frame())).toContain('InvalidTagKey.Malformed');
				expect(ui.frame()).not.toMatch(/y apply/v);
			} else {
				// Nothing hostile was left: the preview of a plain tag.
				expect(ui.frame()).toMatch(/y apply/v);
				await ui.press('n', keys.esc);
			}

			expect(await fileText()).toBe(before);
		},
	);

	test('a DEL in a paste is the Backspace key: it deletes, it is never text', async () => {
		await editWebProd1();
		await ui.press('note=rub\u007Fout');
		expect(editorLine()).toBe('› note=ruout▏');
	});

	test('a -key line with a bidi override is refused too', async () => {
		await editWebProd1();
		await ui.press('-env\u202E');
		await ui.press(keys.ctrlS);
		expect(messageLine(ui.frame())).toContain('InvalidTagKey.Malformed');
		expect(shownErrors(ui.frame())[0]?.text).toContain(String.raw`env\u202e`);
		expect(await fileText()).toBe(before);
	});
});

describe('the filter prompt', () => {
	test.each(typeable.filter((h) => h !== nul))(
		'$name: shown escaped, the error points at the column, Enter does not apply it',
		async (h) => {
			await ui.press('/');
			await ui.press(`env=prod app=${h.text}`);
			const line = lines(ui.frame())[1]!;
			expect(line).toContain(`/env=prod app=${h.shown}`);
			expect(line).toContain('✗ at column 10');
			expect(line).toContain('control characters are not allowed');
			await ui.press(keys.enter);
			expect(lines(ui.frame())[1]).toContain('✗ at column 10');
		},
	);
});

describe('a name prompt (Create a topic on a Kafka instance)', () => {
	test('a name with a C1 control and a bidi override is refused with the reason; nothing is created', async () => {
		await filterTo(ui, 'orders-kafka');
		await ui.press('a');
		await ui.waitFor('Create a topic');
		const menu = lines(ui.frame());
		const head = menu.findIndex((l) => l.includes('Actions on'));
		const at = menu
			.slice(head + 1)
			.findIndex((l) => l.includes('Create a topic'));
		await ui.press('g', ...Array.from({length: at}, () => 'j'), keys.enter);
		await ui.waitFor('name: ▏');
		await ui.press('refunds\u009B2J\u202E');
		expect(ui.frame()).toContain(String.raw`name: refunds\x9b2J\u202e▏`);
		await ui.press(keys.enter);
		const message = messageLine(ui.frame());
		expect(message).toMatch(/^InvalidParameter\.Name: /v);
		expect(message).toContain(String.raw`refunds\x9b2J\u202e`);
		await ui.press('y');
		expect(await fileText()).toBe(before);
	});
});
