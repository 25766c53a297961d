import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';
import {regionList} from './bindings.js';

export function RegionsScreen({state, world, width}: Props) {
	const rows = regionList(state, world);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'REGION', width: 15, cell: (r) => r.id},
				{title: 'NAME', width: 30, cell: (r) => r.name},
				{title: 'RESOURCES', width: 9, cell: (r) => String(r.resources)},
				{
					title: 'INHERITANCE',
					width: 11,
					cell: (r) => (r.inheritanceSupported ? 'supported' : 'no'),
				},
				{title: 'ZONES', width: 0, cell: (r) => r.zones.join(' ')},
			]}
			cursor={state.cursor.regions ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(r) => r.id}
			empty="No region matches."
		/>
	);
}
