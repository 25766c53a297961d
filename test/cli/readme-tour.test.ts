import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const binary = join(root, 'dist', 'bin', 'cli.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const tours = [
	...readme.matchAll(/<!-- tour -->\s*```sh\n([\s\S]*?)```/gv),
].map((m) => m[1]!);
const lines = tours
	.flatMap((tour) => tour.split('\n'))
	.filter((line) => line.startsWith('tagdeck '));
const folder = mkdtempSync(join(tmpdir(), 'tagdeck-tour-'));
const db = join(folder, 'world.json');

afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

describe('the README tour, line by line, as a new user runs it', () => {
	it('has a tour', () => {
		expect(lines.length).toBeGreaterThan(15);
		execFileSync(process.execPath, [binary, '--help']);
	});

	for (const line of lines) {
		const expected = /# exits (\d)/v.exec(line)?.[1] ?? '0';
		it(`${line.replace(/\s+#.*$/v, '')} (exit ${expected})`, () => {
			const result = spawnSync(
				'bash',
				[
					'-c',
					`tagdeck() { "${process.execPath}" "${binary}" "$@"; }\n${line}`,
				],
				{
					env: {...process.env, TAGDECK_DB: db, NODE_ENV: 'production'},
					encoding: 'utf8',
				},
			);
			expect(result.stderr + result.stdout).not.toContain('Error:');
			expect(String(result.status), result.stderr).toBe(expected);
		});
	}
});
