/**
Whether the built command line (dist/bin/cli.js) is older than what it is
built from: every file under source/ and data/, and the build's own
configuration. `npm start` builds only then.
*/
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';

/** What the build reads, relative to the project root. */
export const buildInputs = [
	'source',
	'data',
	'scripts/bundle.js',
	'tsconfig.json',
	'tsconfig.build.json',
	'package.json',
	'package-lock.json',
];

/** The built file whose time stands for the whole build (the bundle writes it last). */
export const builtFile = path.join('dist', 'bin', 'cli.js');

/** What stat says of `file`, or undefined when there is no such file. */
async function statOrUndefined(file) {
	try {
		return await stat(file);
	} catch (error) {
		if (error.code === 'ENOENT') return undefined;
		throw error;
	}
}

/** The newest modification time of a file or of any file below a folder (0 when absent). */
async function newest(entry) {
	const info = await statOrUndefined(entry);
	if (!info) return 0;
	if (!info.isDirectory()) return info.mtimeMs;
	const children = await readdir(entry);
	const times = await Promise.all(
		children.map(async (child) => newest(path.join(entry, child))),
	);
	return Math.max(info.mtimeMs, ...times);
}

/** True when dist/bin/cli.js is missing or older than any build input under `root`. */
export async function isStale(root) {
	const info = await statOrUndefined(path.join(root, builtFile));
	if (!info) return true;
	const built = info.mtimeMs;
	const inputs = await Promise.all(
		buildInputs.map(async (input) => newest(path.join(root, input))),
	);
	return inputs.some((time) => time > built);
}
