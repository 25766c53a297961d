import {Box, Text} from 'ink';
import type {World} from '../../../core/world.js';
import {listHeight, type Edit, type UiState} from '../../state.js';
import {fit, wrapWhole} from '../../text.js';
import {useTheme} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';
import {candidates, completing} from './complete.js';
import {cursorLine, listed} from './layout.js';
import {parseEdit, type ParsedEdit} from './parse.js';
import {regionValues} from './values.js';

/** One row of the editor's text: a line (the cursor's or another) or a row of an error under it. */
type Row = {text: string; error: boolean; line: number};

/** The lines, each bad one followed by its error, wrapped to the width. */
function textRows(
	edit: Edit,
	errors: ParsedEdit['errors'],
	width: number,
): Row[] {
	const rows: Row[] = [];
	const bad = new Map(errors.map((e) => [e.line, e.text]));
	for (const [index, line] of edit.lines.entries()) {
		const error = bad.get(index);
		rows.push({
			text:
				index === edit.row
					? `› ${cursorLine(line, edit.column, width - 2)}`
					: `  ${fit(line, width - 2).trimEnd()}`,
			error: error !== undefined,
			line: index,
		});
		if (error === undefined) continue;
		for (const [n, part] of wrapWhole(error, width - 4).entries())
			rows.push({
				text: `${n === 0 ? '  ✗ ' : '    '}${part}`,
				error: true,
				line: index,
			});
	}

	return rows;
}

/** The rows that fit in `height`: the cursor's line and its errors in view, `…` where rows are left out. */
function inView(rows: Row[], cursor: number, height: number): Row[] {
	if (rows.length <= height) return rows;
	const first = rows.findIndex((r) => r.line === cursor);
	const last = rows.findLastIndex((r) => r.line === cursor);
	const end = Math.min(rows.length, Math.max(height, last + 2));
	const start = Math.max(0, Math.min(first - 1, end - height));
	const shown = rows.slice(start, start + height);
	if (start > 0)
		shown[0] = {text: `  … ${start + 1} rows above`, error: false, line: -1};
	const below = rows.length - start - height;
	if (below > 0)
		shown[height - 1] = {
			text: `  … ${below + 1} rows below`,
			error: false,
			line: -1,
		};
	return shown;
}

/** The keys the cursor's line could complete to, or the values its key has here, with counts. */
function suggestion(state: UiState, world: World, width: number): string {
	const typed = completing(state.editor);
	if (!typed) return '';
	// While Tab shows each match in turn, the list stays that of what was typed.
	const what = {...typed, stem: state.editor.tab?.stem ?? typed.stem};
	if (what.key === undefined) {
		const keys = candidates(world, state.region, what);
		return keys.length > 0 ? listed('keys here:', keys, width, 8) : '';
	}

	const values = regionValues(world, state.region, what.key).filter((v) =>
		v.value.startsWith(what.stem),
	);
	if (values.length === 0) {
		return what.stem === ''
			? fit(`${what.key}: no resource here has this key yet.`, width).trimEnd()
			: '';
	}

	return listed(
		`values of ${what.key} here:`,
		values.map((v) => `${v.value === '' ? '(empty)' : v.value} (${v.count})`),
		width,
	);
}

export function EditorScreen({state, world, width}: Props) {
	const theme = useTheme();
	const {editor} = state;
	const {targets} = editor;
	const {errors} = parseEdit(editor.lines, editor.checked ? -1 : editor.row);
	const hint = suggestion(state, world, width);
	const room = Math.max(1, listHeight(state) - 1 - (hint ? 2 : 0));
	const rows = inView(textRows(editor, errors, width), editor.row, room);
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
					'One per line: key=value sets, -key removes · Ctrl-s previews · Tab completes',
					width,
				)}
			</Text>
			<Box flexDirection="column" height={room}>
				{rows.map((row, index) => (
					<Text
						// eslint-disable-next-line react/no-array-index-key
						key={index}
						wrap="truncate"
						color={row.error ? theme.error : undefined}
					>
						{row.text}
					</Text>
				))}
			</Box>
			{hint ? (
				<>
					<Text> </Text>
					<Text dimColor={theme.dim} wrap="truncate">
						{hint}
					</Text>
				</>
			) : null}
		</Box>
	);
}
