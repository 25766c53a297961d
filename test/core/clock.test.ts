/*
The world's clock (docs/behaviour.md §9): world time is this machine's time
plus the world's offset; clock advance moves it forward as a step that undo
reverses; every step is stamped with world time.
*/
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {durationSeconds, worldNow} from '../../source/core/clock.js';
import {Store} from '../../source/store/store.js';
import {demo, now, run} from '../helpers/world.js';
import {makeTempDir, removeTempDir} from '../helpers/store-files.js';

describe('durations', () => {
	test.each([
		['90m', 5400],
		['36h', 129_600],
		['7d', 604_800],
		['2w', 1_209_600],
		['1d12h', 129_600],
		['45s', 45],
	])('%s is %i seconds', (text, seconds) => {
		expect(durationSeconds(text, now)).toBe(seconds);
	});

	test('a month is a calendar month: from 31 January to the end of February, from 5 December to 5 January', () => {
		expect(durationSeconds('1mo', '2026-12-05T00:00:00.000Z')).toBe(
			31 * 86_400,
		);
		expect(durationSeconds('1mo', '2026-11-05T00:00:00.000Z')).toBe(
			30 * 86_400,
		);
	});

	test('a duration longer than 64 characters says so', () => {
		expect(() => durationSeconds('1d'.repeat(40), now)).toThrow(
			/at most 64 characters; this one has 80/v,
		);
	});

	test.each(['', '7', 'd', '7x', '-1d', '1.5h', '7 d', `${'1d'.repeat(40)}`])(
		'%j is refused with InvalidParameter.Duration, naming the units',
		(text) => {
			expect(() => durationSeconds(text, now)).toThrow(
				expect.objectContaining({code: 'InvalidParameter.Duration'}),
			);
		},
	);
});

describe('clock advance', () => {
	test('moves world time forward; the step itself is stamped before it moves; undo moves it back', () => {
		const world = demo();
		expect(world.data.clock).toEqual({offset: 0});
		const result = run(world, {op: 'clock', advance: '7d'});
		expect(result.ok).toBe(true);
		expect(world.data.clock).toEqual({offset: 604_800});
		expect(result.event!.at).toBe(now);
		const wall = Date.parse('2026-12-01T00:00:00.000Z');
		expect(worldNow(world.data, wall)).toBe('2026-12-08T00:00:00.000Z');
		run(world, {op: 'undo'});
		expect(world.data.clock).toEqual({offset: 0});
	});

	test('never more than ten years ahead, and never backwards', () => {
		const world = demo();
		expect(run(world, {op: 'clock', advance: '0s'}).error?.code).toBe(
			'InvalidParameter.Duration',
		);
		expect(run(world, {op: 'clock', advance: '4000d'}).error?.code).toBe(
			'InvalidParameter.Duration',
		);
		expect(world.data.clock).toEqual({offset: 0});
	});
});

describe('steps are stamped with world time', () => {
	let directory: string | undefined;
	beforeEach(async () => {
		directory = await makeTempDir();
	});
	afterEach(async () => {
		await removeTempDir(directory);
	});

	test('a step after clock advance 30d is stamped 30 days after this machine’s time', async () => {
		const store = new Store(path.join(directory!, 'world.json'));
		await store.load();
		await store.apply({op: 'clock', advance: '30d'});
		const before = Date.now();
		const world = await store.load();
		const {id} = world.resources().find((r) => r.type === 'Ecs-Instance')!;
		const result = await store.apply({op: 'tag', ids: [id], tags: {a: '1'}});
		const at = Date.parse(result.event!.at);
		const ahead = at - before;
		expect(ahead).toBeGreaterThanOrEqual(30 * 86_400_000);
		expect(ahead).toBeLessThan(30 * 86_400_000 + 60_000);
	});
});

test('the core reads no clock and no randomness of its own: time comes in with each command', async () => {
	const {readdir, readFile} = await import('node:fs/promises');
	const {projectRoot} = await import('../helpers/root.js');
	const folder = path.join(projectRoot, 'source', 'core');
	const offenders: string[] = [];
	// Every file of the core, in its subfolders too (the RAM engine's).
	const entries = await readdir(folder, {withFileTypes: true, recursive: true});
	const files = entries.filter((entry) => entry.isFile());
	expect(files.some((entry) => entry.parentPath !== folder)).toBe(true);
	for (const entry of files) {
		const file = path.join(entry.parentPath, entry.name);
		const text = await readFile(file, 'utf8');
		if (
			/Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(/v.test(text)
		)
			offenders.push(path.relative(folder, file));
	}

	expect(offenders).toEqual([]);
});
