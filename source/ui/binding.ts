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

function history({state, world, now}: KeyContext, op: 'undo' | 'redo') {
	const stack =
		op === 'undo' ? world.data.history.undo : world.data.history.redo;
	const event = world.data.log.find((e) => e.seq === stack.at(-1));
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
	run: (context) => history(context, 'undo'),
};

const redo: Binding = {
	keys: ['ctrl-r'],
	label: 'Ctrl-r',
	does: 'redo',
	footer: 'redo',
	run: (context) => history(context, 'redo'),
};

const filter: Binding = {
	keys: ['/'],
	label: '/',
	does: 'filter (resources: the tag filter language; elsewhere: text)',
	footer: 'filter',
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
		does,
		footer,
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
		does: 'command: :regions :rules :keys :type T :region R :unmark :export FILE :q',
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

/** The footer's hints: a text field's, then each binding's that has a footer word. */
export function footerHints(screen: ScreenKeys, width = Infinity): string {
	const hints = screen.text ? [screen.text.footer] : [];
	for (const b of [...screen.bindings, ...globalBindings])
		if (b.footer) hints.push(`${b.label} ${b.footer}`);
	// Too wide: whole hints are dropped from the end, never cut in the middle;
	// help stays, since it lists every key.
	const help = hints.find((hint) => hint.startsWith('? '));
	while (hints.length > 1 && stringWidth(hints.join('  ')) > width) {
		const last = hints.findLastIndex((hint) => hint !== help);
		if (last <= 0) break;
		hints.splice(last, 1);
	}

	return hints.join('  ');
}
