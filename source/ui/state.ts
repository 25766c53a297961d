import {apply, type ApplyResult} from '../core/apply.js';
import type {BatchCommand, Command} from '../core/model.js';
import type {World} from '../core/world.js';
import type {MenuItem} from './screens/actions/menu.js';
import {typedFilter} from './rows.js';
import {fit, wrap} from './text.js';
import {withKeys} from './words.js';

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
	| 'costs'
	| 'ram'
	| 'compliance'
	| 'help';

export type Prompt = {
	kind: 'filter' | 'command' | 'scope' | 'name';
	text: string;
	/** Tab going through several completions of `typed` (the : line): the one shown. */
	completion?: {typed: string; at: number};
	/** The word shown before the text, where the kind's own does not say it (`command`, `image`). */
	label?: string;
};

/** A change waiting for an explicit y: what it is, and what it would do. */
export type Pending = {
	title: string;
	command: Command;
	result: ApplyResult;
	back: Screen;
};

/** The tag editor's text: its lines, the resources they tag, and the cursor. */
export type Edit = {
	lines: string[];
	targets: string[];
	/** The cursor's line, and its place in it (a string index between two characters). */
	row: number;
	column: number;
	/** Every line checked in full, the cursor's too: set by a refused preview, until the next change. */
	checked: boolean;
	/** Tab pressed again: the start it completes and the match shown. */
	tab: {stem: string; index: number} | undefined;
};

/** A new, empty edit of these resources. */
export function newEdit(targets: string[]): Edit {
	return {
		lines: [''],
		targets,
		row: 0,
		column: 0,
		checked: false,
		tab: undefined,
	};
}

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
	/** The status line; `hint` (what u and Ctrl-r do now) follows the world. */
	message: {text: string; error: boolean; hint?: string} | undefined;
	editor: Edit;
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
	/**
	A y/n question: replace an existing export, write back a world file that
	is gone, or throw away the edit in the tag editor.
	*/
	question:
		| {kind: 'overwrite'; file: string}
		| {kind: 'restore'}
		| {kind: 'discard'}
		| undefined;
	/** Set by y to the restore question: the app writes the world shown back to its file. */
	restore: boolean;
	/**
	The costs screen: the key the bill is grouped by (null: by product), its
	month (undefined: the current one), and whether it bills every region or
	the one open.
	*/
	costs: {key: string | null; month: string | undefined; everywhere: boolean};
	/**
	The RAM user the UI acts as (`:as`, `--as`); undefined: the account. Rows
	the user may not describe are hidden, and changes are decided by the
	user's policies.
	*/
	as: string | undefined;
	/** The lesson panel beside the resources (`L`), and its hint shown (`h`). */
	lessonPanel: boolean;
	lessonHint: boolean;
	quitAsked: boolean;
	quit: boolean;
	rows: number;
	columns: number;
};

export type UiAction =
	/** A key press; `now` is the time a change made by it is stamped with. */
	| {type: 'key'; name: string; input: string; world: World; now: string}
	| {type: 'resize'; columns: number; rows: number}
	| {type: 'applied'; command: Command; result: ApplyResult; world: World}
	/** The world changed (a step applied here or by another process). */
	| {type: 'world'; world: World}
	| {type: 'error'; message: string}
	| {type: 'notice'; message: string}
	/** The export file exists: ask before replacing it. */
	| {type: 'exists'; file: string}
	/** The world file is gone: say so, and ask whether to write it back. */
	| {type: 'gone'; file: string};

export function initialState(options: {
	region?: string;
	as?: string;
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
		editor: newEdit([]),
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
		costs: {key: null, month: undefined, everywhere: false},
		as: options.as,
		lessonPanel: false,
		lessonHint: false,
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

/** Whether the status line shows a prompt (the resources filter is typed in the sub-header). */
export function promptInFooter(state: UiState): boolean {
	return (
		state.prompt !== undefined &&
		!(state.prompt.kind === 'filter' && state.screen === 'resources')
	);
}

/** The message as the status line shows it: wrapped, at most three lines. */
export function messageLines(state: UiState): string[] {
	const {message} = state;
	if (!message) return [''];
	const text = message.hint ? `${message.text} ${message.hint}` : message.text;
	return wrap(text, state.columns, 3);
}

/**
The resources filter being typed, as the sub-header shows it (undefined when
none is): the text, and its error after it, wrapped to at most three lines.
*/
export function filterPromptLines(state: UiState): string[] | undefined {
	const {prompt} = state;
	if (prompt?.kind !== 'filter' || state.screen !== 'resources') return;
	const typed = `/${prompt.text}▏`;
	const {error} = typedFilter(prompt.text);
	if (!error) return [fit(typed, state.columns)];
	const reason = withKeys(error.message.replace(/^Invalid filter /v, ''));
	return wrap(`${typed}  ✗ ${reason}`, state.columns, 3);
}

/**
How many list rows fit: the frame minus header, sub-header (one to three
lines), table head, the status line (one to three lines) and the key hints.
*/
export function listHeight(state: UiState): number {
	const status = promptInFooter(state) ? 1 : messageLines(state).length;
	const sub = filterPromptLines(state)?.length ?? 1;
	return Math.max(1, state.rows - 4 - sub - status);
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

/** Sets the status line; advice written for the command line names the UI's keys. */
export function say(state: UiState, text: string, error = false): UiState {
	return {...state, message: {text: withKeys(text), error}};
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
	// Planned on the whole world (a user's view hides resources inheritance may reach).
	const dryRun = apply(world.whole ?? world, planned, {
		now,
		dryRun: true,
		as: state.as,
	});
	if (!dryRun.ok && dryRun.failures.length === 0) {
		return say(state, `${dryRun.error.code}: ${dryRun.error.message}`, true);
	}

	// What would fail, as the UI says it: with its keys, not commands.
	const result = {
		...dryRun,
		failures: dryRun.failures.map((f) => ({
			...f,
			message: withKeys(f.message),
		})),
		skipped: dryRun.skipped.map((f) => ({...f, message: withKeys(f.message)})),
	};

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
