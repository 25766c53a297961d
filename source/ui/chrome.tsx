import {Box, Text} from 'ink';
import type {Resource} from '../core/model.js';
import {describeOffset} from '../core/clock.js';
import {findRegion} from '../core/catalogue.js';
import type {World} from '../core/world.js';
import type {Store} from '../store/store.js';
import {footerHints} from './binding.js';
import {MessageLines} from './components.js';
import {typedFilter} from './rows.js';
import {liveMarks, resourceRows} from './screens/resources/slice.js';
import {keyTables} from './screens/tables.js';
import {
	filterPromptLines,
	messageLines,
	promptInFooter,
	type Prompt,
	type UiState,
} from './state.js';
import {fit} from './text.js';
import {useTheme} from './theme.js';

/*
The chrome every screen shares: the header (where you are), the sub-header
(the view's filter and modes), the footer (message and key hints), and the
words for a terminal too small to lay out.
*/

export function Header({
	state,
	store,
	world,
}: {
	readonly state: UiState;
	readonly store: Store;
	/** The world as the one acting sees it. */
	readonly world: World;
}) {
	const theme = useTheme();
	// The regions list is no region's: its header names none, whatever was open before.
	const region =
		state.region && state.screen !== 'regions'
			? findRegion(state.region)
			: undefined;
	const {inheritance} = world.data.account;
	const {offset} = world.data.clock;
	// A clock moved forward says so: steps are stamped with world time.
	const ahead = offset > 0 ? ` · clock +${describeOffset(offset)}` : '';
	const feature = `inheritance ${inheritance.enabled ? 'on' : 'off'}${ahead}`;
	const rows = region ? resourceRows(state, world) : [];
	const hidden = region
		? (world.whole?.countInRegion(region.id) ?? 0) -
			(world.whole ? world.countInRegion(region.id) : 0)
		: 0;
	const counts = region
		? ` · ${markCounts(state, world, rows)} · ${rows.length} shown · ${world.countInRegion(region.id)} in region${hidden > 0 ? ` (${hidden} hidden)` : ''}`
		: '';
	// Who acts: a RAM user says so first, so it is never cut.
	const who = state.as === undefined ? '' : `as ${state.as} · `;
	// Most useful first: what is cut at 80 columns is the name and the account.
	const gone = store.gone() ? 'WORLD FILE GONE · ' : '';
	const text =
		gone +
		(region
			? `tagdeck · ${who}${region.id}${counts} · ${region.inheritance ? feature : 'no inheritance in this region'} · ${region.name} · account ${world.data.account.id}`
			: `tagdeck · ${who}regions${world.whole ? ` · ${world.whole.resources().length - world.resources().length} hidden` : ''} · ${feature} · account ${world.data.account.id}`);
	return (
		<Text bold color={theme.accent} wrap="truncate">
			{fit(text, state.columns)}
		</Text>
	);
}

/** The marks, and how many of them the rows shown leave out: "8 marked (5 not shown)". */
function markCounts(state: UiState, world: World, rows: Resource[]): string {
	const {marks} = state;
	if (marks.size === 0) return '0 marked';
	// Worked out once per marks and list, not on every render.
	if (lastCounts?.marks !== marks || lastCounts.rows !== rows) {
		const live = liveMarks(state, world).length;
		const shown = rows.filter((r) => marks.has(r.id)).length;
		lastCounts = {
			marks,
			rows,
			text: `${live} marked${live > shown ? ` (${live - shown} not shown)` : ''}`,
		};
	}

	return lastCounts.text;
}

let lastCounts:
	{marks: ReadonlySet<string>; rows: Resource[]; text: string} | undefined;

export function SubHeader({state}: {readonly state: UiState}) {
	const theme = useTheme();
	const typing = filterPromptLines(state);
	if (typing) {
		const {error} = typedFilter(state.prompt!.text);
		return (
			<Box flexDirection="column">
				<MessageLines lines={typing} error={error !== undefined} />
			</Box>
		);
	}

	const filter = state.filters[state.screen];
	const parts = [
		state.screen === 'resources'
			? `type: ${state.type ?? 'all'} (Tab)`
			: state.screen,
		filter ? `filter: ${filter}` : '',
		state.linked ? `linked to ${state.linked.id}` : '',
		state.anchor === undefined ? '' : 'range marking',
	].filter(Boolean);
	return (
		<Text dimColor={theme.dim} wrap="truncate">
			{fit(parts.join(' · '), state.columns)}
		</Text>
	);
}

const promptWords: Record<Prompt['kind'], string> = {
	command: ':',
	filter: '/',
	scope: 'scope (keys, comma-separated; empty: all keys): ',
	name: 'name: ',
};

/** The status line: a prompt being typed, or the message (wrapped, up to three lines). */
function StatusLines({state}: {readonly state: UiState}) {
	const theme = useTheme();
	const {prompt, message} = state;
	if (prompt && promptInFooter(state))
		return (
			<Text wrap="truncate">
				{fit(
					`${prompt.label ? `${prompt.label}: ` : promptWords[prompt.kind]}${prompt.text}▏`,
					state.columns,
				)}
			</Text>
		);
	return (
		<Box flexDirection="column">
			{messageLines(state).map((line, index) => (
				<Text
					// eslint-disable-next-line react/no-array-index-key
					key={index}
					color={message?.error ? theme.error : undefined}
					wrap="truncate"
				>
					{line}
				</Text>
			))}
		</Box>
	);
}

export function Footer({
	state,
	world,
}: {
	readonly state: UiState;
	readonly world: World;
}) {
	const theme = useTheme();
	const context = {state, world, name: '', input: '', now: ''};
	return (
		<Box flexDirection="column">
			<StatusLines state={state} />
			<Text dimColor={theme.dim} wrap="truncate">
				{fit(
					footerHints(keyTables[state.screen], state.columns, context),
					state.columns,
				)}
			</Text>
		</Box>
	);
}

/** The words for a terminal too small to lay out, wrapped into its width and height. */
function tooSmall(columns: number, rows: number): string[] {
	const words =
		`tagdeck: ${columns}×${rows} is too small; make it bigger, or q quits`.split(
			' ',
		);
	const lines: string[] = [];
	for (const word of words) {
		const last = lines.at(-1);
		if (last !== undefined && `${last} ${word}`.length <= columns)
			lines[lines.length - 1] = `${last} ${word}`;
		else lines.push(word.slice(0, Math.max(1, columns)));
	}

	return lines.slice(0, Math.max(1, rows - 1));
}

/** What is drawn instead of the screen when the terminal is too small. */
export function TooSmall({state}: {readonly state: UiState}) {
	return (
		<Box flexDirection="column">
			{tooSmall(state.columns, state.rows).map((line) => (
				<Text key={line} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}
