import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {
	formatMoney,
	formatShare,
	monthOf,
	type BillGroup,
} from '../../../core/bill.js';
import {edged} from '../../../core/summary.js';
import {currency} from '../../../core/prices.js';
import {MessageLines, restWidth, Table, type Column} from '../../components.js';
import {cursorOf, listHeight} from '../../state.js';
import {fit, wrap} from '../../text.js';
import {glyphs, useTheme} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';
import {costNow, costView, groupsOf, keyLabel, type CostView} from './slice.js';

const separator = ' · ';

/** The title: the month, the key, the region, and that the prices are illustrative. A long key is cut first. */
function title(view: CostView, width: number): string {
	const month =
		view.month === monthOf(view.now) ? `${view.month} so far` : view.month;
	const line = (key: string) =>
		[
			'Costs',
			month,
			`by ${key}`,
			view.region ?? 'all regions',
			`${currency}, illustrative prices`,
		].join(separator);
	const key = keyLabel(view.selected);
	const room = width - stringWidth(line(''));
	return fit(
		line(stringWidth(key) > room && room >= 4 ? fit(key, room).trimEnd() : key),
		width,
	);
}

/**
The keys a bill can be grouped by, the chosen one in brackets; when they do
not fit, those before it give way (…) so that it stays in view.
*/
export function keysLine(view: CostView, width: number): string {
	const parts = view.keys.map((k) => {
		const name = `${keyLabel(k)}${k.enabled ? '' : ' (not enabled)'}`;
		return k === view.selected ? `[${name}]` : name;
	});
	const at = view.keys.indexOf(view.selected);
	const line = (from: number, to = parts.length) =>
		`by: ${from > 0 ? `…${separator}` : ''}${parts.slice(from, to).join(separator)}`;
	let from = 0;
	while (from < at && stringWidth(line(from, at + 1)) > width) from++;
	return fit(line(from), width);
}

/** The total, in every bill that shows money: what it is in, and that the prices are illustrative. */
function totalLine(view: CostView, width: number): string {
	const bill = view.bill!;
	const parts = [
		`Total ${formatMoney(bill.total)} ${bill.currency}, illustrative prices`,
		`${bill.groups.length} bar${bill.groups.length === 1 ? '' : 's'}`,
	];
	if (bill.by !== null)
		parts.push(
			`unallocated ${formatMoney(bill.unallocated)} (${formatShare(bill.unallocated, bill.total)})`,
		);
	return fit(parts.join(separator), width);
}

/** The bar of a group: its length in proportion to the largest amount (at least one cell if not nothing). */
function bar(group: BillGroup, largest: number, room: number): string {
	const cells = largest > 0 ? Math.round((group.amount / largest) * room) : 0;
	const glyph = group.value === null ? '░' : '█';
	return glyph.repeat(Math.max(group.amount > 0 ? 1 : 0, cells));
}

export function CostsScreen({state, world, width}: Props) {
	const theme = useTheme();
	const view = costView(state, world, costNow(world));
	// The rows this view has: the list's, and its head.
	const rows = listHeight(state) + 1;
	const head = [
		<Text key="title" bold color={theme.accent} wrap="truncate">
			{title(view, width)}
		</Text>,
		<Text key="keys" wrap="truncate">
			{keysLine(view, width)}
		</Text>,
	];
	const {selected, bill, error} = view;
	if (!bill) {
		const text = error
			? `${error.code}: ${error.message} [ and ] choose another month.`
			: `${selected.key!} is not enabled for cost allocation — press e to enable it. A bill is grouped only by enabled keys; Tab chooses another.`;
		return (
			<Box flexDirection="column" height={rows}>
				{head}
				<MessageLines
					lines={wrap(text, width, Math.max(1, rows - 2))}
					error={error !== undefined}
				/>
			</Box>
		);
	}

	const groups = groupsOf(view);
	const largest = Math.max(0, ...groups.map((g) => g.amount));
	const fixed: Array<Column<BillGroup>> = [
		{
			title: selected.key ?? 'PRODUCT',
			// Wide enough for most values; narrow terminals keep room for the bar.
			width: Math.max(10, Math.min(40, width - 58)),
			cell: (g) =>
				g.value === null
					? `${glyphs.unallocated} (unallocated)`
					: edged(g.value),
		},
		{
			title: `AMOUNT ${bill.currency}`.padStart(12),
			width: 12,
			cell: (g) => formatMoney(g.amount).padStart(12),
		},
		{
			title: ' SHARE',
			width: 6,
			cell: (g) => formatShare(g.amount, bill.total).padStart(6),
		},
	];
	const room = restWidth(fixed, width);
	const columns = [
		...fixed,
		{title: 'BAR', width: 0, cell: (g: BillGroup) => bar(g, largest, room)},
	];
	return (
		<Box flexDirection="column" height={rows}>
			{head}
			<Table
				rows={groups}
				columns={columns}
				cursor={cursorOf(state, 'costs')}
				height={Math.max(1, rows - 4)}
				width={width}
				tone={(g) => (g.value === null ? theme.unallocated : undefined)}
				rowKey={(g) => (g.value === null ? '\u0000' : `=${g.value}`)}
				empty={`Nothing was billed in ${view.month}${view.region ? ` in ${view.region}` : ''}.`}
			/>
			<Text wrap="truncate">{totalLine(view, width)}</Text>
		</Box>
	);
}
