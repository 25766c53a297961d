import fs from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import envPaths from 'env-paths';
import {WorldFileError} from './errors.js';

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

export function folderError(path: string, error: unknown): WorldFileError {
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
