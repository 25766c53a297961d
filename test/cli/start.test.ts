import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, rm, stat, utimes, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without types.
import {isStale} from '../../scripts/stale.js';
import {projectRoot} from '../helpers/root.js';

const stale = isStale as (root: string) => Promise<boolean>;

async function npmStart(args: string[]) {
	const child = spawn(
		process.execPath,
		[path.join(projectRoot, 'scripts', 'start.js'), ...args],
		{cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe']},
	);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += String(chunk);
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += String(chunk);
	});
	const code = await new Promise<number | null>((resolve) => {
		child.on('close', resolve);
	});
	return {code, stdout, stderr};
}

const built = path.join(projectRoot, 'dist', 'bin', 'cli.js');

async function builtAt(): Promise<number> {
	const info = await stat(built);
	return info.mtimeMs;
}

describe('npm start', () => {
	test('runs the built command line with its arguments, and rebuilds nothing when nothing changed', async () => {
		const first = await npmStart(['--version']);
		expect(first.stdout.trim(), first.stderr).toBe('0.1.0');
		const before = await builtAt();
		const second = await npmStart(['--version']);
		expect(second.stdout.trim(), second.stderr).toBe('0.1.0');
		expect(await builtAt()).toBe(before);
	});

	test('passes the exit code through', async () => {
		const result = await npmStart(['no-such-command']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('Unknown command: no-such-command');
	});
});

describe('what makes npm start build', () => {
	let root: string;
	const hourAgo = new Date(Date.now() - 3_600_000);
	const later = new Date(Date.now() + 3_600_000);

	beforeEach(async () => {
		root = await mkdtemp(path.join(os.tmpdir(), 'tagdeck-start-'));
		for (const folder of ['source/ui', 'data', 'scripts', 'dist/bin'])
			await mkdir(path.join(root, folder), {recursive: true});
		for (const file of [
			'source/ui/app.tsx',
			'data/rules.json',
			'scripts/bundle.js',
			'tsconfig.json',
			'tsconfig.build.json',
		]) {
			await writeFile(path.join(root, file), '');
			await utimes(path.join(root, file), hourAgo, hourAgo);
		}

		for (const folder of ['source/ui', 'source', 'data', 'scripts'])
			await utimes(path.join(root, folder), hourAgo, hourAgo);
	});

	afterEach(async () => {
		await rm(root, {recursive: true, force: true});
	});

	test('nothing built yet: it builds', async () => {
		expect(await stale(root)).toBe(true);
	});

	test('built after every input: it does not build', async () => {
		await writeFile(path.join(root, 'dist/bin/cli.js'), '');
		expect(await stale(root)).toBe(false);
	});

	test.each(['source/ui/app.tsx', 'data/rules.json', 'tsconfig.build.json'])(
		'%s changed after the build: it builds',
		async (file) => {
			await writeFile(path.join(root, 'dist/bin/cli.js'), '');
			await utimes(path.join(root, file), later, later);
			expect(await stale(root)).toBe(true);
		},
	);

	test('a file added under source/ after the build: it builds', async () => {
		await writeFile(path.join(root, 'dist/bin/cli.js'), '');
		await utimes(path.join(root, 'dist/bin/cli.js'), hourAgo, hourAgo);
		await writeFile(path.join(root, 'source/ui/new.ts'), '');
		expect(await stale(root)).toBe(true);
	});
});
