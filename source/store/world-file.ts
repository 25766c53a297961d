import {createHash, randomBytes} from 'node:crypto';
import {
	mkdir,
	open,
	readdir,
	readFile,
	rename,
	stat,
	unlink,
	writeFile,
} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import envPaths from 'env-paths';
import type {Adapter} from 'lowdb';
import {schemaVersion, type WorldData} from '../core/model.js';
import {WorldFileError} from './errors.js';
import {writeJson} from './json-writer.js';
import {migrate} from './migrations.js';

/** A new temporary file beside the world `file`: `.<name>.<pid>.<8 hex>.tmp`. */
function temporaryFor(file: string): string {
	return join(
		dirname(file),
		`.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
	);
}

/** True when `name` is a temporary file of the world `file` (see temporaryFor). */
function isTemporaryOf(file: string, name: string): boolean {
	const prefix = `.${basename(file)}.`;
	return (
		name.startsWith(prefix) &&
		/^\d+\.[\da-f]{8}\.tmp$/v.test(name.slice(prefix.length))
	);
}

/** What identifies one version of the file on disk, to skip re-reading it. */
export type Stamp = {size: number; mtimeMs: number; ino: number};

function sameStamp(a: Stamp, b: Stamp | undefined): boolean {
	return a.size === b?.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/**
The lowdb adapter of a world file. Reading validates the schema and migrates
older versions; a file that fails is refused with WorldFileError and left as it
is. Writing is atomic: a uniquely named temporary file in the same folder,
flushed, then renamed over the world file.
*/
export class WorldFile implements Adapter<WorldData> {
	/** The stamp of the file as last read or written by this adapter. */
	stamp: Stamp | undefined;

	constructor(readonly path: string) {}

	async exists(): Promise<boolean> {
		try {
			await stat(this.path);
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
			throw this.unreadable(error);
		}
	}

	async currentStamp(): Promise<Stamp | undefined> {
		try {
			const s = await stat(this.path);
			return {size: s.size, mtimeMs: s.mtimeMs, ino: s.ino};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw this.unreadable(error);
		}
	}

	async read(): Promise<WorldData | null> {
		let text: string;
		let stamp: Stamp | undefined;
		try {
			stamp = await this.currentStamp();
			text = await readFile(this.path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw this.unreadable(error);
		}

		const checked =
			stamp !== undefined && sameStamp(stamp, await this.checkedStamp());
		const data = this.parse(text);
		if (!checked) {
			await this.validate(data);
			if (stamp) await this.remember(stamp);
		}

		this.stamp = stamp;
		return data;
	}

	parse(text: string): WorldData {
		if (text.trim() === '') {
			throw new WorldFileError('WorldFile.Empty', this.path, 'it is empty');
		}

		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			throw new WorldFileError(
				'WorldFile.NotJson',
				this.path,
				`it is not valid JSON (${(error as Error).message}); it may be truncated or edited by hand`,
			);
		}

		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new WorldFileError(
				'WorldFile.Invalid',
				this.path,
				'it is not a tagdeck world (not a JSON object)',
			);
		}

		const version = (value as {schema?: unknown}).schema;
		if (
			typeof version !== 'number' ||
			!Number.isInteger(version) ||
			version < 1
		) {
			throw new WorldFileError(
				'WorldFile.Invalid',
				this.path,
				'it is not a tagdeck world (no schema version)',
			);
		}

		if (version > schemaVersion) {
			throw new WorldFileError(
				'WorldFile.NewerVersion',
				this.path,
				`it was written by a newer tagdeck (schema ${version}; this one reads up to ${schemaVersion})`,
				'It was left untouched. Upgrade tagdeck to open it, or point --db at another file.',
			);
		}

		return migrate(value as {schema: number});
	}

	/**
	Removes the temporary files of writes that never finished (a process killed
	while writing). Call under the lock: every write happens under it, so no
	temporary file beside the world is still being written.
	*/
	async clearTemporaries(): Promise<void> {
		const directory = dirname(this.path);
		const names = await readdir(directory).catch((): string[] => []);
		for (const name of names) {
			if (!isTemporaryOf(this.path, name)) continue;
			// Gone already, or not ours to remove: it is never read either way.
			await unlink(join(directory, name)).catch(() => undefined);
		}
	}

	async write(data: WorldData): Promise<void> {
		await mkdir(dirname(this.path), {recursive: true});
		const temporary = temporaryFor(this.path);
		try {
			const handle = await open(temporary, 'wx', 0o600);
			try {
				await writeJson(handle, data);
				await handle.sync();
			} finally {
				await handle.close();
			}

			await rename(temporary, this.path);
		} catch (error) {
			await unlink(temporary).catch(() => undefined);
			throw new WorldFileError(
				'WorldFile.WriteFailed',
				this.path,
				`it could not be written (${(error as Error).message})`,
				'Nothing was changed. Check the folder exists and is writable, or use --db with another file.',
			);
		}

		this.stamp = await this.currentStamp();
		if (this.stamp) await this.remember(this.stamp);
	}

	/**
	Where the stamp of this file, as tagdeck last wrote or fully checked it, is
	kept: the user's cache folder, never beside the world. A file with that
	stamp is the one that passed, so its full check is not repeated; an edit
	changes its size or mtime, and it is checked again.
	*/
	private checkedPath(): string {
		const key = createHash('sha256')
			.update(resolve(this.path))
			.digest('hex')
			.slice(0, 32);
		return join(
			envPaths('tagdeck', {suffix: ''}).cache,
			'checked',
			`${key}.json`,
		);
	}

	private async checkedStamp(): Promise<Stamp | undefined> {
		try {
			return JSON.parse(await readFile(this.checkedPath(), 'utf8')) as Stamp;
		} catch {
			return undefined;
		}
	}

	/** Records a checked stamp; a cache that cannot be written only costs a check next time. */
	private async remember(stamp: Stamp) {
		const target = this.checkedPath();
		const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
		try {
			await mkdir(dirname(target), {recursive: true});
			await writeFile(temporary, JSON.stringify(stamp));
			await rename(temporary, target);
		} catch {
			await unlink(temporary).catch(() => undefined);
		}
	}

	private async validate(data: WorldData) {
		// Loaded only when a file must be checked: reading a checked file does not pay for it.
		const {schemaProblems} = await import('./schema.js');
		const problems = schemaProblems(data);
		if (problems.length > 0) {
			throw new WorldFileError(
				'WorldFile.Invalid',
				this.path,
				`it does not have the shape of a tagdeck world: ${problems.join('; ')}`,
			);
		}

		for (const [key, resource] of Object.entries(data.resources)) {
			if (resource.id !== key) {
				throw new WorldFileError(
					'WorldFile.Invalid',
					this.path,
					`resource "${key}" says its ID is "${resource.id}"`,
				);
			}
		}
	}

	private unreadable(error: unknown) {
		return new WorldFileError(
			'WorldFile.Unreadable',
			this.path,
			`it cannot be read (${(error as Error).message})`,
			'It was left untouched. Check its permissions, or use --db with another file.',
		);
	}
}
