import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';
import {keyRows} from './bindings.js';

export function KeysScreen({state, world, width}: Props) {
	const rows = keyRows(state, world);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'KEY', width: 24, cell: (k) => k.key},
				{title: 'RESOURCES', width: 9, cell: (k) => String(k.resources)},
				{title: 'VALUES', width: 6, cell: (k) => String(k.values)},
				{
					title: 'KIND',
					width: 6,
					cell: (k) => (k.system ? 'system' : k.preset ? 'preset' : 'custom'),
				},
				{
					title: 'SOME VALUES',
					width: 0,
					cell(k) {
						const values = new Set<string>();
						for (const r of world.inRegion(k.region))
							if (Object.hasOwn(r.tags, k.key)) values.add(r.tags[k.key]!);
						return [...values].slice(0, 8).join(' ');
					},
				},
			]}
			cursor={state.cursor.keys ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(k) => `${k.region}/${k.key}`}
			empty="No tags in this region."
		/>
	);
}
