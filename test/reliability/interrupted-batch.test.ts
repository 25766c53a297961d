/*
A batch interrupted in a real terminal (docs/reliability.md R6: Ctrl-C mid-batch): on a
generated world of 30,000 resources, the UI marks the 2,000-odd instances of
cn-hangzhou, tags them, y applies, and Ctrl-C or SIGTERM comes right after, at
a few moments (at once, later, while the file is being written). Afterwards
the process has ended, the terminal is restored (normal screen, cursor shown),
and the world file is exactly as before the batch or exactly as after it (all
of them tagged, nothing else changed), never between, with no lock and no
temporary file left beside it. Ctrl-C after y quits once the step is written;
a signal lets a step being written finish before the program ends.
*/
import {copyFile, mkdir, readFile, readdir} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	makeTempDir,
	printed,
	removeTempDir,
	tagdeck,
} from '../helpers/cli-run.js';
import {TagdeckPty, keys, type PtyExit} from '../e2e/pty.js';

type WorldFile = {
	revision: number;
	resources: Record<
		string,
		{id: string; type: string; region: string; tags: Record<string, string>}
	>;
	log: unknown[];
};

/** Large enough that writing the file takes a while, so a signal can land during it. */
const worldSize = 30_000;

let directory: string;
let template: string;
let before: Buffer;
let beforeWorld: WorldFile;
/** The batch: every instance of cn-hangzhou. */
let batch: string[];
/** The resources as they must be after the batch, as JSON. */
let afterResources: string;

beforeAll(async () => {
	directory = await makeTempDir('tagdeck-interrupted-');
	template = path.join(directory, 'template.json');
	const made = await tagdeck(
		['init', '--resources', String(worldSize), '--seed', '7', '--db', template],
		{timeoutMs: 60_000},
	);
	expect(made.code, printed(made)).toBe(0);
	before = await readFile(template);
	beforeWorld = JSON.parse(before.toString('utf8')) as WorldFile;
	batch = Object.values(beforeWorld.resources)
		.filter((r) => r.region === 'cn-hangzhou' && r.type === 'Ecs-Instance')
		.map((r) => r.id);
	expect(batch.length).toBeGreaterThan(1500);
	const expected = structuredClone(beforeWorld.resources);
	for (const id of batch) expected[id]!.tags.chaos = '1';
	afterResources = JSON.stringify(expected);
}, 120_000);

afterAll(async () => {
	await TagdeckPty.closeAll();
	await removeTempDir(directory);
});

/** At most `n` pieces of work at once: the tests run side by side, one UI per core. */
function limit(n: number) {
	let free = n;
	const waiting: Array<() => void> = [];
	return async <T>(work: () => Promise<T>): Promise<T> => {
		if (free > 0) free--;
		else
			await new Promise<void>((resolve) => {
				waiting.push(resolve);
			});
		try {
			return await work();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else free++;
		}
	};
}

const oneUiPerCore = limit(2);

const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

let runs = 0;

/** A copy of the generated world in a folder of its own. */
async function freshWorld(): Promise<{folder: string; db: string}> {
	const folder = path.join(directory, `run-${++runs}`);
	await mkdir(folder);
	const db = path.join(folder, 'world.json');
	await copyFile(template, db);
	return {folder, db};
}

/**
Every wait is long: loading tens of thousands of resources takes a second, and many more on
a machine busy with other work.
*/
const patience = 60_000;

/** Opens cn-hangzhou, marks the instances, types chaos=1 and opens the preview. */
async function previewBatch(db: string): Promise<TagdeckPty> {
	const ui = await TagdeckPty.open({
		db,
		args: ['--region', 'cn-hangzhou'],
		cols: 120,
		rows: 30,
		ready: false,
	});
	await ui.waitFor('type: all (Tab)', 'the first frame of the UI', patience);
	// Ink turns on raw mode in an effect right after the first frame.
	await sleep(100);
	await ui.press('/');
	await ui.waitFor(/^\/.*▏/v, 'the filter prompt after /', patience);
	await ui.type('type:instance');
	await ui.press(keys.enter);
	await ui.waitFor('filter: type:instance', 'the filter applied', patience);
	await ui.press('*');
	await ui.waitFor(`${batch.length} marked`, 'every instance marked', patience);
	await ui.press('t');
	await ui.waitFor(
		`Tag ${batch.length} resource(s)`,
		'the tag editor',
		patience,
	);
	await ui.type('chaos=1');
	await ui.waitFor('› chaos=1▏', 'the typed line', patience);
	await ui.press(keys.ctrlS);
	await ui.waitFor(
		`Would change ${batch.length} resource(s):`,
		'the preview of the batch',
		patience,
	);
	return ui;
}

/** The terminal is as tagdeck found it: normal screen, cursor shown. */
async function restored(ui: TagdeckPty) {
	expect(ui.term.buffer.active.type, await ui.show()).toBe('normal');
	expect(ui.cursorVisibility()).toBe('shown');
	expect(ui.raw).toContain('\u001B[?1049l');
}

/** The first resource whose JSON differs, to say where two worlds part. */
function firstDifference(actual: WorldFile['resources']): string {
	const expected = JSON.parse(afterResources) as WorldFile['resources'];
	for (const [id, resource] of Object.entries(expected)) {
		if (JSON.stringify(actual[id]) !== JSON.stringify(resource))
			return `${id}: expected ${JSON.stringify(resource)}, found ${JSON.stringify(actual[id])}`;
	}

	return `${Object.keys(actual).length} resources, ${Object.keys(expected).length} expected`;
}

/**
The world file is exactly the one before the batch, or exactly the one after
it, and nothing is left beside it but what the interruption may leave: never
the lock nor a temporary file. Returns which.
*/
async function beforeOrAfter(
	folder: string,
	db: string,
): Promise<'before' | 'after'> {
	const bytes = await readFile(db);
	// Neither the lock nor the store's temporary file is left beside it.
	expect(await readdir(folder)).toEqual(['world.json']);
	if (bytes.equals(before)) return 'before';
	const world = JSON.parse(bytes.toString('utf8')) as WorldFile;
	const tagged = Object.values(world.resources).filter(
		(r) => r.tags.chaos !== undefined,
	).length;
	expect(
		tagged,
		`${tagged} of the ${batch.length} resources of the batch are tagged: the world is between before and after`,
	).toBe(batch.length);
	expect(
		JSON.stringify(world.resources) === afterResources,
		firstDifference(world.resources),
	).toBe(true);
	expect(world.revision).toBe(beforeWorld.revision + 1);
	expect(world.log).toHaveLength(beforeWorld.log.length + 1);
	return 'after';
}

/** Waits until the store's temporary file appears beside the world (the write has begun), or the write is over. */
async function writeBegun(folder: string, ui: TagdeckPty): Promise<void> {
	const start = Date.now();
	while (Date.now() - start < patience && !ui.exit) {
		const names = await readdir(folder);
		if (names.some((name) => name.endsWith('.tmp'))) return;
		if (ui.lines().some((line) => line.includes('Step #1'))) return;

		await new Promise((resolve) => {
			setTimeout(resolve, 2);
		});
	}
}

describe.concurrent(
	`Ctrl-C and SIGTERM right after y, on ${worldSize.toLocaleString('en')} resources (real terminal)`,
	() => {
		const moments: Array<
			[
				string,
				'ctrl-c-with-y' | 'ctrl-c' | 'SIGTERM',
				(ui: TagdeckPty, folder: string) => Promise<void>,
			]
		> = [
			['Ctrl-C in the same read as y', 'ctrl-c-with-y', async () => undefined],
			['Ctrl-C 250 ms after y', 'ctrl-c', async () => sleep(250)],
			['SIGTERM at once after y', 'SIGTERM', async () => undefined],
			[
				'SIGTERM once the file is being written',
				'SIGTERM',
				async (ui, folder) => writeBegun(folder, ui),
			],
		];

		it.each(moments)(
			'%s: the process ends, the terminal is restored, the world is before or after the batch',
			async (_name, how, wait) =>
				oneUiPerCore(async () => {
					const {folder, db} = await freshWorld();
					const ui = await previewBatch(db);
					try {
						if (how === 'ctrl-c-with-y') {
							// One write: the program reads both keys at once.
							ui.child.write(`y${keys.ctrlC}`);
						} else {
							ui.child.write('y');
							await wait(ui, folder);
							if (how === 'ctrl-c') ui.child.write(keys.ctrlC);
							else ui.kill('SIGTERM');
						}

						// Ctrl-C quits once the step being written is on disk; give it the time.
						const exit: PtyExit = await ui.waitForExit(patience);
						if (how === 'SIGTERM')
							expect(
								exit.exitCode === 143 || exit.signal === 15,
								JSON.stringify(exit),
							).toBe(true);
						else expect(exit).toEqual({exitCode: 0, signal: 0});
						await restored(ui);
					} finally {
						await ui.close();
					}

					const state = await beforeOrAfter(folder, db);
					// Ctrl-C after y is a quit: the step already asked for is finished first.
					if (how !== 'SIGTERM') expect(state).toBe('after');
				}),
			300_000,
		);
	},
);

describe.concurrent(
	'Ctrl-C with the preview of a batch open (real terminal)',
	() => {
		it(
			'asks first; y quits without applying: the file is exactly as before',
			async () =>
				oneUiPerCore(async () => {
					const {folder, db} = await freshWorld();
					const ui = await previewBatch(db);
					try {
						await ui.press(keys.ctrlC);
						await ui.waitFor(
							'A change is waiting for y: quit without it? y/n',
							'the question before quitting',
							patience,
						);
						expect(ui.exit).toBeUndefined();
						await ui.press('y');
						expect(await ui.waitForExit(patience)).toEqual({
							exitCode: 0,
							signal: 0,
						});
						await restored(ui);
					} finally {
						await ui.close();
					}

					expect(await beforeOrAfter(folder, db)).toBe('before');
				}),
			300_000,
		);
	},
);
