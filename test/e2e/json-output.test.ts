/*
README, "The command line": listing commands take --json and then print only
JSON, indented at a terminal, compact when piped. Each listing command runs
twice: in a real pseudo-terminal, and with its output piped.
*/
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, DemoWorlds, ok, tagdeck} from '../helpers/cli-run.js';
import {TagdeckPty} from './pty.js';

let worlds: DemoWorlds;
beforeAll(async () => {
	worlds = await DemoWorlds.create();
});
afterAll(async () => {
	await worlds?.remove();
});

const done = '<<tagdeck exited ';

const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

/**
Runs a shell command line in a pseudo-terminal and returns what it printed
(line ends as written), once the shell has said the command ended: so all of
its output has arrived. The shell then waits for a line that never comes: a
terminal whose last process has exited can drop output not yet read.
*/
async function inTerminal(db: string, script: string): Promise<string> {
	const shell = await TagdeckPty.open({
		db,
		file: '/bin/sh',
		args: ['-c', `${script}; echo "${done}$?>>"; read -r _`],
		cols: 200,
		ready: false,
	});
	const deadline = Date.now() + 20_000;
	while (!shell.raw.includes(done) && Date.now() < deadline) await sleep(20);
	await shell.close();
	const raw = shell.raw.replaceAll('\r\n', '\n');
	const end = raw.indexOf(done);
	expect(end, `the shell never said the command ended:\n${raw}`).not.toBe(-1);
	expect(raw.slice(end)).toMatch(/^<<tagdeck exited 0>>/v);
	return raw.slice(0, end);
}

const tagdeckLine = (args: string[]) =>
	[process.execPath, cliPath, ...args].map((a) => `'${a}'`).join(' ');

/** Indented: one value per line, nested lines start with spaces. */
function expectIndented(text: string) {
	expect(text).not.toContain('\u001B');
	expect(text.endsWith('\n')).toBe(true);
	const lines = text.trimEnd().split('\n');
	expect(lines.length, text).toBeGreaterThan(2);
	for (const line of lines.slice(1, -1)) expect(line).toMatch(/^\s+\S/v);
	expect(lines.at(-1)).toMatch(/^[\]\}]$/v);
}

/** Compact: one line, no spaces between tokens. */
function expectCompact(text: string) {
	expect(text.endsWith('\n')).toBe(true);
	expect(text.trimEnd()).not.toContain('\n');
	expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
}

const listings: Array<[string, string[]]> = [
	['list', ['list', '--filter', 'Test=Server-Windows', '--json']],
	['show', ['show', 'web-prod-1', '--json']],
	['keys', ['keys', '--region', 'cn-shanghai', '--json']],
	['values', ['values', 'env', '--json']],
	['regions', ['regions', '--json']],
	['rules', ['rules', '--json']],
	['log', ['log', '--json']],
];

describe.concurrent(
	'--json: indented at a terminal, compact when piped (README: the command line)',
	() => {
		it.each(listings)(
			'%s --json prints the same JSON, indented in a terminal and compact through a pipe',
			async (_, args) => {
				const db = await worlds.copy();
				// Show takes an ID; the log needs a step to list.
				const webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
				const argv = args.map((a) => (a === 'web-prod-1' ? webProd1 : a));
				if (args[0] === 'log')
					ok(await tagdeck(['tag', webProd1, '--tag', 'json=1'], {db}));
				const piped = ok(await tagdeck(argv, {db}));
				expectCompact(piped);
				const shown = await inTerminal(db, tagdeckLine(argv));
				expectIndented(shown);
				expect(JSON.parse(shown)).toEqual(JSON.parse(piped));
			},
		);

		it('is compact when standard output is a pipe, even with a terminal on standard input', async () => {
			const db = await worlds.copy();
			const argv = ['list', '--filter', 'Test=Server-Windows', '--json'];
			const shown = await inTerminal(db, `${tagdeckLine(argv)} | cat`);
			expectCompact(shown);
			expect(JSON.parse(shown)).toEqual(
				JSON.parse(ok(await tagdeck(argv, {db}))),
			);
		});

		it('an error with --json is JSON on a terminal too', async () => {
			const db = await worlds.copy();
			const shown = await inTerminal(
				db,
				`${tagdeckLine(['show', 'i-nosuchinstance00000', '--json'])}; true`,
			);
			expect(JSON.parse(shown)).toMatchObject({
				error: {code: 'InvalidResourceId.NotFound'},
			});
		});
	},
);
