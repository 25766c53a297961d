import type {Key} from 'ink';

/** The name of a key press: a printable character, or a named key like "down" or "ctrl-r". */
export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pgup';
	if (key.pageDown) return 'pgdn';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	// Ink 6.8 reports the Backspace key (0x7F) as delete.
	if (key.backspace || key.delete) return 'backspace';
	// Ink 6.8 names Ctrl with letters only; Ctrl-\ arrives as the FS character.
	if (input === '\u001C') return 'ctrl-\\';
	if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
	if (input === ' ') return 'space';
	return input;
}

export type Screen =
	| 'regions'
	| 'resources'
	| 'editor'
	| 'preview'
	| 'untag'
	| 'rules'
	| 'catalogue'
	| 'activity'
	| 'actions'
	| 'confirm'
	| 'help';

export type Binding = {
	keys: string[];
	label: string;
	does: string;
	on: Screen[];
};

const lists: Screen[] = [
	'regions',
	'resources',
	'untag',
	'rules',
	'catalogue',
	'activity',
	'actions',
	'help',
];
const browse: Screen[] = [
	'regions',
	'resources',
	'rules',
	'catalogue',
	'activity',
];

/** Every key of the UI, by screen; the help screen and the footer read this table. */
export const bindings: Binding[] = [
	{keys: ['j', 'down'], label: 'j/k', does: 'move down / up', on: lists},
	{keys: ['k', 'up'], label: '↑/↓', does: 'move up / down', on: lists},
	{keys: ['g', 'home'], label: 'g/G', does: 'top / bottom', on: lists},
	{keys: ['G', 'end'], label: 'Home/End', does: 'top / bottom', on: lists},
	{
		keys: ['pgdn', 'ctrl-d'],
		label: 'PgDn/Ctrl-d',
		does: 'page down',
		on: lists,
	},
	{keys: ['pgup', 'ctrl-u'], label: 'PgUp/Ctrl-u', does: 'page up', on: lists},
	{
		keys: ['enter'],
		label: 'Enter',
		does: 'open (region; resource → its linked resources; key → filter by it; step → expand)',
		on: ['regions', 'resources', 'catalogue', 'activity', 'actions', 'untag'],
	},
	{
		keys: ['esc'],
		label: 'Esc',
		does: 'cancel input, then clear the filter, then go back',
		on: [...browse, 'editor', 'preview', 'untag', 'actions', 'confirm', 'help'],
	},
	{
		keys: ['/'],
		label: '/',
		does: 'filter (resources: the tag filter language; elsewhere: text)',
		on: [...browse, 'help'],
	},
	{
		keys: [':'],
		label: ':',
		does: 'command: :regions :rules :keys :type T :region R :unmark :export FILE :q',
		on: browse,
	},
	{
		keys: ['space'],
		label: 'Space',
		does: 'mark / unmark, and move down',
		on: ['resources', 'rules', 'untag'],
	},
	{
		keys: ['v'],
		label: 'v',
		does: 'range mark from here to where the cursor goes',
		on: ['resources'],
	},
	{
		keys: ['*'],
		label: '*',
		does: 'mark every row the filter shows',
		on: ['resources', 'rules', 'untag'],
	},
	{
		keys: ['ctrl-\\'],
		label: 'Ctrl-\\',
		does: 'clear marks',
		on: ['resources', 'rules'],
	},
	{
		keys: ['t'],
		label: 't',
		does: 'tag editor on the marked rows (or the cursor row)',
		on: ['resources'],
	},
	{
		keys: ['T'],
		label: 'T',
		does: 'remove keys from the marked rows (picker of their keys)',
		on: ['resources'],
	},
	{keys: ['a'], label: 'a', does: 'actions menu', on: ['resources']},
	{keys: ['d'], label: 'd', does: 'detail pane on / off', on: ['resources']},
	{keys: ['tab'], label: 'Tab', does: 'next type tab', on: ['resources']},
	{
		keys: ['shift-tab'],
		label: 'S-Tab',
		does: 'previous type tab',
		on: ['resources'],
	},
	{
		keys: ['e'],
		label: 'e',
		does: 'enable the marked rules (or the cursor rule)',
		on: ['rules'],
	},
	{
		keys: ['x'],
		label: 'x',
		does: 'enable with apply-to-existing',
		on: ['rules'],
	},
	{
		keys: ['D'],
		label: 'D',
		does: 'disable the marked rules (or the cursor rule)',
		on: ['rules'],
	},
	{
		keys: ['s'],
		label: 's',
		does: 'edit the scope (keys, comma-separated; empty for all)',
		on: ['rules'],
	},
	{
		keys: ['I'],
		label: 'I',
		does: 'turn the feature switch on / off',
		on: ['rules'],
	},
	{keys: ['u'], label: 'u', does: 'undo the last step', on: browse},
	{keys: ['ctrl-r'], label: 'Ctrl-r', does: 'redo', on: browse},
	{keys: ['@'], label: '@', does: 'activity log', on: browse},
	{keys: ['?'], label: '?', does: 'help', on: browse},
	{keys: ['ctrl-s'], label: 'Ctrl-s', does: 'preview the edit', on: ['editor']},
	{
		keys: ['tab'],
		label: 'Tab',
		does: 'complete the key or value from the region',
		on: ['editor'],
	},
	{keys: ['y'], label: 'y', does: 'apply', on: ['preview', 'confirm']},
	{
		keys: ['n'],
		label: 'n',
		does: 'go back without applying',
		on: ['preview', 'confirm'],
	},
	{
		keys: ['p'],
		label: 'p',
		does: 'apply to the others (skip the failing ones)',
		on: ['preview'],
	},
	{
		keys: ['r'],
		label: 'r',
		does: 'retry the failed resources',
		on: ['resources'],
	},
	{
		keys: ['q', 'ctrl-c'],
		label: 'q',
		does: 'quit (asks first if an edit is open)',
		on: [...browse, 'help'],
	},
];

/** The binding a key has on a screen, if any. */
export function bindingFor(screen: Screen, name: string): Binding | undefined {
	return bindings.find((b) => b.on.includes(screen) && b.keys.includes(name));
}

/** Short hints for the footer: the keys that work here. */
export const hints: Record<Screen, string> = {
	regions: 'Enter open  / filter  : command  @ log  ? help  q quit',
	resources:
		'Space mark  v range  * all  t tag  T untag  a actions  / filter  d detail  u undo  ? help',
	editor:
		'key=value or -key, one per line  Tab complete  Ctrl-s preview  Esc cancel',
	preview: 'y apply  p apply to the others  n back',
	untag: 'Space choose  * all  Enter preview  Esc back',
	rules:
		'Space mark  e enable  x enable+existing  D disable  s scope  I feature  ? help',
	catalogue: 'Enter filter resources by key  / filter  Esc back',
	activity: 'Enter expand  u undo  Ctrl-r redo  Esc back',
	actions: 'Enter choose  Esc back',
	confirm: 'y yes  n no',
	help: 'type to filter  Esc back',
};
