/*
The end-to-end harness: the built tagdeck in a real pseudo-terminal (node-pty),
its output fed to a headless xterm, whose screen the tests read as a user sees it.
*/
import process from 'node:process';
import xterm from '@xterm/headless';
import {spawn, type IPty} from 'node-pty';
import {afterAll, afterEach, beforeAll, expect} from 'vitest';
import {keys} from '../helpers/keys.js';
import {
	ptyEnvironment,
	reverseRows,
	screenLines,
} from '../helpers/pty-environment.js';
import {
	cliPath,
	DemoWorlds,
	projectRoot,
	requireBuild,
} from '../helpers/cli-run.js';

const {Terminal} = xterm;
type Screen = InstanceType<typeof Terminal>;

export type PtyOptions = {
	/** The world file, given as TAGDECK_DB. */
	db: string;
	/** Arguments after `tagdeck` (none: the UI). */
	args?: string[];
	cols?: number;
	rows?: number;
	/** Variables to add to (or, with undefined, remove from) the child's environment. */
	env?: Record<string, string | undefined>;
	/** What the first frame must show before keys are sent (default: the header); false: do not wait. */
	ready?: string | RegExp | false;
	/** Program to run instead of node (with `args` as its arguments). */
	file?: string;
};

export type PtyExit = {exitCode: number; signal?: number};

type Expected =
	string | RegExp | ((lines: string[]) => boolean | Promise<boolean>);

const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

const open = new Set<TagdeckPty>();

export {keys} from '../helpers/keys.js';

/** One tagdeck process in a pseudo-terminal, and the screen it draws. */
export class TagdeckPty {
	/**
	Starts `node dist/bin/cli.js ...args` in a terminal of cols×rows and waits
	for its first frame.
	*/
	static async open(options: PtyOptions): Promise<TagdeckPty> {
		requireBuild();
		const session = new TagdeckPty(options);
		open.add(session);
		if (options.ready !== false) {
			await session.waitFor(
				options.ready ?? 'tagdeck ·',
				'the first frame of the UI',
				8000,
			);
			// Ink turns on raw mode in an effect right after the first frame.
			await sleep(60);
		}

		return session;
	}

	/** Ends every session still running (afterEach). */
	static async closeAll() {
		await Promise.all([...open].map(async (session) => session.close()));
	}

	readonly child: IPty;
	readonly term: Screen;
	/** Everything the program wrote, escape sequences included. */
	raw = '';
	exit: PtyExit | undefined;
	readonly exited: Promise<PtyExit>;
	cols: number;
	rows: number;

	private constructor(options: PtyOptions) {
		this.cols = options.cols ?? 100;
		this.rows = options.rows ?? 30;
		const env = ptyEnvironment(options.db, options.env);

		this.term = new Terminal({
			cols: this.cols,
			rows: this.rows,
			allowProposedApi: true,
		});
		this.child = spawn(
			options.file ?? process.execPath,
			options.file ? (options.args ?? []) : [cliPath, ...(options.args ?? [])],
			{
				name: 'xterm-256color',
				cols: this.cols,
				rows: this.rows,
				cwd: projectRoot,
				env,
			},
		);
		this.child.onData((data) => {
			this.raw += data;
			this.term.write(data);
		});
		this.exited = new Promise((resolve) => {
			this.child.onExit(({exitCode, signal}) => {
				this.exit = {exitCode, signal};
				resolve(this.exit);
			});
		});
	}

	/** Lets the terminal parse everything received so far. */
	async flush() {
		await new Promise<void>((resolve) => {
			this.term.write('', resolve);
		});
	}

	/** The screen as text, one string per row (trailing spaces cut). */
	async screen(): Promise<string[]> {
		await this.flush();
		return this.lines();
	}

	/** The screen as last parsed (call flush or screen first). */
	lines(): string[] {
		return screenLines(this.term);
	}

	/** The screen for an assertion message. */
	async show(): Promise<string> {
		const lines = await this.screen();
		return `screen ${this.term.cols}×${this.term.rows} (${this.term.buffer.active.type} buffer):\n${lines.map((l, i) => `${String(i).padStart(2)}|${l}`).join('\n')}`;
	}

	/** The rows whose text was wrapped onto them from the row above (output wider than the terminal). */
	async wrappedRows(): Promise<number[]> {
		await this.flush();
		const buffer = this.term.buffer.active;
		const wrapped: number[] = [];
		for (let y = 0; y < this.term.rows; y++)
			if (buffer.getLine(buffer.viewportY + y)?.isWrapped) wrapped.push(y);
		return wrapped;
	}

	/** The screen rows drawn in reverse video (the cursor row). */
	async inverseRows(): Promise<number[]> {
		await this.flush();
		return reverseRows(this.term, [2]);
	}

	/** The text of the cursor row (reverse video), if there is exactly one. */
	async cursorRow(): Promise<string | undefined> {
		const rows = await this.inverseRows();
		if (rows.length !== 1) return undefined;
		return this.lines()[rows[0]!];
	}

	/**
	Waits until the screen shows `what` (text, pattern, or a test of the rows);
	fails after `timeout` ms saying what was awaited, with the screen.
	*/
	async waitFor(what: Expected, description?: string, timeout = 5000) {
		const test =
			typeof what === 'function'
				? what
				: typeof what === 'string'
					? (lines: string[]) => lines.some((l) => l.includes(what))
					: (lines: string[]) => lines.some((l) => what.test(l));
		const label =
			description ??
			(typeof what === 'function' ? 'a condition' : String(what));
		const start = Date.now();
		for (;;) {
			const lines = await this.screen();
			if (await test(lines)) return lines;
			if (Date.now() - start > timeout) {
				throw new Error(
					`Timed out after ${timeout} ms waiting for ${label}${this.exit ? ` (the program has exited: ${JSON.stringify(this.exit)})` : ''}.\n${await this.show()}`,
				);
			}

			await sleep(20);
		}
	}

	/** Waits until the screen no longer shows `text`. */
	async waitForGone(text: string, description?: string, timeout = 5000) {
		return this.waitFor(
			(lines) => !lines.some((l) => l.includes(text)),
			description ?? `"${text}" to go away`,
			timeout,
		);
	}

	/** Sends keys, each in its own write, a little apart (as typed). */
	async press(...sequence: string[]) {
		for (const key of sequence) {
			this.child.write(key);
			// A lone Escape is held back by Ink for a tick; give every key one.
			await sleep(key === keys.esc ? 80 : 30);
		}
	}

	/** Sends text in one write (as pasted, or typed fast). */
	async type(text: string) {
		this.child.write(text);
		await sleep(30);
	}

	async resize(cols: number, rows: number) {
		this.cols = cols;
		this.rows = rows;
		this.child.resize(cols, rows);
		this.term.resize(cols, rows);
	}

	kill(signal: string) {
		this.child.kill(signal);
	}

	/** Waits for the program to end, then for the terminal to take in its last output. */
	async waitForExit(timeout = 5000): Promise<PtyExit> {
		let timer: NodeJS.Timeout | undefined;
		const result = await Promise.race([
			this.exited,
			new Promise<undefined>((resolve) => {
				timer = setTimeout(() => {
					resolve(undefined);
				}, timeout);
			}),
		]);
		clearTimeout(timer);
		if (!result)
			throw new Error(
				`Timed out after ${timeout} ms waiting for tagdeck to exit.\n${await this.show()}`,
			);
		// Output can arrive just after the exit event.
		await sleep(80);
		await this.flush();
		return result;
	}

	/** Whether the cursor was last shown or hidden (DECTCEM), per the raw output. */
	cursorVisibility(): 'shown' | 'hidden' | 'never set' {
		const shown = this.raw.lastIndexOf('\u001B[?25h');
		const hidden = this.raw.lastIndexOf('\u001B[?25l');
		if (shown === -1 && hidden === -1) return 'never set';
		return shown > hidden ? 'shown' : 'hidden';
	}

	async close() {
		open.delete(this);
		if (!this.exit) {
			try {
				this.child.kill('SIGKILL');
			} catch {}

			await Promise.race([this.exited, sleep(1000)]);
		}

		this.term.dispose();
	}
}

/**
The SGR parameters in the raw output that set a colour (foreground or
background; 39 and 49, which reset to the default, are not colours).
*/
export function colourCodes(raw: string): string[] {
	const found: string[] = [];
	// Each control sequence starts with ESC [; an SGR one ends with m.
	for (const piece of raw.split('\u001B[').slice(1)) {
		const sgr = /^([\d;:]*)m/v.exec(piece);
		if (!sgr) continue;
		const colour = sgr[1]!
			.split(/[;:]/v)
			.map(Number)
			.some(
				(p) =>
					p === 38 ||
					p === 48 ||
					(p >= 30 && p <= 37) ||
					(p >= 40 && p <= 47) ||
					(p >= 90 && p <= 97) ||
					(p >= 100 && p <= 107),
			);
		if (colour) found.push(`ESC[${sgr[0]}`);
	}

	return found;
}

/** A small deterministic random source (Park–Miller), so a failing storm can be replayed. */
export function random(seed: number): () => number {
	let state = (Math.abs(Math.trunc(seed)) % 2_147_483_646) + 1;
	return () => {
		state = (state * 48_271) % 2_147_483_647;
		return (state - 1) / 2_147_483_646;
	};
}

/** Where the table row of the resource with this name is on the screen (mark, ID, name…), or -1. */
export function rowOf(lines: string[], name: string): number {
	return lines.findIndex((line) => {
		const cells = /^[● ] \S+\s+(\S+)/v.exec(line);
		return cells?.[1] === name;
	});
}

/** `/` filter: types the expression, Enter, and waits until it applies. */
export async function filterBy(ui: TagdeckPty, text: string) {
	await ui.press('/');
	await ui.waitFor(/^\/.*▏/v, 'the filter prompt after /');
	await ui.type(text);
	await ui.waitFor(`/${text}▏`, `the filter prompt to show "${text}"`);
	await ui.press(keys.enter);
	await ui.waitFor(`filter: ${text}`, `the filter "${text}" to apply`);
}

/** `:` command line: types the command, Enter. */
export async function command(ui: TagdeckPty, text: string) {
	await ui.press(':');
	await ui.waitFor(/^:▏/v, 'the command line after :');
	await ui.type(text);
	await ui.waitFor(`:${text}▏`, `the command line to show "${text}"`);
	await ui.press(keys.enter);
}

/**
The demo worlds of a test file that drives the UI in terminals: made before
its tests, every terminal closed after each test, removed at the end.
Returns them, for use inside the tests.
*/
export function ptyWorlds(): () => DemoWorlds {
	let worlds: DemoWorlds | undefined;
	beforeAll(async () => {
		worlds = await DemoWorlds.create();
	});
	afterEach(async () => {
		await TagdeckPty.closeAll();
	});
	afterAll(async () => {
		await worlds?.remove();
	});
	return () => worlds!;
}

/** The terminal's palette colour of the first cell of `text` on screen (undefined: the default). */
export function colourOf(ui: TagdeckPty, text: string): number | undefined {
	const lines = ui.lines();
	const y = lines.findIndex((l) => l.includes(text));
	expect(y, `${text} on screen`).toBeGreaterThan(-1);
	const buffer = ui.term.buffer.active;
	const cell = buffer
		.getLine(buffer.viewportY + y)!
		.getCell(lines[y]!.indexOf(text))!;
	return cell.isFgPalette() ? cell.getFgColor() : undefined;
}
