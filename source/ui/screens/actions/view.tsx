import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';

export function ActionsScreen({state, width}: Omit<Props, 'world'>) {
	const item = state.menu[state.cursor.actions ?? 0];
	// While a command or an image is typed, the title says what to type.
	const typing =
		state.prompt?.kind === 'name' && item?.typed ? item : undefined;
	return (
		<Table
			rows={state.menu}
			columns={[
				{
					title: typing
						? `${typing.label}: type ${typing.typed}, then Enter (Esc: back)`
						: state.menuTitle,
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
