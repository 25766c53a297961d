import {Box} from 'ink';
import {changeLines, describeChanges} from '../../../core/summary.js';
import {Lines, Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';

export function ActivityScreen({state, world, width}: Props) {
	const events = world.data.log.toReversed();
	const cursor = state.cursor.activity ?? 0;
	const event = events[cursor];
	const open = event && state.expanded.has(event.seq);
	const detail = open
		? changeLines(describeChanges(event.patches, (id) => world.get(id)))
		: [];
	const failures = open
		? event.failures.map((f) => `  ✗ ${f.id}  ${f.code}`)
		: [];
	const detailHeight = open
		? Math.min(
				detail.length + failures.length + 1,
				Math.floor(listHeight(state) / 2),
			)
		: 0;
	return (
		<Box flexDirection="column">
			<Table
				rows={events}
				columns={[
					{title: 'STEP', width: 6, cell: (e) => `#${e.seq}`},
					{
						title: 'TIME',
						width: 19,
						cell: (e) => e.at.replace('T', ' ').slice(0, 19),
					},
					{
						title: 'REGIONS',
						width: 14,
						cell: (e) => e.regions.join(',') || '-',
					},
					{
						title: 'WHAT',
						width: 0,
						cell: (e) =>
							`${state.expanded.has(e.seq) ? '▾' : '▸'} ${e.summary}`,
					},
				]}
				cursor={cursor}
				height={listHeight(state) - detailHeight}
				width={width}
				rowKey={(e) => String(e.seq)}
				empty="No steps yet."
			/>
			{open ? (
				<Lines
					lines={[`Step #${event.seq}:`, ...detail, ...failures]}
					height={detailHeight}
					width={width}
				/>
			) : null}
		</Box>
	);
}
