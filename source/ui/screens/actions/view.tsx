import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';

export function ActionsScreen({state, width}: Omit<Props, 'world'>) {
	return (
		<Table
			rows={state.menu}
			columns={[
				{
					title: state.menuTitle,
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
