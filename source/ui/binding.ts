import stringWidth from 'string-width';
import {
	ask,
	cursorOf,
	escape,
	go,
	listHeight,
	say,
	toggle,
	withCursor,
	type KeyContext,
	type UiState,
} from './state.js';

/**
One key of a screen: the keys that press it, how help names it, what it does,
the footer's word for it (if the footer shows it), why it cannot act now (if
it cannot), and what it does to the state. Dispatch, help and the footer all
read these records.
*/
export type Binding = {
	keys: string[];
	label: string;
	does: string;
	footer?: string;
	/**
	How long the footer keeps its hint when the terminal is narrow: 1 the
	longest, 3 dropped first; 2 when not given.
	*/
	priority?: 1 | 2 | 3;
	disabledReason?: (context: KeyContext) => string | undefined;
	run: (context: KeyContext) => UiState;
};

/** What a screen is made of: its view, its keys, and its rows (for the cursor). */
export type ScreenKeys = {
	bindings: Binding[];
	/** How many rows the cursor moves over. */
	length: (state: UiState, world: KeyContext['world']) => number;
	/** A text field: printable keys are text, given to this (Backspace too). */
	text?: {footer: string; type: (context: KeyContext) => UiState};
};

function quitOrAsk({state}: KeyContext): UiState {
	if (state.screen === 'editor')
		return say(
			{...state, quitAsked: true},
			'An edit is open: quit anyway? y/n',
			true,
		);
	if (state.screen === 'preview' || state.screen === 'confirm')
		return say(
			{...state, quitAsked: true},
			'A change is waiting for y: quit without it? y/n',
			true,
		);
	return {...state, quit: true};
}

/** The keys that act on every screen. */
export const globalBindings: Binding[] = [
	{
		keys: ['ctrl-c'],
		label: 'Ctrl-c',
		does: 'quit (asks first if an edit or a change is open)',
		footer: 'quit',
		priority: 3,
		run: quitOrAsk,
	},
];

/** The q of the preview and confirmation: quitting would drop the change, so it asks. */
export const askToQuit: Binding = {
	keys: ['q'],
	label: 'q',
	does: 'quit (asks first: the change is not applied)',
	run: quitOrAsk,
};

type Length = ScreenKeys['length'];

function mover(length: Length, by: (state: UiState, rows: number) => number) {
	return ({state, world}: KeyContext) => {
		const rows = length(state, world);
		return withCursor(state, rows, by(state, rows));
	};
}

/**
Cursor keys of a list. A text field keeps its letters for text: it moves with
the arrows, Home, End and the page keys only.
*/
export function moveBindings(length: Length, letters: boolean): Binding[] {
	const letter = (key: string) => (letters ? [key] : []);
	return [
		{
			keys: [...letter('j'), 'down'],
			label: letters ? 'j/k' : '↓',
			does: 'move down / up',
			run: mover(length, (state) => cursorOf(state) + 1),
		},
		{
			keys: [...letter('k'), 'up'],
			label: letters ? '↑/↓' : '↑',
			does: letters ? 'move up / down' : 'move up',
			run: mover(length, (state) => cursorOf(state) - 1),
		},
		{
			keys: [...letter('g'), 'home'],
			label: letters ? 'g/G' : 'Home',
			does: letters ? 'top / bottom' : 'top',
			run: mover(length, () => 0),
		},
		{
			keys: [...letter('G'), 'end'],
			label: letters ? 'Home/End' : 'End',
			does: letters ? 'top / bottom' : 'bottom',
			run: mover(length, (_, rows) => rows - 1),
		},
		{
			keys: ['pgdn', 'ctrl-d'],
			label: 'PgDn/Ctrl-d',
			does: 'page down',
			run: mover(length, (state) => cursorOf(state) + listHeight(state)),
		},
		{
			keys: ['pgup', 'ctrl-u'],
			label: 'PgUp/Ctrl-u',
			does: 'page up',
			run: mover(length, (state) => cursorOf(state) - listHeight(state)),
		},
	];
}

/** The step undo (or redo) acts on now: the top of its stack, found in the log. */
function nextStep(world: KeyContext['world'], op: 'undo' | 'redo') {
	const stack =
		op === 'undo' ? world.data.history.undo : world.data.history.redo;
	const seq = stack.at(-1);
	return seq === undefined
		? undefined
		: world.data.log.find((e) => e.seq === seq);
}

/**
What u and Ctrl-r would do now, read from the log: "u undoes step 12 (tag 3
resources) · Ctrl-r redoes step 13".
*/
export function historyHint(world: KeyContext['world']): string {
	const undoing = nextStep(world, 'undo');
	const redoing = nextStep(world, 'redo');
	const parts = [
		undoing
			? `u undoes step ${undoing.seq} (${undoing.summary})`
			: 'Nothing left to undo',
	];
	if (redoing) parts.push(`Ctrl-r redoes step ${redoing.seq}`);
	return `${parts.join(' · ')}.`;
}

function history({state, world, now}: KeyContext, op: 'undo' | 'redo') {
	const event = nextStep(world, op);
	if (!event)
		return say(
			state,
			op === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.',
			true,
		);
	return ask(
		{state, world, now},
		`${op === 'undo' ? 'Undo' : 'Redo'} step #${event.seq}: ${event.summary}?`,
		{op, step: event.seq},
	);
}

const undo: Binding = {
	keys: ['u'],
	label: 'u',
	does: 'undo the last step',
	footer: 'undo',
	priority: 1,
	run: (context) => history(context, 'undo'),
};

const redo: Binding = {
	keys: ['ctrl-r'],
	label: 'Ctrl-r',
	does: 'redo',
	footer: 'redo',
	priority: 3,
	run: (context) => history(context, 'redo'),
};

const filter: Binding = {
	keys: ['/'],
	label: '/',
	does: 'filter (resources: the tag filter language; elsewhere: text)',
	footer: 'filter',
	priority: 1,
	run: ({state}) => ({
		...state,
		prompt: {kind: 'filter', text: state.filters[state.screen] ?? ''},
	}),
};

const help: Binding = {
	keys: ['?'],
	label: '?',
	does: 'help',
	footer: 'help',
	run: ({state}) =>
		go(
			{
				...state,
				filters: {...state.filters, help: ''},
				cursor: {...state.cursor, help: 0},
			},
			'help',
		),
};

/** Esc on a list: clear its filter, then go back. */
export const escapeBinding: Binding = {
	keys: ['esc'],
	label: 'Esc',
	does: 'clear the filter, then go back',
	footer: 'back',
	priority: 1,
	run: ({state}) => escape(state),
};

/**
Space on a list with marks: mark or unmark the row under the cursor (its ID in
`items`), and move down.
*/
export function markBinding(
	field: 'marks' | 'ruleMarks' | 'keyMarks',
	items: (state: UiState, world: KeyContext['world']) => string[],
	does: string,
	footer: string,
): Binding {
	return {
		keys: ['space'],
		label: 'Space',
		does: `${does}; a full apply clears marks, a failed one keeps them`,
		footer,
		priority: 1,
		run({state, world}) {
			const all = items(state, world);
			const cursor = cursorOf(state);
			const item = all[cursor];
			if (item === undefined) return state;
			return withCursor(
				{...state, [field]: toggle(state[field], item), anchor: undefined},
				all.length,
				cursor + 1,
			);
		},
	};
}

/** The keys of the lists one browses (resources, rules, keys, the log). */
export const browseBindings: Binding[] = [
	filter,
	{
		keys: [':'],
		label: ':',
		does: 'command: :regions :rules :keys :costs :compliance :ram :as USER :type T :region R :unmark :export FILE :q',
		run: ({state}) => ({...state, prompt: {kind: 'command', text: ''}}),
	},
	{
		keys: ['@'],
		label: '@',
		does: 'activity log',
		run: ({state}) =>
			go({...state, cursor: {...state.cursor, activity: 0}}, 'activity'),
	},
	help,
	undo,
	redo,
	{
		keys: ['q'],
		label: 'q',
		does: 'quit',
		run: ({state}) => ({...state, quit: true}),
	},
];

type Hint = {text: string; priority: number};

/** The hints of a screen: a text field's first, then each binding's with a footer word that can act now. */
function hintsOf(screen: ScreenKeys, context?: KeyContext): Hint[] {
	const hints: Hint[] = screen.text
		? [{text: screen.text.footer, priority: 1}]
		: [];
	for (const b of [...screen.bindings, ...globalBindings]) {
		if (!b.footer || (context && b.disabledReason?.(context))) continue;
		// Help lists every key: it is the last hint dropped.
		const priority = b.keys.includes('?') ? 0 : (b.priority ?? 2);
		hints.push({text: `${b.label} ${b.footer}`, priority});
	}

	return hints;
}

/**
The footer's hints, in the screen's order. Keys that cannot act now (given
the context) are left out. Too wide: whole hints are dropped, never cut in
the middle, the least important first (the latest among equals); help stays.
*/
export function footerHints(
	screen: ScreenKeys,
	width = Infinity,
	context?: KeyContext,
): string {
	const hints = hintsOf(screen, context);
	const joined = () => hints.map((h) => h.text).join('  ');
	while (hints.length > 1 && stringWidth(joined()) > width) {
		const least = Math.max(...hints.map((h) => h.priority));
		if (least === 0) break;
		hints.splice(
			hints.findLastIndex((h) => h.priority === least),
			1,
		);
	}

	return joined();
}
