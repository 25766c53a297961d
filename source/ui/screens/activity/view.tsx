import {Box, Text} from 'ink';
import {logWhat, undoneSteps} from '../../../core/history.js';
import type {LogEvent} from '../../../core/model.js';
import {changeLines, describeChanges} from '../../../core/summary.js';
import type {World} from '../../../core/world.js';
import {listHeight} from '../../state.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';

/** One line of the log as drawn: a step's row, or a line of an open step's changes. */
type Line =
	| {kind: 'step'; event: LogEvent; undone: boolean; at: number}
	| {kind: 'change'; text: string};

function columnsFor(width: number) {
	return {step: 13, time: width >= 100 ? 19 : 11, regions: 14};
}

function stepText(
	line: Extract<Line, {kind: 'step'}>,
	open: boolean,
	width: number,
): string {
	const {event, undone} = line;
	const w = columnsFor(width);
	const at = event.at.replace('T', ' ');
	const cells = [
		fit(
			`#${event.seq}${undone ? ' (undone)' : event.past ? ' (past)' : ''}`,
			w.step,
		),
		fit(w.time === 19 ? at.slice(0, 19) : at.slice(5, 16), w.time),
		fit(event.regions.join(',') || '-', w.regions),
		`${open ? '▾' : '▸'} ${logWhat(event)}`,
	];
	return fit(`  ${cells.join(' ')}`, width);
}

function headText(width: number): string {
	const w = columnsFor(width);
	return fit(
		`  ${[fit('STEP', w.step), fit('TIME', w.time), fit('REGIONS', w.regions), 'WHAT'].join(' ')}`,
		width,
	);
}

/** An open step's changes and failures, at most `most` lines (the last says how many more). */
function changesOf(world: World, event: LogEvent, most: number): string[] {
	const lines = [
		...changeLines(
			describeChanges(event.patches, (id) => world.get(id)),
			event.command,
		),
		...event.failures.map((f) => `  ✗ ${f.id}  ${f.code}`),
	];
	if (lines.length === 0) lines.push('  (no tag changes)');
	const indented = lines.map((l) => `  ${l}`);
	if (indented.length <= most) return indented;
	const kept = indented.slice(0, Math.max(0, most - 1));
	return [...kept, `    … ${indented.length - kept.length} more lines`];
}

/** The log newest first, each open step followed by its changes. */
function logLines(
	world: World,
	expanded: ReadonlySet<number>,
	height: number,
): Line[] {
	const undone = undoneSteps(world.data);
	const lines: Line[] = [];
	for (const [at, event] of world.data.log.toReversed().entries()) {
		lines.push({kind: 'step', event, undone: undone(event), at});
		if (expanded.has(event.seq))
			for (const text of changesOf(world, event, height - 1))
				lines.push({kind: 'change', text});
	}

	return lines;
}

/** The first line to show: the cursor's step in view, and as much of its changes as fit. */
function windowStart(lines: Line[], cursor: number, height: number): number {
	const row = lines.findIndex((l) => l.kind === 'step' && l.at === cursor);
	if (row === -1) return 0;
	let end = row + 1;
	while (lines[end]?.kind === 'change') end++;
	const lowest = Math.max(0, end - height);
	const start = Math.max(lowest, Math.min(row, row - Math.floor(height / 3)));
	return Math.max(0, Math.min(start, lines.length - height));
}

export function ActivityScreen({state, world, width}: Props) {
	const theme = useTheme();
	const height = listHeight(state);
	const cursor = state.cursor.activity ?? 0;
	const lines = logLines(world, state.expanded, height);
	const start = windowStart(lines, cursor, height);
	const shown = lines.slice(start, start + height);
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold dimColor={theme.dim} wrap="truncate">
				{headText(width)}
			</Text>
			{lines.length === 0 ? (
				<Text dimColor={theme.dim}>{fit('  No steps yet.', width)}</Text>
			) : null}
			{shown.map((line, index) =>
				line.kind === 'step' ? (
					<Text
						key={`step-${line.event.seq}`}
						inverse={line.at === cursor}
						dimColor={line.undone ? theme.dim : false}
						wrap="truncate"
					>
						{stepText(line, state.expanded.has(line.event.seq), width)}
					</Text>
				) : (
					<Text
						// Change lines have no identity but their place under their step.
						key={`change-${start + index}`}
						wrap="truncate"
					>
						{fit(line.text, width)}
					</Text>
				),
			)}
		</Box>
	);
}
