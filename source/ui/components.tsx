import {Box, Text} from 'ink';
import {memo} from 'react';
import {fit} from './text.js';
import {paint, useTheme} from './theme.js';

export type Column<T> = {
	title: string;
	width: number;
	cell: (row: T) => string;
};

type TableProps<T> = {
	readonly rows: readonly T[];
	readonly columns: Array<Column<T>>;
	readonly cursor: number;
	readonly height: number;
	readonly width: number;
	readonly marked?: (row: T) => boolean;
	/** A row's colour, when it has one of its own (marked rows have theirs). */
	readonly tone?: (row: T) => string | undefined;
	readonly rowKey: (row: T, index: number) => string;
	readonly empty?: string;
};

/** The first row to show so that the cursor stays in a window of `height` rows. */
function windowStart(cursor: number, height: number, length: number): number {
	const start = Math.max(0, cursor - Math.floor(height / 2));
	return Math.max(0, Math.min(start, length - height));
}

type RowProps = {
	readonly text: string;
	readonly isCursor: boolean;
	readonly isMarked: boolean;
	readonly color: string | undefined;
};

function RowView({text, isCursor, isMarked, color}: RowProps) {
	const theme = useTheme();
	return (
		<Text
			inverse={isCursor}
			color={isMarked ? theme.marked : color}
			wrap="truncate"
		>
			{paint(text, theme).map((segment, index) =>
				segment.color ? (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} color={segment.color}>
						{segment.text}
					</Text>
				) : (
					segment.text
				),
			)}
		</Text>
	);
}

/** A row redrawn only when its text, cursor or mark changes. */
const Row = memo(RowView);

/** The columns of a row before its last column: the mark, and each fixed column and its gap. */
const fixedWidth = (fixed: Array<Column<never>>) =>
	fixed.reduce((sum, c) => sum + c.width + 1, 2);

/** The width a table of `width` columns leaves its last column after the `fixed` ones. */
export const restWidth = (fixed: Array<Column<never>>, width: number) =>
	Math.max(1, width - fixedWidth(fixed));

/** A table that renders only the rows in view; the cursor row is in reverse video. */
export function Table<T>({
	rows,
	columns,
	cursor,
	height,
	width,
	marked,
	tone,
	rowKey,
	empty,
}: TableProps<T>) {
	const theme = useTheme();
	const start = windowStart(cursor, height, rows.length);
	const shown = rows.slice(start, start + height);
	const before = columns.slice(0, -1);
	const fixed = fixedWidth(before);
	const widths = [...before.map((c) => c.width), restWidth(before, width)];
	// Each cell is fitted to its column: a row is exactly `width` columns unless
	// the fixed columns alone are wider than the table.
	const exact = fixed + widths.at(-1)! === width;
	const line = (cells: (i: number) => string) =>
		columns.map((_, i) => fit(cells(i), widths[i]!)).join(' ');
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold dimColor={theme.dim} wrap="truncate">
				{fit(`  ${line((i) => columns[i]!.title)}`, width)}
			</Text>
			{shown.length === 0 ? (
				<Text dimColor={theme.dim}>
					{fit(`  ${empty ?? 'Nothing here.'}`, width)}
				</Text>
			) : null}
			{shown.map((row, index) => {
				const at = start + index;
				const isMarked = marked?.(row) ?? false;
				const cells = `${isMarked ? '●' : ' '} ${line((i) => columns[i]!.cell(row))}`;
				const text = exact ? cells : fit(cells, width);
				// Only the cursor's reverse video needs the padding to the edge; Ink
				// re-reads every character of a frame, so the others leave it out.
				return (
					<Row
						key={rowKey(row, at)}
						text={at === cursor ? text : text.trimEnd()}
						isCursor={at === cursor}
						isMarked={isMarked}
						color={tone?.(row)}
					/>
				);
			})}
		</Box>
	);
}

/** Lines in a box of fixed height (previews, details): what does not fit is counted. */
export function Lines({
	lines,
	height,
	width,
}: {
	readonly lines: string[];
	readonly height: number;
	readonly width: number;
}) {
	const theme = useTheme();
	const fits =
		lines.length <= height
			? lines
			: [
					...lines.slice(0, Math.max(0, height - 1)),
					`… ${lines.length - height + 1} more lines`,
				];
	return (
		<Box flexDirection="column" height={height}>
			{fits
				.map((text, position) => ({text, position}))
				.map((line) => (
					<Text
						key={line.position}
						wrap="truncate"
						dimColor={line.text.startsWith('…') && theme.dim}
					>
						{fit(line.text, width)}
					</Text>
				))}
		</Box>
	);
}

/** Lines of text, each cut to its line, in the error colour when they tell of one. */
export function MessageLines({
	lines,
	error,
}: {
	readonly lines: string[];
	readonly error: boolean;
}) {
	const theme = useTheme();
	return lines.map((line, index) => (
		<Text
			// Lines have no identity but their place.
			// eslint-disable-next-line react/no-array-index-key
			key={index}
			color={error ? theme.error : undefined}
			wrap="truncate"
		>
			{line}
		</Text>
	));
}
