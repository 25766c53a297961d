import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {pastSteps} from '../helpers/world.js';
import type {WorldData} from '../../source/core/model.js';
import {Store} from '../../source/store/store.js';
import {
	demoData,
	demoId,
	folderNames,
	makeTempDir,
	removeTempDir,
	runWorker,
	type WorkerResult,
} from '../helpers/store-files.js';
import {worldProblems} from '../helpers/world-check.js';

// Quality target R1: 4 processes × 250 commands on one file, none lost. The
// log keeps 1,000 steps, so all 1,000 commands stay in it.
const workers = 4;
const perWorker = 250;
const demo = demoData();
// Instances with few tags: each gets at most one key per worker (quota 20).
const targets = [
	demoId(demo, 'web-prod-1', 'Ecs-Instance'),
	demoId(demo, 'web-prod-2', 'Ecs-Instance'),
	demoId(demo, 'dev-box-1', 'Ecs-Instance'),
	demoId(demo, 'win-test-1', 'Ecs-Instance'),
	demoId(demo, 'ack-prod-node-2', 'Ecs-Instance'),
];

describe(`${workers} processes × ${perWorker} commands on one file`, () => {
	let directory: string | undefined;
	let file: string;
	let results: WorkerResult[];
	let reads = 0;
	const badReads: string[] = [];
	let data: WorldData;

	beforeAll(async () => {
		directory = await makeTempDir();
		file = path.join(directory, 'world.json');
		await new Store(file).load();
		// While the workers run, keep reading the file as a UI would: every
		// version seen must parse and pass the full check (WorldFile.read
		// would skip the schema check of a file tagdeck wrote last).
		const state = {running: true};
		const reader = (async () => {
			while (state.running) {
				const problems = worldProblems(file, await readFile(file, 'utf8'));
				reads++;
				if (problems.length > 0) badReads.push(problems.join('; '));

				await new Promise((resolve) => {
					setTimeout(resolve, 5);
				});
			}
		})();
		try {
			results = await Promise.all(
				Array.from({length: workers}, async (_, worker) =>
					runWorker(file, worker, perWorker, targets, 90_000),
				),
			);
		} finally {
			state.running = false;
			await reader;
		}

		data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
	}, 120_000);

	afterAll(async () => {
		await removeTempDir(directory);
	});

	test('every worker finished without error', () => {
		for (const [worker, result] of results.entries()) {
			expect(result.timedOut, `worker ${worker} timed out`).toBe(false);
			expect(result.stderr, `worker ${worker}`).toBe('');
			expect(result.code, `worker ${worker}`).toBe(0);
			expect(JSON.parse(result.stdout)).toEqual({
				worker: String(worker),
				applied: perWorker,
			});
		}
	});

	test('the file stayed valid for every reader and is valid now', async () => {
		expect(badReads).toEqual([]);
		expect(reads).toBeGreaterThan(0);
		await expect(new Store(file).load()).resolves.toBeDefined();
		expect(await folderNames(directory!)).toEqual(['world.json']);
	});

	test('the revision counts every command', () => {
		expect(data.revision).toBe(workers * perWorker);
	});

	test('every command is in the log, once', () => {
		// The log holds 1,000 steps: the demo world's past, the oldest, went first.
		expect(data.log).toHaveLength(workers * perWorker);
		expect(data.log.map((event) => event.seq)).toEqual(
			Array.from({length: workers * perWorker}, (_, i) => pastSteps + i + 1),
		);
		for (let worker = 0; worker < workers; worker++) {
			const key = `counter-w${worker}`;
			const values = data.log
				.filter(
					(event) => event.command.op === 'tag' && key in event.command.tags,
				)
				.map((event) =>
					Number((event.command as {tags: Record<string, string>}).tags[key]),
				);
			expect(values, key).toEqual(Array.from({length: perWorker}, (_, i) => i));
		}
	});

	test('the workers really ran at the same time', () => {
		// Consecutive log entries from different workers: the lock was shared.
		let switches = 0;
		const owner = (index: number) =>
			Object.keys(
				(data.log[index]!.command as {tags: Record<string, string>}).tags,
			)[0];
		for (let i = 1; i < data.log.length; i++) {
			if (owner(i) !== owner(i - 1)) switches++;
		}

		expect(switches).toBeGreaterThan(workers);
	});

	test('the final values are those of each worker’s last command per resource', () => {
		for (const [index, id] of targets.entries()) {
			// Command i of a worker went to targets[i % targets.length].
			let last = -1;
			for (let i = 0; i < perWorker; i++)
				if (i % targets.length === index) last = i;
			for (let worker = 0; worker < workers; worker++) {
				expect(
					data.resources[id]!.tags[`counter-w${worker}`],
					`${id} w${worker}`,
				).toBe(String(last));
			}

			// Nothing else of the resource was lost: its demo tags are all there.
			expect(data.resources[id]!.tags).toMatchObject(demo.resources[id]!.tags);
		}
	});
});
