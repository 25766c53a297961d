import {apply, type ApplyResult} from '../core/apply.js';
import {findRegion, findType, rules} from '../core/catalogue.js';
import type {BatchCommand, Command, Resource} from '../core/model.js';
import {regionSummaries, tagKeys} from '../core/query.js';
import {isSystemKey} from '../core/tags.js';
import type {World} from '../core/world.js';
import {actionsFor, type MenuItem} from './actions.js';
import {bindingFor, bindings, type Screen} from './keymap.js';
import {shownRows, typedFilter} from './rows.js';
import {parseEdit} from './editor.js';

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
	now: () => string;
};

export type UiAction =
	| {type: 'key'; name: string; input: string; world: World}
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
	now?: () => string;
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
		now: options.now ?? (() => new Date().toISOString()),
	};
}

/** How many list rows fit: the frame minus header, table head, footer and message lines. */
export function listHeight(state: UiState): number {
	return Math.max(1, state.rows - 6);
}

/** The rows of the current list screen, as IDs or labels (for cursor bounds and marks). */
export function listLength(state: UiState, world: World): number {
	switch (state.screen) {
		case 'regions': {
			return regionList(state, world).length;
		}

		case 'resources': {
			return resourceRows(state, world).length;
		}

		case 'rules': {
			return rules.length;
		}

		case 'catalogue': {
			return catalogueRows(state, world).length;
		}

		case 'activity': {
			return world.data.log.length;
		}

		case 'actions': {
			return state.menu.length;
		}

		case 'untag': {
			return untagKeys(state, world).length;
		}

		case 'help': {
			return helpRows(state).length;
		}

		case 'editor':
		case 'preview':
		case 'confirm': {
			return 0;
		}
	}
}

export function regionList(state: UiState, world: World) {
	const text = (state.filters.regions ?? '').toLowerCase();
	return regionSummaries(world)
		.filter(
			(r) =>
				!text || r.id.includes(text) || r.name.toLowerCase().includes(text),
		)
		.toSorted((a, b) => b.resources - a.resources || (a.id < b.id ? -1 : 1));
}

export function resourceRows(state: UiState, world: World): Resource[] {
	if (!state.region) return [];
	const rows = shownRows(
		world,
		state.region,
		state.type,
		state.filters.resources ?? '',
	);
	const {linked} = state;
	return linked ? rows.filter((r) => linked.ids.has(r.id)) : rows;
}

export function catalogueRows(state: UiState, world: World) {
	const text = state.filters.catalogue ?? '';
	return tagKeys(world, state.region).filter(
		(k) => !text || k.key.includes(text),
	);
}

export function helpRows(state: UiState) {
	const text = (state.filters.help ?? '').toLowerCase();
	const from = state.back.at(-1) ?? 'resources';
	const here = bindings.filter((b) => b.on.includes(from));
	const rest = bindings.filter((b) => !b.on.includes(from));
	return [...here, ...rest].filter(
		(b, index, all) =>
			all.findIndex((x) => x.label === b.label && x.does === b.does) ===
				index &&
			(!text ||
				b.does.toLowerCase().includes(text) ||
				b.label.toLowerCase().includes(text)),
	);
}

/** The custom keys of the targets, for the untag picker. */
export function untagKeys(state: UiState, world: World): string[] {
	const keys = new Set<string>();
	for (const id of state.editor.targets) {
		for (const key of Object.keys(world.get(id)?.tags ?? {})) {
			if (!isSystemKey(key)) keys.add(key);
		}
	}

	return [...keys].toSorted();
}

/** The marked resources, or the one under the cursor. */
export function targets(state: UiState, world: World): string[] {
	if (state.marks.size > 0)
		return [...state.marks].filter((id) => world.get(id));
	const row = resourceRows(state, world)[state.cursor.resources ?? 0];
	return row ? [row.id] : [];
}

const cursorOf = (state: UiState) => state.cursor[state.screen] ?? 0;

function withCursor(state: UiState, world: World, next: number): UiState {
	const length = listLength(state, world);
	const cursor = Math.max(0, Math.min(length - 1, next));
	return {...state, cursor: {...state.cursor, [state.screen]: cursor}};
}

function go(state: UiState, screen: Screen): UiState {
	if (screen === state.screen) return state;
	return {
		...state,
		screen,
		back: [...state.back, state.screen],
		prompt: undefined,
		message: undefined,
	};
}

function back(state: UiState): UiState {
	const previous = state.back.at(-1);
	if (!previous) return state;
	return {
		...state,
		screen: previous,
		back: state.back.slice(0, -1),
		prompt: undefined,
	};
}

function say(state: UiState, text: string, error = false): UiState {
	return {...state, message: {text, error}};
}

/** Plans a change: a dry run shown for confirmation, nothing applied yet. */
function ask(
	state: UiState,
	world: World,
	title: string,
	command: Command,
	screen: Screen = 'confirm',
): UiState {
	// A batch is previewed as if partial, to show what the others would get
	// beside what would fail; y still applies it whole (or refuses), p partially.
	const planned = 'ids' in command ? {...command, partial: true} : command;
	const result = apply(world, planned, {now: state.now(), dryRun: true});
	if (!result.ok && result.failures.length === 0) {
		return say(state, `${result.error!.code}: ${result.error!.message}`, true);
	}

	return go(
		{...state, pending: {title, command, result, back: state.screen}},
		screen,
	);
}

function openRegion(state: UiState, region: string): UiState {
	return go(
		{
			...state,
			region,
			type: undefined,
			marks: new Set(),
			cursor: {...state.cursor, resources: 0},
			filters: {...state.filters, resources: ''},
		},
		'resources',
	);
}

function runCommandLine(state: UiState, world: World, text: string): UiState {
	const [word = '', ...rest] = text.trim().split(/\s+/v);
	const argument = rest.join(' ');
	switch (word) {
		case 'q':
		case 'quit': {
			return {...state, quit: true};
		}

		case 'regions': {
			return go(state, 'regions');
		}

		case 'rules': {
			return state.region
				? go(state, 'rules')
				: say(state, 'Open a region first (Enter on it).', true);
		}

		case 'keys': {
			return state.region
				? go(state, 'catalogue')
				: say(state, 'Open a region first (Enter on it).', true);
		}

		case 'unmark': {
			return say({...state, marks: new Set()}, 'Marks cleared.');
		}

		case 'type': {
			if (!argument || argument === 'all')
				return say({...state, type: undefined}, 'All types.');
			const type = findType(argument);
			if (!type) return say(state, `Unknown type "${argument}".`, true);
			return {
				...(state.screen === 'resources' ? state : go(state, 'resources')),
				type: type.name,
				cursor: {...state.cursor, resources: 0},
			};
		}

		case 'region': {
			const region = findRegion(argument.toLowerCase());
			return region
				? openRegion(state, region.id)
				: say(
						state,
						`Unknown region "${argument}"; :regions lists them.`,
						true,
					);
		}

		case 'export': {
			if (!argument) return say(state, 'Give a file: :export FILE', true);
			return {
				...state,
				message: undefined,
				exportTo: {file: argument, overwrite: false},
			};
		}

		default: {
			return say(
				state,
				`Unknown command ":${word}". Try :regions :rules :keys :type T :region R :unmark :export FILE :q`,
				true,
			);
		}
	}
}

function editText(
	text: string,
	name: string,
	input: string,
): string | undefined {
	if (name === 'backspace') return text.slice(0, -1);
	if (
		input &&
		input.length > 0 &&
		!name.startsWith('ctrl-') &&
		![
			'enter',
			'esc',
			'tab',
			'shift-tab',
			'up',
			'down',
			'left',
			'right',
			'pgup',
			'pgdn',
			'home',
			'end',
		].includes(name)
	) {
		// A paste arrives as one chunk; keep its printable text.
		return text + (name === 'space' ? ' ' : input);
	}

	return undefined;
}

function promptKey(
	state: UiState,
	world: World,
	name: string,
	input: string,
): UiState {
	const prompt = state.prompt!;
	if (name === 'esc') {
		if (prompt.kind === 'filter') {
			return {
				...state,
				prompt: undefined,
				filters: {...state.filters, [state.screen]: ''},
			};
		}

		return {...state, prompt: undefined};
	}

	if (name === 'enter') {
		const done = {...state, prompt: undefined};
		if (prompt.kind === 'filter') {
			return state.screen === 'resources' && typedFilter(prompt.text).error
				? state
				: done;
		}

		if (prompt.kind === 'command')
			return runCommandLine(done, world, prompt.text);
		if (prompt.kind === 'scope') return scopeEdit(done, world, prompt.text);
		return nameEntered(done, world, prompt.text);
	}

	const text = editText(prompt.text, name, input);
	if (text === undefined) return state;
	const next = {...state, prompt: {...prompt, text}};
	if (prompt.kind !== 'filter') return next;
	return {
		...next,
		filters: {...state.filters, [state.screen]: text},
		cursor: {...state.cursor, [state.screen]: 0},
	};
}

function scopeEdit(state: UiState, world: World, text: string): UiState {
	const names = chosenRules(state);
	const keys = text
		.split(',')
		.map((k) => k.trim())
		.filter(Boolean);
	return ask(
		state,
		world,
		`Enable ${names.length} rule(s) in ${state.region!} with the scope ${keys.length > 0 ? keys.join(', ') : 'all keys'}?`,
		{
			op: 'rules',
			region: state.region!,
			rules: names,
			enable: true,
			keys: keys.length > 0 ? keys : null,
		},
	);
}

function nameEntered(state: UiState, world: World, text: string): UiState {
	const item = state.menu[state.cursor.actions ?? 0];
	if (!item?.named) return state;
	const command = item.named(text.trim());
	return ask(state, world, `${item.label}: ${text.trim()}?`, command);
}

function chosenRules(state: UiState): string[] {
	if (state.ruleMarks.size > 0) return [...state.ruleMarks];
	return [rules[state.cursor.rules ?? 0]!.settingName];
}

function toggle<T>(set: ReadonlySet<T>, value: T): Set<T> {
	const next = new Set(set);
	if (next.has(value)) next.delete(value);
	else next.add(value);
	return next;
}

/** Marks the rows between the range anchor and the cursor. */
function rangeMarks(state: UiState, world: World, to: number): Set<string> {
	const rows = resourceRows(state, world);
	const from = state.anchor ?? to;
	const next = new Set(state.marks);
	for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
		const row = rows[i];
		if (row) next.add(row.id);
	}

	return next;
}

function move(
	state: UiState,
	world: World,
	by: number | 'top' | 'bottom',
): UiState {
	const length = listLength(state, world);
	const to =
		by === 'top' ? 0 : by === 'bottom' ? length - 1 : cursorOf(state) + by;
	const moved = withCursor(state, world, to);
	if (state.screen === 'resources' && state.anchor !== undefined) {
		return {
			...moved,
			marks: rangeMarks(state, world, moved.cursor.resources ?? 0),
		};
	}

	return moved;
}

function openEditor(state: UiState, world: World): UiState {
	const ids = targets(state, world);
	if (ids.length === 0) return say(state, 'Nothing to tag: no row here.', true);
	return go({...state, editor: {lines: [''], targets: ids}}, 'editor');
}

function editorKey(
	state: UiState,
	world: World,
	name: string,
	input: string,
): UiState {
	const {lines} = state.editor;
	const last = lines.length - 1;
	if (name === 'esc')
		return back({...state, editor: {lines: [''], targets: []}});
	if (
		name === 'ctrl-s' ||
		(name === 'enter' && lines[last] === '' && last > 0)
	) {
		const edit = parseEdit(lines.filter((l) => l.trim() !== ''));
		if (edit.error) return say(state, edit.error, true);
		return previewEdit(state, world, edit.tags, edit.remove);
	}

	if (name === 'enter')
		return {
			...state,
			message: undefined,
			editor: {...state.editor, lines: [...lines, '']},
		};
	if (name === 'backspace' && lines[last] === '' && last > 0) {
		return {...state, editor: {...state.editor, lines: lines.slice(0, -1)}};
	}

	if (name === 'tab') {
		const done = complete(lines[last]!, world, state.region);
		return {
			...state,
			editor: {...state.editor, lines: [...lines.slice(0, -1), done]},
		};
	}

	const text = editText(lines[last]!, name, input);
	if (text === undefined) return state;
	// A pasted block arrives as one chunk with its newlines.
	const parts = text.split(/\r\n|\r|\n/v);
	return {
		...state,
		message: undefined,
		editor: {...state.editor, lines: [...lines.slice(0, -1), ...parts]},
	};
}

/** Completes the key (or the value after =) from the region's catalogue. */
export function complete(
	line: string,
	world: World,
	region: string | undefined,
): string {
	const keys = tagKeys(world, region)
		.filter((k) => !k.system)
		.map((k) => k.key);
	const removing = line.startsWith('-');
	const body = removing ? line.slice(1) : line;
	const equals = body.indexOf('=');
	const pick = (candidates: string[], prefix: string) => {
		const found = candidates.filter((c) => c.startsWith(prefix));
		if (found.length === 0) return prefix;
		let common = found[0]!;
		for (const c of found)
			while (!c.startsWith(common)) common = common.slice(0, -1);
		return common;
	};

	if (equals === -1) {
		const key = pick(keys, body);
		return `${removing ? '-' : ''}${key}${keys.includes(key) && !removing ? '=' : ''}`;
	}

	const key = body.slice(0, equals);
	const values = new Set<string>();
	for (const r of region ? world.inRegion(region) : []) {
		if (Object.hasOwn(r.tags, key)) values.add(r.tags[key]!);
	}

	return `${key}=${pick([...values], body.slice(equals + 1))}`;
}

function previewEdit(
	state: UiState,
	world: World,
	tags: Record<string, string>,
	remove: string[],
): UiState {
	const ids = state.editor.targets;
	if (remove.length === 0 && Object.keys(tags).length === 0) {
		return say(state, 'Write key=value or -key lines first.', true);
	}

	const command: Command = {op: 'tag', ids, tags, remove};
	return ask(
		state,
		world,
		`Change the tags of ${ids.length} resource(s)?`,
		command,
		'preview',
	);
}

function confirmKey(state: UiState, world: World, name: string): UiState {
	const pending = state.pending!;
	if (name === 'y') {
		if (!pending.result.ok) {
			return say(
				state,
				'Every resource would fail; nothing to apply. n goes back.',
				true,
			);
		}

		if (pending.result.failures.length > 0 && state.screen === 'preview') {
			return say(
				state,
				'Some resources would fail, so y would change nothing: p applies to the others, n goes back.',
				true,
			);
		}

		return leavePending(
			applying({...state, request: pending.command}),
			pending,
		);
	}

	if (
		name === 'p' &&
		state.screen === 'preview' &&
		pending.result.failures.length > 0
	) {
		// Only batches reach a preview with failures.
		const command: BatchCommand = {
			...(pending.command as BatchCommand),
			partial: true,
		};
		return leavePending(applying({...state, request: command}), pending);
	}

	if (name === 'n' || name === 'esc')
		return leavePending({...state, message: undefined}, pending);
	return state;
}

/** Says what is being applied until the result comes back. */
function applying(state: UiState): UiState {
	const command = state.request!;
	const what =
		'ids' in command ? ` to ${new Set(command.ids).size} resource(s)` : '';
	return say(state, `Applying ${command.op}${what}…`);
}

function leavePending(state: UiState, pending: Pending): UiState {
	let next: UiState = {...state, pending: undefined};
	// Back to where the decision was asked from.
	while (next.screen !== pending.back && next.back.length > 0)
		next = back(next);
	// After y, an edit or a menu of what was valid before is done with: back to the list.
	// After n the user is back where they were, to change the edit or choose again.
	const done: Screen[] =
		state.request === undefined ? [] : ['editor', 'untag', 'actions'];
	while (done.includes(next.screen) && next.back.length > 0) next = back(next);

	return next;
}

function rulesKey(
	state: UiState,
	world: World,
	name: string,
): UiState | undefined {
	const region = state.region!;
	const names = chosenRules(state);
	const label = (n: string) => rules.find((r) => r.settingName === n)!;
	const short = names
		.map((n) => `${label(n).primary}:${label(n).associated}`)
		.join(', ');
	switch (name) {
		case 'space': {
			const rule = rules[state.cursor.rules ?? 0]!;
			return withCursor(
				{...state, ruleMarks: toggle(state.ruleMarks, rule.settingName)},
				world,
				(state.cursor.rules ?? 0) + 1,
			);
		}

		case '*': {
			return {...state, ruleMarks: new Set(rules.map((r) => r.settingName))};
		}

		case 'ctrl-\\': {
			return {...state, ruleMarks: new Set()};
		}

		case 'e':
		case 'x': {
			return ask(
				state,
				world,
				`Enable ${short} in ${region}${name === 'x' ? ', applying to existing resources' : ''}?`,
				{
					op: 'rules',
					region,
					rules: names,
					enable: true,
					keys: null,
					existing: name === 'x',
				},
			);
		}

		case 'D': {
			return ask(
				state,
				world,
				`Disable ${short} in ${region}? Delivered tags stay.`,
				{op: 'rules', region, rules: names, enable: false},
			);
		}

		case 's': {
			return {...state, prompt: {kind: 'scope', text: ''}};
		}

		case 'I': {
			const on = !world.data.account.inheritance.enabled;
			return ask(
				state,
				world,
				on
					? 'Turn associated tag inheritance on? This creates the service-linked role AliyunServiceRoleForTag.'
					: 'Turn associated tag inheritance off? Nothing propagates; rule settings and inherited tags stay.',
				{op: 'inheritance', enabled: on},
			);
		}

		default: {
			return undefined;
		}
	}
}

function resourcesKey(
	state: UiState,
	world: World,
	name: string,
): UiState | undefined {
	const rows = resourceRows(state, world);
	const cursor = state.cursor.resources ?? 0;
	const row = rows[cursor];
	switch (name) {
		case 'space': {
			if (!row) return state;
			return withCursor(
				{...state, marks: toggle(state.marks, row.id), anchor: undefined},
				world,
				cursor + 1,
			);
		}

		case 'v': {
			if (state.anchor !== undefined)
				return say({...state, anchor: undefined}, 'Range marking off.');
			return say(
				{
					...state,
					anchor: cursor,
					marks: rangeMarks({...state, anchor: cursor}, world, cursor),
				},
				'Range marking: move the cursor; v again stops.',
			);
		}

		case '*': {
			return say(
				{...state, marks: new Set([...state.marks, ...rows.map((r) => r.id)])},
				`Marked ${rows.length} shown.`,
			);
		}

		case 'ctrl-\\': {
			return say(
				{...state, marks: new Set(), anchor: undefined},
				'Marks cleared.',
			);
		}

		case 't': {
			return openEditor(state, world);
		}

		case 'T': {
			const ids = targets(state, world);
			if (ids.length === 0) return say(state, 'Nothing to untag.', true);
			return go(
				{
					...state,
					editor: {lines: [''], targets: ids},
					keyMarks: new Set(),
					cursor: {...state.cursor, untag: 0},
				},
				'untag',
			);
		}

		case 'a': {
			const ids = targets(state, world);
			const menu = actionsFor(world, ids);
			if (menu.items.length === 0)
				return say(state, 'No actions for this resource.', true);
			return go(
				{
					...state,
					menu: menu.items,
					parentMenu: undefined,
					menuTitle: menu.title,
					cursor: {...state.cursor, actions: 0},
				},
				'actions',
			);
		}

		case 'd': {
			return {...state, detail: !state.detail};
		}

		case 'enter': {
			if (!row) return state;
			const linked = Object.values(row.links ?? {});
			const children = world.children(row.id).map((c) => c.id);
			const ids = [...linked, ...children];
			if (ids.length === 0)
				return say(state, `${row.id} has no linked resources.`);
			return say(
				{
					...state,
					linked: {id: row.id, ids: new Set(ids)},
					type: undefined,
					filters: {...state.filters, resources: ''},
					cursor: {...state.cursor, resources: 0},
				},
				`Resources linked to ${row.id} (${row.name}); Esc shows all again.`,
			);
		}

		case 'tab':
		case 'shift-tab': {
			const types = [
				...new Set(world.inRegion(state.region!).map((r) => r.type)),
			].toSorted();
			const at = state.type ? types.indexOf(state.type) : -1;
			const next = name === 'tab' ? at + 1 : at - 1;
			const type = next < 0 || next >= types.length ? undefined : types[next];
			return {...state, type, cursor: {...state.cursor, resources: 0}};
		}

		case 'r': {
			if (!state.failed) return say(state, 'Nothing failed to retry.');
			const command: BatchCommand = {
				...state.failed.command,
				ids: state.failed.ids,
				partial: false,
			};
			return ask(
				state,
				world,
				`Retry the ${state.failed.ids.length} failed resource(s)?`,
				command,
				'preview',
			);
		}

		default: {
			return undefined;
		}
	}
}

function enter(state: UiState, world: World): UiState {
	const cursor = cursorOf(state);
	switch (state.screen) {
		case 'regions': {
			const region = regionList(state, world)[cursor];
			return region ? openRegion(state, region.id) : state;
		}

		case 'catalogue': {
			const key = catalogueRows(state, world)[cursor];
			if (!key) return state;
			const text = /[\s"=,]/v.test(key.key)
				? `"${key.key.replaceAll('"', String.raw`\"`)}"=*`
				: `${key.key}=*`;
			return go(
				{
					...back(state),
					filters: {...state.filters, resources: text},
					cursor: {...state.cursor, resources: 0},
				},
				'resources',
			);
		}

		case 'activity': {
			const event = world.data.log.toReversed()[cursor];
			return event
				? {...state, expanded: toggle(state.expanded, event.seq)}
				: state;
		}

		case 'actions': {
			const item = state.menu[cursor];
			if (!item) return state;
			if (item.submenu)
				return {
					...state,
					menu: item.submenu,
					menuTitle: item.label,
					parentMenu: {items: state.menu, title: state.menuTitle, cursor},
					cursor: {...state.cursor, actions: 0},
				};
			if (item.named) return {...state, prompt: {kind: 'name', text: ''}};
			return ask({...state}, world, `${item.label}?`, item.command!);
		}

		case 'untag': {
			const keys =
				state.keyMarks.size > 0
					? [...state.keyMarks]
					: [untagKeys(state, world)[cursor]].filter((k) => k !== undefined);
			if (keys.length === 0) return state;
			return ask(
				state,
				world,
				`Remove ${keys.join(', ')} from ${state.editor.targets.length} resource(s)?`,
				{op: 'untag', ids: state.editor.targets, keys},
				'preview',
			);
		}

		case 'resources':
		case 'rules':
		case 'help':
		case 'editor':
		case 'preview':
		case 'confirm': {
			return state;
		}
	}
}

/** The answer (y or n) to a question about a file; other keys leave it asked. */
function answer(state: UiState, name: string): UiState {
	const {question} = state;
	if (!question) return state;
	if (name === 'y') {
		const next = {...state, question: undefined, message: undefined};
		return question.kind === 'overwrite'
			? {...next, exportTo: {file: question.file, overwrite: true}}
			: {...next, restore: true};
	}

	if (name === 'n' || name === 'esc') {
		return say(
			{...state, question: undefined},
			question.kind === 'overwrite'
				? `Not exported: ${question.file} was left as it was.`
				: 'Nothing was written: the world file stays gone, and no change is saved until it is back. The next change asks again.',
		);
	}

	return state;
}

function history(state: UiState, world: World, op: 'undo' | 'redo'): UiState {
	const seq =
		op === 'undo'
			? world.data.history.undo.at(-1)
			: world.data.history.redo.at(-1);
	const event = world.data.log.find((e) => e.seq === seq);
	if (!event)
		return say(
			state,
			op === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.',
			true,
		);
	return ask(
		state,
		world,
		`${op === 'undo' ? 'Undo' : 'Redo'} step #${event.seq}: ${event.summary}?`,
		{op, step: event.seq},
	);
}

/** Esc: cancel input, then clear the filter, then go back. */
function escape(state: UiState, world: World): UiState {
	if (state.screen === 'resources' && state.anchor !== undefined)
		return {...state, anchor: undefined};
	if (state.screen === 'resources' && state.linked) {
		const rows = resourceRows({...state, linked: undefined}, world);
		const at = Math.max(
			0,
			rows.findIndex((r) => r.id === state.linked!.id),
		);
		return {
			...state,
			linked: undefined,
			message: undefined,
			cursor: {...state.cursor, resources: at},
		};
	}

	if (state.filters[state.screen])
		return {...state, filters: {...state.filters, [state.screen]: ''}};
	if (state.screen === 'actions' && state.parentMenu) {
		const {items, title, cursor} = state.parentMenu;
		return {
			...state,
			menu: items,
			menuTitle: title,
			parentMenu: undefined,
			cursor: {...state.cursor, actions: cursor},
		};
	}

	return back({...state, message: undefined});
}

function key(
	state: UiState,
	world: World,
	name: string,
	input: string,
): UiState {
	if (state.quitAsked) {
		if (name === 'y') return {...state, quit: true};
		return say({...state, quitAsked: false}, 'Not quitting.');
	}

	if (state.question) return answer(state, name);
	if (state.prompt) return promptKey(state, world, name, input);
	if (state.screen === 'editor') {
		if (name === 'ctrl-c')
			return say(
				{...state, quitAsked: true},
				'An edit is open: quit anyway? y/n',
				true,
			);
		return editorKey(state, world, name, input);
	}

	if (state.screen === 'preview' || state.screen === 'confirm') {
		if (name === 'ctrl-c' || name === 'q')
			return say(
				{...state, quitAsked: true},
				'A change is waiting for y: quit without it? y/n',
				true,
			);
		return confirmKey(state, world, name);
	}

	if (
		state.screen === 'help' &&
		name !== 'esc' &&
		name !== 'q' &&
		name !== 'ctrl-c' &&
		!['up', 'down', 'pgup', 'pgdn', 'home', 'end'].includes(name)
	) {
		const text = editText(state.filters.help ?? '', name, input);
		if (text !== undefined)
			return {
				...state,
				filters: {...state.filters, help: text},
				cursor: {...state.cursor, help: 0},
			};
	}

	if (
		state.screen === 'regions' &&
		((name.length === 1 && /[a-z\d\-]/v.test(name)) || name === 'backspace') &&
		// Once typing has begun, every letter is text; before, a key's letter is the key.
		(Boolean(state.filters.regions) || !bindingFor('regions', name))
	) {
		const text = state.filters.regions ?? '';
		return {
			...state,
			filters: {
				...state.filters,
				regions: name === 'backspace' ? text.slice(0, -1) : text + name,
			},
			cursor: {...state.cursor, regions: 0},
		};
	}

	const page = listHeight(state);
	if (state.screen === 'rules') {
		const handled = rulesKey(state, world, name);
		if (handled) return handled;
	}

	if (state.screen === 'resources') {
		const handled = resourcesKey(state, world, name);
		if (handled) return handled;
	}

	if (state.screen === 'untag' && name === 'space') {
		const keyAt = untagKeys(state, world)[state.cursor.untag ?? 0];
		if (!keyAt) return state;
		return withCursor(
			{...state, keyMarks: toggle(state.keyMarks, keyAt)},
			world,
			(state.cursor.untag ?? 0) + 1,
		);
	}

	if (state.screen === 'untag' && name === '*')
		return {...state, keyMarks: new Set(untagKeys(state, world))};

	switch (name) {
		case 'j':
		case 'down': {
			return move(state, world, 1);
		}

		case 'k':
		case 'up': {
			return move(state, world, -1);
		}

		case 'g':
		case 'home': {
			return move(state, world, 'top');
		}

		case 'G':
		case 'end': {
			return move(state, world, 'bottom');
		}

		case 'pgdn':
		case 'ctrl-d': {
			return move(state, world, page);
		}

		case 'pgup':
		case 'ctrl-u': {
			return move(state, world, -page);
		}

		case 'enter': {
			return enter(state, world);
		}

		case 'esc': {
			return escape(state, world);
		}

		case '/': {
			return {
				...state,
				prompt: {kind: 'filter', text: state.filters[state.screen] ?? ''},
			};
		}

		case ':': {
			return {...state, prompt: {kind: 'command', text: ''}};
		}

		case '@': {
			return go({...state, cursor: {...state.cursor, activity: 0}}, 'activity');
		}

		case '?': {
			return go(
				{
					...state,
					filters: {...state.filters, help: ''},
					cursor: {...state.cursor, help: 0},
				},
				'help',
			);
		}

		case 'u': {
			return history(state, world, 'undo');
		}

		case 'ctrl-r': {
			return history(state, world, 'redo');
		}

		case 'q':
		case 'ctrl-c': {
			return {...state, quit: true};
		}

		default: {
			return state;
		}
	}
}

const charNames = new Map([
	['\r', 'enter'],
	['\n', 'enter'],
	['\t', 'tab'],
	[' ', 'space'],
	['\u007F', 'backspace'],
	['\b', 'backspace'],
	['\u001C', 'ctrl-\\'],
]);

function charName(char: string): string {
	return charNames.get(char) ?? char;
}

export function reduce(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'key': {
			const {name, input, world} = action;
			// Keys typed fast, or pasted, arrive in one chunk: each character is a key.
			if (name === input && input.length > 1) {
				let next = state;
				for (const char of input) next = key(next, world, charName(char), char);
				return next;
			}

			return key(state, world, name, input);
		}

		case 'resize': {
			return {...state, columns: action.columns, rows: action.rows};
		}

		case 'applied': {
			const {result, command} = action;
			const done = {...state, request: undefined};
			if (!result.ok)
				return say(
					done,
					`${result.error?.code ?? 'Refused'}: ${result.error?.message ?? ''}`,
					true,
				);
			const failed =
				result.failures.length > 0 && 'ids' in command
					? {
							command,
							ids: result.failures.map((f) => f.id),
						}
					: undefined;
			const skipped =
				result.skipped.length > 0
					? ` Inheritance skipped for ${result.skipped.length} (quota).`
					: '';
			const text = result.event
				? `Step #${result.event.seq}: ${result.event.summary}.${failed ? ` ${failed.ids.length} failed: r retries them.` : ''}${skipped} u undoes.`
				: 'Nothing to change.';
			return say(
				{...done, failed, marks: failed ? done.marks : new Set()},
				text,
				Boolean(failed),
			);
		}

		case 'error': {
			return say(
				{...state, request: undefined, exportTo: undefined, restore: false},
				action.message,
				true,
			);
		}

		case 'notice': {
			return say(
				{...state, exportTo: undefined, restore: false},
				action.message,
			);
		}

		case 'exists': {
			return say(
				{
					...state,
					exportTo: undefined,
					question: {kind: 'overwrite', file: action.file},
				},
				`${action.file} exists: replace it with the export? y/n`,
				true,
			);
		}

		case 'gone': {
			return say(
				{...state, request: undefined, question: {kind: 'restore'}},
				`World file gone (deleted or moved away): write the world shown here back to it? y/n · ${action.file}`,
				true,
			);
		}
	}
}
