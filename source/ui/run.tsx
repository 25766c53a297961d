import {render} from 'ink';
import {getRegion} from '../core/catalogue.js';
import type {Store} from '../store/store.js';
import {App} from './app.js';
import {colourTheme, plainTheme, themeContext} from './theme.js';

const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l\u001B[?25h';

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

	const region =
		options.region === undefined ? undefined : getRegion(options.region).id;
	await store.load();
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
			<App store={store} region={region} />
		</themeContext.Provider>,
		{exitOnCtrlC: false, patchConsole: false},
	);
	const stop = (code: number) => () => {
		instance.unmount();
		restore();
		// A signal ends the program: the terminal is restored first.
		// eslint-disable-next-line unicorn/no-process-exit
		process.exit(code);
	};

	process.once('SIGTERM', stop(143));
	process.once('SIGHUP', stop(129));
	try {
		await instance.waitUntilExit();
	} finally {
		restore();
	}

	return 0;
}
