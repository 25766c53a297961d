import {rename} from 'node:fs/promises';
import {Low} from 'lowdb';
import {worldNow} from '../core/clock.js';
import {apply, type ApplyResult} from '../core/apply.js';
import type {Command, WorldData} from '../core/model.js';
import {demoWorld} from '../core/worlds.js';
import {World} from '../core/world.js';
import {type Acting, seenBy} from '../core/ram/access.js';
import {WorldFileError} from './errors.js';
import {type Held, underLock} from './lock.js';
import {resolveWorldPath} from './paths.js';
import {sameStamp} from './files.js';
import {WorldFile} from './world-file.js';

export {defaultWorldPath, folderProblem, worldPath} from './paths.js';

/** A command, or how to build it from the latest world (read under the lock). */
export type CommandSource = Command | ((world: World) => Command);

/**
The only code that touches the world file. Reads need no lock (writes are
atomic renames). Every change takes the inter-process lock, re-reads the file
if another process changed it, applies the command to that latest state, and
writes before letting go: no command is lost to a concurrent writer.
*/
export class Store {
	readonly file: WorldFile;
	/**
	The RAM user commands are given as (`--as`, `:as`); undefined or `root`:
	the account itself.
	*/
	actingAs: string | undefined;

	private readonly db: Low<WorldData | null>;
	private world: World | undefined;
	/** True when the file this store read has since been deleted or moved away. */
	private missing = false;
	private readonly listeners = new Set<() => void>();
	/** The changes in progress (see idle). */
	private readonly busy = new Set<Promise<unknown>>();
	/** Grows whenever the world this store holds changes (here or by another process). */
	private version = 0;
	/**
	This process's reads and changes of the file, one at a time: a re-read
	while a change is applied would swap the world under the change, and the
	older world could be written, or shown, after the change was reported done.
	*/
	private turn: Promise<unknown> = Promise.resolve();

	constructor(
		readonly path: string,
		options: {as?: string} = {},
	) {
		this.actingAs = options.as;
		this.file = new WorldFile(resolveWorldPath(path), path);
		// Writes go through this.file.write, under the lock; lowdb reads.
		this.db = new Low<WorldData | null>(
			{
				read: async () => this.file.read(),
				write: async (data) => {
					if (data) await this.file.write(data);
				},
			},
			null,
		);
	}

	/** The world, read from disk (created from the demo world on first use). */
	async load(): Promise<World> {
		return this.inTurn(async () => {
			await this.read();
			if (!this.db.data) await this.withLock(async () => this.readOrCreate());
			return this.hold(new World(this.db.data!));
		});
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
		return this.inTurn(async () => {
			const before = this.world;
			const wasMissing = this.missing;
			await this.fresh();
			if (this.missing !== wasMissing) this.changed();
			return this.world !== before;
		});
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
		options: {
			now?: string;
			dryRun?: boolean;
			as?: string;
			api?: string;
			actions?: Acting['actions'];
		} = {},
	): Promise<ApplyResult> {
		const as = 'as' in options ? options.as : this.actingAs;
		// A command built from the world (a filter) sees what the user may describe.
		const build = (world: World) =>
			typeof source === 'function' ? source(seenBy(world, as)) : source;
		if (options.dryRun) {
			const world = await this.load();
			return apply(world, build(world), {
				now: options.now ?? worldNow(world.data, Date.now()),
				dryRun: true,
				as,
			});
		}

		return this.inTurn(async () =>
			this.withLock(async (held) => {
				const world = await this.fresh();
				if (this.missing) throw this.goneError();
				const now = options.now ?? worldNow(world.data, Date.now());
				const result = apply(world, build(world), {
					now,
					as,
					api: options.api,
					actions: options.actions,
				});
				if (result.event) {
					try {
						await this.write(held);
					} catch (error) {
						// The world in memory moved on but the file did not: read it again.
						await this.reload();
						throw error;
					}

					this.changed();
				}

				return result;
			}),
		);
	}

	/**
	Writes the world this store holds to its file, which was deleted or moved
	away since it was read. Refused if a file is there again.
	*/
	async restore(): Promise<void> {
		const {world} = this;
		if (!world) return;
		await this.inTurn(async () =>
			this.withLock(async (held) => {
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
			}),
		);
	}

	/**
	Replaces the world (init, reset). An existing file is kept unless `force`;
	with `force`, a file tagdeck cannot read is first moved aside, and the new
	name is returned. Only a regular file is ever moved.
	*/
	async replace(data: WorldData, force: boolean): Promise<{movedTo?: string}> {
		return this.inTurn(async () =>
			this.withLock(async (held) => {
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
			}),
		);
	}

	/**
	Resolves once no change of this store is in progress (taking the lock, or
	being written): a program ending on a signal waits for it, so the file is
	the one after the step and no temporary file is left behind.
	*/
	async idle(): Promise<void> {
		while (this.busy.size > 0) await Promise.allSettled(this.busy);
	}

	/** Runs `work` when this store's earlier reads and changes are done. */
	private async inTurn<T>(work: () => Promise<T>): Promise<T> {
		const mine = this.turn.then(work, work);
		this.turn = mine.catch(() => undefined);
		return mine;
	}

	/** Reads the file into db.data: null when there is none (lowdb keeps old data otherwise). */
	private async read() {
		this.db.data = null;
		await this.db.read();
	}

	/** Forgets the world held and reads the file again (kept forgotten if it cannot be read). */
	private async reload() {
		this.world = undefined;
		try {
			await this.read();
			if (this.db.data) this.hold(new World(this.db.data));
		} catch {}
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
		await this.read();
		if (!this.db.data) {
			this.db.data = demoWorld(new Date().toISOString());
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
		await this.read();
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
		const step = underLock(
			this.file.path,
			this.path,
			async () => this.file.clearTemporaries(),
			work,
		);
		this.busy.add(step);
		try {
			return await step;
		} finally {
			this.busy.delete(step);
		}
	}
}
