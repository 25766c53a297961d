import {render} from 'ink';
import {principalOf} from '../core/ram/identities.js';
import {getRegion} from '../core/catalogue.js';
import {findLesson} from '../core/lessons/catalogue.js';
import {LessonBook} from '../store/lessons.js';
import type {Store} from '../store/store.js';
import {App} from './app.js';
import {colourTheme, plainTheme, themeContext} from './theme.js';

const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l\u001B[?25h';

// A control sequence (CSI) as Ink 6.8 reads one from the terminal: ESC [ (or
// ESC ESC [, with Alt), parameter and intermediate bytes, one final byte.
// eslint-disable-next-line no-control-regex
const csi = /\u001B?\u001B\[\[?[\u0020-\u003F]*[\u0040-\u007E]/gv;
// eslint-disable-next-line no-control-regex
const unfinishedCsi = /\u001B?\u001B\[\[?[\u0020-\u003F]*$/v;
// The rest of a CSI whose ESC came at the end of the previous read.
const csiRest = /^\[\[?[\u0020-\u003F]*(?:[\u0040-\u007E]|$)/v;
// The sequences of the keys the UI reads: arrows, Home, End, Shift-Tab, Insert,
// Delete, Page Up and Down, with or without modifiers.
// eslint-disable-next-line no-control-regex
const keySequence = /^\u001B?\u001B\[(?:[\d;]*[A-DFHZ]|[1-8](?:;\d+)?~)$/v;

/**
Drops the control sequences the UI does not read from terminal input, before
Ink parses it: Ink 6.8 throws on many it cannot name (ESC [ 31 m, from text
pasted with its colours, among them), which would end the program.

A sequence cut between two reads is judged whole: its start is held back
until the rest arrives, and when a read ends with ESC (which Ink keeps until
the next read or the next tick, to tell the Escape key from a sequence), the
next read's start is judged as the rest of a sequence.
*/
function keyFilter(): (chunk: string) => string {
	let held = '';
	let escapeWithInk = false;
	return (chunk) => {
		let text = held + chunk;
		held = '';
		if (escapeWithInk) {
			const rest = csiRest.exec(text)?.[0];
			if (rest !== undefined && !keySequence.test(`\u001B${rest}`))
				text = text.slice(rest.length);
		}

		const cut = unfinishedCsi.exec(text);
		if (cut) {
			held = cut[0];
			text = text.slice(0, cut.index);
		}

		const out = text.replaceAll(csi, (sequence) =>
			keySequence.test(sequence) ? sequence : '',
		);
		if (out !== '') escapeWithInk = out.endsWith('\u001B');
		if (escapeWithInk) {
			setImmediate(() => {
				escapeWithInk = false;
			});
		}

		return out;
	};
}

// Ink 6.8 names Delete (ESC [ 3 ~) as it names Backspace; rxvt's Ctrl-Delete
// it names apart (with ctrl), and keyName reads that as Delete.
const deleteKey = '\u001B[3~';
const deleteAsNamed = '\u001B[3^';

// A control key (Ctrl-c, Enter, Tab, Backspace…) among other keys in one read.
// eslint-disable-next-line no-control-regex
const controlKey = /([\u0000-\u001A\u001C-\u001F\u007F])/v;

/**
Standard input as Ink reads it: through `keyFilter`, and with each control
key handed on in a read of its own. Keys pressed quickly (y then Ctrl-c) can
arrive in one read; Ink names a control character only when it comes alone,
and would otherwise pass it on as text, so the Ctrl-c would be lost.
*/
function filteredInput(stdin: NodeJS.ReadStream): NodeJS.ReadStream {
	const filter = keyFilter();
	const pieces: string[] = [];
	const read = (size?: number): string | null => {
		if (pieces.length > 0) return pieces.shift()!;
		const chunk = stdin.read(size) as string | Buffer | null;
		if (chunk === null) return null;
		const text = filter(
			typeof chunk === 'string' ? chunk : String(chunk),
		).replaceAll(deleteKey, deleteAsNamed);
		for (const piece of text.split(controlKey))
			if (piece !== '') pieces.push(piece);
		return pieces.shift() ?? '';
	};

	return new Proxy(stdin, {
		get(target, property) {
			if (property === 'read') return read;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function'
				? (value as (...args: unknown[]) => unknown).bind(target)
				: value;
		},
	});
}

/**
Opens the UI on the alternate screen and gives the terminal back as it found it
on every way out: quit, a signal, or a crash.
*/
export async function runUi(
	store: Store,
	options: {region?: string; color: boolean},
): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write(
			'tagdeck: the UI needs a terminal (stdin and stdout are not both a TTY).\nUse the commands instead, e.g. tagdeck list --json; tagdeck --help lists them.\n',
		);
		return 2;
	}

	const world = await store.load();
	// A lesson's world opens on the lesson's region.
	const book = new LessonBook();
	const lessonId = book.lessonAt(store.file.path);
	const region =
		options.region === undefined
			? lessonId === undefined
				? undefined
				: findLesson(lessonId)?.region
			: getRegion(options.region).id;
	// --as a user that does not exist is refused before the screen is taken.
	if (store.actingAs !== undefined) principalOf(world.data, store.actingAs);
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		process.stdout.write(leaveAlternateScreen);
	};

	process.stdout.write(enterAlternateScreen);
	process.on('exit', restore);
	const instance = render(
		<themeContext.Provider value={options.color ? colourTheme : plainTheme}>
			<App store={store} book={book} region={region} />
		</themeContext.Provider>,
		{
			exitOnCtrlC: false,
			patchConsole: false,
			stdin: filteredInput(process.stdin),
		},
	);
	const stop = (code: number) => () => {
		instance.unmount();
		restore();
		// A signal ends the program: the terminal is restored first, and a step
		// being written is given up to 10 s to reach the disk.
		const exit = () => {
			// eslint-disable-next-line unicorn/no-process-exit
			process.exit(code);
		};

		setTimeout(exit, 10_000);
		void store.idle().then(exit);
	};

	process.once('SIGTERM', stop(143));
	process.once('SIGHUP', stop(129));
	// Ctrl-C is a key while the UI reads the terminal raw; SIGINT comes from kill -INT.
	process.once('SIGINT', stop(130));
	try {
		await instance.waitUntilExit();
	} finally {
		restore();
	}

	return 0;
}
