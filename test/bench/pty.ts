/*
The benchmarks' pseudo-terminal: the same approach as test/e2e/pty.ts (node-pty,
CI=false, a headless xterm reading the screen as a user sees it), but timed by
events, not polling: every chunk of output is stamped when it arrives, and a
wait resolves with the arrival time of the chunk after which the screen first
showed what was awaited.
*/
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import xterm from '@xterm/headless';
import {spawn, type IPty} from 'node-pty';
import {
	ptyEnvironment,
	reverseRows,
	screenLines,
} from '../helpers/pty-environment.js';
import {projectRoot} from '../helpers/root.js';

export {projectRoot} from '../helpers/root.js';

const {Terminal} = xterm;
type Screen = InstanceType<typeof Terminal>;

export const cliPath = path.join(projectRoot, 'dist', 'bin', 'cli.js');
export const benchDir = fileURLToPath(new URL('.', import.meta.url));

export const keys = {
	enter: '\r',
	esc: '\u001B',
	down: '\u001B[B',
} as const;

export type Condition = (view: BenchPty) => boolean;

type Waiter = {
	test: Condition;
	resolve: (at: number) => void;
	reject: (error: Error) => void;
	timer: NodeJS.Timeout;
};

export const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

export type BenchPtyOptions = {
	/** Program and arguments (the program is node: process.execPath). */
	args: string[];
	/** The world file, given as TAGDECK_DB. */
	db: string;
	cols?: number;
	rows?: number;
};

/** One program in a pseudo-terminal, with the time it was started. */
export class BenchPty {
	readonly child: IPty;
	readonly term: Screen;
	/** Performance.now() just before the spawn. */
	readonly started: number;
	readonly exited: Promise<{exitCode: number; signal?: number}>;
	exit: {exitCode: number; signal?: number} | undefined;
	private readonly waiters = new Set<Waiter>();
	private disposed = false;

	constructor(options: BenchPtyOptions) {
		const cols = options.cols ?? 120;
		const rows = options.rows ?? 40;
		const env = ptyEnvironment(options.db);

		this.term = new Terminal({cols, rows, allowProposedApi: true});
		this.started = performance.now();
		this.child = spawn(process.execPath, options.args, {
			name: 'xterm-256color',
			cols,
			rows,
			cwd: projectRoot,
			env,
		});
		this.child.onData((data) => {
			const at = performance.now();
			this.term.write(data, () => {
				this.check(at);
			});
		});
		this.exited = new Promise((resolve) => {
			this.child.onExit(({exitCode, signal}) => {
				this.exit = {exitCode, signal};
				resolve(this.exit);
				for (const waiter of this.waiters) {
					clearTimeout(waiter.timer);
					waiter.reject(
						new Error(
							`the program exited (${JSON.stringify(this.exit)}) before the screen showed what was awaited.\n${this.show()}`,
						),
					);
				}

				this.waiters.clear();
			});
		});
	}

	get pid(): number {
		return this.child.pid;
	}

	/** The screen as text, one string per row (trailing spaces cut). */
	lines(): string[] {
		return screenLines(this.term);
	}

	/** The text of the one row drawn in reverse video near its start (the cursor row). */
	cursorRow(): string | undefined {
		const rows = reverseRows(this.term, [0, 1, 2, 3]);
		return rows.length === 1 ? this.lines()[rows[0]!] : undefined;
	}

	show(): string {
		return this.lines()
			.map((l, i) => `${String(i).padStart(2)}|${l}`)
			.join('\n');
	}

	/**
	Resolves with the arrival time of the output after which `test` first held
	(checked after each chunk is parsed; also at once, against the screen now).
	*/
	async until(
		test: Condition,
		what: string,
		timeout = 30_000,
	): Promise<number> {
		await this.flush();
		if (test(this)) return performance.now();
		return this.register(test, what, timeout);
	}

	/**
	Writes `data` and resolves with the milliseconds from the write to the
	first output after which `test` held.
	*/
	async keyToFrame(
		data: string,
		test: Condition,
		what: string,
		timeout = 10_000,
	): Promise<number> {
		await this.flush();
		// Registered before the key is written, so no output can slip past.
		const frame = this.register(test, what, timeout);
		const sent = performance.now();
		this.child.write(data);
		const at = await frame;
		return at - sent;
	}

	async flush() {
		await new Promise<void>((resolve) => {
			this.term.write('', resolve);
		});
	}

	write(data: string) {
		this.child.write(data);
	}

	/** VmHWM of the program (its peak resident set), in MB. */
	async peakRssMb(): Promise<number> {
		const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
		const hwm = /^VmHWM:\s+(\d+)\s+kB/mv.exec(status);
		if (!hwm) throw new Error(`no VmHWM in /proc/${this.pid}/status`);
		return Number(hwm[1]) / 1024;
	}

	/** Sends `q` and waits for the program to end (killing it if it does not). */
	async quit(timeout = 5000): Promise<void> {
		if (!this.exit) {
			// Raw mode is turned on just after the first frame: a q sent sooner would wait for Enter.
			await sleep(100);
			for (let attempt = 0; attempt < 2 && !this.exit; attempt++) {
				this.child.write('q');
				await Promise.race([this.exited, sleep(timeout)]);
			}
		}

		if (!this.exit) {
			await this.kill();
			throw new Error(
				`the program did not exit after q (twice, ${timeout} ms apart).\n${this.show()}`,
			);
		}

		this.dispose();
	}

	/** Ends the program at once (cleanup after a failure). */
	async kill() {
		if (!this.exit) {
			try {
				this.child.kill('SIGKILL');
			} catch {}

			await Promise.race([this.exited, sleep(2000)]);
		}

		this.dispose();
	}

	private dispose() {
		if (this.disposed) return;
		this.disposed = true;
		for (const waiter of this.waiters) clearTimeout(waiter.timer);
		this.waiters.clear();
		this.term.dispose();
	}

	private async register(
		test: Condition,
		what: string,
		timeout: number,
	): Promise<number> {
		if (this.exit)
			throw new Error(
				`the program has exited (${JSON.stringify(this.exit)}) while waiting for ${what}.\n${this.show()}`,
			);
		return new Promise<number>((resolve, reject) => {
			const waiter: Waiter = {
				test,
				resolve,
				reject,
				timer: setTimeout(() => {
					this.waiters.delete(waiter);
					reject(
						new Error(
							`Timed out after ${timeout} ms waiting for ${what}.\n${this.show()}`,
						),
					);
				}, timeout),
			};
			this.waiters.add(waiter);
		});
	}

	private check(at: number) {
		for (const waiter of this.waiters) {
			if (waiter.test(this)) {
				clearTimeout(waiter.timer);
				this.waiters.delete(waiter);
				waiter.resolve(at);
			}
		}
	}
}

/** Runs `work` with a program in a pseudo-terminal, always ending it. */
export async function withPty<T>(
	options: BenchPtyOptions,
	work: (pty: BenchPty) => Promise<T>,
): Promise<T> {
	const pty = new BenchPty(options);
	try {
		const result = await work(pty);
		await pty.quit();
		return result;
	} catch (error) {
		await pty.kill();
		throw error;
	}
}
