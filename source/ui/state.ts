import {apply, type ApplyResult} from '../core/apply.js';
import type {BatchCommand, Command} from '../core/model.js';
import type {World} from '../core/world.js';
import type {MenuItem} from './screens/actions/menu.js';

export type Screen =
	| 'regions'
	| 'resources'
	| 'editor'
	| 'preview'
	| 'untag'
	| 'rules'
	| 'keys'
	| 'activity'
	| 'actions'
	| 'confirm'
	| 'help';

export type Prompt = {
	kind: 'filter' | 'command' | 'scope' | 'name';
	text: string;
};

/** A change waiting for an explicit y: what it is, and what it would do. */
export type Pending = {
	title: string;
	command: Command;
	result: ApplyResult;
	back: Screen;
};

/** The one view state of the UI: every screen's part of it lives here. */
export type UiState = {
	screen: Screen;
	back: Screen[];
	region: string | undefined;
	type: string | undefined;
	/** Filter text per screen (resources: the tag filter language). */
	filters: Partial<Record<Screen, string>>;
	prompt: Prompt | undefined;
	cursor: Partial<Record<Screen, number>>;
	marks: ReadonlySet<string>;
	ruleMarks: ReadonlySet<string>;
	keyMarks: ReadonlySet<string>;
	anchor: number | undefined;
	detail: boolean;
	message: {text: string; error: boolean} | undefined;
	editor: {lines: string[]; targets: string[]};
	pending: Pending | undefined;
	/** The command the app should apply now (set by y; cleared when done). */
	request: Command | undefined;
	/** The resources the last applied batch skipped, to retry. */
	failed: {command: BatchCommand; ids: string[]} | undefined;
	expanded: ReadonlySet<number>;
	menu: MenuItem[];
	menuTitle: string;
	/** The menu a list of targets was opened from (Esc goes back to it). */
	parentMenu: {items: MenuItem[]; title: string; cursor: number} | undefined;
	/** Resources linked to one (Enter on a resource): the view shows only these. */
	linked: {id: string; ids: ReadonlySet<string>} | undefined;
	/**
	A file to write the shown rows to (:export FILE), done by the app;
	`overwrite` once the user said yes to replacing an existing file.
	*/
	exportTo: {file: string; overwrite: boolean} | undefined;
	/** A y/n question about a file: replace an existing export, or write back a world file that is gone. */
	question: {kind: 'overwrite'; file: string} | {kind: 'restore'} | undefined;
	/** Set by y to the restore question: the app writes the world shown back to its file. */
	restore: boolean;
	quitAsked: boolean;
	quit: boolean;
	rows: number;
	columns: number;
};

export type UiAction =
	/** A key press; `now` is the time a change made by it is stamped with. */
	| {type: 'key'; name: string; input: string; world: World; now: string}
	| {type: 'resize'; columns: number; rows: number}
	| {type: 'applied'; command: Command; result: ApplyResult}
	| {type: 'error'; message: string}
	| {type: 'notice'; message: string}
	/** The export file exists: ask before replacing it. */
	| {type: 'exists'; file: string}
	/** The world file is gone: say so, and ask whether to write it back. */
	| {type: 'gone'; file: string};

export function initialState(options: {
	region?: string;
	columns: number;
	rows: number;
}): UiState {
	return {
		screen: options.region ? 'resources' : 'regions',
		back: options.region ? ['regions'] : [],
		region: options.region,
		type: undefined,
		filters: {},
		prompt: undefined,
		cursor: {},
		marks: new Set(),
		ruleMarks: new Set(),
		keyMarks: new Set(),
		anchor: undefined,
		detail: false,
		message: undefined,
		editor: {lines: [''], targets: []},
		pending: undefined,
		request: undefined,
		failed: undefined,
		expanded: new Set(),
		menu: [],
		menuTitle: '',
		parentMenu: undefined,
		linked: undefined,
		exportTo: undefined,
		question: undefined,
		restore: false,
		quitAsked: false,
		quit: false,
		rows: options.rows,
		columns: options.columns,
	};
}

/** What a key's action reads: the state, the world shown, the key, and the time. */
export type KeyContext = {
	state: UiState;
	world: World;
	name: string;
	input: string;
	now: string;
};

/** How many list rows fit: the frame minus header, table head, footer and message lines. */
export function listHeight(state: UiState): number {
	return Math.max(1, state.rows - 6);
}

export const cursorOf = (state: UiState, screen: Screen = state.screen) =>
	state.cursor[screen] ?? 0;

/** The cursor of the current screen set to `next`, kept within `length` rows. */
export function withCursor(
	state: UiState,
	length: number,
	next: number,
): UiState {
	const cursor = Math.max(0, Math.min(length - 1, next));
	return {...state, cursor: {...state.cursor, [state.screen]: cursor}};
}

export function go(state: UiState, screen: Screen): UiState {
	if (screen === state.screen) return state;
	return {
		...state,
		screen,
		back: [...state.back, state.screen],
		prompt: undefined,
		message: undefined,
	};
}

export function back(state: UiState): UiState {
	const previous = state.back.at(-1);
	if (!previous) return state;
	return {
		...state,
		screen: previous,
		back: state.back.slice(0, -1),
		prompt: undefined,
	};
}

export function say(state: UiState, text: string, error = false): UiState {
	return {...state, message: {text, error}};
}

/** Esc on a list: clear its filter first, then go back. */
export function escape(state: UiState): UiState {
	if (state.filters[state.screen])
		return {...state, filters: {...state.filters, [state.screen]: ''}};
	return back({...state, message: undefined});
}

export function toggle<T>(set: ReadonlySet<T>, value: T): Set<T> {
	const next = new Set(set);
	if (next.has(value)) next.delete(value);
	else next.add(value);
	return next;
}

/** Plans a change: a dry run shown for confirmation, nothing applied yet. */
export function ask(
	{state, world, now}: Pick<KeyContext, 'state' | 'world' | 'now'>,
	title: string,
	command: Command,
	screen: Screen = 'confirm',
): UiState {
	// A batch is previewed as if partial, to show what the others would get
	// beside what would fail; y still applies it whole (or refuses), p partially.
	const planned = 'ids' in command ? {...command, partial: true} : command;
	const result = apply(world, planned, {now, dryRun: true});
	if (!result.ok && result.failures.length === 0) {
		return say(state, `${result.error.code}: ${result.error.message}`, true);
	}

	return go(
		{
			...state,
			pending: {title, command, result, back: state.screen},
			// A new preview starts at its top.
			cursor: {...state.cursor, [screen]: 0},
		},
		screen,
	);
}
