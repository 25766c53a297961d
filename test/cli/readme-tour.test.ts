/*
The README's two tours, run line by line on one world as a new user runs them,
each line checked for what it prints and what it does to the world file. The
expectations below are keyed by the tour line and keep the README's "What each
step shows" true (the step numbers in the comments are that list's); a tour
line without an expectation fails, and so does an expectation without a line.
*/
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {
	bill,
	formatMoney,
	formatShare,
	monthOf,
	shiftMonth,
	splitBill,
} from '../../source/core/bill.js';
import {worldNow} from '../../source/core/clock.js';
import type {WorldData} from '../../source/core/model.js';
import {compliance} from '../../source/core/governance/compliance.js';
import {edged} from '../../source/core/summary.js';
import {World as CoreWorld} from '../../source/core/world.js';
import {cliPath, projectRoot, type ResourceView} from '../helpers/cli-run.js';

/** A resource as the world file holds it: without links or inherited tags, no field for them. */
type Resource = Omit<ResourceView, 'inherited' | 'links'> &
	Partial<Pick<ResourceView, 'inherited' | 'links'>>;

type World = {
	account: {inheritance: {enabled: boolean}};
	resources: Record<string, Resource>;
	rules: Record<string, {region: string; rule: string; enabled: boolean}>;
	log: Array<{
		seq: number;
		past?: boolean;
		by?: string;
		ids: string[];
		skipped?: Array<{id: string}>;
	}>;
};

/** One tour line as it ran: what it printed, and the world file before and after. */
type Step = {
	line: string;
	stdout: string;
	stderr: string;
	/** Both streams, as a terminal shows them. */
	output: string;
	code: number | null;
	beforeText: string;
	afterText: string;
	before: World;
	after: World;
};

type Check = (step: Step) => void;

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const lines = [...readme.matchAll(/<!-- tour -->\s*```sh\n([\s\S]*?)```/gv)]
	.flatMap((m) => m[1]!.split('\n'))
	.filter((line) => line.startsWith('tagdeck '));
const folder = mkdtempSync(join(tmpdir(), 'tagdeck-tour-'));
const db = join(folder, 'world.json');
const steps: Step[] = [];

afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

/** A tour line without its `# exits N` note. */
function command(line: string): string {
	return line.replace(/\s+#.*$/v, '');
}

function exitOf(line: string): number {
	return Number(/# exits (\d)/v.exec(line)?.[1] ?? '0');
}

function parse(text: string): World {
	return text === ''
		? {
				account: {inheritance: {enabled: false}},
				resources: {},
				rules: {},
				log: [],
			}
		: (JSON.parse(text) as World);
}

function runLine(line: string): Step {
	const beforeText = existsSync(db) ? readFileSync(db, 'utf8') : '';
	const result = spawnSync(
		'bash',
		['-c', `tagdeck() { "${process.execPath}" "${cliPath}" "$@"; }\n${line}`],
		{
			env: {...process.env, TAGDECK_DB: db, NODE_ENV: 'production'},
			encoding: 'utf8',
		},
	);
	const afterText = readFileSync(db, 'utf8');
	const step: Step = {
		line: command(line),
		stdout: result.stdout,
		stderr: result.stderr,
		output: result.stdout + result.stderr,
		code: result.status,
		beforeText,
		afterText,
		before: parse(beforeText),
		after: parse(afterText),
	};
	steps.push(step);
	return step;
}

/** The latest run of a tour line. */
function latest(line: string): Step {
	const step = steps.findLast((s) => s.line === line);
	if (!step) throw new Error(`"${line}" has not run yet`);
	return step;
}

function named(world: World, name: string, type?: string): Resource {
	const found = Object.values(world.resources).filter(
		(r) => r.name === name && (!type || r.type === type),
	);
	if (found.length !== 1)
		throw new Error(
			`expected one resource named ${name}, found ${found.length}`,
		);
	return found[0]!;
}

function idOf(world: World, name: string, type?: string): string {
	return named(world, name, type).id;
}

function resources(world: World, test: (r: Resource) => boolean): Resource[] {
	return Object.values(world.resources).filter((r) => test(r));
}

function sortedIds(list: Resource[]): string[] {
	return list.map((r) => r.id).toSorted();
}

/** Counted as the README counts the quota: keys not starting with "acs:". */
function customCount(tags: Record<string, string>): number {
	return Object.keys(tags).filter((key) => !/^acs:/iv.test(key)).length;
}

/** The rows of a printed table under its header (cells split at two or more spaces). */
function table(text: string, header: RegExp): string[][] {
	const all = text.split('\n');
	const start = all.findIndex((line) => header.test(line));
	expect(start, `a table headed ${String(header)} in:\n${text}`).not.toBe(-1);
	const rows: string[][] = [];
	for (const line of all.slice(start + 1)) {
		if (line.trim() === '' || /^\d+ resources?;/v.test(line)) break;
		rows.push(line.trim().split(/ {2,}/v));
	}

	return rows;
}

/** The IDs a `list` table shows (in its ID column). */
function listedIds(step: Step): string[] {
	const header = step.stdout.split('\n')[0]!;
	const column = header.trim().split(/ {2,}/v).indexOf('ID');
	expect(column, step.stdout).not.toBe(-1);
	return table(step.stdout, /^(?:REGION\s+)?ID\s/v)
		.map((row) => row[column]!)
		.toSorted();
}

/** The `N resources` footer of a list. */
function listedCount(step: Step): number {
	return Number(/^(\d+) resources?;/mv.exec(step.stdout)?.[1]);
}

/** The step numbers (`#N`) of a `log` table, top to bottom. */
function loggedSteps(step: Step): number[] {
	return table(step.stdout, /^STEP\s+TIME/v).map((row) =>
		Number(/^#(\d+)/v.exec(row[0]!)?.[1]),
	);
}

/** Keys printed by `keys`, with their resource counts. */
function printedKeys(step: Step): Map<string, number> {
	return new Map(
		table(step.stdout, /^KEY\s+RESOURCES/v).map((row) => [
			row[0]!,
			Number(row[1]),
		]),
	);
}

/** The keys bound to the resources of a region, with how many resources carry each. */
function boundKeys(world: World, region: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const r of resources(world, (r) => r.region === region))
		for (const key of Object.keys(r.tags))
			counts.set(key, (counts.get(key) ?? 0) + 1);
	return new Map([...counts].toSorted(([a], [b]) => (a < b ? -1 : 1)));
}

/** The `Tags` table of `show`: key → [value, origin]. */
function shownTags(step: Step): Map<string, [string, string]> {
	return new Map(
		table(step.stdout, /^\s+KEY\s+VALUE\s+ORIGIN/v).map((row) => [
			row[0]!,
			[row[1]!, row.slice(2).join('  ')],
		]),
	);
}

function unchanged(step: Step) {
	expect(step.afterText, 'the world file changed').toBe(step.beforeText);
}

function refusedWith(code: string): Check {
	return (step) => {
		expect(step.stderr.startsWith(`tagdeck: ${code}: `), step.stderr).toBe(
			true,
		);
		unchanged(step);
	};
}

/** The resources a step made. */
function created(step: Step): Resource[] {
	return resources(
		step.after,
		(r) => !Object.hasOwn(step.before.resources, r.id),
	);
}

/** One new step in the log. */
function oneStep(step: Step) {
	expect(step.after.log).toHaveLength(step.before.log.length + 1);
}

const tourDisk = 'd-bp1nyurvvttrzy28qcqh';
/** Dev-app-1, the first of alice's team's instances. */
const devApp1 = 'i-2ze7bmi51ubw2q8pgbdf';
const diskRule = 'Ecs-Instance:Ecs-Disk';

/** Step 1: the demo world, 163 resources in six regions, and no steps but its past. */
const reset: Check = (step) => {
	expect(step.stdout).toMatch(/\b163 resources\b/v);
	const world = Object.values(step.after.resources);
	expect(world).toHaveLength(163);
	expect(new Set(world.map((r) => r.region)).size).toBe(6);
	expect(step.after.log.every((event) => event.past)).toBe(true);
	expect(step.after.account.inheritance.enabled).toBe(false);
};

/** Step 3: a region's tag keys are exactly the keys bound to its resources. */
function regionalKeys(region: string): Check {
	return (step) => {
		const printed = printedKeys(step);
		expect([...printed]).toEqual([...boundKeys(step.after, region)]);
	};
}

/** Step 4: what carries Test=Server-Windows. */
const windows = (world: World) =>
	resources(world, (r) => r.tags.Test === 'Server-Windows');

/** Step 2 (show): each tag with its origin, and the links (disks attached, an EIP associated). */
const showWebProd1: Check = (step) => {
	const instance = step.after.resources['i-bp1sjndm88vsrpr07lef']!;
	expect(instance.name).toBe('web-prod-1');
	expect(step.stdout.split('\n')[0]).toMatch(
		/^i-bp1sjndm88vsrpr07lef\s+web-prod-1$/v,
	);
	const shown = shownTags(step);
	expect([...shown.keys()].toSorted()).toEqual(
		Object.keys(instance.tags).toSorted(),
	);
	for (const [key, value] of Object.entries(instance.tags)) {
		expect(shown.get(key)).toEqual([
			value,
			key.startsWith('acs:') ? 'system' : 'own',
		]);
	}

	const linked = (type: string, link: string) =>
		sortedIds(
			resources(
				step.after,
				(r) => r.type === type && r.links?.[link] === instance.id,
			),
		);
	const disks = linked('Ecs-Disk', 'attachedTo');
	const eips = linked('Vpc-Eip', 'associatedWith');
	expect(disks.length).toBeGreaterThan(0);
	expect(eips.length).toBeGreaterThan(0);
	const attached = /^\s+attached: (.+)$/mv.exec(step.stdout)?.[1] ?? '';
	for (const disk of disks) expect(attached).toContain(disk);
	expect(/^\s+associated EIPs: (.+)$/mv.exec(step.stdout)?.[1]).toBe(
		eips.join(', '),
	);
};

/** Steps 3 and 6 of the second list: how `show` names the disk's inherited tags. */
function showTourDisk(rule: 'on' | 'now off' | 'detached'): Check {
	return (step) => {
		const disk = step.after.resources[tourDisk]!;
		expect(disk.name).toBe('web-prod-1-data');
		const shown = shownTags(step);
		expect([...shown.keys()].toSorted()).toEqual(
			Object.keys(disk.tags).toSorted(),
		);
		const inherited = disk.inherited ?? {};
		if (rule === 'detached') {
			// Step 5: detaching removed what the disk inherited; its own tags stay.
			expect(inherited).toEqual({});
			expect(step.stdout).not.toContain('inherited from');
			expect(step.stdout).not.toContain('attached to');
			expect(shown.get('backup')).toEqual(['weekly', 'own']);
			expect(shown.get('owner')).toEqual(['storage-team', 'own']);
			return;
		}

		expect(Object.keys(inherited).length).toBeGreaterThan(0);
		for (const [key, value] of Object.entries(disk.tags)) {
			const origin = Object.hasOwn(inherited, key)
				? `inherited from ${inherited[key]!.from} (web-prod-1) by ${diskRule}, rule ${rule}`
				: key.startsWith('acs:')
					? 'system'
					: 'own';
			expect(shown.get(key), key).toEqual([value, origin]);
		}

		expect(step.stdout).toMatch(/^\s+attached to i-bp1sjndm88vsrpr07lef$/mv);
	};
}

/** Step 11 (log): the newest `count` steps, newest first. */
function newestSteps(count: number, first: RegExp): Check {
	return (step) => {
		const shown = loggedSteps(step);
		expect(shown).toHaveLength(count);
		const seqs = step.after.log.map((e) => e.seq).toSorted((a, b) => b - a);
		expect(shown).toEqual(seqs.slice(0, count));
		expect(table(step.stdout, /^STEP\s+TIME/v)[0]!.at(-1)).toMatch(first);
	};
}

/**
What each tour line must show, keyed by the line as the README writes it (without
its `# exits N` note). A line the tours run more than once has one check per run, in
order.
*/
const expectations: Record<string, Check | Check[]> = {
	'tagdeck reset': reset,

	// Step 1: 29 regions, 24 with inheritance; Seoul is populated and has none.
	'tagdeck regions'(step) {
		const rows = table(step.stdout, /^ID\s+NAME/v);
		expect(rows).toHaveLength(29);
		expect(rows.filter((row) => row.at(-1) === 'yes')).toHaveLength(24);
		const populated = rows.filter((row) => Number(row.at(-2)) > 0);
		expect(populated.map((row) => row[0]!).toSorted()).toEqual(
			[
				...new Set(Object.values(step.after.resources).map((r) => r.region)),
			].toSorted(),
		);
		expect(populated.reduce((sum, row) => sum + Number(row.at(-2)), 0)).toBe(
			163,
		);
		const seoul = populated.find((row) => row[1]!.includes('Seoul'));
		expect(seoul?.[0]).toBe('ap-northeast-2');
		expect(seoul?.at(-1)).toBe('no');
		expect(
			populated.filter((row) => row !== seoul).map((row) => row.at(-1)),
		).toEqual(['yes', 'yes', 'yes', 'yes', 'yes']);
	},

	// Step 2: list browses; only Hangzhou's instances.
	"tagdeck list --region cn-hangzhou --filter 'type:instance'"(step) {
		const instances = resources(
			step.after,
			(r) => r.region === 'cn-hangzhou' && r.type === 'Ecs-Instance',
		);
		expect(listedIds(step)).toEqual(sortedIds(instances));
		expect(listedCount(step)).toBe(instances.length);
		for (const row of table(step.stdout, /^ID\s+TYPE/v))
			expect(row[1]).toBe('instance');
		expect(step.stdout).toMatch(/\bweb-prod-1\b/v);
	},

	'tagdeck show i-bp1sjndm88vsrpr07lef': showWebProd1,

	// Step 3 and step 10: keys are regional; after untag, patch is gone.
	'tagdeck keys --region cn-hangzhou': [
		(step) => {
			regionalKeys('cn-hangzhou')(step);
			expect(printedKeys(step).has('patch')).toBe(false);
		},
		(step) => {
			regionalKeys('cn-hangzhou')(step);
			const {before} = latest(
				"tagdeck untag --filter 'patch=2026-11' --key patch",
			);
			expect(boundKeys(before, 'cn-hangzhou').has('patch')).toBe(true);
			const printed = printedKeys(step);
			expect(printed.has('patch')).toBe(false);
			expect(printed.has('patch-window')).toBe(true);
		},
	],

	'tagdeck keys --region cn-shanghai'(step) {
		regionalKeys('cn-shanghai')(step);
		const hangzhou = printedKeys(latest('tagdeck keys --region cn-hangzhou'));
		const shanghai = printedKeys(step);
		expect(shanghai.get('project')).not.toBe(hangzhou.get('project'));
		expect([...hangzhou.keys()].some((key) => !shanghai.has(key))).toBe(true);
	},

	// Step 3: project=apollo exists only in Shanghai.
	'tagdeck values project'(step) {
		const rows = table(step.stdout, /^REGION\s+VALUE\s+RESOURCES/v);
		const apollo = rows.filter((row) => row[1] === 'apollo');
		expect(apollo.map((row) => row[0])).toEqual(['cn-shanghai']);
		expect(Number(apollo[0]![2])).toBe(
			resources(step.after, (r) => r.tags.project === 'apollo').length,
		);
		expect(rows.some((row) => row[0] === 'cn-hangzhou')).toBe(true);
	},

	// Step 4: the seed's tag finds the Windows test servers.
	"tagdeck list --filter 'Test=Server-Windows'"(step) {
		const found = windows(step.after);
		expect(listedIds(step)).toEqual(sortedIds(found));
		expect(listedCount(step)).toBe(found.length);
		const servers = found
			.filter((r) => r.type === 'Ecs-Instance')
			.map((r) => r.name)
			.toSorted();
		expect(servers).toEqual(['win-test-1', 'win-test-2', 'win-test-sh-1']);
	},

	// Step 4: the dry run shows the batch and changes nothing.
	"tagdeck tag --filter 'Test=Server-Windows' --tag patch=2026-11 --dry-run"(
		step,
	) {
		expect(step.stdout).toMatch(/^Dry run: nothing was changed\./v);
		for (const r of windows(step.before))
			expect(step.stdout).toMatch(
				new RegExp(String.raw`^\s+${r.id}\s+\+ patch=2026-11$`, 'mv'),
			);
		unchanged(step);
	},

	// Step 4: then it is applied, in one step.
	"tagdeck tag --filter 'Test=Server-Windows' --tag patch=2026-11"(step) {
		const found = windows(step.before);
		expect(step.stdout).toContain(`Done: ${found.length} resources changed`);
		for (const r of found)
			expect(step.after.resources[r.id]!.tags.patch).toBe('2026-11');
		oneStep(step);
	},

	// Step 5: one value per key; the second overwrites.
	'tagdeck tag i-bp1sjndm88vsrpr07lef --tag city=shanghai'(step) {
		expect(step.stdout).toContain('+ city=shanghai');
		expect(step.after.resources['i-bp1sjndm88vsrpr07lef']!.tags.city).toBe(
			'shanghai',
		);
	},
	'tagdeck tag i-bp1sjndm88vsrpr07lef --tag city=newyork'(step) {
		expect(step.stdout).toContain('~ city: shanghai → newyork');
		expect(step.after.resources['i-bp1sjndm88vsrpr07lef']!.tags.city).toBe(
			'newyork',
		);
	},
	'tagdeck values city --region cn-hangzhou'(step) {
		expect(table(step.stdout, /^VALUE\s+RESOURCES/v)).toEqual([
			['newyork', '1'],
		]);
	},

	// Step 6: crm-prod-1 has 19 custom tags; two more pass the quota, so nothing changes.
	'tagdeck tag i-bp14tqyptmwpnnptjqxo i-bp14isrt7rgtzdfqvvp2 --tag a=1 --tag b=2'(
		step,
	) {
		const crm = idOf(step.before, 'crm-prod-1');
		expect(crm).toBe('i-bp14tqyptmwpnnptjqxo');
		expect(customCount(step.before.resources[crm]!.tags)).toBe(19);
		expect(step.output).toMatch(
			new RegExp(String.raw`${crm}\s+QuotaExceed\.TagsPerResource`, 'v'),
		);
		expect(step.output).toContain('nothing was changed');
		expect(step.output).not.toContain('+ a=1');
		unchanged(step);
	},

	// Step 6: with --partial dev-box-1 is tagged, and crm-prod-1's failure is reported.
	'tagdeck tag i-bp14tqyptmwpnnptjqxo i-bp14isrt7rgtzdfqvvp2 --tag a=1 --tag b=2 --partial'(
		step,
	) {
		const crm = idOf(step.before, 'crm-prod-1');
		const devBox = idOf(step.before, 'dev-box-1');
		expect(devBox).toBe('i-bp14isrt7rgtzdfqvvp2');
		expect(step.output).toMatch(
			new RegExp(String.raw`^\s+${devBox}\s+\+ a=1\s+\+ b=2$`, 'mv'),
		);
		expect(step.output).toMatch(
			new RegExp(String.raw`✗ ${crm}\s+QuotaExceed\.TagsPerResource`, 'v'),
		);
		expect(step.after.resources[devBox]!.tags).toMatchObject({a: '1', b: '2'});
		expect(step.after.resources[crm]).toEqual(step.before.resources[crm]);
		oneStep(step);
	},

	'tagdeck undo': [
		// Step 6: undo reverses the --partial step.
		(step) => {
			const partial = latest(
				'tagdeck tag i-bp14tqyptmwpnnptjqxo i-bp14isrt7rgtzdfqvvp2 --tag a=1 --tag b=2 --partial',
			);
			expect(step.stdout).toContain(
				`Undid step #${partial.after.log.at(-1)!.seq}`,
			);
			expect(step.after.resources).toEqual(partial.before.resources);
		},
		// Step 5 of the second list: undo puts everything back.
		(step) => {
			const detach = latest(`tagdeck detach ${tourDisk}`);
			expect(step.stdout).toContain(
				`Undid step #${detach.after.log.at(-1)!.seq}`,
			);
			expect(step.after.resources).toEqual(detach.before.resources);
		},
		// Cost by tag, step 6: the first undo moves the clock back…
		(step) => {
			expect(step.stdout).toContain('Undid step');
			expect(worldData(step).clock.offset).toBe(0);
		},
		// … and the second takes the retag away.
		(step) => {
			const retag = latest(
				'tagdeck tag i-bp1sjndm88vsrpr07lef --tag CostCenter=marketing',
			);
			expect(step.after.resources).toEqual(retag.before.resources);
		},
	],

	// Step 7: a key starting with aliyun is refused.
	'tagdeck tag i-bp14isrt7rgtzdfqvvp2 --tag aliyun-owner=me': refusedWith(
		'InvalidTagKey.Malformed',
	),

	// Step 8: the free disk scratch-data-01 (zone k) cannot go to win-test-1 (zone j).
	'tagdeck attach d-bp1hl6gg4dm2p7wc21x9 i-bp1p167ku8mvnf73hsqv'(step) {
		const disk = named(step.before, 'scratch-data-01');
		const instance = named(step.before, 'win-test-1');
		expect([disk.id, disk.zone, disk.links?.attachedTo]).toEqual([
			'd-bp1hl6gg4dm2p7wc21x9',
			'cn-hangzhou-k',
			undefined,
		]);
		expect([instance.id, instance.zone]).toEqual([
			'i-bp1p167ku8mvnf73hsqv',
			'cn-hangzhou-j',
		]);
		refusedWith('InvalidOperation.CrossZone')(step);
		expect(step.stderr).toContain('cn-hangzhou-k');
		expect(step.stderr).toContain('cn-hangzhou-j');
	},

	// Step 8: dev-box-1 is in its zone.
	'tagdeck attach d-bp1hl6gg4dm2p7wc21x9 i-bp14isrt7rgtzdfqvvp2'(step) {
		const disk = step.after.resources['d-bp1hl6gg4dm2p7wc21x9']!;
		const devBox = named(step.after, 'dev-box-1');
		expect(disk.links?.attachedTo).toBe(devBox.id);
		expect(devBox.zone).toBe(disk.zone);
		oneStep(step);
	},

	// Step 9: a snapshot of the disk, tagged at creation.
	'tagdeck create snapshot --in d-bp1hl6gg4dm2p7wc21x9 --tag purpose=tour'(
		step,
	) {
		const made = created(step);
		expect(made).toHaveLength(1);
		expect(made[0]).toMatchObject({
			type: 'Ecs-Snapshot',
			links: {sourceDisk: 'd-bp1hl6gg4dm2p7wc21x9'},
			tags: {purpose: 'tour'},
		});
		expect(step.stdout).toContain(`Created ${made[0]!.id}`);
	},

	// Untagged disks and snapshots of Hangzhou, the new snapshot among them.
	"tagdeck list --region cn-hangzhou --filter '!env type:disk,snapshot'"(step) {
		const expected = resources(
			step.after,
			(r) =>
				r.region === 'cn-hangzhou' &&
				(r.type === 'Ecs-Disk' || r.type === 'Ecs-Snapshot') &&
				!Object.hasOwn(r.tags, 'env'),
		);
		expect(listedIds(step)).toEqual(sortedIds(expected));
		const [snapshot] = created(
			latest(
				'tagdeck create snapshot --in d-bp1hl6gg4dm2p7wc21x9 --tag purpose=tour',
			),
		);
		expect(listedIds(step)).toContain(snapshot!.id);
	},

	// Step 10: untag removes patch everywhere.
	"tagdeck untag --filter 'patch=2026-11' --key patch"(step) {
		const had = resources(step.before, (r) => Object.hasOwn(r.tags, 'patch'));
		expect(had.length).toBeGreaterThan(0);
		for (const r of had)
			expect(step.stdout).toMatch(
				new RegExp(String.raw`^\s+${r.id}\s+- patch=2026-11$`, 'mv'),
			);
		expect(
			resources(step.after, (r) => Object.hasOwn(r.tags, 'patch')),
		).toEqual([]);
	},

	// Step 11: stop is a batch on the instances found by tag (the running ones).
	"tagdeck stop --filter 'Test=Server-Windows status:Running'"(step) {
		const running = windows(step.before).filter((r) => r.status === 'Running');
		expect(running.length).toBeGreaterThan(0);
		for (const r of running) {
			expect(step.after.resources[r.id]!.status).toBe('Stopped');
			expect(step.stdout).toMatch(
				new RegExp(String.raw`^\s+${r.id}\s+status Running → Stopped$`, 'mv'),
			);
		}

		for (const r of Object.values(step.before.resources)) {
			if (!running.includes(r))
				expect(step.after.resources[r.id]!.status).toBe(r.status);
		}
	},

	// Step 11: log shows every step, newest first.
	'tagdeck log --limit 8': newestSteps(8, /^stop 2 resources/v),

	// Step 11: --json is for scripts: the prod instances of every region.
	"tagdeck list --filter 'env=prod type:instance' --json"(step) {
		const listed = JSON.parse(step.stdout) as Resource[];
		expect(step.stdout.trimEnd().split('\n')).toHaveLength(1);
		expect(listed.length).toBeGreaterThan(0);
		for (const r of listed) {
			expect(r.type).toBe('Ecs-Instance');
			expect(r.tags.env).toBe('prod');
		}

		expect(sortedIds(listed)).toEqual(
			sortedIds(
				resources(
					step.after,
					(r) => r.type === 'Ecs-Instance' && r.tags.env === 'prod',
				),
			),
		);
	},

	// Inheritance step 1: rules need the feature on first.
	'tagdeck rules enable Ecs-Instance:Ecs-Disk': refusedWith(
		'InvalidOperation.NotActivated',
	),
	'tagdeck inheritance on'(step) {
		expect(step.stdout).toContain('AliyunServiceRoleForTag');
		expect(step.after.account.inheritance.enabled).toBe(true);
	},
	'tagdeck rules'(step) {
		expect(step.stdout).toContain('cn-hangzhou');
		const rows = table(
			step.stdout,
			/^RULE\s+STATUS\s+SCOPE\s+EXISTING\s+ON UNLINK$/v,
		);
		expect(rows).toHaveLength(17);
		expect(new Set(rows.map((row) => row[0])).size).toBe(17);
	},

	// Inheritance step 2: the dry run, grouped by rule; cost is overwritten; crm-prod-1-data is skipped.
	'tagdeck rules enable Ecs-Instance:Ecs-Disk Ecs-Disk:Ecs-Snapshot --existing --dry-run'(
		step,
	) {
		expect(step.stdout).toMatch(/^Dry run: nothing was changed\./v);
		expect(step.stdout).toContain(`  inherited by ${diskRule}:`);
		expect(step.stdout).toContain('  inherited by Ecs-Disk:Ecs-Snapshot:');
		expect(named(step.before, 'web-prod-1-data').tags.cost).toBe('hangzhou');
		expect(step.stdout).toMatch(
			new RegExp(
				String.raw`^\s+${tourDisk} ← i-bp1sjndm88vsrpr07lef .*~ cost: hangzhou → shanghai`,
				'mv',
			),
		);
		const crmData = idOf(step.before, 'crm-prod-1-data');
		expect(step.stdout).toMatch(
			new RegExp(String.raw`! ${crmData}\s+QuotaExceed\.TagsPerResource`, 'v'),
		);
		unchanged(step);
	},
	'tagdeck rules enable Ecs-Instance:Ecs-Disk Ecs-Disk:Ecs-Snapshot --existing'(
		step,
	) {
		const disk = step.after.resources[tourDisk]!;
		expect(disk.tags.cost).toBe('shanghai');
		expect(disk.inherited?.cost?.from).toBe('i-bp1sjndm88vsrpr07lef');
		const crmData = idOf(step.before, 'crm-prod-1-data');
		expect(step.after.resources[crmData]).toEqual(
			step.before.resources[crmData],
		);
		expect(step.stdout).toMatch(/^Inheritance skipped for 1 resource/mv);
		oneStep(step);
		expect(step.after.log.at(-1)!.skipped?.map((s) => s.id)).toEqual([crmData]);
	},

	'tagdeck show d-bp1nyurvvttrzy28qcqh': [
		showTourDisk('on'),
		showTourDisk('detached'),
		showTourDisk('now off'),
	],

	// Inheritance step 4: a tag on the instance reaches its disks and their snapshots, in one step.
	'tagdeck tag i-bp1sjndm88vsrpr07lef --tag owner=zhao.lei'(step) {
		const instance = 'i-bp1sjndm88vsrpr07lef';
		const disks = resources(
			step.after,
			(r) => r.type === 'Ecs-Disk' && r.links?.attachedTo === instance,
		);
		const snapshots = resources(step.after, (r) =>
			disks.some((d) => r.links?.sourceDisk === d.id),
		);
		expect(snapshots.length).toBeGreaterThan(0);
		expect(step.after.resources[instance]!.tags.owner).toBe('zhao.lei');
		for (const r of [...disks, ...snapshots]) {
			expect(r.tags.owner, r.name).toBe('zhao.lei');
			expect(r.inherited?.owner, r.name).toBeDefined();
		}

		oneStep(step);
	},
	"tagdeck list --region cn-hangzhou --filter 'inherited:owner'"(step) {
		const expected = resources(
			step.after,
			(r) =>
				r.region === 'cn-hangzhou' && Object.hasOwn(r.inherited ?? {}, 'owner'),
		);
		expect(listedIds(step)).toEqual(sortedIds(expected));
		expect(listedIds(step)).toContain(tourDisk);
	},

	// Inheritance step 4: a tag set directly on the disk becomes the disk's own.
	'tagdeck tag d-bp1nyurvvttrzy28qcqh --tag backup=weekly --tag owner=storage-team'(
		step,
	) {
		const disk = step.after.resources[tourDisk]!;
		expect(disk.tags).toMatchObject({backup: 'weekly', owner: 'storage-team'});
		expect(disk.inherited?.owner).toBeUndefined();
		expect(disk.inherited?.backup).toBeUndefined();
	},

	// Inheritance step 5: detaching removes what the disk inherited.
	'tagdeck detach d-bp1nyurvvttrzy28qcqh'(step) {
		const before = step.before.resources[tourDisk]!;
		const disk = step.after.resources[tourDisk]!;
		expect(Object.keys(before.inherited ?? {}).length).toBeGreaterThan(0);
		expect(disk.links?.attachedTo).toBeUndefined();
		expect(disk.inherited ?? {}).toEqual({});
		for (const key of Object.keys(before.inherited!))
			expect(disk.tags, key).not.toHaveProperty(key);
		expect(disk.tags).toMatchObject({backup: 'weekly', owner: 'storage-team'});
	},

	// Inheritance step 6: the cluster rules; its security group and nodes follow the cluster's tags.
	'tagdeck rules enable Cs-Cluster:Ecs-SecurityGroup Cs-Cluster:Ecs-Instance'(
		step,
	) {
		const enabled = Object.values(step.after.rules)
			.filter((s) => s.region === 'cn-hangzhou' && s.enabled)
			.map((s) => s.rule);
		for (const tail of [
			':Cs-Cluster:Ecs-SecurityGroup',
			':Cs-Cluster:Ecs-Instance',
		])
			expect(
				enabled.some((rule) => rule.endsWith(tail)),
				tail,
			).toBe(true);
	},
	'tagdeck tag c232301ee8da445f0cd685a745d262684 --tag release=2026.11'(step) {
		const cluster = named(step.after, 'ack-prod-hz');
		expect(cluster.tags.release).toBe('2026.11');
		const members = resources(
			step.after,
			(r) =>
				r.links?.cluster === cluster.id &&
				(r.type === 'Ecs-SecurityGroup' || r.type === 'Ecs-Instance'),
		);
		expect(members.map((r) => r.type).toSorted()).toEqual([
			'Ecs-Instance',
			'Ecs-Instance',
			'Ecs-SecurityGroup',
		]);
		for (const r of members) {
			expect(r.tags.release, r.name).toBe('2026.11');
			expect(r.inherited?.release?.from, r.name).toBe(cluster.id);
		}
	},
	'tagdeck create instance --in c232301ee8da445f0cd685a745d262684 --name ack-prod-node-3'(
		step,
	) {
		const cluster = named(step.after, 'ack-prod-hz');
		const node = named(step.after, 'ack-prod-node-3');
		expect(step.before.resources[node.id]).toBeUndefined();
		expect(node.type).toBe('Ecs-Instance');
		expect(node.links?.cluster).toBe(cluster.id);
		for (const [key, value] of Object.entries(cluster.tags))
			expect(node.tags[key], key).toBe(value);
	},

	// Inheritance step 7: Seoul does not support it; the error lists the 24 regions that do.
	'tagdeck rules enable Ecs-Instance:Ecs-Disk --region ap-northeast-2'(step) {
		refusedWith('InvalidOperation.RegionNotSupported')(step);
		const listed =
			/Rules can be enabled in: (.+)\.$/mv
				.exec(step.stderr)?.[1]
				?.split(', ') ?? [];
		expect(listed).toHaveLength(24);
		expect(listed).toContain('cn-hangzhou');
		expect(listed).not.toContain('ap-northeast-2');
	},

	// Inheritance step 7: disabling stops propagation and leaves delivered tags, still inherited.
	'tagdeck rules disable Ecs-Instance:Ecs-Disk'(step) {
		const setting = Object.values(step.after.rules).find(
			(s) => s.region === 'cn-hangzhou' && s.rule.endsWith(`:${diskRule}`),
		);
		expect(setting?.enabled).toBe(false);
		expect(step.after.resources).toEqual(step.before.resources);
		expect(
			Object.keys(step.after.resources[tourDisk]!.inherited ?? {}).length,
		).toBeGreaterThan(0);
	},
	'tagdeck inheritance off'(step) {
		expect(step.after.account.inheritance.enabled).toBe(false);
		expect(step.after.resources).toEqual(step.before.resources);
	},
	// Cost by tag, step 1: this month so far, by product, at illustrative prices.
	'tagdeck bill'(step) {
		expect(step.stdout).toContain('by product (CNY, illustrative prices)');
		expect(billRows(step, /^PRODUCT\s+AMOUNT/v)).toEqual(
			expectedRows(step, null),
		);
	},

	// Cost by tag, step 2: CostCenter is not enabled yet.
	'tagdeck bill --month last --by CostCenter': [
		(step) => {
			expect(step.stderr).toContain('CostTag.NotEnabled');
			expect(step.stderr).toContain('tagdeck costs enable CostCenter');
		},
		// Step 3: marketing until the 15th, retail after; the rest unallocated.
		(step) => {
			const rows = billRows(step, /^COSTCENTER\s+AMOUNT/v);
			expect(rows).toEqual(expectedRows(step, 'CostCenter'));
			const values = rows.map((row) => row[0]);
			expect(values).toContain('marketing');
			expect(values).toContain('retail');
			expect(values.at(-2)).toBe('(unallocated)');
		},
		// Step 5: with associated allocation, the unallocated group shrinks.
		(step) => {
			const rows = billRows(step, /^COSTCENTER\s+AMOUNT/v);
			expect(rows).toEqual(expectedRows(step, 'CostCenter'));
			const unallocated = (table: string[][]) =>
				Number(
					table
						.find((row) => row[0] === '(unallocated)')![1]!
						.replaceAll(',', ''),
				);
			const before = billRows(
				steps.filter(
					(s) => s.line === 'tagdeck bill --month last --by CostCenter',
				)[1]!,
				/^COSTCENTER\s+AMOUNT/v,
			);
			expect(unallocated(rows)).toBeLessThan(unallocated(before));
		},
	],

	'tagdeck costs tags'(step) {
		const rows = table(step.stdout, /^KEY\s+STATUS\s+SINCE/v).filter(
			(row) => !row[0]!.startsWith('Associated resources:'),
		);
		expect(rows).toContainEqual([
			'CostCenter',
			'not enabled',
			expect.stringMatching(/^\d{4}-/v),
		]);
		expect(rows.every((row) => row[1] === 'not enabled')).toBe(true);
		expect(step.stdout).toContain('Associated resources: off');
	},

	'tagdeck costs enable CostCenter'(step) {
		oneStep(step);
		expect(Object.keys(worldData(step).account.costs.enabled)).toEqual([
			'CostCenter',
		]);
	},

	// Step 4: one line per resource and period.
	"tagdeck bill --split --month last | grep -E '^ID|web-prod-2 |win-test-2 |eip-spare-01 '"(
		step,
	) {
		const rows = table(step.stdout, /^ID\s+NAME/v);
		const data = worldData(step);
		const {lines} = splitBill(data, {
			month: lastMonthOf(step),
			now: worldNowOf(data),
		});
		const wanted = new Set(['web-prod-2', 'win-test-2', 'eip-spare-01']);
		expect(rows.map((row) => [row[1], row[4], row[5]])).toEqual(
			lines
				.filter((line) => wanted.has(line.name))
				.map((line) => [
					line.name,
					formatMoney(line.amount),
					line.tags.CostCenter ?? '-',
				]),
		);
		expect(rows.filter((row) => row[1] === 'web-prod-2')).toHaveLength(2);
	},

	'tagdeck costs associated on'(step) {
		oneStep(step);
		expect(worldData(step).account.costs.associated).toBe(true);
	},

	// Step 6: a retag now, not retroactive.
	'tagdeck tag i-bp1sjndm88vsrpr07lef --tag CostCenter=marketing'(step) {
		oneStep(step);
		expect(
			step.after.resources['i-bp1sjndm88vsrpr07lef']!.tags.CostCenter,
		).toBe('marketing');
	},

	'tagdeck clock advance 1h'(step) {
		oneStep(step);
		expect(worldData(step).clock.offset).toBe(3600);
	},

	'tagdeck bill --by CostCenter'(step) {
		const rows = billRows(step, /^COSTCENTER\s+AMOUNT/v);
		expect(rows).toEqual(expectedRows(step, 'CostCenter'));
		// An hour of web-prod-1 (and its disks, associated) in marketing this month.
		const marketing = rows.find((row) => row[0] === 'marketing');
		expect(Number(marketing?.[1]?.replaceAll(',', ''))).toBeGreaterThan(1.46);
	},

	// Access by tag, step 1: the group, its member and its policy.
	'tagdeck ram group show developer'(step) {
		expect(step.stdout).toMatch(/^developer {2}\(RAM group, created /v);
		expect(step.stdout).toMatch(/^ {2}members: {3}alice$/mv);
		expect(step.stdout).toMatch(/^ {2}policies: {2}policyForDevTeam$/mv);
	},

	// Step 2: alice's five instances; the rest counted on stderr.
	'tagdeck list --as alice'(step) {
		const dev = sortedIds(
			resources(
				step.after,
				(r) => r.tags.team === 'dev' && r.region === 'cn-beijing',
			),
		);
		expect(listedIds(step)).toEqual(dev);
		expect(dev).toHaveLength(5);
		const hidden = Object.keys(step.after.resources).length - 5;
		expect(step.stderr).toBe(
			`${hidden} resources hidden: alice may not describe them (tagdeck ram why alice ACTION ID explains one).\n`,
		);
	},

	// Step 3: allowed on her team's instance, refused on ops'.
	'tagdeck stop i-2ze7bmi51ubw2q8pgbdf --as alice'(step) {
		oneStep(step);
		expect(step.after.resources[devApp1]!.status).toBe('Stopped');
		expect(step.after.log.at(-1)).toMatchObject({by: 'alice'});
	},

	'tagdeck stop i-2ze6ou7omsudhfoxzaa2 --as alice'(step) {
		expect(step.afterText).toBe(step.beforeText);
		expect(step.after.resources['i-2ze6ou7omsudhfoxzaa2']!.name).toBe(
			'ops-tool-1',
		);
		expect(step.stderr).toContain(
			"✗ i-2ze6ou7omsudhfoxzaa2  Forbidden.RAM: alice may not ecs:StopInstance on i-2ze6ou7omsudhfoxzaa2: no policy of alice allows it. User not authorized to operate on the specified resource, or this API doesn't support RAM.",
		);
	},

	// Step 4: no tag change, statement 4; and why.
	'tagdeck tag i-2ze7bmi51ubw2q8pgbdf --tag owner=alice --as alice'(step) {
		expect(step.afterText).toBe(step.beforeText);
		expect(step.stderr).toContain(
			'alice may not ecs:TagResources on i-2ze7bmi51ubw2q8pgbdf: denied by policyForDevTeam statement 4',
		);
	},

	'tagdeck ram why alice ecs:TagResources i-2ze7bmi51ubw2q8pgbdf'(step) {
		expect(step.stdout).toContain(
			'holds     StringEquals acs:ResourceTag/team ["dev"]: is "dev"',
		);
		expect(step.stdout.trimEnd().split('\n').at(-1)).toBe(
			'Denied (ExplicitDeny) by policyForDevTeam statement 4: a matching Deny wins over any Allow.',
		);
	},

	// Step 5: root retags it; alice loses it.
	'tagdeck tag i-2ze7bmi51ubw2q8pgbdf --tag team=ops'(step) {
		oneStep(step);
		expect(step.after.resources[devApp1]!.tags.team).toBe('ops');
	},

	'tagdeck start i-2ze7bmi51ubw2q8pgbdf --as alice'(step) {
		expect(step.afterText).toBe(step.beforeText);
		expect(step.stderr).toContain(
			'alice may not ecs:StartInstance on i-2ze7bmi51ubw2q8pgbdf: no policy of alice allows it',
		);
	},

	// Step 6: a user whose policy asks for a tag on create.
	'tagdeck ram user create zhangsan'(step) {
		oneStep(step);
		expect(step.stdout).toMatch(
			/^Created the RAM user zhangsan \(ID [1-9]\d{15}; step #\d+; tagdeck undo reverses it\)\.$/mv,
		);
	},

	'tagdeck ram policy create BindTagForRes --file data/ram/BindTagForRes.json'(
		step,
	) {
		oneStep(step);
		expect(worldData(step).ram['policy:BindTagForRes']).toMatchObject({
			kind: 'policy',
			document: readFileSync(
				join(projectRoot, 'data/ram/BindTagForRes.json'),
				'utf8',
			),
		});
	},

	'tagdeck ram policy attach BindTagForRes --user zhangsan'(step) {
		oneStep(step);
		expect(worldData(step).ram['user:zhangsan']).toMatchObject({
			policies: [{type: 'Custom', name: 'BindTagForRes'}],
		});
	},

	'tagdeck create instance --region cn-beijing --as zhangsan'(step) {
		expect(step.afterText).toBe(step.beforeText);
		expect(step.stderr).toBe(
			"tagdeck: Forbidden.RAM: zhangsan may not ecs:RunInstances on *: no policy of zhangsan allows it. User not authorized to operate on the specified resource, or this API doesn't support RAM. (tagdeck ram why zhangsan ecs:RunInstances *)\n",
		);
	},

	'tagdeck create instance --region cn-beijing --tag owner=zhangsan --as zhangsan'(
		step,
	) {
		oneStep(step);
		const data = worldData(step);
		const made = step.after.log.at(-1)!.ids[0]!;
		const user = data.ram['user:zhangsan'];
		expect(step.after.resources[made]!.tags).toMatchObject({
			owner: 'zhangsan',
			'acs:tag:createdby': `sub:${user?.kind === 'user' ? user.id : ''}:zhangsan`,
		});
	},

	// Step 7: what was done as a user says so.
	// Governance, step 1: a policy, in force.
	'tagdeck policy create costcenter --file data/tag-policies/costcenter.json'(
		step,
	) {
		oneStep(step);
		expect(worldData(step).governance['policy:costcenter']).toMatchObject({
			kind: 'policy',
			document: readFileSync(
				join(projectRoot, 'data/tag-policies/costcenter.json'),
				'utf8',
			),
		});
	},

	'tagdeck policy attach costcenter'(step) {
		oneStep(step);
		expect(worldData(step).account.tagPolicies.attached).toEqual([
			'costcenter',
		]);
	},

	// Step 2 (before the fix) and step 3 (after it): the report, as the core makes it.
	'tagdeck compliance'(step) {
		expect(complianceRows(step)).toEqual(expectedCompliance(step));
		const similarIds = table(step.stdout, /^ID\s+KEY\s+FOUND/v).map((row) =>
			row.join(' '),
		);
		expect(similarIds.toSorted()).toEqual(
			[
				'sea.example.com CostCenter costcenter=retail',
				'shop-assets-sea CostCenter CostCenter=" retail"',
				'shop-backups-eu env Env=Prod',
			].toSorted(),
		);
		expect(step.stdout).toMatch(
			/^\d+ resources carry no custom tag at all\.$/mv,
		);
	},

	'tagdeck fix --dry-run'(step) {
		expect(step.afterText).toBe(step.beforeText);
		expect(step.stdout).toContain(
			'  shop-assets-sea  ~ CostCenter: " retail" → retail\n',
		);
		expect(step.stdout).toContain(
			'  sea.example.com  + CostCenter=retail  - costcenter=retail\n',
		);
		expect(step.stdout).toContain('  shop-backups-eu  - Env=Prod\n');
	},

	'tagdeck fix'(step) {
		oneStep(step);
		const data = worldData(step);
		expect(data.resources['shop-assets-sea']!.tags.CostCenter).toBe('retail');
		expect(data.resources['sea.example.com']!.tags).not.toHaveProperty(
			'costcenter',
		);
		expect(data.resources['shop-backups-eu']!.tags).not.toHaveProperty('Env');
	},

	'tagdeck compliance --key CostCenter'(step) {
		expect(complianceRows(step)).toEqual(
			expectedCompliance(step, 'CostCenter'),
		);
		expect(step.stdout).not.toContain('differ only in case or spaces');
	},

	// Step 4: enforced.
	'tagdeck tag i-bp1sjndm88vsrpr07lef --tag CostCenter=Retail'(step) {
		expect(step.afterText).toBe(step.beforeText);
		expect(step.stderr).toContain(
			'✗ i-bp1sjndm88vsrpr07lef  TagPolicy.NonCompliant: The tag policy costcenter allows CostCenter on ecs:instance only with',
		);
	},

	// Step 5: a preset key, in every region.
	'tagdeck preset add CostCenter=retail,marketing,infra --description "who pays"'(
		step,
	) {
		oneStep(step);
		expect(worldData(step).governance['preset:CostCenter']).toMatchObject({
			values: ['retail', 'marketing', 'infra'],
			description: 'who pays',
		});
	},

	'tagdeck keys --region ap-northeast-1'(step) {
		expect(table(step.stdout, /^KEY\s+RESOURCES/v)).toEqual([
			['CostCenter', '0', '3', 'preset'],
		]);
	},

	'tagdeck log --limit 5'(step) {
		const rows = table(step.stdout, /^STEP\s+TIME/v).map((row) => row.at(-1));
		expect(rows).toEqual([
			'create 1 instance (as zhangsan)',
			'attach policy BindTagForRes to user zhangsan',
			'create RAM policy BindTagForRes',
			'create RAM user zhangsan',
			'tag 1 resource with team=ops',
		]);
	},

	'tagdeck log --limit 6': newestSteps(
		6,
		/^turn associated tag inheritance off/v,
	),
};

/** The per-key rows of a printed compliance report. */
function complianceRows(step: Step): string[][] {
	return table(step.stdout, /^KEY\s+COMPLIANT/v);
}

/** The rows the core's report gives for the same world. */
function expectedCompliance(step: Step, key?: string): string[][] {
	const report = compliance(new CoreWorld(worldData(step)), {key});
	return report.keys.map((k) => [
		k.key,
		k.compliant.toLocaleString('en-US'),
		k.nonCompliant.toLocaleString('en-US'),
		k.notApplicable.toLocaleString('en-US'),
		k.coverage === null ? '-' : `${(k.coverage * 100).toFixed(1)}%`,
		k.policy,
	]);
}

/** The world file as the core reads it. */
function worldData(step: Step): WorldData {
	return JSON.parse(step.afterText) as WorldData;
}

/** World time now, for a world file. */
function worldNowOf(data: WorldData): string {
	return worldNow(data, Date.now());
}

function lastMonthOf(step: Step): string {
	return shiftMonth(monthOf(worldNowOf(worldData(step))), -1);
}

/** A printed bill's rows: value, amount, share (resources left out, the total included). */
function billRows(step: Step, header: RegExp): string[][] {
	return table(step.stdout, header)
		.filter((row) => !row[0]!.startsWith('(unallocated):'))
		.map((row) => row.slice(0, 3));
}

/**
The rows the core's bill gives for the same world, month and moment: the month
and, for the current month, the moment are read from the printed title.
*/
function expectedRows(step: Step, by: string | null): string[][] {
	const data = worldData(step);
	const title = /^Bill for (\d{4}-\d{2})(?: so far \(to ([^\)]+)\))?/mv.exec(
		step.stdout,
	);
	expect(title, step.stdout).not.toBeNull();
	const result = bill(data, {
		month: title![1]!,
		by,
		now: title![2] ?? worldNowOf(data),
	});
	return [
		...result.groups.map((group) => [
			group.value === null ? '(unallocated)' : edged(group.value),
			formatMoney(group.amount),
			formatShare(group.amount, result.total),
		]),
		['TOTAL', formatMoney(result.total), '100.0%'],
	];
}

/** The check for the nth run of a tour line, if there is one. */
function checkFor(line: string, run: number): Check | undefined {
	const found = expectations[line];
	return Array.isArray(found) ? found[run] : found;
}

describe('the README tour, line by line, as a new user runs it', () => {
	it('has a tour, with an expectation for every line and a line for every expectation', () => {
		expect(lines.length).toBeGreaterThan(15);
		const runs = new Map<string, number>();
		for (const line of lines)
			runs.set(command(line), (runs.get(command(line)) ?? 0) + 1);
		for (const [line, count] of runs) {
			const found = expectations[line];
			expect(found, `no expectation for the tour line: ${line}`).toBeDefined();
			if (Array.isArray(found))
				expect(found, `one check per run of: ${line}`).toHaveLength(count);
		}

		for (const line of Object.keys(expectations))
			expect(runs.has(line), `an expectation for no tour line: ${line}`).toBe(
				true,
			);
	});

	const seen = new Map<string, number>();
	for (const line of lines) {
		const run = seen.get(command(line)) ?? 0;
		seen.set(command(line), run + 1);
		const expected = exitOf(line);
		it(`${command(line)} (exit ${expected})`, () => {
			const step = runLine(line);
			expect(step.output).not.toContain('Error:');
			expect(step.code, step.output).toBe(expected);
			const check = checkFor(step.line, run);
			expect(
				check,
				`no expectation for the tour line: ${step.line}`,
			).toBeDefined();
			check!(step);
		});
	}
});
