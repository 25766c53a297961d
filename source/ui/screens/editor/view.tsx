import {Box, Text} from 'ink';
import {isSystemKey} from '../../../core/tags.js';
import {Lines} from '../../components.js';
import {listHeight} from '../../state.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';

export function EditorScreen({state, world, width}: Props) {
	const theme = useTheme();
	const {lines, targets} = state.editor;
	const height = listHeight(state);
	const body = lines.map(
		(line, index) =>
			`${index === lines.length - 1 ? '›' : ' '} ${line}${index === lines.length - 1 ? '▏' : ''}`,
	);
	const last = lines.at(-1) ?? '';
	const prefix = last.replace(/^-/v, '');
	const keys = last.includes('=')
		? []
		: [
				...new Set(
					world
						.inRegion(state.region ?? '')
						.flatMap((r) => Object.keys(r.tags)),
				),
			]
				.filter((k) => !isSystemKey(k) && k.startsWith(prefix))
				.toSorted()
				.slice(0, 8);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				{fit(
					`Tag ${targets.length} resource(s): ${targets.slice(0, 4).join(' ')}${targets.length > 4 ? ' …' : ''}`,
					width,
				)}
			</Text>
			<Text dimColor={theme.dim} wrap="truncate">
				{fit(
					'One line each: key=value adds or overwrites, -key removes. Enter: new line; Ctrl-s or an empty line: preview.',
					width,
				)}
			</Text>
			<Lines
				lines={[
					...body,
					'',
					keys.length > 0 ? `keys here: ${keys.join('  ')}` : '',
				]}
				height={height - 1}
				width={width}
			/>
		</Box>
	);
}
