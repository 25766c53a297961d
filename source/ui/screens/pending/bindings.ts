import type {BatchCommand} from '../../../core/model.js';
import {askToQuit, type Binding, type ScreenKeys} from '../../binding.js';
import {
	back,
	say,
	withCursor,
	type KeyContext,
	type Pending,
	type Screen,
	type UiState,
} from '../../state.js';
import {previewWindow, scrollLength} from './preview.js';

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

function yes({state}: KeyContext): UiState {
	const pending = state.pending!;
	return leavePending(applying({...state, request: pending.command}), pending);
}

function refusal({state}: KeyContext): string | undefined {
	const {result} = state.pending!;
	if (!result.ok)
		return 'Every resource would fail; nothing to apply. n goes back.';
	if (result.failures.length > 0 && state.screen === 'preview')
		return 'Some resources would fail, so y would change nothing: p applies to the others, n goes back.';
	return undefined;
}

function no(does: string, footer?: string): Binding {
	return {
		keys: ['n', 'esc'],
		label: 'n/Esc',
		does,
		footer,
		run: ({state}) =>
			leavePending({...state, message: undefined}, state.pending!),
	};
}

/** A key that scrolls a long preview to the row `to` gives (the first row shown). */
function scroll(
	keys: string[],
	label: string,
	does: string,
	to: (top: number, page: number) => number,
): Binding {
	return {
		keys,
		label,
		does,
		run({state, world}) {
			// From the row shown first, which a resize may have moved.
			const {top, height} = previewWindow(state, world);
			return withCursor(state, scrollLength(state, world), to(top, height));
		},
	};
}

const scrollBindings: Binding[] = [
	// The words of the lists' keys: help lists them once for both.
	scroll(['j', 'down'], 'j/k', 'move down / up', (t) => t + 1),
	scroll(['k', 'up'], '↑/↓', 'move up / down', (t) => t - 1),
	scroll(['pgdn', 'ctrl-d'], 'PgDn/Ctrl-d', 'page down', (t, p) => t + p),
	scroll(['pgup', 'ctrl-u'], 'PgUp/Ctrl-u', 'page up', (t, p) => t - p),
	scroll(['g', 'home'], 'g/G', 'top / bottom', () => 0),
	scroll(['G', 'end'], 'Home/End', 'top / bottom', () => Infinity),
];

/** A preview of a change to resources: y applies it, p applies it to the others. */
export const previewKeys: ScreenKeys = {
	length: scrollLength,
	bindings: [
		{
			keys: ['y'],
			label: 'y',
			does: 'apply',
			footer: 'apply',
			disabledReason: refusal,
			run: yes,
		},
		{
			keys: ['p'],
			label: 'p',
			does: 'apply to the others (skip the failing ones)',
			footer: 'apply to the others',
			disabledReason: ({state}) =>
				state.pending!.result.failures.length > 0
					? undefined
					: 'None would fail: y applies to all.',
			run({state}) {
				// Only batches reach a preview with failures.
				const command: BatchCommand = {
					...(state.pending!.command as BatchCommand),
					partial: true,
				};
				return leavePending(
					applying({...state, request: command}),
					state.pending!,
				);
			},
		},
		no('go back without applying', 'back'),
		askToQuit,
		...scrollBindings,
	],
};

/** A question before a change: y or n. */
export const confirmKeys: ScreenKeys = {
	length: scrollLength,
	bindings: [
		{
			keys: ['y'],
			label: 'y',
			does: 'yes: make the change',
			footer: 'yes',
			disabledReason: refusal,
			run: yes,
		},
		no('no: go back', 'no'),
		askToQuit,
		...scrollBindings,
	],
};
