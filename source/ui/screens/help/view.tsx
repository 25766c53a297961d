import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';
import {keyTables} from '../tables.js';
import {helpRows} from './bindings.js';

export function HelpScreen({state, width}: Omit<Props, 'world'>) {
	const rows = helpRows(state, keyTables);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'KEY', width: 14, cell: (b) => b.label},
				{
					title: `DOES (type to filter${state.filters.help ? `: ${state.filters.help}` : ''})`,
					width: 0,
					cell: (b) => b.does,
				},
			]}
			cursor={state.cursor.help ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(b, index) => `${index}:${b.label}`}
		/>
	);
}
