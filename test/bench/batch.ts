/*
S4: the batch, in-process with the real Store. Tag 10,000 instances with
inheritance on and the instance → disk/ENI/EIP and disk → snapshot rules
enabled (existing links managed), applied and written; against the write
floor: JSON.stringify of the same world and an atomic write (temp file, fsync,
rename), in the same process.
*/
import {randomBytes} from 'node:crypto';
import {copyFile, open, readFile, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {supportedRegions} from '../../source/core/inheritance.js';
import type {Command, WorldData} from '../../source/core/model.js';
import {Store} from '../../source/store/store.js';

export const batchRules = [
	'Ecs-Instance:Ecs-Disk',
	'Ecs-Instance:Ecs-Eni',
	'Ecs-Instance:Vpc-Eip',
	'Ecs-Disk:Ecs-Snapshot',
];

export const batchSize = 10_000;

/** The RAM user S4 also runs the batch as, with a policy that has tag conditions. */
export const batchUser = 'batcher';

/**
Allows tagging instances only with a `batch` tag in the request, and denies
tagging anything tagged protected=true: each instance of the batch is decided
on the request's and the resource's tags.
*/
const batchPolicy = JSON.stringify({
	Version: '1',
	Statement: [
		{
			Effect: 'Allow',
			Action: ['ecs:TagResources', 'ecs:DescribeInstances'],
			Resource: 'acs:ecs:*:*:instance/*',
			Condition: {StringLike: {'acs:RequestTag/batch': '*'}},
		},
		{
			Effect: 'Deny',
			Action: 'ecs:TagResources',
			Resource: '*',
			Condition: {StringEquals: {'acs:ResourceTag/protected': 'true'}},
		},
	],
});

async function applyOrThrow(store: Store, command: Command) {
	const result = await store.apply(command);
	if (!result.ok)
		throw new Error(
			`${command.op} was refused: ${result.error?.code ?? '?'}: ${result.error?.message ?? ''}`,
		);
	return result;
}

export type BatchSetup = {
	/** The world with inheritance and the rules on, as tagdeck wrote it. */
	prepared: string;
	/** The instances to tag. */
	ids: string[];
	regions: string[];
	setupMs: number;
};

/** Turns inheritance on and enables the rules (existing: true) in the regions the world uses. Not timed. */
export async function prepareBatch(
	world: string,
	directory: string,
): Promise<BatchSetup> {
	const start = performance.now();
	const prepared = path.join(directory, 's4-prepared.json');
	await copyFile(world, prepared);
	const store = new Store(prepared);
	const loaded = await store.load();
	const used = new Set(
		Object.values(loaded.data.resources).map((r) => r.region),
	);
	const regions = supportedRegions.filter((r) => used.has(r));
	await applyOrThrow(store, {op: 'inheritance', enabled: true});
	for (const command of [
		{op: 'ram', action: 'create-user', name: batchUser},
		{
			op: 'ram',
			action: 'create-policy',
			name: 'TagBatches',
			document: batchPolicy,
		},
		{op: 'ram', action: 'attach', name: 'TagBatches', user: batchUser},
	] as const)
		await applyOrThrow(store, command);
	for (const region of regions) {
		await applyOrThrow(store, {
			op: 'rules',
			region,
			rules: batchRules,
			enable: true,
			existing: true,
		});
	}

	const inRuleRegions = new Set(regions);
	const ids = Object.values(store.current()!.data.resources)
		.filter((r) => r.type === 'Ecs-Instance' && inRuleRegions.has(r.region))
		.map((r) => r.id)
		.toSorted()
		.slice(0, batchSize);
	if (ids.length < batchSize)
		throw new Error(
			`the world has only ${ids.length} instances in ${regions.join(', ')}; S4 needs ${batchSize}`,
		);
	return {prepared, ids, regions, setupMs: performance.now() - start};
}

export type BatchRound = {
	ms: number;
	/** Resources other than the tagged instances that the batch changed, by type. */
	cascade: Record<string, number>;
	bytes: number;
};

/**
One tagdeck round: a fresh copy, loaded (not timed); then the batch applied and
written (timed), as the account or as the RAM user `as`.
*/
export async function tagdeckBatch(
	setup: BatchSetup,
	file: string,
	check: boolean,
	as?: string,
): Promise<BatchRound> {
	await copyFile(setup.prepared, file);
	const store = new Store(file);
	await store.load();
	const start = performance.now();
	const result = await store.apply(
		{
			op: 'tag',
			ids: setup.ids,
			tags: {batch: 'x'},
		},
		{as},
	);
	const ms = performance.now() - start;
	if (!result.ok)
		throw new Error(
			`the batch was refused: ${result.error?.code ?? '?'}: ${result.error?.message ?? ''}`,
		);
	const tagged = new Set(setup.ids);
	const world = store.current()!;
	const cascade: Record<string, number> = {};
	const seen = new Set<string>();
	for (const patch of result.patches) {
		if (patch.c !== 'r' || tagged.has(patch.id) || seen.has(patch.id)) continue;
		seen.add(patch.id);
		const type = world.get(patch.id)?.type ?? 'gone';
		cascade[type] = (cascade[type] ?? 0) + 1;
	}

	if (check) await checkOnDisk(file, setup.ids, seen);
	const {size} = await stat(file);
	await rm(file, {force: true});
	return {ms, cascade, bytes: size};
}

/** The batch is on disk: every tagged instance, and every resource it cascaded to, carries batch=x. */
async function checkOnDisk(file: string, ids: string[], cascaded: Set<string>) {
	const data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
	const missing = [...ids, ...cascaded].filter(
		(id) => data.resources[id]?.tags.batch !== 'x',
	);
	if (missing.length > 0)
		throw new Error(
			`after the batch, ${missing.length} resource(s) on disk lack batch=x (first: ${missing[0]!})`,
		);
}

/** One floor round: JSON.stringify of the world and an atomic write (timed). */
export async function floorWrite(data: unknown, file: string): Promise<number> {
	const start = performance.now();
	const text = JSON.stringify(data);
	const temporary = path.join(
		path.dirname(file),
		`.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`,
	);
	const handle = await open(temporary, 'wx', 0o600);
	try {
		await handle.writeFile(text, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}

	await rename(temporary, file);
	const ms = performance.now() - start;
	await rm(file, {force: true});
	return ms;
}
