/*
Quality target R2: a process killed with SIGKILL at random moments while it
applies commands. Workers (test/helpers/kill-worker.mjs: the built Store, as
the command line uses it) tag resources of one generated world, two at a time,
and each is killed at a random moment: while it starts and reads the world,
or while it applies, between commands, holding the lock, inside a write.
After every kill the world file parses and passes tagdeck's full check, and
every command the worker reported done is in it: in the log, in order, with
its tag on its resource. A reader checks every version of the file it sees
while the workers run. A lock left by a killed worker does not hold up the
next command, and the next command clears the temporary files of killed writes;
a live holder's lock is never taken from it.

TAGDECK_LONG_RELIABILITY=1 runs 1,000 kills instead of 100;
TAGDECK_KILL_SEED=<n> replays the random moments of a run (each run prints its seed).
*/
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {mkdir, readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import type {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {WorldData} from '../../source/core/model.js';
import {
	makeTempDir,
	ok,
	printed,
	projectRoot,
	removeTempDir,
	requireBuild,
	tagdeck,
} from '../helpers/cli-run.js';
import {worldProblems} from '../helpers/world-check.js';

const long = process.env.TAGDECK_LONG_RELIABILITY === '1';
const kills = long ? 1000 : 100;
/** Workers running at once (each has its own tag key, so their commands never overwrite each other). */
const lanes = 2;
const seed = Number(
	process.env.TAGDECK_KILL_SEED ?? Math.floor(Math.random() * 2_147_483_646),
);
const workerPath = path.join(projectRoot, 'test/helpers/kill-worker.mjs');

const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

/** A small deterministic random source (Park–Miller), so a run can be replayed. */
function random(from: number): () => number {
	let state = (Math.abs(Math.trunc(from)) % 2_147_483_646) + 1;
	return () => {
		state = (state * 48_271) % 2_147_483_647;
		return (state - 1) / 2_147_483_646;
	};
}

type Worker = {
	child: ChildProcessByStdio<null, Readable, Readable>;
	pid: number;
	/** Commands reported done (`done <i>` lines). */
	done: number;
	ready: boolean;
	/** Milliseconds from `ready` to the first `done`: includes any wait for the lock. */
	firstCommandMs?: number;
	stderr: string;
	/** Resolves when `ready` is printed, or the worker has ended. */
	started: Promise<void>;
	ended: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
};

/** Starts a worker: command i sets key=<name>-<i> on ids[i % ids.length]. */
function startWorker(
	file: string,
	name: string,
	key: string,
	ids: string[],
	env: NodeJS.ProcessEnv,
	count = 1_000_000,
): Worker {
	const child = spawn(
		process.execPath,
		[workerPath, file, name, key, String(count), ...ids],
		{cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe']},
	);
	let markStarted: () => void = () => undefined;
	const worker: Worker = {
		child,
		pid: child.pid!,
		done: 0,
		ready: false,
		stderr: '',
		started: new Promise((resolve) => {
			markStarted = resolve;
		}),
		ended: new Promise((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (code, signal) => {
				markStarted();
				resolve({code, signal});
			});
		}),
	};
	let pending = '';
	let readyAt = 0;
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop()!;
		for (const line of lines) {
			if (line === 'ready') {
				readyAt = performance.now();
				worker.ready = true;
				markStarted();
			} else if (line === `done ${worker.done}`) {
				worker.firstCommandMs ??= performance.now() - readyAt;
				worker.done++;
			} else {
				worker.stderr += `unexpected output: ${line}\n`;
			}
		}
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		worker.stderr += chunk;
	});
	return worker;
}

/** A generated world of 2,000 resources (about 0.6 MB: a write takes some milliseconds), made by `tagdeck init`. */
async function generatedWorld(file: string): Promise<WorldData> {
	ok(
		await tagdeck(
			['init', '--resources', '2000', '--seed', '11', '--db', file],
			{
				timeoutMs: 60_000,
			},
		),
	);
	return JSON.parse(await readFile(file, 'utf8')) as WorldData;
}

/** Instances with room for more tags: the workers' targets. */
function targets(data: WorldData, count: number): string[] {
	return Object.values(data.resources)
		.filter((r) => r.type === 'Ecs-Instance' && Object.keys(r.tags).length <= 8)
		.map((r) => r.id)
		.toSorted()
		.slice(0, count);
}

/** The values `<name>-<i>` of `key` in the log's tag commands, as numbers i, in log order. */
function loggedCommands(data: WorldData, key: string, name: string): number[] {
	const found: number[] = [];
	for (const event of data.log) {
		if (event.command.op !== 'tag') continue;
		const value = event.command.tags[key];
		if (value?.startsWith(`${name}-`))
			found.push(Number(value.slice(name.length + 1)));
	}

	return found;
}

async function lockHolders(file: string): Promise<string[]> {
	try {
		return await readdir(`${file}.lock`);
	} catch {
		return [];
	}
}

/** Whether this process's record is in the lock folder (it holds the lock, or held it when it was killed). */
async function holdsLock(file: string, pid: number): Promise<boolean> {
	const holders = await lockHolders(file);
	return holders.some((holder) => holder.startsWith(`${pid}-`));
}

/** The temporary files a write of this process left beside the world. */
function temporaryFilesOf(names: string[], file: string, pid: number) {
	return names.filter((name) =>
		name.startsWith(`.${path.basename(file)}.${pid}.`),
	);
}

const temporaryPattern = /^\.world\.json\.(?<pid>\d+)\.[\da-f]{8}\.tmp$/v;

describe(`${kills} workers killed with SIGKILL at random moments (seed ${seed})`, () => {
	let directory: string | undefined;
	let file: string;
	let cache: string;
	let ids: string[];
	let initial: WorldData;
	const killed: Array<{
		name: string;
		pid: number;
		done: number;
		applied: number;
		firstCommandMs?: number;
		beforeReady: boolean;
		inWrite: boolean;
		holdingLock: boolean;
	}> = [];
	let reads = 0;
	const badReads: string[] = [];
	let seconds = 0;
	/** Temporary files of killed writes beside the world when the kills end. */
	const leftovers: string[] = [];
	let leftoverBytes = 0;

	beforeAll(async () => {
		requireBuild();
		directory = await makeTempDir('tagdeck-kill-');
		const folder = path.join(directory, 'world');
		await mkdir(folder);
		file = path.join(folder, 'world.json');
		// The workers' own cache folder, to see what a kill leaves there.
		cache = path.join(directory, 'cache');
		initial = await generatedWorld(file);
		ids = targets(initial, 8);
		expect(ids).toHaveLength(8);
	}, 60_000);

	afterAll(async () => {
		await removeTempDir(directory);
	});

	test(
		'the file is always valid, and every command reported done is in it',
		async () => {
			const env = {
				...process.env,
				NODE_ENV: 'production',
				XDG_CACHE_HOME: cache,
			};
			const state = {running: true};
			const alive = new Set<Worker>();
			const start = Date.now();

			// Reads every version of the file it can, as a UI or a script would.
			const reader = (async () => {
				while (state.running) {
					const text = await readFile(file, 'utf8');
					const problems = worldProblems(file, text);
					reads++;
					if (problems.length > 0) badReads.push(problems.join('; '));
					// A full check takes tens of milliseconds: leave the workers most of the machine.
					await sleep(100);
				}
			})();

			const lane = async (number: number, count: number) => {
				const next = random(seed + number);
				const key = `lane-${number}`;
				// What each target's tag `key` must be: the last command applied to it.
				const expected = new Map<string, string | undefined>(
					ids.map((id) => [id, undefined]),
				);
				for (let k = 0; k < count && state.running; k++) {
					const name = `l${number}k${k}`;
					const worker = startWorker(file, name, key, ids, env);
					alive.add(worker);
					if (next() < 0.15) {
						// While it starts: loading, reading the world.
						await sleep(next() * 250);
					} else {
						await Promise.race([worker.started, sleep(20_000)]);
						expect(
							worker.ready,
							`${name} never got ready: ${worker.stderr}`,
						).toBe(true);
						// While it applies: every part of a command, a write among them.
						await sleep(next() * 300);
					}

					const beforeReady = !worker.ready;
					worker.child.kill('SIGKILL');
					const exit = await worker.ended;
					alive.delete(worker);
					expect(
						exit.signal,
						`${name} ended before it was killed (exit ${exit.code}): ${worker.stderr}`,
					).toBe('SIGKILL');
					expect(worker.stderr, name).toBe('');
					const names = await readdir(path.dirname(file));
					const holdingLock = await holdsLock(file, worker.pid);

					// What a user finds now: a valid world with every command reported done.
					const text = await readFile(file, 'utf8');
					const context = `after killing ${name} (pid ${worker.pid}, ${worker.done} done; seed ${seed})`;
					expect(worldProblems(file, text), context).toEqual([]);
					const data = JSON.parse(text) as WorldData;
					const applied = loggedCommands(data, key, name);
					// Done commands, and the one in flight if its write was complete.
					expect(applied, context).toEqual(
						Array.from({length: applied.length}, (_, i) => i),
					);
					expect(applied.length, context).toBeGreaterThanOrEqual(worker.done);
					expect(applied.length, context).toBeLessThanOrEqual(worker.done + 1);
					for (const i of applied)
						expected.set(ids[i % ids.length]!, `${name}-${i}`);
					for (const [id, value] of expected)
						expect(data.resources[id]!.tags[key], `${id} ${context}`).toBe(
							value,
						);

					killed.push({
						name,
						pid: worker.pid,
						done: worker.done,
						applied: applied.length,
						firstCommandMs: worker.firstCommandMs,
						beforeReady,
						inWrite: temporaryFilesOf(names, file, worker.pid).length > 0,
						holdingLock,
					});
				}
			};

			const outcomes = await Promise.allSettled(
				Array.from({length: lanes}, async (_, number) => {
					try {
						await lane(number, Math.ceil(kills / lanes));
					} catch (error) {
						// One lane failing stops the other.
						state.running = false;
						for (const worker of alive) worker.child.kill('SIGKILL');
						throw error;
					}
				}),
			);
			state.running = false;
			await reader;
			for (const outcome of outcomes)
				if (outcome.status === 'rejected') throw outcome.reason as Error;

			seconds = (Date.now() - start) / 1000;
			expect(killed).toHaveLength(kills);
			expect(badReads).toEqual([]);
			expect(reads).toBeGreaterThan(0);
			// The random moments did land inside writes (a killed write leaves its temporary file).
			expect(
				killed.filter((k) => k.inWrite).length,
				'kills inside a write',
			).toBeGreaterThan(0);
			// Beside the world now: the lock, if the last worker was killed holding
			// it, and the temporary files of killed writes since the last command
			// (each command clears the ones before it).
			const inWrite = new Set(
				killed.filter((k) => k.inWrite).map((k) => k.pid),
			);
			const names = await readdir(path.dirname(file));
			const expected = new Set(['world.json', 'world.json.lock']);
			for (const name of names.filter((name) => !expected.has(name))) {
				const pid = temporaryPattern.exec(name)?.groups?.pid;
				expect(pid, `${name} beside the world`).toBeDefined();
				expect(
					inWrite.has(Number(pid)),
					`${name}: not from a killed write`,
				).toBe(true);
				leftovers.push(name);
				const {size} = await stat(path.join(path.dirname(file), name));
				leftoverBytes += size;
			}
		},
		long ? 3_600_000 : 180_000,
	);

	test('afterwards a user’s next command works at once, and the world counts every applied command', async () => {
		expect(killed).toHaveLength(kills);
		const result = await tagdeck(
			['tag', ids[0]!, '--tag', 'after=kills', '--db', file],
			{timeoutMs: 20_000},
		);
		expect(result.code, printed(result)).toBe(0);
		const data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		const applied = killed.reduce((sum, k) => sum + k.applied, 0);
		expect(data.revision).toBe(initial.revision + applied + 1);
		// The steps after the world's past, numbered without a gap.
		const seqs = data.log.map((event) => event.seq);
		const last = initial.nextSeq - 1 + data.revision;
		expect(seqs.at(-1)).toBe(last);
		expect(seqs).toEqual(
			Array.from({length: seqs.length}, (_, i) => last - seqs.length + 1 + i),
		);
		expect(data.resources[ids[0]!]!.tags.after).toBe('kills');
	});

	test('what the kills leave beside the world is gone after the next command: no lock, no temporary file', async () => {
		expect(killed).toHaveLength(kills);
		expect(await readdir(path.dirname(file))).toEqual(['world.json']);

		const cached = await readdir(path.join(cache, 'tagdeck', 'checked')).catch(
			(): string[] => [],
		);
		const stray = cached.filter((name) => name.endsWith('.tmp'));
		const firsts = killed
			.flatMap((k) => k.firstCommandMs ?? [])
			.toSorted((a, b) => a - b);
		const count = (f: (k: (typeof killed)[number]) => boolean) =>
			killed.filter((k) => f(k)).length;
		console.log(
			`R2 (seed ${seed}): ${kills} kills in ${seconds.toFixed(1)} s; ` +
				`${count((k) => k.beforeReady)} while starting, ${count((k) => k.holdingLock)} holding the lock, ` +
				`${count((k) => k.inWrite)} inside a write; ` +
				`${killed.reduce((sum, k) => sum + k.done, 0)} commands reported done, ` +
				`${killed.reduce((sum, k) => sum + k.applied, 0)} applied, all in the file; ` +
				`${reads} reads by the reader, none invalid; ` +
				`a worker's first command took ${Math.round(firsts[Math.floor(firsts.length / 2)] ?? 0)} ms (median), ${Math.round(firsts.at(-1) ?? 0)} ms at most (lock wait included); ` +
				`left beside the world at the end: ${leftovers.length} temporary files of killed writes (${(leftoverBytes / 1_048_576).toFixed(1)} MiB), cleared by the next command; ` +
				`in the cache folder: ${stray.length} temporary files`,
		);
	});
});

describe('a lock left behind', () => {
	let directory: string | undefined;
	let file: string;
	let ids: string[];
	let env: NodeJS.ProcessEnv;

	beforeAll(async () => {
		requireBuild();
		directory = await makeTempDir('tagdeck-lock-');
		file = path.join(directory, 'world.json');
		ids = targets(await generatedWorld(file), 4);
		env = {
			...process.env,
			NODE_ENV: 'production',
			XDG_CACHE_HOME: path.join(directory, 'cache'),
		};
	}, 60_000);

	afterAll(async () => {
		await removeTempDir(directory);
	});

	/**
	Starts a worker, waits until it holds the lock (its record is in the lock
	folder) and sends it `signal`. It may have let go in between: then it tries
	again with another worker.
	*/
	async function caughtHoldingTheLock(
		name: string,
		signal: 'SIGKILL' | 'SIGSTOP',
	): Promise<{worker: Worker; values: string}> {
		for (let attempt = 1; attempt <= 10; attempt++) {
			// Values <name><attempt>-<i>: a worker's commands are told from an earlier try's.
			const values = `${name}${attempt}`;
			const worker = startWorker(file, values, `key-${name}`, ids, env, 50);
			const start = Date.now();
			while (!(await holdsLock(file, worker.pid))) {
				if (Date.now() - start > 20_000 || worker.child.exitCode !== null)
					throw new Error(`${name} never took the lock: ${worker.stderr}`);
				await sleep(1);
			}

			worker.child.kill(signal);
			if (signal === 'SIGKILL') await worker.ended;
			if (await holdsLock(file, worker.pid)) return {worker, values};
			worker.child.kill('SIGKILL');
			await worker.ended;
		}

		throw new Error(`no worker was caught holding the lock in 10 tries`);
	}

	test('a worker killed while holding the lock leaves it; the next command clears it and does not wait for it to go stale (10 s)', async () => {
		const {worker} = await caughtHoldingTheLock('killed', 'SIGKILL');
		expect(await lockHolders(file)).toEqual([
			expect.stringMatching(new RegExp(`^${worker.pid}-`, 'v')),
		]);

		// Killed after 8 s: before a lock left behind would go stale (10 s after it was last kept fresh).
		const result = await tagdeck(
			['tag', ids[0]!, '--tag', 'next=command', '--db', file],
			{timeoutMs: 8000},
		);
		expect(result.timedOut, printed(result)).toBe(false);
		expect(result.code, printed(result)).toBe(0);
		const data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		expect(data.resources[ids[0]!]!.tags.next).toBe('command');
		expect(await lockHolders(file)).toEqual([]);
	});

	test('a holder paused for over 10 s loses its lock to the next command; resumed, it does not write, says its change was not applied, and the file agrees', async () => {
		const {worker, values} = await caughtHoldingTheLock('paused', 'SIGSTOP');
		const doneBefore = worker.done;
		try {
			// The paused holder stops keeping its lock fresh: after 10 s the next command takes it over.
			const next = await tagdeck(
				['tag', ids[2]!, '--tag', 'took=over', '--db', file],
				{timeoutMs: 40_000},
			);
			expect(next.code, printed(next)).toBe(0);
			worker.child.kill('SIGCONT');
			const {code} = await worker.ended;
			const text = await readFile(file, 'utf8');
			expect(worldProblems(file, text)).toEqual([]);
			const after = JSON.parse(text) as WorldData;
			expect(after.resources[ids[2]!]!.tags.took).toBe('over');
			// What the worker reported done is in the file, in order, and nothing else of it is.
			expect(loggedCommands(after, 'key-paused', values)).toEqual(
				Array.from({length: worker.done}, (_, i) => i),
			);
			if (worker.done === doneBefore) {
				// Paused before its write: refused, plainly, and not applied.
				expect(code).toBe(1);
				expect(worker.stderr).toContain('WorldFile.LockLost');
				expect(worker.stderr).toContain('the change was NOT applied');
				expect(worker.stderr).not.toContain('ECOMPROMISED');
			} else {
				// Paused after its write: applied, reported done, and it went on.
				expect(worker.stderr).not.toContain('ECOMPROMISED');
			}
		} finally {
			worker.child.kill('SIGCONT');
			worker.child.kill('SIGKILL');
			await worker.ended;
		}
	}, 60_000);

	test('a live holder keeps its lock even when it is stopped (SIGSTOP): the next command waits for it', async () => {
		const {worker, values} = await caughtHoldingTheLock('stopped', 'SIGSTOP');
		const doneBefore = worker.done;
		try {
			const next = tagdeck(
				['tag', ids[1]!, '--tag', 'waited=yes', '--db', file],
				{timeoutMs: 30_000},
			);
			await sleep(1500);
			const during = JSON.parse(await readFile(file, 'utf8')) as WorldData;
			expect(during.resources[ids[1]!]!.tags.waited).toBeUndefined();
			expect(await lockHolders(file)).toEqual([
				expect.stringMatching(new RegExp(`^${worker.pid}-`, 'v')),
			]);

			worker.child.kill('SIGCONT');
			const result = await next;
			expect(result.code, printed(result)).toBe(0);
			// The stopped worker's command was not lost either.
			while (worker.done === doneBefore && worker.child.exitCode === null)
				await sleep(5);
			expect(worker.done).toBeGreaterThan(doneBefore);
			const after = JSON.parse(await readFile(file, 'utf8')) as WorldData;
			expect(after.resources[ids[1]!]!.tags.waited).toBe('yes');
			const mine = loggedCommands(after, 'key-stopped', values);
			expect(mine).toEqual(Array.from({length: mine.length}, (_, i) => i));
		} finally {
			worker.child.kill('SIGCONT');
			worker.child.kill('SIGKILL');
			await worker.ended;
		}
	});
});
