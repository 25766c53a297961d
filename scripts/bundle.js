/**
Bundles the command line into dist/bin/: one module for what every command
needs, and chunks for what only some load when they need it (the terminal UI,
the world-file schema, string-width for text output). Node then reads a handful
of files at start-up instead of several hundred modules, which is most of a
command's start-up time.
*/
import {chmod, rm} from 'node:fs/promises';
import {build} from 'esbuild';

const outdir = new URL('../dist/bin/', import.meta.url);
await rm(outdir, {recursive: true, force: true});

await build({
	entryPoints: [new URL('../source/cli.ts', import.meta.url).pathname],
	outdir: outdir.pathname,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	chunkNames: 'chunks/[name]-[hash]',
	// React's production build: without this, React picks its development build
	// at run time unless the user happens to set NODE_ENV, and renders far slower.
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads React DevTools only when DEV=true and the package is installed.
	external: ['react-devtools-core'],
	// The CommonJS packages inside (proper-lockfile, graceful-fs) call require().
	banner: {
		js: "import {createRequire as tagdeckRequire} from 'node:module';\nconst require = tagdeckRequire(import.meta.url);",
	},
	logLevel: 'warning',
});

await chmod(new URL('cli.js', outdir), 0o755);
