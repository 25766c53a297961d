import {Box, useApp, useInput, useStdout} from 'ink';
import {
	useEffect,
	useMemo,
	useReducer,
	useRef,
	useSyncExternalStore,
} from 'react';
import {worldNow} from '../core/clock.js';
import {view} from '../core/query.js';
import {seenBy} from '../core/ram/access.js';
import {TagdeckError} from '../core/errors.js';
import {World} from '../core/world.js';
import {WorldFileError} from '../store/errors.js';
import {exportRows} from '../store/export.js';
import type {LessonBook} from '../store/lessons.js';
import type {Store} from '../store/store.js';
import {Footer, Header, SubHeader, TooSmall} from './chrome.js';
import {keyName} from './keys.js';
import {useLesson} from './lesson.js';
import {reduce} from './reducer.js';
import {views} from './screens/registry.js';
import {resourceRows} from './screens/resources/slice.js';
import {initialState} from './state.js';

/** How often an open UI looks for changes other processes made to the world file. */
const watchInterval = 500;

type Props = {
	readonly store: Store;
	/** Where lessons are kept: the panel (L) shows the lesson whose world is open. */
	readonly book?: LessonBook;
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

/**
The world as `as` sees it. A user deleted meanwhile (by another process) sees
nothing, until :as names someone else: never more than it may.
*/
function seenSafely(world: World, as: string | undefined): World {
	try {
		return seenBy(world, as);
	} catch (error) {
		if (!(error instanceof TagdeckError)) throw error;
		const none = new World({...world.data, resources: {}});
		none.whole = world;
		return none;
	}
}

/**
The terminal UI. The world comes from the store (one subscription); this
component holds only view state, in a reducer fed by keys.
*/
export function App({store, book, region, size}: Props) {
	const {exit} = useApp();
	const terminal = useTerminalSize(size);
	const version = useSyncExternalStore(
		(onChange) => store.subscribe(onChange),
		() => store.snapshot(),
	);
	const [state, dispatch] = useReducer(reduce, undefined, () =>
		initialState({region, as: store.actingAs, ...terminal}),
	);
	// The world as the one acting sees it: all of it for the account; for a RAM
	// user, what the user may describe (each view counts the rest).
	const world = useMemo(
		() => seenSafely(store.current()!, state.as),
		// eslint-disable-next-line react-hooks/exhaustive-deps -- the store's version is the world's
		[version, state.as, store],
	);

	const lesson = useLesson(book, store.file.path, world);

	useInput((input, key) => {
		dispatch({
			type: 'key',
			name: keyName(input, key),
			input,
			world,
			now: worldNow(world.data, Date.now()),
		});
	});

	// A step applied here or by another process: what the status line says of
	// u and Ctrl-r follows.
	useEffect(() => {
		dispatch({type: 'world', world});
	}, [world]);

	const {columns, rows} = terminal;
	useEffect(() => {
		dispatch({type: 'resize', columns, rows});
	}, [columns, rows]);

	useEffect(() => {
		const command = state.request;
		if (!command) return;
		store.apply(command, {as: state.as}).then(
			(result) => {
				dispatch({
					type: 'applied',
					command,
					result,
					world: seenSafely(store.current()!, state.as),
				});
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
	}, [state.request, state.as, store]);

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
		const seen = seenSafely(store.current()!, latest.current.as);
		const shown = resourceRows(latest.current, seen).map((r) => view(seen, r));
		const {file, overwrite} = target;
		exportRows(store.file.path, file, shown, overwrite).then(
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
	if (state.rows < 8 || state.columns < 30) return <TooSmall state={state} />;

	const View = views[state.screen];
	return (
		<Box flexDirection="column" width={state.columns} height={state.rows - 1}>
			<Header state={state} store={store} world={world} />
			<SubHeader state={state} />
			<Box flexGrow={1}>
				<View
					state={state}
					world={world}
					width={state.columns}
					lesson={lesson}
				/>
			</Box>
			<Footer state={state} world={world} />
		</Box>
	);
}
