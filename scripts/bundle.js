/**
Bundles the command line into dist/bin/: one module for what every command
needs, and chunks for what only some load when they need it (the terminal UI,
the world-file schema, string-width for text output). Node then reads a handful
of files at start-up instead of several hundred modules, which is most of a
command's start-up time.
*/
import {chmod, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {Ajv} from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import {build} from 'esbuild';
// Emitted by `tsc -p tsconfig.build.json`, which the build runs first.
import {ajvOptions, worldSchema} from '../dist/source/store/world-schema.js';

const outdir = new URL('../dist/bin/', import.meta.url);
await rm(outdir, {recursive: true, force: true});

/*
The world schema's validator as code, generated here by Ajv (its standalone
mode) and bundled in place of source/store/world-validator.ts, which would
compile the schema at run time.
*/
const generated = new URL(
	'../dist/generated/validate-world.js',
	import.meta.url,
);
const ajv = new Ajv({...ajvOptions, code: {source: true, esm: true}});
const validatorCode = standaloneCode(ajv, ajv.compile(worldSchema));
await mkdir(new URL('.', generated), {recursive: true});
await writeFile(generated, validatorCode);

/** @type {import('esbuild').Plugin} */
const generatedValidator = {
	name: 'generated-world-validator',
	setup(plugin) {
		// Filters are Go regular expressions, which take no flags.
		// eslint-disable-next-line require-unicode-regexp
		plugin.onResolve({filter: /\/world-validator\.js$/}, () => ({
			path: 'world-validator',
			namespace: 'generated',
		}));
		// eslint-disable-next-line require-unicode-regexp
		plugin.onLoad({filter: /.*/, namespace: 'generated'}, () => ({
			contents: `export {validate as validateWorld} from ${JSON.stringify(generated.pathname)};`,
			resolveDir: '.',
		}));
	},
};

const dataFolder = new URL('../data/', import.meta.url).pathname;

/**
@type {import('esbuild').Plugin}
tagdeck's own data files (data/**.json, imported as ES modules' default) as
JSON.parse of their text: V8 reads a JSON string faster than the same data
written as a JavaScript object literal, and every command pays for it at
start-up. Packages' JSON is left to esbuild: CommonJS code require()s it.
*/
const jsonAsText = {
	name: 'json-as-text',
	setup(plugin) {
		// eslint-disable-next-line require-unicode-regexp
		plugin.onLoad({filter: /\.json$/}, async ({path}) => {
			if (!path.startsWith(dataFolder)) return undefined;
			const text = await readFile(path, 'utf8');
			// Parsed here first: a malformed data file fails the build, not a user's command.
			return {
				contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`,
				loader: 'js',
			};
		});
	},
};

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
	plugins: [generatedValidator, jsonAsText],
	logLevel: 'warning',
});

await chmod(new URL('cli.js', outdir), 0o755);
