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

export function ActionsScreen({state, width}: Omit<Props, 'world'>) {
	return (
		<Table
			rows={state.menu}
			columns={[
				{
					title: state.menuTitle.toUpperCase(),
					width: 0,
					cell: (item) => `${item.label}${item.submenu ? '  ▸' : ''}`,
				},
			]}
			cursor={state.cursor.actions ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(item, index) => `${index}:${item.label}`}
			empty="Nothing to choose."
		/>
	);
}
