import {Box, Text, useApp, useInput, useStdout} from 'ink';
import {useEffect, useReducer, useRef, useSyncExternalStore} from 'react';
import {findRegion} from '../core/catalogue.js';
import {view} from '../core/query.js';
import {WorldFileError} from '../store/errors.js';
import {exportText} from '../store/export.js';
import type {Store} from '../store/store.js';
import {hints, keyName} from './keymap.js';
import {typedFilter} from './rows.js';
import {
	ActionsScreen,
	ActivityScreen,
	CatalogueScreen,
	EditorScreen,
	HelpScreen,
	PendingScreen,
	RegionsScreen,
	ResourcesScreen,
	RulesScreen,
	UntagScreen,
} from './screens.js';
import {initialState, reduce, resourceRows, type UiState} from './state.js';
import {fit} from './text.js';
import {useTheme} from './theme.js';

/** How often an open UI looks for changes other processes made to the world file. */
export const watchInterval = 500;

type Props = {
	readonly store: Store;
	readonly region?: string;
	/** Fixed size (tests); otherwise the terminal's, following resizes. */
	readonly size?: {columns: number; rows: number};
};

function useTerminalSize(fixed: Props['size']): {
	columns: number;
	rows: number;
} {
	const {stdout} = useStdout();
	const text = useSyncExternalStore(
		(onChange) => {
			stdout.on('resize', onChange);
			return () => {
				stdout.off('resize', onChange);
			};
		},
		() => `${stdout.columns ?? 80}x${stdout.rows ?? 24}`,
	);
	if (fixed) return fixed;
	const [columns, rows] = text.split('x').map(Number) as [number, number];
	return {columns, rows};
}

function Header({
	state,
	store,
}: {
	readonly state: UiState;
	readonly store: Store;
}) {
	const theme = useTheme();
	const world = store.current()!;
	const region = state.region ? findRegion(state.region) : undefined;
	const {inheritance} = world.data.account;
	const supported = region?.inheritance ? '' : ' (no inheritance here)';
	const counts = region
		? ` · ${state.marks.size} marked · ${resourceRows(state, world).length} shown · ${world.countInRegion(region.id)} in region`
		: '';
	// Most useful first: what is cut at 80 columns is the name and the account.
	const gone = store.gone() ? 'WORLD FILE GONE · ' : '';
	const text =
		gone +
		(region
			? `tagdeck · ${region.id}${supported}${counts} · inheritance ${inheritance.enabled ? 'on' : 'off'} · ${region.name} · account ${world.data.account.id}`
			: `tagdeck · regions · inheritance ${inheritance.enabled ? 'on' : 'off'} · account ${world.data.account.id}`);
	return (
		<Text bold color={theme.accent} wrap="truncate">
			{fit(text, state.columns)}
		</Text>
	);
}

function SubHeader({state}: {readonly state: UiState}) {
	const theme = useTheme();
	const {prompt} = state;
	if (prompt?.kind === 'filter' && state.screen === 'resources') {
		const {error} = typedFilter(prompt.text);
		return (
			<Text color={error ? theme.error : undefined} wrap="truncate">
				{fit(
					`/${prompt.text}▏${error ? `  ✗ ${error.message.replace(/^Invalid filter /v, '')}` : ''}`,
					state.columns,
				)}
			</Text>
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

function Footer({state}: {readonly state: UiState}) {
	const theme = useTheme();
	const {prompt, message} = state;
	const line =
		prompt && !(prompt.kind === 'filter' && state.screen === 'resources')
			? `${prompt.kind === 'command' ? ':' : prompt.kind === 'filter' ? '/' : prompt.kind === 'scope' ? 'scope (keys, comma-separated; empty: all keys): ' : 'name: '}${prompt.text}▏`
			: (message?.text ?? '');
	return (
		<Box flexDirection="column">
			<Text color={message?.error ? theme.error : undefined} wrap="truncate">
				{fit(line, state.columns)}
			</Text>
			<Text dimColor={theme.dim} wrap="truncate">
				{fit(hints[state.screen], state.columns)}
			</Text>
		</Box>
	);
}

function Screen({
	state,
	store,
}: {
	readonly state: UiState;
	readonly store: Store;
}) {
	const world = store.current()!;
	const props = {state, world, width: state.columns};
	switch (state.screen) {
		case 'regions': {
			return <RegionsScreen {...props} />;
		}

		case 'resources': {
			return <ResourcesScreen {...props} />;
		}

		case 'editor': {
			return <EditorScreen {...props} />;
		}

		case 'preview':
		case 'confirm': {
			return <PendingScreen {...props} />;
		}

		case 'untag': {
			return <UntagScreen {...props} />;
		}

		case 'rules': {
			return <RulesScreen {...props} />;
		}

		case 'catalogue': {
			return <CatalogueScreen {...props} />;
		}

		case 'activity': {
			return <ActivityScreen {...props} />;
		}

		case 'actions': {
			return <ActionsScreen {...props} />;
		}

		case 'help': {
			return <HelpScreen {...props} />;
		}
	}
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

/**
The terminal UI. The world comes from the store (one subscription); this
component holds only view state, in a reducer fed by keys.
*/
export function App({store, region, size}: Props) {
	const {exit} = useApp();
	const terminal = useTerminalSize(size);
	useSyncExternalStore(
		(onChange) => store.subscribe(onChange),
		() => store.snapshot(),
	);
	const [state, dispatch] = useReducer(reduce, undefined, () =>
		initialState({region, ...terminal}),
	);

	useInput((input, key) => {
		dispatch({
			type: 'key',
			name: keyName(input, key),
			input,
			world: store.current()!,
		});
	});

	const {columns, rows} = terminal;
	useEffect(() => {
		dispatch({type: 'resize', columns, rows});
	}, [columns, rows]);

	useEffect(() => {
		const command = state.request;
		if (!command) return;
		store.apply(command).then(
			(result) => {
				dispatch({type: 'applied', command, result});
			},
			(error: unknown) => {
				const {message} = error as Error;
				dispatch(
					error instanceof WorldFileError && error.code === 'WorldFile.Gone'
						? {type: 'gone', file: store.path}
						: {type: 'error', message},
				);
			},
		);
	}, [state.request, store]);

	useEffect(() => {
		if (!state.restore) return;
		store.restore().then(
			() => {
				dispatch({
					type: 'notice',
					message: `Wrote the world shown here back to ${store.path}. Make the change again to apply it.`,
				});
			},
			(error: unknown) => {
				dispatch({type: 'error', message: (error as Error).message});
			},
		);
	}, [state.restore, store]);

	const latest = useRef(state);
	useEffect(() => {
		latest.current = state;
	});
	useEffect(() => {
		const target = state.exportTo;
		if (!target) return;
		const world = store.current()!;
		const shown = resourceRows(latest.current, world).map((r) =>
			view(world, r),
		);
		const {file, overwrite} = target;
		exportText(
			store.file.path,
			file,
			`${JSON.stringify(shown, null, 2)}\n`,
			overwrite,
		).then(
			(outcome) => {
				dispatch(
					outcome === 'exists'
						? {type: 'exists', file}
						: {
								type: 'notice',
								message: `Exported ${shown.length} resource(s) to ${file}.`,
							},
				);
			},
			(error: unknown) => {
				dispatch({type: 'error', message: (error as Error).message});
			},
		);
	}, [state.exportTo, store]);

	useEffect(() => {
		const timer = setInterval(() => {
			void store.refresh().catch(() => undefined);
		}, watchInterval);
		return () => {
			clearInterval(timer);
		};
	}, [store]);

	useEffect(() => {
		if (state.quit) exit();
	}, [state.quit, exit]);

	// Too small to lay out: say so, never overflow.
	if (state.rows < 8 || state.columns < 30) {
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

	return (
		<Box flexDirection="column" width={state.columns} height={state.rows - 1}>
			<Header state={state} store={store} />
			<SubHeader state={state} />
			<Box flexGrow={1}>
				<Screen state={state} store={store} />
			</Box>
			<Footer state={state} />
		</Box>
	);
}
