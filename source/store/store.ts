import {mkdir, rename} from 'node:fs/promises';
import {dirname, join} from 'node:path';
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

const lockOptions = {
	realpath: false,
	stale: 10_000,
	update: 2000,
	retries: {
		retries: 400,
		factor: 1.2,
		minTimeout: 5,
		maxTimeout: 150,
		randomize: true,
	},
};

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
		let release: (() => Promise<void>) | undefined;
		try {
			release = await lockfile.lock(this.path, lockOptions);
		} catch (error) {
			throw new WorldFileError(
				'WorldFile.Locked',
				this.path,
				`another tagdeck process holds its lock (${(error as Error).message})`,
				`Nothing was changed. Try again; if no other tagdeck is running, remove ${this.path}.lock.`,
			);
		}

		try {
			return await work();
		} finally {
			await release();
		}
	}
}
