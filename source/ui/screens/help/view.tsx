import {Box, Text} from 'ink';
import {rules, typeNamed, findRegion} from '../../../core/catalogue.js';
import {settingKey, supportedRegions} from '../../../core/inheritance.js';
import type {Resource} from '../../../core/model.js';
import {own} from '../../../core/tags.js';
import {changeLines, describeChanges} from '../../../core/summary.js';
import {Lines, Table, type Column} from '../../components.js';
import {listHeight} from '../../state.js';
import {chips, fit} from '../../text.js';
import {glyphs, useTheme} from '../../theme.js';
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
