/*
The floor of S1 and S6: what any Node program pays to show a world file in the
terminal. Start Node, read and JSON.parse the file, render one line with Ink.
Then q exits, and any other key renders the line again with a count of the keys
(the floor of a key to a frame, shown beside S2 and S3).
Run with plain node (no tsx): node test/bench/floor-ui.mjs FILE
*/
import {readFile} from 'node:fs/promises';
import process from 'node:process';
import {render, Text} from 'ink';
import {createElement} from 'react';

const file = process.argv[2];
const data = JSON.parse(await readFile(file, 'utf8'));
const count = Object.keys(data.resources).length;
let presses = 0;
const line = () =>
	createElement(
		Text,
		null,
		`floor · ${count} resources read${presses > 0 ? ` · key ${presses}` : ''}`,
	);
const app = render(line(), {exitOnCtrlC: false, patchConsole: false});
if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.on('data', (data) => {
	if (String(data) === 'q') {
		app.unmount();
		// eslint-disable-next-line unicorn/no-process-exit
		process.exit(0);
	}

	presses++;
	app.rerender(line());
});
