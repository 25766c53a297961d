/*
S5: the real command line, `tagdeck list --filter 'env=prod' --json`, against
the floor: node reads, parses, filters with a plain loop and prints JSON.
S7: `tagdeck bill --by CostCenter --month <last month> --json` against the same
floor: what any program pays to read the same file. S9: `tagdeck compliance
--json` with a two-key policy attached, against the same floor.
*/
import {spawn} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {benchDir, cliPath, projectRoot} from './pty.js';

const floorList = path.join(benchDir, 'floor-list.mjs');

export const listFilter = 'env=prod';

export const tagdeckListArgs = (db: string) => [
	cliPath,
	'list',
	'--filter',
	listFilter,
	'--json',
	'--db',
	db,
];

export const floorListArgs = (db: string) => [floorList, db];

export const billKey = 'CostCenter';

export const tagdeckBillArgs = (db: string, month: string) => [
	cliPath,
	'bill',
	'--by',
	billKey,
	'--month',
	month,
	'--json',
	'--db',
	db,
];

/** S9: the compliance report of the policies in force, as JSON. */
export const tagdeckComplianceArgs = (db: string) => [
	cliPath,
	'compliance',
	'--json',
	'--db',
	db,
];

const env = {...process.env, NODE_ENV: 'production', FORCE_COLOR: '0'};

type Run = {ms: number; stdout: string};

/**
Runs node with `args` to the end; the wall time from spawn to exit. Standard
output goes to /dev/null unless `capture`.
*/
async function run(args: string[], capture: boolean): Promise<Run> {
	const devNull = capture ? undefined : openSync('/dev/null', 'w');
	try {
		const start = performance.now();
		const child = spawn(process.execPath, args, {
			cwd: projectRoot,
			env,
			stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const error: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => {
			out.push(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			error.push(chunk);
		});
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		const ms = performance.now() - start;
		if (code !== 0)
			throw new Error(
				`node ${args.join(' ')} exited with ${String(code)}: ${Buffer.concat(error).toString('utf8').slice(0, 500)}`,
			);
		return {ms, stdout: Buffer.concat(out).toString('utf8')};
	} finally {
		if (devNull !== undefined) closeSync(devNull);
	}
}

export async function timed(args: string[]): Promise<number> {
	const {ms} = await run(args, false);
	return ms;
}

export type ListCheck = {
	tagdeck: number;
	floor: number;
	tagdeckBytes: number;
	floorBytes: number;
	sameIds: boolean;
};

/** Runs both once with their output kept (not timed): do they find the same resources? */
export async function checkLists(db: string): Promise<ListCheck> {
	const mine = await run(tagdeckListArgs(db), true);
	const floor = await run(floorListArgs(db), true);
	const mineIds = (JSON.parse(mine.stdout) as Array<{id: string}>)
		.map((r) => r.id)
		.toSorted();
	const floorIds = (JSON.parse(floor.stdout) as Array<{id: string}>)
		.map((r) => r.id)
		.toSorted();
	return {
		tagdeck: mineIds.length,
		floor: floorIds.length,
		tagdeckBytes: Buffer.byteLength(mine.stdout),
		floorBytes: Buffer.byteLength(floor.stdout),
		sameIds:
			mineIds.length === floorIds.length &&
			mineIds.every((id, i) => id === floorIds[i]),
	};
}

export type BillCheck = {
	groups: number;
	/** In fen. */
	total: number;
	/** The groups' amounts added up, in fen. */
	sum: number;
	bytes: number;
};

/** Runs the bill once with its output kept (not timed): do its groups add up to its total? */
export async function checkBill(db: string, month: string): Promise<BillCheck> {
	const {stdout} = await run(tagdeckBillArgs(db, month), true);
	const printed = JSON.parse(stdout) as {
		total: number;
		groups: Array<{amount: number}>;
	};
	const fen = (amount: number) => Math.round(amount * 100);
	return {
		groups: printed.groups.length,
		total: fen(printed.total),
		sum: printed.groups.reduce((sum, group) => sum + fen(group.amount), 0),
		bytes: Buffer.byteLength(stdout),
	};
}

/** Runs compliance once with its output kept (not timed): what it found. */
export async function checkCompliance(
	db: string,
): Promise<{keys: number; findings: number; bytes: number}> {
	const {stdout} = await run(tagdeckComplianceArgs(db), true);
	const printed = JSON.parse(stdout) as {keys: unknown[]; resources: unknown[]};
	return {
		keys: printed.keys.length,
		findings: printed.resources.length,
		bytes: Buffer.byteLength(stdout),
	};
}
