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
import {untagKeys} from './bindings.js';

export function UntagScreen({state, world, width}: Props) {
	const keys = untagKeys(state, world);
	return (
		<Table
			rows={keys}
			columns={[
				{
					title: `KEYS OF ${state.editor.targets.length} RESOURCE(S): Space chooses, Enter previews`,
					width: 0,
					cell: (k) => k,
				},
			]}
			cursor={state.cursor.untag ?? 0}
			height={listHeight(state)}
			width={width}
			marked={(k) => state.keyMarks.has(k)}
			rowKey={(k) => k}
			empty="These resources have no custom tags."
		/>
	);
}
