/**
`npm start`: builds only when something the build reads changed since the
last build (scripts/stale.js), then runs the built command line in this same
process, with the same arguments, standard streams and exit code.
*/
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {builtFile, isStale} from './stale.js';

const root = fileURLToPath(new URL('..', import.meta.url));

if (await isStale(root)) {
	// Under npm, its own script runs the build; run directly, the npm on PATH does.
	const npm = process.env.npm_execpath;
	const [command, first] = npm ? [process.execPath, [npm]] : ['npm', []];
	const build = spawnSync(command, [...first, 'run', 'build', '--silent'], {
		cwd: root,
		stdio: 'inherit',
	});
	if (build.status !== 0) {
		process.stderr.write(
			'tagdeck: the build failed (see above), so nothing was started.\n',
		);
		process.exitCode = build.status ?? 1;
	}
}

if (process.exitCode === undefined) {
	const cli = path.join(root, builtFile);
	process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
	await import(pathToFileURL(cli).href);
}
