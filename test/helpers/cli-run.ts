import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {copyFile, mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {expect} from 'vitest';
import {projectRoot} from './root.js';

export {projectRoot} from './root.js';

/** The project's root folder. */

/**
The cache folder of the commands this test process runs, as a user's would
be: tagdeck keeps there the stamp of each world file it wrote or checked, so a
command does not check again a file the one before it left (an edit, or a new
file, is checked). Its own folder, removed when the process ends.
*/
const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'tagdeck-test-cache-'));
process.on('exit', () => {
	rmSync(cacheHome, {recursive: true, force: true});
});

/** The built command line, as `npm run build` makes it. */
export const cliPath = path.join(projectRoot, 'dist', 'bin', 'cli.js');

/** Fails with a clear message when the command line has not been built. */
export function requireBuild(): void {
	if (!existsSync(cliPath)) {
		throw new Error(
			`${cliPath} is missing: the command-line tests run the built tagdeck. Run "npm run build" first (npm test does).`,
		);
	}
}

export type CliResult = {
	code: number | null;
	stdout: string;
	stderr: string;
	/** The raw bytes, to look for escape characters. */
	raw: Buffer;
	/** True when it was killed for running longer than allowed. */
	timedOut?: boolean;
};

export type CliOptions = {
	/** The world file, given as TAGDECK_DB. */
	db?: string;
	/** Text for standard input (otherwise it is empty). */
	input?: string;
	/** Variables to add to (or, with undefined, remove from) the child's environment. */
	env?: Record<string, string | undefined>;
	timeoutMs?: number;
};

/**
Runs `node dist/bin/cli.js ...args` as a user would, with a small clean
environment: NODE_ENV=production, no colours, the test process's own cache
folder, and a HOME that cannot be created (below /dev/null), so nothing
reaches a real user data folder: a test that means to use the default
location passes its own HOME.
*/
export async function tagdeck(
	args: string[],
	options: CliOptions = {},
): Promise<CliResult> {
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: '/dev/null/tagdeck-test-home',
		XDG_CACHE_HOME: cacheHome,
		NODE_ENV: 'production',
		FORCE_COLOR: '0',
		LANG: 'C.UTF-8',
	};
	if (options.db) env.TAGDECK_DB = options.db;
	for (const [key, value] of Object.entries(options.env ?? {})) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}

	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: projectRoot,
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const out: Buffer[] = [];
	const error: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => {
		out.push(chunk);
	});
	child.stderr.on('data', (chunk: Buffer) => {
		error.push(chunk);
	});
	child.stdin.on('error', () => undefined);
	child.stdin.end(options.input ?? '');
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		child.kill('SIGKILL');
	}, options.timeoutMs ?? 20_000);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	clearTimeout(timer);
	const stdout = Buffer.concat(out);
	const stderr = Buffer.concat(error);
	return {
		code,
		stdout: stdout.toString('utf8'),
		stderr: stderr.toString('utf8'),
		raw: Buffer.concat([stdout, stderr]),
		timedOut,
	};
}

/** What the command printed, shortened for an assertion message. */
export function printed(result: CliResult): string {
	const all = `[exit ${result.timedOut ? 'none: killed, still running after the time allowed' : String(result.code)}]\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
	return all.length > 1500 ? `${all.slice(0, 1500)}…` : all;
}

/** Expects success (exit 0, nothing on stderr) and returns stdout. */
export function ok(result: CliResult): string {
	expect(result.stderr, printed(result)).toBe('');
	expect(result.code, printed(result)).toBe(0);
	return result.stdout;
}

/** Expects success and parses stdout as JSON. */
export function okJson<T = unknown>(result: CliResult): T {
	return JSON.parse(ok(result)) as T;
}

/** Expects a refusal (exit 1) reported as one line `tagdeck: CODE: message` on stderr. */
export function refused(result: CliResult, code: string): string {
	expect(result.code, printed(result)).toBe(1);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, result.stderr).toHaveLength(1);
	expect(lines[0]).toMatch(
		new RegExp(
			String.raw`^tagdeck: ${code.replaceAll('.', String.raw`\.`)}: \S`,
			'v',
		),
	);
	return lines[0]!;
}

/**
Expects a refusal with --json: exit 1, `{"error":{"code","message"}}` on
stderr, with `detail` too for Forbidden.RAM.
*/
export function refusedJson(
	result: CliResult,
	code: string,
): {code: string; message: string; detail?: Record<string, unknown>} {
	expect(result.code, printed(result)).toBe(1);
	expect(result.stdout).toBe('');
	const parsed = JSON.parse(result.stderr) as {
		error: {code: string; message: string; detail?: Record<string, unknown>};
	};
	expect(Object.keys(parsed)).toEqual(['error']);
	expect(Object.keys(parsed.error).toSorted()).toEqual(
		code === 'Forbidden.RAM'
			? ['code', 'detail', 'message']
			: ['code', 'message'],
	);
	expect(parsed.error.code).toBe(code);
	expect(parsed.error.message).not.toBe('');
	return parsed.error;
}

/** Expects a usage error: exit 2, a message on stderr, nothing on stdout. */
export function usage(result: CliResult): string {
	expect(result.code, printed(result)).toBe(2);
	expect(result.stderr.trim()).not.toBe('');
	return result.stderr;
}

export async function makeTempDir(prefix = 'tagdeck-cli-'): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeTempDir(directory: string | undefined) {
	if (directory) await rm(directory, {recursive: true, force: true});
}

/** A resource as `list --json` and `show --json` print it. */
export type ResourceView = {
	id: string;
	type: string;
	region: string;
	zone: string | null;
	name: string;
	status: string | null;
	tags: Record<string, string>;
	inherited: Record<string, {from: string; rule: string}>;
	links: Record<string, string>;
	linkedBy?: Record<string, string[]>;
	image?: string;
};

/**
A demo world made once by `tagdeck init`, copied for each test that changes
it, with the IDs of its resources by name (from `tagdeck list --json`).
*/
export class DemoWorlds {
	static async create(): Promise<DemoWorlds> {
		requireBuild();
		const worlds = new DemoWorlds(await makeTempDir());
		ok(await tagdeck(['init', '--db', worlds.template]));
		const all = okJson<ResourceView[]>(
			await tagdeck(['list', '--json'], {db: worlds.template}),
		);
		for (const resource of all) {
			worlds.byName.set(resource.name, [
				...(worlds.byName.get(resource.name) ?? []),
				resource,
			]);
		}

		return worlds;
	}

	readonly directory: string;
	readonly template: string;
	private readonly byName = new Map<string, ResourceView[]>();
	private copies = 0;

	private constructor(directory: string) {
		this.directory = directory;
		this.template = path.join(directory, 'template.json');
	}

	/** The demo resource with this name (and type, where names repeat). */
	resource(name: string, type?: string): ResourceView {
		const found = (this.byName.get(name) ?? []).filter(
			(r) => !type || r.type === type,
		);
		if (found.length !== 1)
			throw new Error(
				`expected one demo resource named ${name}, found ${found.length}`,
			);
		return found[0]!;
	}

	id(name: string, type?: string): string {
		return this.resource(name, type).id;
	}

	/** A fresh copy of the demo world file. */
	async copy(): Promise<string> {
		const file = path.join(this.directory, `world-${++this.copies}.json`);
		await copyFile(this.template, file);
		return file;
	}

	async remove() {
		await removeTempDir(this.directory);
	}
}

/** The world file as JSON. */
/** The world file as tagdeck wrote it (the fields the tests look at). */
export type WorldJson = {
	revision: number;
	resources: Record<string, ResourceView>;
	invocations: Record<string, {command: string; instances: string[]}>;
	log: Array<{seq: number; past?: boolean; command: {op: string}}>;
};

export async function readWorld(file: string): Promise<WorldJson> {
	return JSON.parse(await readFile(file, 'utf8')) as WorldJson;
}

export async function revisionOf(file: string): Promise<number> {
	const world = await readWorld(file);
	return world.revision;
}

export async function resourcesOf(
	file: string,
): Promise<WorldJson['resources']> {
	const world = await readWorld(file);
	return world.resources;
}

/** Whether the file holds exactly these bytes. */
export async function sameBytes(
	file: string,
	expected: Buffer | string,
): Promise<boolean> {
	const bytes = await readFile(file);
	return bytes.equals(Buffer.from(expected));
}

/** Whether two files hold the same bytes. */
export async function sameFiles(
	first: string,
	second: string,
): Promise<boolean> {
	const bytes = await readFile(second);
	return sameBytes(first, bytes);
}
