/*
Usage: npm run stress [-- --workers 8 --commands 1000 --resources 4000]

Quality target R1 at full size: several processes applying commands to one
world file at once, none lost, the file valid throughout. Each worker
(test/helpers/store-worker.ts, a separate Node process using the Store) applies
its commands one after another; command i of worker w sets counter-w<w>=<i> on
instance number i of a generated world, so with 1,000 commands every command
has a resource of its own and its effect can be checked one by one. A reader
process reads the file over and over while the workers run, and runs tagdeck's
full check (parse, JSON Schema, IDs) on every version it sees.

Afterwards: every worker applied all its commands; the revision counts every
command; the log's last steps are numbered without a gap; every command's tag
is on its resource; the reader saw no invalid file; nothing is left beside the
world (no lock, no temporary file). Prints the figures and exits 1 if any
check fails. Not part of npm test: at full size it takes minutes, most of them
waiting for the disk (every command is written and flushed before the next).
*/
import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {parseArgs} from 'node:util';
import type {WorldData} from '../../source/core/model.js';
import {generatedWorld} from '../../source/core/worlds.js';
import {Store} from '../../source/store/store.js';
import {
	folderNames,
	makeTempDir,
	projectRoot,
	removeTempDir,
	runWorker,
} from '../helpers/store-files.js';
import {worldProblems} from '../helpers/world-check.js';

const {values} = parseArgs({
	options: {
		workers: {type: 'string', default: '8'},
		commands: {type: 'string', default: '1000'},
		resources: {type: 'string', default: '4000'},
		reader: {type: 'string'},
		keep: {type: 'boolean', default: false},
	},
});

const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

/**
The reader process (--reader FILE): reads and checks the file until its
standard input ends, then prints what it saw as one JSON line.
*/
async function reader(file: string) {
	const state = {running: true};
	process.stdin.on('end', () => {
		state.running = false;
	});
	process.stdin.resume();
	let reads = 0;
	const revisions = new Set<number>();
	const problems: string[] = [];
	while (state.running) {
		const text = await readFile(file, 'utf8');
		const found = worldProblems(file, text);
		reads++;
		if (found.length > 0) problems.push(found.join('; '));
		else revisions.add((JSON.parse(text) as WorldData).revision);
		await sleep(20);
	}

	process.stdout.write(
		`${JSON.stringify({reads, revisions: revisions.size, problems: problems.slice(0, 5), invalid: problems.length})}\n`,
	);
}

type ReaderReport = {
	reads: number;
	revisions: number;
	problems: string[];
	invalid: number;
};

function startReader(file: string) {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.join(projectRoot, 'test/stress/run.ts'),
			'--reader',
			file,
		],
		{cwd: projectRoot, stdio: ['pipe', 'pipe', 'inherit']},
	);
	let stdout = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	const ended = new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	return {
		async stop(): Promise<ReaderReport> {
			child.stdin.end();
			const code = await ended;
			if (code !== 0) throw new Error(`the reader failed (exit ${code})`);
			return JSON.parse(stdout) as ReaderReport;
		},
	};
}

function count(text: string, name: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a whole number above 0, not ${text}`);
	return value;
}

async function main() {
	if (values.reader) {
		await reader(values.reader);
		return;
	}

	const workers = count(values.workers, 'workers');
	const commands = count(values.commands, 'commands');
	const resources = count(values.resources, 'resources');
	const directory = await makeTempDir('tagdeck-stress-');
	const file = path.join(directory, 'world.json');
	const failures: string[] = [];
	const check = (passed: boolean, what: string) => {
		if (!passed) failures.push(what);
		process.stdout.write(`${passed ? 'ok  ' : 'FAIL'}  ${what}\n`);
	};

	try {
		const initial = generatedWorld(resources, '1', new Date().toISOString());
		await new Store(file).replace(structuredClone(initial), false);
		// Instances with room for one more tag per worker; no target inherits from another.
		const targets = Object.values(initial.resources)
			.filter(
				(r) =>
					r.type === 'Ecs-Instance' &&
					Object.keys(r.tags).length <= 20 - workers - 2,
			)
			.map((r) => r.id)
			.toSorted()
			.slice(0, commands);
		const total = workers * commands;
		process.stdout.write(
			`R1 stress: ${workers} processes × ${commands} commands on one file (${resources.toLocaleString('en')} resources, ${targets.length} target instances) in ${directory}\n`,
		);

		const watcher = startReader(file);
		const start = performance.now();
		const results = await Promise.all(
			Array.from({length: workers}, async (_, worker) =>
				runWorker(file, worker, commands, targets, 3_600_000),
			),
		);
		const seconds = (performance.now() - start) / 1000;
		const seen = await watcher.stop();

		for (const [worker, result] of results.entries()) {
			check(
				result.code === 0 &&
					result.stderr === '' &&
					result.stdout.trim() ===
						JSON.stringify({worker: String(worker), applied: commands}),
				`worker ${worker} applied all ${commands} commands${result.code === 0 ? '' : ` (exit ${result.code}: ${result.stderr.trim().slice(0, 300)})`}`,
			);
		}

		const text = await readFile(file, 'utf8');
		const problems = worldProblems(file, text);
		check(
			problems.length === 0,
			`the file is valid now${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`,
		);
		const data = JSON.parse(text) as WorldData;
		check(
			data.revision === initial.revision + total,
			`the revision counts every command: ${data.revision} (expected ${initial.revision + total})`,
		);
		// After the world's past (seq 1 to initial.nextSeq - 1), every command is a step.
		const seqs = data.log.map((event) => event.seq);
		const last = initial.nextSeq - 1 + data.revision;
		check(
			seqs.length === Math.min(initial.log.length + total, 1000) &&
				seqs.every((seq, i) => seq === last - seqs.length + 1 + i),
			`the log keeps the last ${seqs.length} steps, numbered without a gap up to ${seqs.at(-1)}`,
		);
		let missing = 0;
		let example = '';
		for (let worker = 0; worker < workers; worker++) {
			const key = `counter-w${worker}`;
			// The last command of this worker on each target.
			const last = new Map<string, number>();
			for (let i = 0; i < commands; i++)
				last.set(targets[i % targets.length]!, i);
			for (const [id, i] of last) {
				const value = data.resources[id]?.tags[key];
				if (value !== String(i)) {
					missing++;
					example ||= `${id} has ${key}=${value}, expected ${i}`;
				}
			}
		}

		check(
			missing === 0,
			targets.length >= commands
				? `every one of the ${total} commands has its tag on its resource${missing ? ` (${missing} missing, e.g. ${example})` : ''}`
				: `every worker's last command on each of the ${targets.length} targets has its tag there${missing ? ` (${missing} missing, e.g. ${example})` : ''}`,
		);
		// Consecutive steps from different workers: the processes really ran at once.
		const steps = data.log.filter((event) => !event.past);
		const owners = steps.map((event) =>
			event.command.op === 'tag' ? Object.keys(event.command.tags)[0] : '',
		);
		const switches = owners.filter(
			(owner, i) => i > 0 && owner !== owners[i - 1],
		).length;

		check(
			seen.invalid === 0 && seen.reads > 0,
			`the reader checked ${seen.reads} reads (${seen.revisions} versions of the file) and found ${seen.invalid} invalid${seen.problems.length > 0 ? `: ${seen.problems.join(' | ')}` : ''}`,
		);
		const names = await folderNames(directory);
		check(
			names.length === 1 && names[0] === 'world.json',
			`nothing is left beside the world (${names.join(', ')})`,
		);

		process.stdout.write(
			`\n${total.toLocaleString('en')} commands in ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(1)} commands/s ` +
				`(${((seconds * 1000) / total).toFixed(1)} ms each, serialised by the lock); ` +
				`${switches} of the last ${steps.length - 1} steps changed hands between processes; ` +
				`the file is ${(Buffer.byteLength(text) / 1_048_576).toFixed(2)} MiB\n`,
		);
		process.stdout.write(
			failures.length === 0
				? 'R1 stress: PASS (0 commands lost, the file valid throughout)\n'
				: `R1 stress: FAIL (${failures.length} checks failed)\n`,
		);
		process.exitCode = failures.length === 0 ? 0 : 1;
	} finally {
		if (values.keep) process.stdout.write(`kept ${directory}\n`);
		else await removeTempDir(directory);
	}
}

await main();
