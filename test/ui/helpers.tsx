import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {act, type ReactElement} from 'react';
import {afterEach, beforeEach, expect, vi} from 'vitest';
import type {Resource, WorldData} from '../../source/core/model.js';
import {Store} from '../../source/store/store.js';
import {App} from '../../source/ui/app.js';
import {keys} from '../helpers/keys.js';
import {themeContext, type Theme} from '../../source/ui/theme.js';

export {keys} from '../helpers/keys.js';

export type Stdin = {write(data: string): void};

/** Sends keys one at a time, each in its own act() so React has rendered before the next. */
export async function press(stdin: Stdin, ...sequence: string[]) {
	for (const key of sequence) {
		await act(async () => {
			stdin.write(key);
		});
	}
}

/** Types text one character per key press (a chunk of text would arrive as a paste). */
export async function type(stdin: Stdin, text: string) {
	await press(stdin, ...text);
}

/** A real Store on a new world file in a temporary folder (the demo world). */
export type TestWorld = {
	dir: string;
	file: string;
	store: Store;
	remove: () => Promise<void>;
};

export async function demoStore(): Promise<TestWorld> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tagdeck-ui-'));
	const file = path.join(dir, 'world.json');
	const store = new Store(file);
	await store.load();
	return {
		dir,
		file,
		store,
		async remove() {
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** The world file as it is on disk now. */
export async function readWorld(file: string): Promise<WorldData> {
	return JSON.parse(await readFile(file, 'utf8')) as WorldData;
}

/** The demo resource with this name (and type, when names repeat). */
export function resourceNamed(
	data: WorldData,
	name: string,
	type?: string,
): Resource {
	const found = Object.values(data.resources).filter(
		(r) => r.name === name && (!type || r.type === type),
	);
	if (found.length !== 1)
		throw new Error(
			`expected one resource named ${name}, found ${found.length}`,
		);
	return found[0]!;
}

/** The resource with this name in the store's current world. */
export function named(store: Store, name: string, type?: string): Resource {
	return resourceNamed(store.current()!.data, name, type);
}

export type Size = {columns: number; rows: number};

export type RenderOptions = {
	region?: string | undefined;
	size?: Size;
	theme?: Theme;
};

export function appTree(
	store: Store,
	options: RenderOptions = {},
): ReactElement {
	const app = (
		<App
			store={store}
			region={'region' in options ? options.region : 'cn-hangzhou'}
			size={options.size ?? {columns: 120, rows: 30}}
		/>
	);
	return options.theme ? (
		<themeContext.Provider value={options.theme}>{app}</themeContext.Provider>
	) : (
		app
	);
}

export type Ui = ReturnType<typeof render> & {
	/** The last frame, never undefined. */
	frame: () => string;
	/** Sends keys one at a time. */
	press: (...sequence: string[]) => Promise<void>;
	/** Types text one character at a time. */
	type: (text: string) => Promise<void>;
	/** Waits until the frame shows `text`, then yields so effects settle. */
	waitFor: (text: string | RegExp) => Promise<void>;
	/** Re-renders with other options (another size, …). */
	rerenderWith: (options: RenderOptions) => Promise<void>;
	/** Unmounts (stops the App's refresh timer). */
	close: () => Promise<void>;
};

/** Renders the App on a store, by default in cn-hangzhou at 120×30. */
export async function renderApp(
	store: Store,
	options: RenderOptions = {},
): Promise<Ui> {
	let instance: ReturnType<typeof render> | undefined;
	await act(async () => {
		instance = render(appTree(store, options));
	});
	const ui = instance!;
	let closed = false;
	const frame = () => ui.lastFrame() ?? '';
	return {
		...ui,
		frame,
		press: async (...sequence) => press(ui.stdin, ...sequence),
		type: async (text) => type(ui.stdin, text),
		async waitFor(text) {
			await outsideAct(async () =>
				vi.waitFor(
					() => {
						if (typeof text === 'string') expect(frame()).toContain(text);
						else expect(frame()).toMatch(text);
					},
					{timeout: 10_000, interval: 10},
				),
			);
			await settle();
		},
		async rerenderWith(next) {
			await act(async () => {
				ui.rerender(appTree(store, {...options, ...next}));
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			await act(async () => {
				ui.unmount();
			});
		},
	};
}

const environment = globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean};

/**
Runs work that waits for the App's own asynchronous updates (an apply through
the store): React renders them as it would in the terminal, without act().
*/
export async function outsideAct<T>(work: () => Promise<T>): Promise<T> {
	const before = environment.IS_REACT_ACT_ENVIRONMENT;
	environment.IS_REACT_ACT_ENVIRONMENT = false;
	try {
		return await work();
	} finally {
		environment.IS_REACT_ACT_ENVIRONMENT = before;
	}
}

/** Runs work (a change to the world made outside the UI) inside act(), so the App's update is flushed. */
export async function inAct<T>(work: () => Promise<T>): Promise<T> {
	let result: T | undefined;
	await act(async () => {
		result = await work();
	});
	return result!;
}

/** Lets React run effects and Ink re-subscribe its input handler. */
export async function settle() {
	await act(async () => {
		await new Promise((resolve) => {
			setTimeout(resolve, 0);
		});
	});
}

/** The lines of a frame. */
export function lines(frame: string): string[] {
	return frame.split('\n');
}

/** The line of the frame that contains `text` (the first), or undefined. */
export function lineWith(frame: string, text: string): string | undefined {
	return lines(frame).find((line) => line.includes(text));
}

/** Narrows the resources view to what `filter` matches (any earlier filter is dropped first). */
export async function filterTo(ui: Ui, filter: string) {
	await ui.press('/', keys.esc, '/');
	await ui.type(filter);
	await ui.press(keys.enter);
}

/** Runs a line of the UI's command line (`:` then the text, then Enter). */
export async function command(ui: Ui, text: string) {
	await ui.press(':');
	await ui.type(text);
	await ui.press(keys.enter);
}

/** Counts the App's live subscriptions to the store (0 once it has unmounted). */
export function subscriptions(store: Store): () => number {
	let active = 0;
	const subscribe = store.subscribe.bind(store);
	store.subscribe = (listener) => {
		active++;
		const unsubscribe = subscribe(listener);
		let done = false;
		return () => {
			if (!done) {
				done = true;
				active--;
			}

			unsubscribe();
		};
	};

	return () => active;
}

export const diskRule =
	'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';

/** Turns the feature on and enables Ecs-Instance:Ecs-Disk in cn-hangzhou, applied to existing links. */
export async function inheritDisks(store: Store) {
	await store.apply({op: 'inheritance', enabled: true});
	await store.apply({
		op: 'rules',
		region: 'cn-hangzhou',
		rules: [diskRule],
		enable: true,
		keys: null,
		existing: true,
	});
}

/** Each error the tag editor shows under a line (✗ and the rows it wraps to), put back together. */
export function shownErrors(
	frame: string,
): Array<{under: string; text: string}> {
	const all = lines(frame).map((l) => l.trimEnd());
	const found: Array<{under: string; text: string}> = [];
	for (const [index, line] of all.entries()) {
		if (!line.startsWith('  ✗ ')) continue;
		const parts = [line.slice(4)];
		for (const next of all.slice(index + 1)) {
			if (!next.startsWith('    ')) break;
			parts.push(next.slice(4));
		}

		found.push({under: all[index - 1]!, text: parts.join(' ')});
	}

	return found;
}

/**
The status line above the key hints: a message wrapped over several lines
(each after the first indented by two spaces) is read back as one.
*/
export function messageLine(frame: string): string {
	const all = lines(frame).slice(0, -1);
	let first = all.length - 1;
	while (first > 0 && all[first]!.startsWith('  ')) first--;
	return all
		.slice(first)
		.map((line) => line.trim())
		.join(' ');
}

/** The resources of a region in the world file, by a predicate. */
export function countInRegion(
	data: WorldData,
	region: string,
	test: (r: Resource) => boolean = () => true,
): number {
	return Object.values(data.resources).filter(
		(r) => r.region === region && test(r),
	).length;
}

/**
The set-up of a UI test file: before each test a new demo world and the App
on it (`before` runs between the two, `after` once the App is up); after each,
the App closed and the world removed. `use` receives them for the tests.
*/
export function appFixture(
	use: (made: {world: TestWorld; ui: Ui}) => void,
	options: RenderOptions & {
		before?: (world: TestWorld) => Promise<void> | void;
		after?: (ui: Ui, world: TestWorld) => Promise<void>;
	} = {},
) {
	let made: {world: TestWorld; ui: Ui} | undefined;
	beforeEach(async () => {
		const world = await demoStore();
		await options.before?.(world);
		const ui = await renderApp(world.store, options);
		made = {world, ui};
		use(made);
		await options.after?.(ui, world);
	});
	afterEach(async () => {
		await made?.ui.close();
		await made?.world.remove();
		made = undefined;
	});
}

/**
The app fixture, with a second Store on the same world file: what another
process (a script, a second tagdeck) sees and changes beside the open UI.
*/
export function appFixtureBesideAnother(
	take: (made: {world: TestWorld; ui: Ui; other: Store}) => void,
) {
	appFixture(() => undefined, {
		async after(ui, world) {
			const other = new Store(world.file);
			await other.load();
			take({world, ui, other});
		},
	});
}
