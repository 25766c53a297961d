import process from 'node:process';
import {
	bill as makeBill,
	formatMoney,
	formatShare,
	historyNote,
	monthOf,
	shiftMonth,
	splitBill,
	type Bill,
	type SplitLine,
} from '../core/bill.js';
import {worldNow} from '../core/clock.js';
import {costTags} from '../core/cost-tags.js';
import {edged} from '../core/summary.js';
import type {WorldData} from '../core/model.js';
import {dbFlag, openStore, regionFlag, UsageError} from './context.js';
import {csvText, loadTextOutput, print, printJson, table} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

const jsonFlag = {json: {type: 'boolean', default: false}} as const;
const priced = 'CNY, illustrative prices';

/** Cells padded on the left so that numbers line up by their last digit. */
function rightAligned(cells: readonly string[]): string[] {
	const width = Math.max(0, ...cells.map((cell) => cell.length));
	return cells.map((cell) => cell.padStart(width));
}

export const costs = defineCommand({
	name: 'costs',
	summary: 'cost allocation tags: list, enable, disable; associated resources',
	help: `
	Usage
	  $ tagdeck costs [tags] [--json]
	  $ tagdeck costs enable KEY…
	  $ tagdeck costs disable KEY…
	  $ tagdeck costs associated on|off

	A bill can be grouped or split by a tag key only once the key is enabled as a
	cost allocation tag. A key is listed one world-day after it was first used,
	"not enabled". Enabling and disabling are steps (tagdeck undo reverses them).

	With associated on, a disk, ENI, EIP or snapshot that has no value of the
	key is allocated to its instance's value (a snapshot through its disk); a
	resource's own value always wins.

	Options
	  --json      Print JSON: [{"key", "status", "since"}]
	  --db FILE   The world file

	Examples
	  $ tagdeck costs tags
	  $ tagdeck costs enable CostCenter
	  $ tagdeck costs associated on
	`,
	flags: {...dbFlag, ...jsonFlag},
	async run(cli) {
		const [verb = 'tags', ...keys] = cli.input;
		const store = openStore(cli.flags.db);
		if (verb === 'tags') {
			if (keys.length > 0) throw new UsageError('costs tags takes no keys.');
			const world = await store.load();
			const list = costTags(world.data, worldNow(world.data, Date.now()));
			if (cli.flags.json) {
				printJson(list);
				return 0;
			}

			await loadTextOutput();
			const {associated} = world.data.account.costs;
			print(
				list.length === 0
					? 'No cost allocation tags yet: a tag key is listed one world-day after it is first used.'
					: table(
							['KEY', 'STATUS', 'SINCE'],
							list.map((tag) => [tag.key, tag.status, tag.since]),
						),
			);
			print(
				`Associated resources: ${associated ? 'on (disks, ENIs, EIPs and snapshots without a value follow their instance)' : 'off (tagdeck costs associated on to allocate them by their instance)'}.`,
			);
			return 0;
		}

		if (verb === 'enable' || verb === 'disable') {
			if (keys.length === 0)
				throw new UsageError(`Name the keys: tagdeck costs ${verb} KEY…`);
			return applyAndReport(
				store,
				{op: 'costs', [verb]: keys},
				{
					json: cli.flags.json,
					done: (result) =>
						`${verb === 'enable' ? 'Enabled' : 'Disabled'} ${keys.join(', ')} for cost allocation (step #${result.event!.seq}; tagdeck undo reverses it).${verb === 'enable' ? ` Bills can be grouped by it: tagdeck bill --by ${keys[0]!}` : ''}`,
				},
			);
		}

		if (verb === 'associated') {
			const [state, ...rest] = keys;
			if (rest.length > 0 || (state !== 'on' && state !== 'off'))
				throw new UsageError('Write: tagdeck costs associated on|off.');
			return applyAndReport(
				store,
				{op: 'costs', associated: state === 'on'},
				{
					json: cli.flags.json,
					done: (result) =>
						`Associated-resource allocation is ${state} (step #${result.event!.seq}; tagdeck undo reverses it).`,
				},
			);
		}

		throw new UsageError(
			`Unknown "costs ${verb}": use tags, enable, disable or associated.`,
		);
	},
});

/** The month asked for (`last`: the one before the current), or the current world month. */
function monthFlag(month: string | undefined, now: string): string {
	if (month === 'last') return shiftMonth(monthOf(now), -1);
	return month ?? monthOf(now);
}

function billText(result: Bill, now: string): string {
	const current = result.month === monthOf(now);
	const title = `Bill for ${result.month}${current ? ` so far (to ${now})` : ''}, by ${result.by ?? 'product'} (${priced})`;
	if (result.groups.length === 0)
		return `${title}\nNothing was billed in ${result.month}.`;
	const names = result.groups.map((group) =>
		group.value === null ? '(unallocated)' : edged(group.value),
	);
	const amounts = rightAligned([
		...result.groups.map((group) => formatMoney(group.amount)),
		formatMoney(result.total),
	]);
	const shares = rightAligned([
		...result.groups.map((group) => formatShare(group.amount, result.total)),
		'100.0%',
	]);
	const counts = rightAligned(
		result.groups.map((group) => String(group.resources)),
	);
	const rows = result.groups.map((_, index) => [
		names[index]!,
		amounts[index]!,
		shares[index]!,
		counts[index]!,
	]);
	rows.push(['TOTAL', amounts.at(-1)!, shares.at(-1)!, '']);
	const lines = [
		title,
		table(
			[
				result.by === null ? 'PRODUCT' : result.by.toUpperCase(),
				'AMOUNT',
				'SHARE',
				'RESOURCES',
			],
			rows,
		),
	];
	if (result.by !== null && result.unallocated > 0)
		lines.push(
			`(unallocated): resources without ${result.by} in that time. tagdeck list --filter '!${result.by}' shows the ones without it now.`,
		);
	return lines.join('\n');
}

function billCsv(result: Bill): string {
	return csvText([
		['month', 'currency', 'by', 'value', 'amount', 'resources', 'prices'],
		...result.groups.map((group) => [
			result.month,
			result.currency,
			result.by ?? 'product',
			group.value ?? '',
			group.amount.toFixed(2),
			String(group.resources),
			'illustrative',
		]),
	]);
}

function splitColumns(keys: readonly string[]) {
	return [
		'month',
		'product',
		'type',
		'id',
		'name',
		'region',
		'amount',
		...keys.map((key) => `tag:${key}`),
		'allocatedBy',
		'prices',
	];
}

function splitRow(line: SplitLine, keys: readonly string[]): string[] {
	return [
		line.month,
		line.product,
		line.type,
		line.id,
		line.name,
		line.region,
		line.amount.toFixed(2),
		...keys.map((key) => line.tags[key] ?? ''),
		line.allocatedBy,
		'illustrative',
	];
}

async function printSplit(
	data: WorldData,
	options: {month: string; region?: string; now: string},
	format: 'json' | 'csv' | 'text',
) {
	const split = splitBill(data, options);
	if (format === 'json') {
		printJson({
			month: options.month,
			currency: 'CNY',
			illustrative: true,
			keys: split.keys,
			total: split.total,
			lines: split.lines,
		});
		return;
	}

	if (format === 'csv') {
		process.stdout.write(
			csvText([
				splitColumns(split.keys),
				...split.lines.map((line) => splitRow(line, split.keys)),
			]),
		);
		return;
	}

	await loadTextOutput();
	const {keys} = split;
	print(
		`Split bill for ${options.month} (${priced}): one line per resource and period of its cost allocation tags${keys.length === 0 ? '; no cost allocation tag is enabled (tagdeck costs tags)' : ''}`,
	);
	const amounts = rightAligned(
		split.lines.map((line) => formatMoney(line.amount)),
	);
	print(
		table(
			['ID', 'NAME', 'TYPE', 'REGION', 'AMOUNT', ...keys, 'ALLOCATED BY'],
			split.lines.map((line, index) => [
				line.id,
				line.name,
				line.type,
				line.region,
				amounts[index]!,
				...keys.map((key) => line.tags[key] ?? '-'),
				line.allocatedBy,
			]),
		),
	);
	print(`TOTAL ${formatMoney(split.total)}`);
}

export const bill = defineCommand({
	name: 'bill',
	summary: "a month's bill, by product or by a cost allocation tag",
	help: `
	Usage
	  $ tagdeck bill [--month YYYY-MM] [--by KEY] [--region R] [--json|--csv]
	  $ tagdeck bill --split [--month YYYY-MM] [--region R] [--json|--csv]

	What the world cost in a month (UTC, world time; the current month so far),
	at illustrative pay-as-you-go prices in CNY. Usage comes from the world's
	history: instances are billed while they exist, also stopped, unless stopped
	in economical mode (tagdeck stop --economical); disks while they exist;
	snapshots per started hour; an EIP pays a retention fee while it is not
	associated. Each hour is allocated by the tags the resource had then.

	--by KEY groups by the values of an enabled cost allocation tag (tagdeck
	costs enable KEY); resources without a value are "(unallocated)". Amounts
	are rounded to the fen and always add up to the total.

	--split prints a line per resource and period, with the value of every
	enabled cost allocation tag and who it was allocated by (own, or the
	instance a disk, ENI, EIP or snapshot followed).

	Options
	  --month YYYY-MM  The month, or last (default: the current world month)
	  --by KEY         Group by an enabled cost allocation tag (default: by product)
	  --region R       Only region R
	  --split          The split bill
	  --json           Print JSON
	  --csv            Print CSV
	  --db FILE        The world file

	Examples
	  $ tagdeck bill
	  $ tagdeck bill --by CostCenter --month last
	  $ tagdeck bill --split --csv > split.csv
	`,
	flags: {
		...dbFlag,
		...jsonFlag,
		csv: {type: 'boolean', default: false},
		split: {type: 'boolean', default: false},
		month: {type: 'string'},
		by: {type: 'string'},
		region: {type: 'string'},
	},
	async run(cli) {
		if (cli.input.length > 0)
			throw new UsageError(
				`bill takes no arguments; give the month with --month ${cli.input[0]!}.`,
			);
		if (cli.flags.json && cli.flags.csv)
			throw new UsageError('Choose one of --json and --csv.');
		if (cli.flags.split && cli.flags.by !== undefined)
			throw new UsageError(
				'--split has a column for every enabled cost allocation tag; drop --by.',
			);
		const region = regionFlag(cli.flags.region);
		const world = await openStore(cli.flags.db).load();
		const now = worldNow(world.data, Date.now());
		const month = monthFlag(cli.flags.month, now);
		const format = cli.flags.json ? 'json' : cli.flags.csv ? 'csv' : 'text';
		// Said after the bill, which is printed only when it could be made.
		const noteHistory = () => {
			const note = historyNote(world.data, month);
			if (note) process.stderr.write(`tagdeck: note: ${note}\n`);
		};

		if (cli.flags.split) {
			await printSplit(world.data, {month, region, now}, format);
			noteHistory();
			return 0;
		}

		const result = makeBill(world.data, {
			month,
			by: cli.flags.by ?? null,
			region,
			now,
		});
		if (format === 'json') printJson(result);
		else if (format === 'csv') process.stdout.write(billCsv(result));
		else {
			await loadTextOutput();
			print(billText(result, now));
		}

		noteHistory();
		return 0;
	},
});
