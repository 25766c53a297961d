/*
IDs that do not exist, mixed with ones that do, and huge batches (docs/reliability.md R5):
a clear error that lists every unknown ID once, nothing applied without
--partial, no crash, and output that grows with the failures, not with the
batch (the changes are summed up after the first lines).
*/
import {copyFile, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	makeTempDir,
	printed,
	readWorld,
	removeTempDir,
	sameBytes,
	tagdeck,
} from '../helpers/cli-run.js';
import {targetIds} from '../../source/commands/context.js';
import {loadTextOutput, table} from '../../source/commands/output.js';
import {World} from '../../source/core/world.js';
import {demoWorld} from '../../source/core/worlds.js';
import {now} from '../helpers/world.js';
import {rawControls} from './controls.js';

describe('unknown IDs among known ones (demo world)', () => {
	let worlds: DemoWorlds;
	let db: string;
	let before: Buffer;

	beforeAll(async () => {
		worlds = await DemoWorlds.create();
		db = await worlds.copy();
		before = await readFile(db);
	});

	afterAll(async () => {
		await worlds?.remove();
	});

	const unknown = 'i-bp1doesnotexist0000';
	test.concurrent.each([
		['untag', (id: string) => ['untag', id, unknown, '--key', 'env']],
		['stop', (id: string) => ['stop', id, unknown]],
		['release', (id: string) => ['release', unknown, id]],
		['run', (id: string) => ['run', id, unknown, '--command', 'uptime']],
	])(
		'%s: refused as a whole, the unknown ID named with the fix, nothing applied',
		async (_name, args) => {
			const result = await tagdeck(
				args(worlds.id('web-prod-1', 'Ecs-Instance')),
				{db},
			);
			expect(result.code, printed(result)).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr.trimEnd().split('\n')).toEqual([
				'Refused: 1 resource would fail, so nothing was changed. Fix them, or apply to the others with --partial.',
				`  ✗ ${unknown}  InvalidResourceId.NotFound: The specified resource "${unknown}" is not found. List IDs with: tagdeck list`,
			]);
			expect(await sameBytes(db, before)).toBe(true);
		},
	);
});

describe('100,000 IDs on standard input, on a world of 100,000 resources', () => {
	let directory: string;
	let db: string;
	let before: Buffer;
	let known: string[];
	let unknown: string[];
	let input: string;
	let step: number;

	beforeAll(async () => {
		directory = await makeTempDir('tagdeck-huge-');
		db = path.join(directory, 'world.json');
		const made = await tagdeck(
			['init', '--resources', '100000', '--seed', '7', '--db', db],
			{timeoutMs: 60_000},
		);
		expect(made.code, printed(made)).toBe(0);
		before = await readFile(db);
		const world = JSON.parse(before.toString('utf8')) as {
			resources: object;
			nextSeq: number;
		};
		const ids = Object.keys(world.resources);
		// The step after the generated world's past.
		step = world.nextSeq;
		expect(ids).toHaveLength(100_000);
		// 92,500 known, 2,500 of them twice; 2,500 unknown, each twice: 100,000 lines.
		known = ids.slice(0, 92_500);
		unknown = Array.from(
			{length: 2500},
			(_, i) => `i-unknown${String(i).padStart(6, '0')}`,
		);
		const lines = [
			...known,
			...unknown,
			...known.slice(0, 2500),
			...unknown.toReversed(),
		];
		expect(lines).toHaveLength(100_000);
		input = `${lines.join('\n')}\n`;
	}, 120_000);

	afterAll(async () => {
		await removeTempDir(directory);
	});

	/** The IDs of the ✗ lines of a refusal or a partial result. */
	function failedIds(text: string): string[] {
		return text
			.split('\n')
			.filter((line) => line.startsWith('  ✗ '))
			.map((line) => line.split(/\s+/v)[2]!);
	}

	test.concurrent(
		'without --partial: refused, each unknown ID listed once, nothing applied, output sized by the failures',
		async () => {
			const result = await tagdeck(['tag', '-', '--tag', 'bulk=1'], {
				db,
				input,
				timeoutMs: 60_000,
			});
			expect(result.code, printed(result)).toBe(1);
			expect(result.stdout).toBe('');
			expect(rawControls(result.raw)).toEqual([]);
			expect(result.stderr).toMatch(
				/^Refused: 2,500 resources would fail, so nothing was changed\. Fix them, or apply to the others with --partial\.\n/v,
			);
			const failed = failedIds(result.stderr);
			expect(failed).toHaveLength(2500);
			expect(failed.toSorted()).toEqual(unknown);
			expect(result.stderr.length).toBeLessThan(2500 * 200);
			expect(await sameBytes(db, before)).toBe(true);
		},
		60_000,
	);

	test.concurrent(
		'--json: {"changed": [], "failed": [...]} with each unknown ID once, nothing applied',
		async () => {
			const result = await tagdeck(['tag', '-', '--tag', 'bulk=1', '--json'], {
				db,
				input,
				timeoutMs: 60_000,
			});
			expect(result.code, printed(result)).toBe(1);
			expect(result.stderr).toBe('');
			const batch = JSON.parse(result.stdout) as {
				changed: unknown[];
				failed: Array<{id: string; code: string}>;
			};
			expect(batch.changed).toEqual([]);
			expect(batch.failed.map((f) => f.id).toSorted()).toEqual(unknown);
			expect(new Set(batch.failed.map((f) => f.code))).toEqual(
				new Set(['InvalidResourceId.NotFound']),
			);
			expect(await sameBytes(db, before)).toBe(true);
		},
		60_000,
	);

	test('--partial: the 92,500 known resources tagged in one step, the unknown listed, exit 1', async () => {
		const copy = path.join(directory, 'partial.json');
		await copyFile(db, copy);
		const result = await tagdeck(['tag', '-', '--tag', 'bulk=1', '--partial'], {
			db: copy,
			input,
			timeoutMs: 60_000,
		});
		expect(result.code, printed(result)).toBe(1);
		expect(rawControls(result.raw)).toEqual([]);
		const out = result.stdout.split('\n');
		const done = out.findIndex((line) => line.startsWith('Done: '));
		expect(out[done]).toBe(
			`Done: 92,500 resources changed (step #${step}; tagdeck undo reverses it).`,
		);
		// The changes are summed up after the first lines; the failures are all there.
		expect(done).toBeLessThan(50);
		expect(out[done - 1]).toMatch(/^ {2}… and [\d,]+ more resources/v);
		expect(out[done + 1]).toBe('Skipped 2,500 resources that failed:');
		expect(failedIds(result.stdout).toSorted()).toEqual(unknown);
		expect(result.stdout.length).toBeLessThan(2500 * 200 + 50 * 200);

		const world = await readWorld(copy);
		expect(world.revision).toBe(1);
		const tagged = Object.values(world.resources).filter(
			(r) => r.tags.bulk === '1',
		);
		expect(tagged.map((r) => r.id).toSorted()).toEqual(known.toSorted());
	}, 60_000);
});

describe('a million IDs and rows: nothing spreads them into a call (the stack holds ~120,000)', () => {
	test('1,000,000 IDs on standard input (the demo world’s, over and over): one batch, each resource once', async () => {
		const worlds = await DemoWorlds.create();
		try {
			const db = await worlds.copy();
			const {resources} = await readWorld(db);
			const ids = Object.keys(resources);
			const lines = Array.from(
				{length: 1_000_000},
				(_, i) => ids[i % ids.length]!,
			);
			const result = await tagdeck(
				['tag', '-', '--tag', 'bulk=1', '--partial', '--dry-run', '--json'],
				{db, input: `${lines.join('\n')}\n`, timeoutMs: 60_000},
			);
			expect(result.stderr, printed(result)).toBe('');
			const batch = JSON.parse(result.stdout) as {
				changed: Array<{id: string}>;
				failed: Array<{id: string}>;
			};
			const touched = [...batch.changed, ...batch.failed].map((c) => c.id);
			expect(touched.toSorted()).toEqual(ids.toSorted());
		} finally {
			await worlds.remove();
		}
	}, 90_000);

	test('a world of 1,000,000 resources: a filter matching all of them, and a table of all of them', async () => {
		const data = demoWorld(now);
		const template = Object.values(data.resources).find(
			(r) => r.type === 'Ecs-Instance',
		)!;
		for (let i = 0; i < 1_000_000; i++) {
			const id = `i-million${String(i).padStart(7, '0')}`;
			data.resources[id] = {...template, id, tags: {}};
		}

		const world = new World(data);
		const resolve = await targetIds([], 'type:instance', template.region);
		const matched = resolve(world);
		expect(matched.length).toBeGreaterThan(1_000_000);
		await loadTextOutput();
		const rows = matched.map((id) => [id, world.get(id)!.type]);
		const text = table(['ID', 'TYPE'], rows);
		const printedLines = text.split('\n');
		expect(printedLines).toHaveLength(matched.length + 1);
		expect(printedLines[0]).toMatch(/^ID {2,}TYPE$/v);
		expect(printedLines).toContain(
			`i-million0999999${' '.repeat(8)}Ecs-Instance`,
		);
	}, 90_000);
});
