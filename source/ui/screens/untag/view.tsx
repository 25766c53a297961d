import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
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
