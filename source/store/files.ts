/* eslint-disable no-bitwise -- file modes are bit masks */
import {createHash, randomBytes} from 'node:crypto';
import type {Stats} from 'node:fs';
import {
	type FileHandle,
	mkdir,
	open,
	readFile,
	rename,
	unlink,
	writeFile,
} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import envPaths from 'env-paths';

/** A new temporary file beside the world `file`: `.<name>.<pid>.<8 hex>.tmp`. */
function temporaryFor(file: string): string {
	return join(
		dirname(file),
		`.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
	);
}

/** True when `name` is a temporary file of the world `file` (see temporaryFor). */
export function isTemporaryOf(file: string, name: string): boolean {
	const prefix = `.${basename(file)}.`;
	return (
		name.startsWith(prefix) &&
		/^\d+\.[\da-f]{8}\.tmp$/v.test(name.slice(prefix.length))
	);
}

/**
Replaces `target` atomically: a new temporary file beside it is filled,
given `mode`, flushed to disk and renamed over it, so a reader sees the old
file or the new one. `beforeRename` may refuse at the last moment (it throws);
then, as on any failure, the temporary file is removed and `target` is as it was.
*/
export async function replaceFile(
	target: string,
	mode: number,
	fill: (handle: FileHandle) => Promise<void>,
	beforeRename: () => void = () => undefined,
): Promise<void> {
	const temporary = temporaryFor(target);
	try {
		const handle = await open(temporary, 'wx', 0o600);
		try {
			await handle.chmod(mode);
			await fill(handle);
			await handle.sync();
		} finally {
			await handle.close();
		}

		beforeRename();
		await rename(temporary, target);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}

/**
What identifies one version of the file on disk, to skip re-reading it. The
inode's change time moves with every write, rename, chmod and utime and cannot
be set back, so an edit that keeps the size and puts the mtime back still
changes the stamp.
*/
export type Stamp = {
	size: number;
	mtimeMs: number;
	ctimeMs: number;
	ino: number;
	dev: number;
};

export function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
	return (
		a !== undefined &&
		a.size === b?.size &&
		a.mtimeMs === b.mtimeMs &&
		a.ctimeMs === b.ctimeMs &&
		a.ino === b.ino &&
		a.dev === b.dev
	);
}

export function stampOf(s: Stats): Stamp {
	return {
		size: s.size,
		mtimeMs: s.mtimeMs,
		ctimeMs: s.ctimeMs,
		ino: s.ino,
		dev: s.dev,
	};
}

/** What a file-system entry is, in words, when it is not a regular file. */
export function kindOf(s: Stats): string | undefined {
	if (s.isFile()) return undefined;
	if (s.isDirectory()) return 'a folder';
	if (s.isFIFO()) return 'a named pipe (FIFO)';
	if (s.isCharacterDevice()) return 'a character device';
	if (s.isBlockDevice()) return 'a block device';
	if (s.isSocket()) return 'a socket';
	return 'not a regular file';
}

/** The mode bits of a file, as `chmod` writes them (0644). */
export function octal(mode: number): string {
	return `0${(mode & 0o7777).toString(8)}`;
}

/**
Where the stamp of the world file `path`, as tagdeck last wrote or fully
checked it, is kept: the user's cache folder, never beside the world. A file
with that stamp is the one that passed, so its full check is not repeated;
an edit changes its change time (see Stamp), and it is checked again.
*/
function checkedPath(path: string): string {
	const key = createHash('sha256')
		.update(resolve(path))
		.digest('hex')
		.slice(0, 32);
	return join(
		envPaths('tagdeck', {suffix: ''}).cache,
		'checked',
		`${key}.json`,
	);
}

/** The stamp of `path` as last checked, if any. */
export async function checkedStamp(path: string): Promise<Stamp | undefined> {
	try {
		return JSON.parse(await readFile(checkedPath(path), 'utf8')) as Stamp;
	} catch {
		return undefined;
	}
}

/** Records a checked stamp; a cache that cannot be written only costs a check next time. */
export async function rememberChecked(path: string, stamp: Stamp) {
	const target = checkedPath(path);
	const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await mkdir(dirname(target), {recursive: true});
		await writeFile(temporary, JSON.stringify(stamp));
		await rename(temporary, target);
	} catch {
		await unlink(temporary).catch(() => undefined);
	}
}
