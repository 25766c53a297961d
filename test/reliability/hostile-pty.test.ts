/*
Escape sequences pasted into the UI in a real terminal (docs/reliability.md R5, R6): text
copied with its colours, OSC sequences, and every kind of control sequence a
terminal could send. The UI reads the keys it knows (arrows, Home, End, Page
Up/Down, Shift-Tab) and drops the other sequences: it never crashes, never
takes a sequence for text, and refuses the control characters that are left.
*/
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {sameBytes} from '../helpers/cli-run.js';
import {TagdeckPty, keys, ptyWorlds, random} from '../e2e/pty.js';

const worlds = ptyWorlds();

/** The editor line being typed. */
function editorLine(lines: string[]): string {
	return lines.find((l) => l.startsWith('› '))?.trimEnd() ?? '';
}

/** Q quits with exit 0 and gives the terminal back: normal screen, cursor shown. */
async function quitsCleanly(ui: TagdeckPty) {
	expect(ui.exit, await ui.show()).toBeUndefined();
	// Ctrl-c quits from every screen; q is text where a screen types to filter.
	await ui.press(keys.ctrlC);
	expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
	expect(ui.term.buffer.active.type).toBe('normal');
	expect(ui.cursorVisibility()).toBe('shown');
}

describe('pasting escape sequences into the tag editor (real terminal)', () => {
	it('text with its colours: the sequences are dropped, the text stays; an ESC written apart from the rest of its sequence does not crash it either', async () => {
		const db = await worlds().copy();
		const ui = await TagdeckPty.open({db, args: ['--region', 'cn-hangzhou']});
		await ui.press('t');
		await ui.waitFor('Tag 1 resource(s)', 'the tag editor');
		await ui.type(
			'note=\u001B[1;31mred\u001B[0m and \u001B[38;5;196mbright\u001B[m',
		);
		const lines = await ui.waitFor(/^› note=red/v, 'the pasted line');
		expect(editorLine(lines)).toBe('› note=red and bright▏');
		await ui.press(keys.ctrlS);
		await ui.waitFor('Would change 1 resource(s):', 'the preview');
		await ui.press('n');
		await ui.waitFor(/^› note=red and bright▏/v, 'back to the edit');
		for (const rest of ['[31m', '[1;5X', '[[5G', '[99;5~']) {
			// Two writes: the program may read them apart.
			ui.child.write('\u001B');
			ui.child.write(`${rest}b`);

			await new Promise((resolve) => {
				setTimeout(resolve, 50);
			});
		}

		expect(ui.exit, await ui.show()).toBeUndefined();
		// Esc asks before dropping the edit; y drops it.
		await ui.press(keys.esc, 'y');
		await ui.waitForGone('Tag 1 resource(s)');
		await quitsCleanly(ui);
	});

	it('OSC 52 and OSC 8 with C1 controls and a bidi override: what is left is shown escaped and refused; nothing applied', async () => {
		const db = await worlds().copy();
		const before = await readFile(db);
		const ui = await TagdeckPty.open({db, args: ['--region', 'cn-hangzhou']});
		await ui.press('t');
		await ui.waitFor('Tag 1 resource(s)', 'the tag editor');
		await ui.type(
			'note=\u001B]52;c;aGVsbG8K\u0007\u001B]8;;file:///etc/passwd\u0007x\u009B2J\u202E',
		);
		// The whole pasted line, escaped (a frame can arrive in more than one piece).
		let lines = await ui.waitFor(
			String.raw`\x9b2J\u202e▏`,
			'the end of the pasted line',
		);
		const line = editorLine(lines);
		expect(line).not.toContain('\u001B');
		expect(line).toContain(String.raw`\x9b2J\u202e▏`);
		await ui.press(keys.ctrlS);
		lines = await ui.waitFor(
			'InvalidTagValue.Malformed',
			'the refusal of the value',
		);
		expect(lines.join('\n')).toContain('it contains control');
		expect(lines.join('\n')).not.toContain('Would change');
		await ui.press(keys.esc);
		await ui.waitFor(
			'Throw this edit away? y/n',
			'the question before dropping the edit',
		);
		await ui.press('y');
		await ui.waitFor('type: all (Tab)', 'back on the resources');
		await quitsCleanly(ui);
		expect(ui.raw).not.toContain('\u001B]52');
		expect(ui.raw).not.toContain('\u001B]8;');
		expect(ui.raw).not.toMatch(/[\u0080-\u009F\u202E]/v);
		expect(await sameBytes(db, before)).toBe(true);
	});
});

describe('a storm of control sequences (real terminal)', () => {
	it('every kind of CSI, with and without Alt, in random chunks: no crash, and q still exits 0 with the terminal restored', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await ui.waitFor('type: all (Tab)', 'the resources view');
		const sequences: string[] = [];
		for (let final = 0x40; final <= 0x7e; final++) {
			for (const parameters of ['', '1;5', '31', '200', '?1;2', '<0;1;2']) {
				for (const prefix of ['\u001B[', '\u001B\u001B[', '\u001B[['])
					sequences.push(
						`${prefix}${parameters}${String.fromCodePoint(final)}`,
					);
			}
		}

		const next = random(20_261_125);
		let sent = 0;
		while (sent < 250) {
			const count = 1 + Math.floor(next() * 12);
			let chunk = '';
			for (let i = 0; i < count; i++)
				chunk += sequences[Math.floor(next() * sequences.length)]!;
			sent += count;

			await ui.type(chunk);
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 300);
		});
		expect(
			ui.exit,
			`ended during the storm\n${await ui.show()}`,
		).toBeUndefined();
		await ui.waitFor('tagdeck · cn-hangzhou', 'the UI still drawn');
		await quitsCleanly(ui);
	});
});
