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
import {basename, dirname, join, resolve} from 'node:path';
import {callbackify} from 'node:util';
import envPaths from 'env-paths';
import {Low} from 'lowdb';
import lockfile from 'proper-lockfile';
import {apply, type ApplyResult} from '../core/apply.js';
import type {Command, WorldData} from '../core/model.js';
import {demoWorld} from '../core/worlds.js';
import {World} from '../core/world.js';
import {WorldFileError} from './errors.js';
import {sameStamp, WorldFile} from './world-file.js';

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

/**
Why a folder cannot hold the world, in words, from the error a file-system
call gave (the folder itself, or its lock folder, could not be made).
*/
export function folderProblem(error: unknown, folder: string): string {
	const {code, message} = error as NodeJS.ErrnoException;
	switch (code ?? '') {
		case 'EACCES':
		case 'EPERM': {
			return `its folder ${folder} may not be written or searched by this user (${code})`;
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return `the disk that holds ${folder} is full: no free space or no free inodes (${code})`;
		}

		case 'EROFS': {
			return `its folder ${folder} is on a read-only file system (EROFS)`;
		}

		case 'ENOTDIR':
		case 'EEXIST': {
			return `a file is in the way: a part of the path to ${folder} is a file, not a folder (${code})`;
		}

		case 'ENOENT': {
			return `its folder ${folder} cannot hold new files (ENOENT: the file system refuses them, as /proc and /sys do)`;
		}

		case 'ELOOP': {
			return `the symbolic links on its path form a loop (ELOOP)`;
		}

		case 'ENAMETOOLONG': {
			return 'its name is too long for the file system (ENAMETOOLONG)';
		}

		default: {
			return `its folder ${folder} could not be used (${message})`;
		}
	}
}

function folderError(path: string, error: unknown): WorldFileError {
	return new WorldFileError(
		'WorldFile.BadFolder',
		path,
		folderProblem(error, dirname(path)),
		'Nothing was changed. Use --db with a file in a folder you can write.',
	);
}

/**
The file the world is really in: a symbolic link is followed to its target,
so the lock and the write are the target's, and every name of one world
shares one lock. A name that does not exist yet is resolved through its folder.
*/
export function resolveWorldPath(path: string): string {
	try {
		return fs.realpathSync(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
			throw folderError(path, error);
	}

	let link: string | undefined;
	try {
		link = fs.readlinkSync(path);
	} catch {}

	if (link !== undefined) {
		throw new WorldFileError(
			'WorldFile.DanglingLink',
			path,
			`it is a symbolic link to ${link}, which does not exist`,
			`Nothing was changed. Create the world there ("tagdeck init --db ${resolve(dirname(path), link)}"), or remove the link.`,
		);
	}

	try {
		return join(fs.realpathSync(dirname(path)), basename(path));
	} catch {
		// The folder does not exist yet: it is made when the world is first written.
		return resolve(path);
	}
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
async function clearAbandoned(lockPath: string): Promise<boolean | 'foreign'> {
	try {
		const names = await readdir(lockPath);
		const {mtimeMs} = await stat(lockPath);
		const age = Date.now() - mtimeMs;
		const holder =
			names.length === 1 ? recordPattern.exec(names[0]!)?.groups : undefined;
		// Stale, and not as tagdeck leaves it: never removed blindly, and never waited on.
		if (!holder) return age > staleMs && names.length > 0 ? 'foreign' : false;
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

/** A command, or how to build it from the latest world (read under the lock). */
export type CommandSource = Command | ((world: World) => Command);

/** What a taken lock gives: a check that it is still ours, and its release. */
type Held = {stillOurs: () => void; release: () => Promise<void>};

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
	/** True when the file this store read has since been deleted or moved away. */
	private missing = false;
	private readonly listeners = new Set<() => void>();
	/** Grows whenever the world this store holds changes (here or by another process). */
	private version = 0;

	constructor(readonly path: string) {
		this.file = new WorldFile(resolveWorldPath(path), path);
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
	or wrote it, and tells the listeners. Returns whether it changed. A file
	deleted or moved away is not recreated: the world shown stays, and
	`gone()` says so.
	*/
	async refresh(): Promise<boolean> {
		const before = this.world;
		const wasMissing = this.missing;
		await this.fresh();
		if (this.missing !== wasMissing) this.changed();
		return this.world !== before;
	}

	/** The world as this store last read or changed it. */
	current(): World | undefined {
		return this.world;
	}

	/** Whether the file this store read has since been deleted or moved away. */
	gone(): boolean {
		return this.missing;
	}

	/**
	Applies a command to the latest world on disk, under the lock. A command
	given as a function is built from that world (a filter is resolved on what
	is there when the change is made, not on what was there before), and the
	step's time is taken once the lock is held.
	*/
	async apply(
		source: CommandSource,
		options: {now?: string; dryRun?: boolean} = {},
	): Promise<ApplyResult> {
		const build = (world: World) =>
			typeof source === 'function' ? source(world) : source;
		if (options.dryRun) {
			const world = await this.load();
			return apply(world, build(world), {
				now: options.now ?? new Date().toISOString(),
				dryRun: true,
			});
		}

		return this.withLock(async (held) => {
			const world = await this.fresh();
			if (this.missing) throw this.goneError();
			const now = options.now ?? new Date().toISOString();
			const result = apply(world, build(world), {now});
			if (result.event) {
				try {
					await this.write(held);
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
	Writes the world this store holds to its file, which was deleted or moved
	away since it was read. Refused if a file is there again.
	*/
	async restore(): Promise<void> {
		const {world} = this;
		if (!world) return;
		await this.withLock(async (held) => {
			if (await this.file.exists()) {
				throw new WorldFileError(
					'WorldFile.Exists',
					this.path,
					'a file is there again',
					'It was left untouched; the world it holds is shown now.',
				);
			}

			this.db.data = world.data;
			await this.write(held);
			this.missing = false;
			this.changed();
		});
	}

	/**
	Replaces the world (init, reset). An existing file is kept unless `force`;
	with `force`, a file tagdeck cannot read is first moved aside, and the new
	name is returned. Only a regular file is ever moved.
	*/
	async replace(data: WorldData, force: boolean): Promise<{movedTo?: string}> {
		return this.withLock(async (held) => {
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
					if (
						!(error instanceof WorldFileError) ||
						error.code === 'WorldFile.NotAFile' ||
						error.code === 'WorldFile.HardLinked' ||
						error.code === 'WorldFile.Unreadable'
					)
						throw error;
					movedTo = `${this.file.path}.bad-${new Date().toISOString().replaceAll(/[:.]/gv, '-')}`;
					held.stillOurs();
					await rename(this.file.path, movedTo);
				}
			}

			this.db.data = data;
			await this.write(held);
			this.missing = false;
			this.hold(new World(data));
			return {movedTo};
		});
	}

	private async write(held: Held) {
		await this.file.write(this.db.data!, held.stillOurs);
	}

	private goneError() {
		return new WorldFileError(
			'WorldFile.Gone',
			this.path,
			'it was deleted or moved away after tagdeck read it',
			'Nothing was written. Put the file back, or start again with "tagdeck reset".',
		);
	}

	/** Reads the file, creating it from the demo world if there is none. Call under the lock. */
	private async readOrCreate(held?: Held) {
		await this.db.read();
		if (!this.db.data) {
			this.db.data = demoWorld();
			await this.file.write(this.db.data, held?.stillOurs);
		}
	}

	/**
	The world as it is on disk now, re-read only if the file changed. A file
	that is gone after this store read it is not recreated: `missing` is set
	and the world held is returned.
	*/
	private async fresh(): Promise<World> {
		const stamp = await this.file.currentStamp();
		if (this.world && stamp === undefined) {
			this.missing = true;
			return this.world;
		}

		this.missing = false;
		if (this.world && sameStamp(stamp, this.file.stamp)) return this.world;
		await this.db.read();
		if (!this.db.data) {
			// Gone between the stat and the read.
			if (this.world) {
				this.missing = true;
				return this.world;
			}

			await this.readOrCreate();
		}

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

	private async withLock<T>(work: (held: Held) => Promise<T>): Promise<T> {
		const folder = dirname(this.file.path);
		try {
			await mkdir(folder, {recursive: true});
		} catch (error) {
			throw folderError(this.path, error);
		}

		const held = await this.lock();
		let failed = true;
		try {
			await this.file.clearTemporaries();
			const result = await work(held);
			failed = false;
			return result;
		} finally {
			// A lock lost after the write: the change is in the file, so the
			// command succeeded; its release has nothing left to do.
			await held.release().catch((error: unknown) => {
				if (failed) return;
				if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error;
			});
		}
	}

	/** Takes the inter-process lock, clearing one its holder left behind. */
	private async lock(): Promise<Held> {
		const record = recordName(process.pid, randomBytes(8).toString('hex'));
		const lockPath = `${this.file.path}.lock`;
		let lost = false;
		const options = {
			...lockOptions,
			fs: recordingFs(record),
			// The lock was taken over while this process was paused (or its
			// folder removed): noted, and checked before any write.
			onCompromised() {
				lost = true;
			},
		};
		const stillOurs = () => {
			if (lost || !fs.existsSync(join(lockPath, record))) {
				lost = true;
				throw this.lockLost();
			}
		};

		let reason = '';
		for (let attempt = 0; attempt < lockTries; attempt++) {
			try {
				const release = await lockfile.lock(this.file.path, options);
				return {stillOurs, release};
			} catch (error) {
				const {code, message} = error as NodeJS.ErrnoException;
				// ENOTEMPTY: proper-lockfile found it stale but cannot remove a folder with a record.
				if (code !== 'ELOCKED' && code !== 'ENOTEMPTY')
					throw new WorldFileError(
						'WorldFile.LockFailed',
						this.path,
						`its lock could not be taken: ${folderProblem(error, dirname(this.file.path))}`,
						'Nothing was changed. Use --db with a file in a folder you can write.',
					);
				reason = message;
			}

			const cleared = await clearAbandoned(lockPath);
			if (cleared === 'foreign') throw await this.foreignLock(lockPath);
			if (!cleared) await lockWait(attempt);
		}

		throw this.locked(reason);
	}

	private lockLost() {
		return new WorldFileError(
			'WorldFile.LockLost',
			this.path,
			`this process lost its lock before writing (it was paused for over ${staleMs / 1000} s, and another process took the lock over)`,
			'Nothing was written: the change was NOT applied. Run the command again.',
		);
	}

	private async foreignLock(lockPath: string) {
		const names = await readdir(lockPath).catch((): string[] => []);
		return new WorldFileError(
			'WorldFile.Locked',
			this.path,
			`its lock folder ${lockPath} holds ${names.length === 0 ? 'nothing tagdeck recognises' : `files tagdeck did not put there (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`}, and no process has kept it fresh for over ${staleMs / 1000} s`,
			`Nothing was changed. If no tagdeck is running, remove that folder (rm -r ${lockPath}) and try again.`,
		);
	}

	private locked(reason: string) {
		return new WorldFileError(
			'WorldFile.Locked',
			this.path,
			`another tagdeck process holds its lock (${reason})`,
			`Nothing was changed. Try again; if no other tagdeck is running, remove the folder ${this.file.path}.lock.`,
		);
	}
}
