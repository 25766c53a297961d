import {spawn} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {WorldData} from '../../source/core/model.js';
import {demoWorld} from '../../source/core/worlds.js';
import {projectRoot} from './root.js';

export {projectRoot} from './root.js';

/** The project's root folder. */

/** A new empty folder under the system's temporary folder. */
export async function makeTempDir(prefix = 'tagdeck-store-'): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeTempDir(directory: string | undefined) {
	if (directory) await rm(directory, {recursive: true, force: true});
}

/**
A fresh demo world, as plain data, made now: the world a store creates when
there is no file, whose past is dated from the moment it is made.
*/
export function demoData(): WorldData {
	return demoWorld(new Date().toISOString());
}

/** The demo world as tagdeck writes it: compact JSON. */
export function demoText(): string {
	return JSON.stringify(demoData());
}

/** The names in a folder, sorted. */
export async function folderNames(directory: string): Promise<string[]> {
	const names = await readdir(directory);
	return names.toSorted();
}

/** The IDs of demo resources by name (names of one type are unique in the demo world). */
export function demoId(data: WorldData, name: string, type?: string): string {
	const found = Object.values(data.resources).filter(
		(r) => r.name === name && (!type || r.type === type),
	);
	if (found.length !== 1)
		throw new Error(
			`expected one demo resource named ${name}, found ${found.length}`,
		);
	return found[0]!.id;
}

export type WorkerResult = {
	code: number | null;
	stdout: string;
	stderr: string;
	/** True when the worker was killed for taking longer than allowed. */
	timedOut: boolean;
};

/**
Runs test/helpers/store-worker.ts in its own Node process: `count` tag
commands on `file`, spread over `ids`.
*/
export async function runWorker(
	file: string,
	worker: number,
	count: number,
	ids: string[],
	timeoutMs = 60_000,
): Promise<WorkerResult> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.join(projectRoot, 'test/helpers/store-worker.ts'),
			file,
			String(worker),
			String(count),
			...ids,
		],
		{
			cwd: projectRoot,
			env: {...process.env, NODE_ENV: 'production'},
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		child.kill('SIGKILL');
	}, timeoutMs);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	clearTimeout(timer);
	return {code, stdout, stderr, timedOut};
}

/** Whether the file holds exactly these bytes. */
export async function sameBytes(
	file: string,
	expected: Buffer | string,
): Promise<boolean> {
	const bytes = await readFile(file);
	return bytes.equals(Buffer.from(expected));
}
