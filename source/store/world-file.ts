/* eslint-disable no-bitwise -- file modes and open flags are bit masks */
import {constants, type Stats} from 'node:fs';
import {access, lstat, open, readdir, stat, unlink} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {Adapter} from 'lowdb';
import {schemaVersion, type RamEntity, type WorldData} from '../core/model.js';
import {WorldFileError} from './errors.js';
import {writeJson} from './json-writer.js';
import {migrate} from './migrations.js';
import {
	checkedStamp,
	isTemporaryOf,
	kindOf,
	octal,
	rememberChecked,
	replaceFile,
	sameStamp,
	type Stamp,
	stampOf,
} from './files.js';

/**
The lowdb adapter of a world file. Reading validates the schema and migrates
older versions; a file that fails is refused with WorldFileError and left as it
is. Writing is atomic: a uniquely named temporary file in the same folder,
flushed, then renamed over the world file.
*/
export class WorldFile implements Adapter<WorldData> {
	/** The stamp of the file as last read or written by this adapter. */
	stamp: Stamp | undefined;

	/**
	`path` is where the world is read and written (links resolved); `name`,
	the file as the user named it, is what messages show.
	*/
	constructor(
		readonly path: string,
		readonly name: string = path,
	) {}

	async exists(): Promise<boolean> {
		return (await this.currentStamp()) !== undefined;
	}

	async currentStamp(): Promise<Stamp | undefined> {
		try {
			return stampOf(await stat(this.path));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw this.unreadable(error);
		}
	}

	/**
	Refuses what is at the path unless it is one regular file with one name:
	a folder, a pipe or a device is never opened for reading (a pipe would
	wait forever), and a file with several names (hard links) would be split
	by the next write, which replaces only this name.
	*/
	checkKind(s: Stats): void {
		const kind = kindOf(s);
		if (kind) {
			throw new WorldFileError(
				'WorldFile.NotAFile',
				this.name,
				`it is ${kind}, not a regular file`,
				'It was left untouched, and tagdeck never moves or replaces anything but a regular file. Use --db with the name of a regular file (a new name creates one).',
			);
		}

		if (s.nlink > 1) {
			throw new WorldFileError(
				'WorldFile.HardLinked',
				this.name,
				`it has ${s.nlink} names (hard links), and a write replaces only this one: the others would keep the old world`,
				'It was left untouched. Give the world one name (copy it: cp FILE NEW, then --db NEW), or use a symbolic link, which tagdeck follows.',
			);
		}
	}

	async read(): Promise<WorldData | null> {
		let text: string;
		let stamp: Stamp;
		try {
			// Non-blocking: opening a pipe must not wait for a writer before it is refused.
			const handle = await open(
				this.path,
				constants.O_RDONLY | constants.O_NONBLOCK,
			);
			try {
				const s = await handle.stat();
				this.checkKind(s);
				stamp = stampOf(s);
				text = await handle.readFile('utf8');
			} finally {
				await handle.close();
			}
		} catch (error) {
			if (error instanceof WorldFileError) throw error;
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw this.unreadable(error);
		}

		const checked = sameStamp(stamp, await checkedStamp(this.path));
		const data = this.parse(text);
		if (!checked) {
			await this.validate(data);
			await rememberChecked(this.path, stamp);
		}

		this.stamp = stamp;
		return data;
	}

	parse(text: string): WorldData {
		if (text.trim() === '') {
			throw new WorldFileError('WorldFile.Empty', this.name, 'it is empty');
		}

		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			throw new WorldFileError(
				'WorldFile.NotJson',
				this.name,
				`it is not valid JSON (${(error as Error).message}); it may be truncated or edited by hand`,
			);
		}

		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new WorldFileError(
				'WorldFile.Invalid',
				this.name,
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
				this.name,
				'it is not a tagdeck world (no schema version)',
			);
		}

		if (version > schemaVersion) {
			throw new WorldFileError(
				'WorldFile.NewerVersion',
				this.name,
				`it was written by a newer tagdeck (schema ${version}; this one reads up to ${schemaVersion})`,
				'It was left untouched. Upgrade tagdeck to open it, or point --db at another file.',
			);
		}

		try {
			return migrate(value as {schema: number});
		} catch (error) {
			// Nesting deeper than the stack can walk: no world has it.
			if (!(error instanceof RangeError)) throw error;
			throw new WorldFileError(
				'WorldFile.Invalid',
				this.name,
				'it is not a tagdeck world (its JSON is nested too deeply to read)',
			);
		}
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

	/**
	Writes the world atomically. `stillOurs` is asked just before the rename:
	when it throws (the lock was lost), the world file is left as it was.
	*/
	async write(
		data: WorldData,
		stillOurs: () => void = () => undefined,
	): Promise<void> {
		const mode = await this.writableMode();
		try {
			await replaceFile(
				this.path,
				mode,
				async (handle) => writeJson(handle, data),
				stillOurs,
			);
		} catch (error) {
			if (error instanceof WorldFileError) throw error;
			throw new WorldFileError(
				'WorldFile.WriteFailed',
				this.name,
				`it could not be written (${(error as Error).message})`,
				'Nothing was changed. Check the folder exists and is writable and the disk has room, or use --db with another file.',
			);
		}

		this.stamp = await this.currentStamp();
		if (this.stamp) await rememberChecked(this.path, this.stamp);
	}

	/**
	The mode a write gives the file: the file's own, so a write never widens
	or narrows who may read it (new files: 0600, the world is the user's own).
	Refuses a file the user may not write, or marked read-only (no write bit,
	which tagdeck honours even for root): replacing it would undo the chmod.
	*/
	private async writableMode(): Promise<number> {
		let s: Stats;
		try {
			s = await lstat(this.path);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0o600;
			throw this.unreadable(error);
		}

		this.checkKind(s);
		const denied =
			(s.mode & 0o222) === 0 ||
			(await access(this.path, constants.W_OK).then(
				() => false,
				() => true,
			));
		if (denied) {
			throw new WorldFileError(
				'WorldFile.ReadOnly',
				this.name,
				`it is read-only (mode ${octal(s.mode)})`,
				`Nothing was changed. To let tagdeck change it run "chmod u+w ${this.path}", or copy it and use --db with the copy.`,
			);
		}

		return s.mode & 0o7777;
	}

	private async validate(data: WorldData) {
		// Loaded only when a file must be checked: reading a checked file does not pay for it.
		const {schemaProblems} = await import('./schema.js');
		const problems = schemaProblems(data);
		if (problems.length > 0) {
			throw new WorldFileError(
				'WorldFile.Invalid',
				this.name,
				`it does not have the shape of a tagdeck world: ${problems.join('; ')}`,
			);
		}

		for (const [key, resource] of Object.entries(data.resources)) {
			if (resource.id !== key) {
				throw new WorldFileError(
					'WorldFile.Invalid',
					this.name,
					`resource "${key}" says its ID is "${resource.id}"`,
				);
			}
		}

		const ramProblem = ramProblems(data.ram, data.account.accessKey.id);
		if (ramProblem) {
			throw new WorldFileError('WorldFile.Invalid', this.name, ramProblem);
		}

		// Undo puts a patch's whole document back under the patch's ID.
		for (const event of data.log) {
			for (const patch of event.patches) {
				for (const whole of [patch.b, patch.a]) {
					const id =
						patch.c === 'm'
							? ramKey(whole as RamEntity | null | undefined)
							: (whole as {id?: unknown} | null | undefined)?.id;
					if (patch.c !== 'a' && id !== undefined && id !== patch.id) {
						throw new WorldFileError(
							'WorldFile.Invalid',
							this.name,
							`step #${event.seq} has a change of "${patch.id}" that holds "${JSON.stringify(id)}"`,
						);
					}
				}
			}
		}
	}

	private unreadable(error: unknown) {
		return new WorldFileError(
			'WorldFile.Unreadable',
			this.name,
			`it cannot be read (${(error as Error).message})`,
			'It was left untouched. Check its permissions, or use --db with another file.',
		);
	}
}

const ramKey = (entity: RamEntity | null | undefined) =>
	entity ? `${entity.kind}:${entity.name}` : undefined;

/**
What the schema cannot say of RAM: each entry is kept under its kind and name,
user IDs and AccessKey IDs (the account's among them) are unique, and every
member and attached custom policy exists.
*/
function ramProblems(
	ram: WorldData['ram'],
	accountKey: string,
): string | undefined {
	const ids = new Set<string>();
	const keys = new Set<string>([accountKey]);
	for (const [key, entity] of Object.entries(ram)) {
		if (ramKey(entity) !== key) {
			return `RAM entry "${key}" holds the ${entity.kind} "${entity.name}"`;
		}

		if (entity.kind === 'policy') continue;
		if (entity.kind === 'user') {
			if (ids.has(entity.id)) return `two RAM users have the ID ${entity.id}`;
			ids.add(entity.id);
			for (const accessKey of entity.accessKeys) {
				if (keys.has(accessKey.id)) {
					return `two AccessKey pairs have the ID ${accessKey.id}`;
				}

				keys.add(accessKey.id);
			}
		} else {
			const missing = entity.members.find((name) => !ram[`user:${name}`]);
			if (missing !== undefined) {
				return `RAM group "${entity.name}" has the member "${missing}", who is not a RAM user`;
			}
		}

		const policy = entity.policies.find(
			(ref) => ref.type === 'Custom' && !ram[`policy:${ref.name}`],
		);
		if (policy) {
			return `RAM ${entity.kind} "${entity.name}" holds the custom policy "${policy.name}", which does not exist`;
		}
	}

	return undefined;
}
