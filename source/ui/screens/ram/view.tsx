import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';
import {ramRows} from './bindings.js';

/** :ram: the account, RAM users, groups and custom policies; Enter acts as a user. */
export function RamScreen({state, world, width}: Props) {
	const rows = ramRows(state, world);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'KIND', width: 7, cell: (r) => r.kind},
				{
					title: 'NAME',
					width: 20,
					cell: (r) =>
						`${r.name}${r.name === (state.as ?? 'root') && r.kind !== 'group' && r.kind !== 'policy' ? ' ◂' : ''}`,
				},
				{title: 'GROUPS / MEMBERS / HELD BY', width: 28, cell: (r) => r.with},
				{title: 'POLICIES', width: 0, cell: (r) => r.policies},
			]}
			cursor={state.cursor.ram ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(r) => `${r.kind}:${r.name}`}
			empty="Nothing matches the filter."
		/>
	);
}
