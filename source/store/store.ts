import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs';
import {
	mkdir,
	readdir,
	rename,
	rmdir,
	stat,
	unlink,
	writeFile,
} from 'node:fs/promises';
import {hostname} from 'node:os';
import {dirname, join} from 'node:path';
import {callbackify} from 'node:util';
import envPaths from 'env-paths';
import {Low} from 'lowdb';
import lockfile from 'proper-lockfile';
import {apply, type ApplyResult} from '../core/apply.js';
import type {Command, WorldData} from '../core/model.js';
import {demoWorld} from '../core/worlds.js';
import {World} from '../core/world.js';
import {WorldFileError} from './errors.js';
import {WorldFile} from './world-file.js';

/** Where the world lives: --db, then TAGDECK_DB, then the user's data folder. */
export function worldPath(
	db?: string,
	env: NodeJS.ProcessEnv = process.env,
): string {
	if (db) return db;
	if (env.TAGDECK_DB) return env.TAGDECK_DB;
	return defaultWorldPath(env);
}

/**
$XDG_DATA_HOME/tagdeck/world.json, or the platform's data folder
(~/.local/share/tagdeck/world.json on Linux).
*/
export function defaultWorldPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env.XDG_DATA_HOME)
		return join(env.XDG_DATA_HOME, 'tagdeck', 'world.json');
	return join(envPaths('tagdeck', {suffix: ''}).data, 'world.json');
}

/** A lock not kept fresh for this long is taken over, whoever holds it. */
const staleMs = 10_000;

const lockOptions = {realpath: false, stale: staleMs, update: 2000};

/** Tries for a held lock, 5 ms apart growing to 150 ms (randomised): about a minute. */
const lockTries = 400;

async function lockWait(attempt: number) {
	const ms = Math.min(150, 5 * 1.2 ** attempt) * (1 + Math.random());
	return new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

let thisMachine: string | undefined;

/**
This machine, as far as process IDs go: the host name and, where there is one,
the process-ID namespace (containers on one host can share a folder).
*/
function machine(): string {
	if (thisMachine === undefined) {
		let namespace = '';
		try {
			namespace = fs.readlinkSync('/proc/self/ns/pid');
		} catch {}

		thisMachine = createHash('sha256')
			.update(`${hostname()}\n${namespace}`)
			.digest('hex')
			.slice(0, 12);
	}

	return thisMachine;
}

/**
The record of who holds a lock: an empty file in the lock folder named
`<pid>-<machine>-<token>`, the token being unique to that lock.
*/
const recordPattern =
	/^(?<pid>\d+)-(?<machine>[\da-f]{12})-(?<token>[\da-f]{16})$/v;

function recordName(pid: number, token: string): string {
	return `${pid}-${machine()}-${token}`;
}

/** Whether a process with this ID runs on this machine. */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/**
The file system as proper-lockfile sees it: the lock folder is made together
with its record (before proper-lockfile sets the folder's time, which it then
watches) and the record is removed with the folder (on release and on exit).
*/
function recordingFs(record: string) {
	return {
		...fs,
		mkdir: callbackify(async (path: string) => {
			await mkdir(path);
			try {
				await writeFile(join(path, record), '', {flag: 'wx'});
			} catch (error) {
				await rmdir(path).catch(() => undefined);
				throw error;
			}
		}),
		rmdir: callbackify(async (path: string) => {
			await unlink(join(path, record)).catch(() => undefined);
			await rmdir(path);
		}),
		rmdirSync(path: string) {
			try {
				fs.unlinkSync(join(path, record));
			} catch {}

			fs.rmdirSync(path);
		},
	};
}

/**
Clears a lock left behind: its holder on this machine has ended (a process
that exits lets go of its lock; one killed with SIGKILL cannot), or it was not
kept fresh for `staleMs` (a holder elsewhere, or a stuck one). Renaming the
holder's record to one's own is atomic and the record's name is unique to that
lock, so of several waiters only one clears it, and never a lock taken since.
Returns whether the lock is gone.
*/
async function clearAbandoned(lockPath: string): Promise<boolean> {
	try {
		const names = await readdir(lockPath);
		const {mtimeMs} = await stat(lockPath);
		const age = Date.now() - mtimeMs;
		const holder =
			names.length === 1 ? recordPattern.exec(names[0]!)?.groups : undefined;
		if (!holder) return false;
		const ended = holder.machine === machine() && !running(Number(holder.pid));
		if (!ended && age <= staleMs) return false;
		const claim = recordName(process.pid, holder.token!);
		await rename(join(lockPath, names[0]!), join(lockPath, claim));
		// The rename made the folder fresh: nobody else removes it now.
		await unlink(join(lockPath, claim));
		await rmdir(lockPath);
		return true;
	} catch (error) {
		// Gone already, or another waiter cleared it first.
		return (error as NodeJS.ErrnoException).code === 'ENOENT';
	}
}

/**
The only code that touches the world file. Reads need no lock (writes are
atomic renames). Every change takes the inter-process lock, re-reads the file
if another process changed it, applies the command to that latest state, and
writes before letting go: no command is lost to a concurrent writer.
*/
export class Store {
	readonly file: WorldFile;
	private readonly db: Low<WorldData | null>;
	private world: World | undefined;
	private readonly listeners = new Set<() => void>();
	/** Grows whenever the world this store holds changes (here or by another process). */
	private version = 0;

	constructor(readonly path: string) {
		this.file = new WorldFile(path);
		this.db = new Low<WorldData | null>(this.file as never, null);
	}

	/** The world, read from disk (created from the demo world on first use). */
	async load(): Promise<World> {
		await this.db.read();
		if (!this.db.data) await this.withLock(async () => this.readOrCreate());
		return this.hold(new World(this.db.data!));
	}

	/** Calls `listener` whenever the world changes; returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	/** A number that changes whenever the world does (for useSyncExternalStore). */
	snapshot(): number {
		return this.version;
	}

	/**
	Re-reads the file if another process changed it since this store last read
	or wrote it, and tells the listeners. Returns whether it changed.
	*/
	async refresh(): Promise<boolean> {
		const before = this.world;
		await this.fresh();
		return this.world !== before;
	}

	/** The world as this store last read or changed it. */
	current(): World | undefined {
		return this.world;
	}

	/** Applies a command to the latest world on disk, under the lock. */
	async apply(
		command: Command,
		options: {now?: string; dryRun?: boolean} = {},
	): Promise<ApplyResult> {
		const now = options.now ?? new Date().toISOString();
		if (options.dryRun)
			return apply(await this.load(), command, {now, dryRun: true});
		return this.withLock(async () => {
			const world = await this.fresh();
			const result = apply(world, command, {now});
			if (result.event) {
				try {
					await this.db.write();
				} catch (error) {
					// The world in memory moved on but the file did not: forget it.
					this.world = undefined;
					throw error;
				}

				this.changed();
			}

			return result;
		});
	}

	/**
	Replaces the world (init, reset). An existing file is kept unless `force`;
	with `force`, a file tagdeck cannot read is first moved aside, and the new
	name is returned.
	*/
	async replace(data: WorldData, force: boolean): Promise<{movedTo?: string}> {
		return this.withLock(async () => {
			let movedTo: string | undefined;
			if (await this.file.exists()) {
				if (!force) {
					throw new WorldFileError(
						'WorldFile.Exists',
						this.path,
						'it already exists',
						'It was left untouched. Use --force to replace it, or --db to create another file.',
					);
				}

				try {
					await this.file.read();
				} catch (error) {
					if (!(error instanceof WorldFileError)) throw error;
					movedTo = `${this.path}.bad-${new Date().toISOString().replaceAll(/[:.]/gv, '-')}`;
					await rename(this.path, movedTo);
				}
			}

			this.db.data = data;
			await this.db.write();
			this.hold(new World(data));
			return {movedTo};
		});
	}

	/** Reads the file, creating it from the demo world if there is none. Call under the lock. */
	private async readOrCreate() {
		await this.db.read();
		if (!this.db.data) {
			this.db.data = demoWorld();
			await this.db.write();
		}
	}

	/** The world as it is on disk now, re-read only if the file changed. */
	private async fresh(): Promise<World> {
		const stamp = await this.file.currentStamp();
		const known = this.file.stamp;
		const unchanged =
			stamp !== undefined &&
			stamp.size === known?.size &&
			stamp.mtimeMs === known.mtimeMs &&
			stamp.ino === known.ino;
		if (this.world && unchanged) {
			return this.world;
		}

		await this.readOrCreate();
		return this.hold(new World(this.db.data!));
	}

	private hold(world: World): World {
		this.world = world;
		this.changed();
		return world;
	}

	private changed() {
		this.version++;
		for (const listener of this.listeners) listener();
	}

	private async withLock<T>(work: () => Promise<T>): Promise<T> {
		await mkdir(dirname(this.path), {recursive: true});
		const release = await this.lock();
		try {
			await this.file.clearTemporaries();
			return await work();
		} finally {
			await release();
		}
	}

	/** Takes the inter-process lock, clearing one its holder left behind. */
	private async lock(): Promise<() => Promise<void>> {
		const record = recordName(process.pid, randomBytes(8).toString('hex'));
		const options = {...lockOptions, fs: recordingFs(record)};
		let reason = '';
		for (let attempt = 0; attempt < lockTries; attempt++) {
			try {
				return await lockfile.lock(this.path, options);
			} catch (error) {
				const {code, message} = error as NodeJS.ErrnoException;
				// ENOTEMPTY: proper-lockfile found it stale but cannot remove a folder with a record.
				if (code !== 'ELOCKED' && code !== 'ENOTEMPTY')
					throw this.locked(message);
				reason = message;
			}

			if (!(await clearAbandoned(`${this.path}.lock`))) await lockWait(attempt);
		}

		throw this.locked(reason);
	}

	private locked(reason: string) {
		return new WorldFileError(
			'WorldFile.Locked',
			this.path,
			`another tagdeck process holds its lock (${reason})`,
			`Nothing was changed. Try again; if no other tagdeck is running, remove the folder ${this.path}.lock.`,
		);
	}
}
