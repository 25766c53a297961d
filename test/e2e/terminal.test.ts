import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {openSync, closeSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {cliPath, requireBuild} from '../helpers/cli-run.js';
import {step} from '../helpers/world.js';
import {
	TagdeckPty,
	colourCodes,
	filterBy,
	keys,
	random,
	rowOf,
	ptyWorlds,
} from './pty.js';

const worlds = ptyWorlds();

/** The UI is up on the alternate screen with the cursor hidden. */
async function running(ui: TagdeckPty) {
	await ui.flush();
	expect(ui.term.buffer.active.type, await ui.show()).toBe('alternate');
	expect(ui.cursorVisibility()).toBe('hidden');
}

/** The terminal is as tagdeck found it: normal screen, cursor shown. */
async function restored(ui: TagdeckPty) {
	expect(ui.term.buffer.active.type, await ui.show()).toBe('normal');
	expect(
		ui.cursorVisibility(),
		`the last DECTCEM in the output; it ends ${JSON.stringify(ui.raw.slice(-80))}`,
	).toBe('shown');
	expect(ui.raw).toContain('\u001B[?1049l');
}

describe('leaving the UI restores the terminal (real terminal)', () => {
	it('q: exit 0, normal screen, cursor shown', async () => {
		// On the resources: on the regions list q is text (it types to filter).
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await running(ui);
		await ui.press('q');
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
		await restored(ui);
	});

	it('Ctrl-c: exit 0, normal screen, cursor shown', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await running(ui);
		await ui.press(keys.ctrlC);
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
		await restored(ui);
	});

	it('Ctrl-c read together with the key before it (typed fast) still quits', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await running(ui);
		// One write: the program reads j and Ctrl-c at once.
		await ui.type(`j${keys.ctrlC}`);
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
		await restored(ui);
	});

	it('Ctrl-c with an edit open asks first; y quits and restores', async () => {
		const db = await worlds().copy();
		const ui = await TagdeckPty.open({db, args: ['--region', 'cn-hangzhou']});
		await ui.press('t');
		await ui.waitFor('Tag 1 resource(s)', 'the tag editor');
		await ui.type('half=typed');
		await ui.waitFor('› half=typed▏', 'the typed line');
		await ui.press(keys.ctrlC);
		await ui.waitFor('quit anyway? y/n', 'the question before quitting');
		expect(ui.exit).toBeUndefined();
		await ui.press('y');
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
		await restored(ui);
	});

	it('SIGTERM: the screen is restored before the process ends', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await running(ui);
		ui.kill('SIGTERM');
		const exit = await ui.waitForExit();
		// Ended because of the signal: 128 + 15, or killed by it.
		expect(
			exit.exitCode === 143 || exit.signal === 15,
			JSON.stringify(exit),
		).toBe(true);
		await restored(ui);
	});

	it('SIGINT from another process (kill -INT): the screen is restored before the process ends', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		await running(ui);
		ui.kill('SIGINT');
		const exit = await ui.waitForExit();
		expect(
			exit.exitCode === 130 || exit.signal === 2,
			JSON.stringify(exit),
		).toBe(true);
		await restored(ui);
	});

	it('SIGHUP (the terminal closed): the screen is restored before the process ends', async () => {
		const ui = await TagdeckPty.open({db: await worlds().copy()});
		await running(ui);
		ui.kill('SIGHUP');
		const exit = await ui.waitForExit();
		expect(
			exit.exitCode === 129 || exit.signal === 1,
			JSON.stringify(exit),
		).toBe(true);
		await restored(ui);
	});
});

describe('colour can be turned off (real terminal)', () => {
	/** Opens cn-hangzhou, marks the first row with Space; returns that row's text. */
	async function markFirstRow(ui: TagdeckPty) {
		const lines = await ui.waitFor('type: all (Tab)', 'the resources view');
		const name = /^[● ] \S+\s+(\S+)/v.exec(lines[3]!)?.[1];
		expect(name, await ui.show()).toBeDefined();
		await ui.press(keys.space);
		const after = await ui.waitFor('1 marked', 'one row marked after Space');
		return after[rowOf(after, name!)]!;
	}

	it('in colour by default (the control: the checks below can see colour)', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			args: ['--region', 'cn-hangzhou'],
		});
		expect(await markFirstRow(ui)).toMatch(/^● /v);
		expect(colourCodes(ui.raw).length).toBeGreaterThan(0);
	});

	function withoutColour(
		label: string,
		args: string[],
		env: Record<string, string>,
	) {
		it(`${label}: no colour sequences at all, and a marked row still shows ●`, async () => {
			const ui = await TagdeckPty.open({
				db: await worlds().copy(),
				args: ['--region', 'cn-hangzhou', ...args],
				env,
			});
			const row = await markFirstRow(ui);
			expect(row, await ui.show()).toMatch(/^● /v);
			// The cursor row is still told apart without colour: reverse video.
			const inverse = await ui.inverseRows();
			expect(inverse).toHaveLength(1);
			await ui.press('q');
			await ui.waitForExit();
			expect(colourCodes(ui.raw)).toEqual([]);
		});
	}

	withoutColour('--no-color', ['--no-color'], {});
	withoutColour('NO_COLOR=1', [], {NO_COLOR: '1'});
});

describe('without a terminal (real processes)', () => {
	it('stdin from /dev/null: exit 2, a message pointing to --help, no raw-mode error', async () => {
		requireBuild();
		const input = openSync('/dev/null', 'r');
		const db = path.join(worlds().directory, 'no-tty.json');
		const child = spawn(process.execPath, [cliPath], {
			env: {
				...process.env,
				CI: 'false',
				NODE_ENV: 'production',
				TAGDECK_DB: db,
				TERM: 'xterm-256color',
			},
			stdio: [input, 'pipe', 'pipe'],
		});
		closeSync(input);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		const code = await new Promise<number | null>((resolve) => {
			child.on('close', resolve);
		});
		const all = `exit ${code}\nstdout: ${stdout}\nstderr: ${stderr}`;
		expect(code, all).toBe(2);
		expect(stderr, all).toContain('--help');
		expect(all).not.toMatch(/raw mode/iv);
		expect(all).not.toMatch(/\s+at \S+ \(/v);
		expect(stdout, 'no escape sequences on stdout').not.toContain('\u001B');
	});

	it('stdin a terminal but stdout a file: exit 2, the message on the terminal, the screen untouched', async () => {
		const out = path.join(worlds().directory, 'ui-out.txt');
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			file: '/bin/sh',
			args: [
				'-c',
				`"${process.execPath}" "${cliPath}" > "${out}"; echo "exit=$?"`,
			],
			ready: false,
		});
		await ui.waitFor(/^exit=\d/v, 'the exit code echoed by the shell', 8000);
		const lines = await ui.screen();
		expect(lines, await ui.show()).toContain('exit=2');
		expect(lines.join('\n')).toContain('--help');
		expect(lines.join('\n')).not.toMatch(/raw mode/iv);
		expect(ui.raw).not.toContain('\u001B[?1049h');
		await ui.waitForExit();
	});
});

describe('tiny terminals and resize storms (real terminal)', () => {
	it('20×5: a "too small" message that fits', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			cols: 20,
			rows: 5,
			ready: 'tagdeck',
		});
		const lines = await ui.screen();
		expect(ui.exit, await ui.show()).toBeUndefined();
		// The message may wrap over the rows there are, but must say it.
		const text = lines.join(' ').replaceAll(/\s+/gv, ' ');
		expect(text, await ui.show()).toMatch(/too small/v);
	});

	it('20×5 then a storm of 20 random sizes within 1 s: no crash, and Ctrl-c still exits 0 with the terminal restored', async () => {
		const ui = await TagdeckPty.open({
			db: await worlds().copy(),
			cols: 20,
			rows: 5,
			ready: 'tagdeck',
		});
		let lines = await ui.screen();
		expect(lines[0], await ui.show()).toMatch(/^tagdeck: /v);
		// The message wraps within the rows there are; the last row stays free.
		expect(lines.at(-1)).toBe('');
		expect(await ui.wrappedRows()).toEqual([]);

		const next = random(20_261_124);
		const sizes: Array<[number, number]> = [];
		for (let i = 0; i < 20; i++) {
			const size: [number, number] = [
				10 + Math.floor(next() * 211),
				3 + Math.floor(next() * 68),
			];
			sizes.push(size);
			await ui.resize(...size);
			await new Promise((resolve) => {
				setTimeout(resolve, 45);
			});
		}

		expect(ui.exit, `crashed during ${JSON.stringify(sizes)}`).toBeUndefined();
		await ui.resize(100, 30);
		lines = await ui.waitFor(
			(lines) =>
				lines[0]!.startsWith('tagdeck · ') &&
				lines[28]!.startsWith('type to filter  Enter open'),
			'the regions view laid out again in 100×30 after the storm',
		);
		expect(await ui.wrappedRows()).toEqual([]);
		// The regions list types to filter: q is text there, Ctrl-c quits.
		await ui.press(keys.ctrlC);
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
		await restored(ui);
	});

	it('a storm down to 20×5 with the preview of a batch open: no crash, the preview is back at full size, and y applies it', async () => {
		const db = await worlds().copy();
		const ui = await TagdeckPty.open({db, args: ['--region', 'cn-hangzhou']});
		await filterBy(ui, 'Test=Server-Windows');
		await ui.press('*', 't');
		await ui.waitFor(/Tag \d+ resource\(s\)/v, 'the tag editor');
		await ui.type('storm=1');
		await ui.waitFor('› storm=1▏', 'the typed line');
		await ui.press(keys.ctrlS);
		const preview = await ui.waitFor(
			/Would change \d+ resource\(s\):/v,
			'the preview',
		);
		const count = /Would change (\d+)/v.exec(preview.join('\n'))![1]!;

		const next = random(20_261_126);
		for (let i = 0; i < 20; i++) {
			const size: [number, number] =
				i % 5 === 4
					? [20, 5]
					: [10 + Math.floor(next() * 211), 3 + Math.floor(next() * 68)];
			await ui.resize(...size);
			await new Promise((resolve) => {
				setTimeout(resolve, 45);
			});
		}

		expect(ui.exit, await ui.show()).toBeUndefined();
		await ui.resize(100, 30);
		await ui.waitFor(`Would change ${count} resource(s):`, 'the preview again');
		await ui.press('y');
		await ui.waitFor(
			new RegExp(String.raw`Step #${step(1)}: `, 'v'),
			'the step applied',
		);
		const world = JSON.parse(await readFile(db, 'utf8')) as {
			resources: Record<string, {tags: Record<string, string>}>;
		};
		expect(
			Object.values(world.resources).filter((r) => r.tags.storm === '1'),
		).toHaveLength(Number(count));
		await ui.press('q');
		expect(await ui.waitForExit()).toEqual({exitCode: 0, signal: 0});
		await restored(ui);
	});
});
