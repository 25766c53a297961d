/*
Usage: npm run bench [-- --quick] [-- --only S1,S5]

The speed and memory targets S1–S7, S8 (tagdeck serve) and S9 (compliance), measured on generated
worlds (10,000 and 100,000 resources, seed 7, each with last month's past): floor and tagdeck alternately,
several rounds, medians, the ratio, and PASS/MISS against each target. It is a
report: it exits 0 when a target is missed, and non-zero only when a
benchmark could not be run.
*/
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {copyFile, mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {Store} from '../../source/store/store.js';
import {monthStart} from '../../source/core/past.js';
import {
	batchRules,
	batchUser,
	batchSize,
	floorWrite,
	prepareBatch,
	tagdeckBatch,
	type BatchRound,
} from './batch.js';
import {
	billKey,
	checkBill,
	checkCompliance,
	tagdeckComplianceArgs,
	checkLists,
	floorListArgs,
	listFilter,
	tagdeckBillArgs,
	tagdeckListArgs,
	timed,
} from './list.js';
import {cliPath, projectRoot} from './pty.js';
import {
	apiTag,
	cliTagArgs,
	listPages,
	s8Instances,
	s8Size,
	startArgs,
	startServe,
	versionArgs,
} from './serve.js';
import {
	absoluteRow,
	errorRow,
	median,
	ms,
	percentile,
	ratioRow,
	samplesText,
	table,
	type Row,
} from './report.js';
import {
	floorKeyLatency,
	floorPeakRss,
	floorStart,
	keyLatency,
	region,
	tagdeckPeakRss,
	tagdeckStart,
} from './ui.js';

const ids = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9'] as const;

const usage =
	'npm run bench [-- --quick] [-- --only S1,S5]\n  --quick   fewer rounds\n  --only    some of S1,S2,S3,S4,S5,S6,S7,S8,S9\n';

/** The options, or the exit code when there is nothing to run (help, a usage error). */
function options(): {quick: boolean; chosen: Set<string>} | {exit: number} {
	let values;
	try {
		({values} = parseArgs({
			options: {
				quick: {type: 'boolean', default: false},
				only: {type: 'string'},
				help: {type: 'boolean', default: false},
			},
		}));
	} catch (error) {
		process.stderr.write(`bench: ${(error as Error).message}\n${usage}`);
		return {exit: 2};
	}

	if (values.help) {
		process.stdout.write(usage);
		return {exit: 0};
	}

	const chosen = new Set<string>(
		values.only === undefined
			? ids
			: values.only
					.split(',')
					.map((s) => s.trim().toUpperCase())
					.filter(Boolean),
	);
	const unknown = [...chosen].filter(
		(id) => !(ids as readonly string[]).includes(id),
	);
	if (unknown.length > 0 || chosen.size === 0) {
		process.stderr.write(
			`bench: --only takes some of ${ids.join(',')}${unknown.length > 0 ? ` (not: ${unknown.join(',')})` : ''}.\n`,
		);
		return {exit: 2};
	}

	return {quick: values.quick, chosen};
}

const parsed = options();
const quick = 'exit' in parsed ? false : parsed.quick;
const chosen = 'exit' in parsed ? new Set<string>() : parsed.chosen;
const rounds = {
	s1: quick ? 3 : 7,
	s2Moves: quick ? 20 : 50,
	s3Repeats: quick ? 2 : 4,
	s4: quick ? 3 : 5,
	s5: quick ? 3 : 9,
	s6: quick ? 1 : 3,
	s7: quick ? 3 : 9,
	s8: quick ? 3 : 7,
	s9: quick ? 3 : 9,
};
const seed = '7';
const s3Filter = listFilter;

const log = (text: string) => {
	process.stderr.write(`${text}\n`);
};

const rows: Row[] = [];
const details: string[] = [];
let failed = false;

/** Runs one benchmark; a failure becomes an ERROR row and a non-zero exit, and the others go on. */
async function bench(
	base: Pick<Row, 'id' | 'what' | 'world'>,
	work: () => Promise<Row[]>,
) {
	const start = performance.now();
	log(`${base.id} ${base.world}: ${base.what}…`);
	try {
		rows.push(...(await work()));
	} catch (error) {
		failed = true;
		rows.push(errorRow(base, error));
		details.push(
			`${base.id} ${base.world} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
	}

	log(
		`${base.id} ${base.world}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`,
	);
}

/** Alternates floor and tagdeck (swapping who goes first each round). */
async function alternate(
	label: string,
	count: number,
	floor: (round: number) => Promise<number>,
	mine: (round: number) => Promise<number>,
): Promise<{floor: number[]; tagdeck: number[]}> {
	const result = {floor: [] as number[], tagdeck: [] as number[]};
	for (let round = 0; round < count; round++) {
		if (round % 2 === 0) {
			result.floor.push(await floor(round));
			result.tagdeck.push(await mine(round));
		} else {
			result.tagdeck.push(await mine(round));
			result.floor.push(await floor(round));
		}

		log(
			`  ${label} round ${round + 1}/${count}: floor ${result.floor.at(-1)!.toFixed(0)} ms, tagdeck ${result.tagdeck.at(-1)!.toFixed(0)} ms`,
		);
	}

	return result;
}

async function generate(directory: string, count: number): Promise<string> {
	const file = path.join(directory, `world-${count}.json`);
	await new Promise<void>((resolve, reject) => {
		execFile(
			process.execPath,
			[
				cliPath,
				'init',
				'--resources',
				String(count),
				'--seed',
				seed,
				'--db',
				file,
			],
			{cwd: projectRoot, env: {...process.env, NODE_ENV: 'production'}},
			(error, _stdout, stderr) => {
				if (error)
					reject(new Error(`tagdeck init failed: ${error.message} ${stderr}`));
				else resolve();
			},
		);
	});
	return file;
}

const label = (count: number) => `${count / 1000}k`;

async function main() {
	if (!existsSync(cliPath))
		throw new Error(
			`${cliPath} is missing: run npm run build first (npm run bench does).`,
		);
	const started = new Date();
	const directory = await mkdtemp(path.join(os.tmpdir(), 'tagdeck-bench-'));
	try {
		const worlds = new Map<number, string>();
		const needed = chosen.has('S1') ? [10_000, 100_000] : [100_000];
		for (const count of needed) {
			const start = performance.now();
			worlds.set(count, await generate(directory, count));
			log(
				`world ${label(count)} (seed ${seed}) generated in ${((performance.now() - start) / 1000).toFixed(1)} s`,
			);
		}

		const big = worlds.get(100_000)!;

		if (chosen.has('S1')) {
			for (const count of [10_000, 100_000]) {
				const db = worlds.get(count)!;
				const base = {
					id: 'S1',
					what: 'UI start to first frame with rows',
					world: label(count),
				};
				await bench(base, async () => {
					// Warm-up (disk cache, node binary), not counted.
					await floorStart(db);
					await tagdeckStart(db);
					const result = await alternate(
						`S1 ${label(count)}`,
						rounds.s1,
						async () => floorStart(db),
						async () => tagdeckStart(db),
					);
					details.push(
						`S1 ${label(count)} floor ms: ${samplesText(result.floor)}`,
						`S1 ${label(count)} tagdeck ms: ${samplesText(result.tagdeck)}`,
					);
					return [ratioRow(base, result.floor, result.tagdeck, 1.3, 1.5)];
				});
			}
		}

		if (chosen.has('S2') || chosen.has('S3')) {
			const base2 = {
				id: 'S2',
				what: 'cursor move, key to frame',
				world: '100k',
			};
			const base3 = {
				id: 'S3',
				what: 'filter keystroke, key to frame',
				world: '100k',
			};
			await bench(
				{
					id: chosen.has('S2') ? 'S2' : 'S3',
					what: 'key to frame',
					world: '100k',
				},
				async () => {
					// The floor: a key to a frame of one Ink line (node-pty, Ink, the terminal).
					const floor = await floorKeyLatency(big, 30);
					details.push(
						`S2/S3 floor: a key to a frame of the floor's one Ink line, ${floor.length} keys, ms: ${samplesText(floor, 1)}`,
					);
					const session = await keyLatency(big, {
						moves: chosen.has('S2') ? rounds.s2Moves : 0,
						filter: s3Filter,
						repeats: chosen.has('S3') ? rounds.s3Repeats : 0,
					});
					const out: Row[] = [];
					if (chosen.has('S2')) {
						const {moves} = session;
						details.push(
							`S2 100k (${region}, ${session.inRegion ?? '?'} rows) ${moves.length} moves, ms: ${samplesText(moves, 1)}`,
						);
						out.push(
							absoluteRow(
								{...base2, what: `${base2.what} (median)`},
								median(moves),
								16,
								'ms',
								median(floor),
							),
							absoluteRow(
								{...base2, what: `${base2.what} (p95)`},
								percentile(moves, 95),
								33,
								'ms',
								percentile(floor, 95),
							),
						);
					}

					if (chosen.has('S3')) {
						const {keystrokes} = session;
						details.push(
							`S3 100k typed "${s3Filter}" ${rounds.s3Repeats}× (${keystrokes.length} keys; ${session.filtered ?? '?'} rows shown at the end), ms: ${samplesText(keystrokes, 1)}`,
						);
						out.push(
							absoluteRow(
								{...base3, what: `${base3.what} (median)`},
								median(keystrokes),
								33,
								'ms',
								median(floor),
							),
						);
					}

					return out;
				},
			);
		}

		if (chosen.has('S4')) {
			const base = {
				id: 'S4',
				what: `batch: tag ${batchSize.toLocaleString('en-US')}, inheritance on, on disk`,
				world: '100k',
			};
			await bench(base, async () => {
				const setup = await prepareBatch(big, directory);
				details.push(
					`S4 setup (not timed, ${(setup.setupMs / 1000).toFixed(1)} s): inheritance on; rules ${batchRules.join(', ')} with existing links in ${setup.regions.join(', ')}`,
				);
				const data = JSON.parse(
					await readFile(setup.prepared, 'utf8'),
				) as unknown;
				const batches: BatchRound[] = [];
				const result = await alternate(
					'S4',
					rounds.s4,
					async (round) =>
						floorWrite(data, path.join(directory, `s4-floor-${round}.json`)),
					async (round) => {
						const batch = await tagdeckBatch(
							setup,
							path.join(directory, `s4-tagdeck-${round}.json`),
							round === 0,
						);
						batches.push(batch);
						return batch.ms;
					},
				);
				const first = batches[0]!;
				const cascade = Object.entries(first.cascade);
				const total = cascade.reduce((sum, [, n]) => sum + n, 0);
				details.push(
					`S4 floor ms: ${samplesText(result.floor)}`,
					`S4 tagdeck ms: ${samplesText(result.tagdeck)}`,
					`S4 cascade: the batch changed ${total.toLocaleString('en-US')} resources besides the ${batchSize.toLocaleString('en-US')} instances (${cascade.map(([type, n]) => `${type} ${n.toLocaleString('en-US')}`).join(', ') || 'none'}); file after: ${(first.bytes / 1e6).toFixed(1)} MB`,
				);
				// The same batch as a RAM user whose policy has tag conditions, against
				// the batch as the account: what deciding 10,000 resources costs.
				const roundMs = async (round: number, as?: string) => {
					const batch = await tagdeckBatch(
						setup,
						path.join(directory, `s4-${as ?? 'root'}-${round}.json`),
						as !== undefined && round === 0,
						as,
					);
					return batch.ms;
				};

				const acting = await alternate(
					'S4 --as',
					rounds.s4,
					async (round) => roundMs(round),
					async (round) => roundMs(round, batchUser),
				);
				details.push(
					`S4 --as ${batchUser} (Allow with acs:RequestTag, Deny with acs:ResourceTag): as the account ms: ${samplesText(acting.floor)}; as ${batchUser} ms: ${samplesText(acting.tagdeck)}`,
				);
				return [
					ratioRow(base, result.floor, result.tagdeck, 1.5),
					ratioRow(
						{
							id: 'S4',
							what: `the same batch --as a user with tag conditions, against the account`,
							world: '100k',
						},
						acting.floor,
						acting.tagdeck,
						1.2,
					),
				];
			});
		}

		if (chosen.has('S5')) {
			const base = {
				id: 'S5',
				what: `list --filter '${listFilter}' --json`,
				world: '100k',
			};
			await bench(base, async () => {
				// Also the warm-up: both run once with their output kept.
				const check = await checkLists(big);
				details.push(
					`S5 check: tagdeck printed ${check.tagdeck.toLocaleString('en-US')} resources (${(check.tagdeckBytes / 1e6).toFixed(1)} MB), the floor ${check.floor.toLocaleString('en-US')} (${(check.floorBytes / 1e6).toFixed(1)} MB); same IDs: ${check.sameIds ? 'yes' : 'NO'}`,
				);
				const result = await alternate(
					'S5',
					rounds.s5,
					async () => timed(floorListArgs(big)),
					async () => timed(tagdeckListArgs(big)),
				);
				details.push(
					`S5 floor ms: ${samplesText(result.floor)}`,
					`S5 tagdeck ms: ${samplesText(result.tagdeck)}`,
				);
				return [ratioRow(base, result.floor, result.tagdeck, 1.3)];
			});
		}

		if (chosen.has('S6')) {
			const base = {
				id: 'S6',
				what: 'peak RSS of the UI (VmHWM)',
				world: '100k',
			};
			await bench(base, async () => {
				const floor: number[] = [];
				const mine: number[] = [];
				for (let round = 0; round < rounds.s6; round++) {
					floor.push(await floorPeakRss(big));
					mine.push(await tagdeckPeakRss(big));
					log(
						`  S6 round ${round + 1}/${rounds.s6}: floor ${floor.at(-1)!.toFixed(0)} MB, tagdeck ${mine.at(-1)!.toFixed(0)} MB`,
					);
				}

				details.push(
					`S6 VmHWM MB, floor: ${samplesText(floor)}; tagdeck after 20 moves and a filter: ${samplesText(mine)} (the table shows the highest)`,
				);
				return [
					absoluteRow(base, Math.max(...mine), 400, 'MB', Math.max(...floor)),
				];
			});
		}

		if (chosen.has('S7')) {
			// The month before the one the world was made in: its past.
			const month = new Date(monthStart(started.toISOString(), -1))
				.toISOString()
				.slice(0, 7);
			const base = {
				id: 'S7',
				what: `bill --by ${billKey} --month ${month} --json`,
				world: '100k',
			};
			await bench(base, async () => {
				// Also the warm-up: the bill runs once with its output kept.
				const check = await checkBill(big, month);
				details.push(
					`S7 check: the bill printed ${check.groups} groups (${check.bytes.toLocaleString('en-US')} bytes) whose amounts add up to ${(check.sum / 100).toFixed(2)}, its total ${(check.total / 100).toFixed(2)}: ${check.sum === check.total && check.groups > 1 ? 'yes' : 'NO'}`,
				);
				await timed(floorListArgs(big));
				const result = await alternate(
					'S7',
					rounds.s7,
					async () => timed(floorListArgs(big)),
					async () => timed(tagdeckBillArgs(big, month)),
				);
				details.push(
					`S7 floor ms: ${samplesText(result.floor)}`,
					`S7 tagdeck ms: ${samplesText(result.tagdeck)}`,
				);
				return [ratioRow(base, result.floor, result.tagdeck, 1.5)];
			});
		}

		if (chosen.has('S8')) {
			const base = {
				id: 'S8',
				what: `serve: TagResources of ${s8Size} instances, against tag minus start-up`,
				world: '100k',
			};
			await bench(base, async () => {
				const instances = await s8Instances(big, region);
				const cliFile = path.join(directory, 's8-cli.json');
				await copyFile(big, cliFile);
				const served = await startServe(big, directory);
				try {
					// Warm-up, not counted: the server's first change, and the command line's.
					await apiTag(served, region, instances, 'warm-up');
					await timed(cliTagArgs(cliFile, instances, 'warm-up'));
					await timed(startArgs(cliFile, instances[0]!));
					const api: number[] = [];
					const tag: number[] = [];
					const start: number[] = [];
					const version: number[] = [];
					for (let round = 0; round < rounds.s8; round++) {
						const value = `round-${round + 1}`;
						const steps = [
							async () => {
								start.push(await timed(startArgs(cliFile, instances[0]!)));
							},
							async () => {
								tag.push(await timed(cliTagArgs(cliFile, instances, value)));
							},
							async () => {
								api.push(await apiTag(served, region, instances, value));
							},
							async () => {
								version.push(await timed(versionArgs));
							},
						];
						for (const step of round % 2 === 0 ? steps : steps.toReversed())
							await step();
						log(
							`  S8 round ${round + 1}/${rounds.s8}: tag ${tag.at(-1)!.toFixed(0)} ms, start-up (show) ${start.at(-1)!.toFixed(0)} ms, API ${api.at(-1)!.toFixed(0)} ms, --version ${version.at(-1)!.toFixed(0)} ms`,
						);
					}

					// Both files carry the last round's tag on all 50.
					const last = `round-${rounds.s8}`;
					const carried = async (file: string) => {
						const data = JSON.parse(await readFile(file, 'utf8')) as {
							resources: Record<string, {tags: Record<string, string>}>;
						};
						return instances.every(
							(id) => data.resources[id]?.tags.s8 === last,
						);
					};

					const net = tag.map((ms, i) => ms - start[i]!);
					details.push(
						`S8 check: the server's file and the command line's both carry s8=${last} on the ${s8Size} instances: ${(await carried(served.file)) && (await carried(cliFile)) ? 'yes' : 'NO'}`,
						`S8 tagdeck tag ms: ${samplesText(tag)}`,
						`S8 start-up, tagdeck show ID --json on the same world, ms: ${samplesText(start)}`,
						`S8 tag minus start-up (the floor), ms: ${samplesText(net)}`,
						`S8 TagResources through serve (V3 SDK, loopback) ms: ${samplesText(api)}`,
						`S8 for reference, tagdeck --version (Node and the code, no world) ms: ${samplesText(version)}; tag minus that: ${ms(median(tag) - median(version))}`,
					);
					const out = [ratioRow(base, net, api, 1.5)];
					for (const [size, maxPages] of [
						[50, 200],
						[1000, 50],
					] as const) {
						// Warm-up: a few pages.
						await listPages(served, region, size, 3);
						const runs = [];
						for (let i = 0; i < 3; i++)
							runs.push(await listPages(served, region, size, maxPages));
						const perSecond = runs.map((r) => (r.pages * 1000) / r.ms);
						details.push(
							`S8 ListTagResources PageSize ${size}: ${runs.map((r) => `${r.pages} pages (${r.resources.toLocaleString('en-US')} resources) in ${r.ms.toFixed(0)} ms`).join('; ')}`,
						);
						out.push({
							id: 'S8',
							what: `serve: ListTagResources, ${size} a page, pages per second`,
							world: '100k',
							floor: '-',
							tagdeck: `${median(perSecond).toFixed(0)}/s`,
							ratio: '-',
							target: '-',
							result: 'reported',
						});
					}

					return out;
				} finally {
					await served.stop();
				}
			});
		}

		if (chosen.has('S9')) {
			const base = {
				id: 'S9',
				what: 'compliance --json (two-key tag policy attached)',
				world: '100k',
			};
			await bench(base, async () => {
				// Not timed: the example policy, attached to a copy of the world.
				const file = path.join(directory, 's9-compliance.json');
				await copyFile(big, file);
				const store = new Store(file);
				const document = await readFile(
					path.join(projectRoot, 'data/tag-policies/costcenter.json'),
					'utf8',
				);
				await store.apply({
					op: 'tag-policy',
					action: 'create',
					name: 'costcenter',
					document,
				});
				await store.apply({
					op: 'tag-policy',
					action: 'attach',
					name: 'costcenter',
				});
				// Also the warm-up: compliance runs once with its output kept.
				const check = await checkCompliance(file);
				details.push(
					`S9 check: ${check.keys} keys, ${check.findings.toLocaleString('en-US')} non-compliant findings (${(check.bytes / 1e6).toFixed(1)} MB of JSON)`,
				);
				await timed(floorListArgs(file));
				const result = await alternate(
					'S9',
					rounds.s9,
					async () => timed(floorListArgs(file)),
					async () => timed(tagdeckComplianceArgs(file)),
				);
				details.push(
					`S9 floor ms: ${samplesText(result.floor)}`,
					`S9 tagdeck ms: ${samplesText(result.tagdeck)}`,
				);
				return [ratioRow(base, result.floor, result.tagdeck, 1.5)];
			});
		}

		const cpus = os.cpus();
		const finished = new Date();
		process.stdout.write(
			[
				'',
				`tagdeck benchmarks${quick ? ' (--quick)' : ''}: generated worlds, seed ${seed}; UI in ${region}, 120×40 pseudo-terminal`,
				'',
				table(rows),
				'',
				...details,
				'',
				`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${os.type()} ${os.release()}, Node ${process.version}`,
				`date: ${started.toISOString()} (took ${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s; load average at the end ${os
					.loadavg()
					.map((l) => l.toFixed(2))
					.join(' ')})`,
				'',
			].join('\n'),
		);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

if ('exit' in parsed) {
	process.exitCode = parsed.exit;
} else {
	try {
		await main();
		process.exitCode = failed ? 1 : 0;
	} catch (error) {
		process.stderr.write(
			`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exitCode = 1;
	}
}
