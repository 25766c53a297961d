import fs from 'node:fs';
import {lstat, stat} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {TagdeckError} from '../core/errors.js';
import {isTemporaryOf, replaceFile} from './files.js';

/** The file a name means: links followed, a new name resolved through its folder. */
function realTarget(file: string): string {
	const target = resolve(file);
	try {
		return fs.realpathSync(target);
	} catch {}

	try {
		return join(fs.realpathSync(dirname(target)), basename(target));
	} catch {
		return target;
	}
}

function refused(file: string, why: string): TagdeckError {
	return new TagdeckError(
		'Export.Refused',
		`Not exported, nothing written: ${file} ${why}. Give another file name.`,
	);
}

/**
Writes `text` to `file`, for :export. The world file and what belongs to it
(its lock folder, its temporary files, and any name that leads to it) are
never written; nor is anything but a regular file. An existing file is
replaced only when `overwrite` (the user said yes); otherwise the answer is
'exists'. The write is atomic: the old file or the new one, never half.
*/
export async function exportText(
	world: string,
	file: string,
	text: string,
	overwrite: boolean,
): Promise<'written' | 'exists'> {
	const target = realTarget(file);
	const lock = `${world}.lock`;
	if (
		target === world ||
		target === lock ||
		target.startsWith(`${lock}/`) ||
		(dirname(target) === dirname(world) &&
			isTemporaryOf(world, basename(target)))
	) {
		throw refused(file, 'is the open world file, or part of it');
	}

	let mode = 0o644;
	const found = await lstat(target).catch(() => undefined);
	if (found) {
		if (!found.isFile()) throw refused(file, 'is not a regular file');
		const open = await stat(world).catch(() => undefined);
		if (open?.ino === found.ino && open.dev === found.dev)
			throw refused(file, 'is another name of the open world file');
		if (!overwrite) return 'exists';
		mode = found.mode % 0o1_0000;
	}

	try {
		await replaceFile(target, mode, async (handle) => {
			await handle.writeFile(text);
		});
	} catch (error) {
		throw refused(file, `could not be written (${(error as Error).message})`);
	}

	return 'written';
}
