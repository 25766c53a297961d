#!/usr/bin/env node
import meow from 'meow';
import {checkFlagsGivenOnce} from './commands/arguments.js';
import {commands} from './commands/index.js';
import {
	actingAs,
	openStore,
	reportError,
	setActingAs,
	UsageError,
} from './commands/context.js';
import {refuseAccountOnly} from './core/ram/access.js';
import {loadTextOutput} from './commands/output.js';
import {visible} from './core/tags.js';
import {defaultWorldPath} from './store/store.js';

const list = commands
	.map((c) => `  ${c.name.padEnd(15)}${c.summary}`)
	.join('\n\t');

/**
Arguments that would carry control or invisible characters into meow's own
messages ("Unknown flag", "Unknown command"), which print them raw: refused
first. No command or flag has one.
*/
function checkArguments(argv: string[]) {
	const valued = new Set(['--db', '--as', '--region']);
	const command = argv.find(
		(arg, index) => !arg.startsWith('-') && !valued.has(argv[index - 1] ?? ''),
	);
	const shownEscaped = (text: string) => visible(text) !== text;
	for (const arg of argv) {
		const flagName = arg.startsWith('-') ? arg.split('=')[0]! : undefined;
		const bad =
			(flagName !== undefined && shownEscaped(flagName)) ||
			(arg === command && shownEscaped(arg));
		if (bad) {
			process.stderr.write(
				`tagdeck: "${visible(arg)}" is not a command or flag: it contains control or invisible characters.\nRun tagdeck --help for the commands.\n`,
			);
			process.exit(2);
		}
	}
}

checkArguments(process.argv.slice(2));

const topFlags = {
	db: {type: 'string'},
	as: {type: 'string'},
	region: {type: 'string'},
	color: {type: 'boolean', default: true},
} as const;

try {
	checkFlagsGivenOnce(process.argv.slice(2), topFlags, {command: true});
} catch (error) {
	process.exit(reportError(error, false));
}

const cli = meow(
	`
	Usage
	  $ tagdeck [--region R] [--no-color]      open the terminal UI (in region R)
	  $ tagdeck <command> [options]

	Commands
	${list}

	Every command takes --db FILE (or the TAGDECK_DB variable) to choose the world
	file; the default is ${defaultWorldPath()}. Every command takes --as USER
	(or TAGDECK_AS) to act as a RAM user, decided by the user's policies.
	Listing commands take --json. Exit codes: 0 done, 1 refused, 2 usage error.
	tagdeck <command> --help shows each command's options and examples.

	Examples
	  $ tagdeck regions
	  $ tagdeck list --region cn-hangzhou --filter 'env=prod type:instance'
	  $ tagdeck tag --filter 'Test=Server-Windows' --tag patch=2026-11 --dry-run
	`,
	{
		importMeta: import.meta,
		commands: commands.map((c) => c.name),
		flags: topFlags,
		allowUnknownFlags: false,
	},
);

/** `--as NAME` or `--as=NAME` among a command's words, and the words without it. */
function takeAs(words: string[]): {words: string[]; as?: string} {
	const rest: string[] = [];
	let as: string | undefined;
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		if (word === '--') {
			rest.push(...words.slice(i));
			break;
		}

		const value =
			word === '--as'
				? (words[++i] ?? '')
				: word.startsWith('--as=')
					? word.slice('--as='.length)
					: undefined;
		if (value === undefined) {
			rest.push(word);
			continue;
		}

		if (as !== undefined)
			throw new UsageError('--as is given twice; give it once.');
		as = value;
	}

	return {words: rest, as};
}

async function main(): Promise<number> {
	const spec = commands.find((c) => c.name === cli.command);
	let {input} = cli;
	try {
		// --as after the command is the process's too (every command takes it).
		const taken = takeAs(input);
		input = taken.words;
		if (taken.as !== undefined && cli.flags.as !== undefined) {
			throw new UsageError('--as is given twice; give it once.');
		}

		// TAGDECK_AS= (empty) is the same as not setting it.
		setActingAs(
			taken.as ??
				cli.flags.as ??
				(process.env.TAGDECK_AS === '' ? undefined : process.env.TAGDECK_AS),
		);
		const as = actingAs();
		if (spec && as !== undefined) refuseAccountOnly(spec.name, as);
	} catch (error) {
		return reportError(error, process.argv.includes('--json'));
	}

	if (!spec) {
		try {
			// Loaded only here: the commands do not pay for Ink and React.
			const {runUi} = await import('./ui/run.js');
			const color = cli.flags.color && !process.env.NO_COLOR;
			return await runUi(openStore(cli.flags.db), {
				region: cli.flags.region,
				color,
			});
		} catch (error) {
			return reportError(error, false);
		}
	}

	const argv = cli.flags.db ? [...input, '--db', cli.flags.db] : [...input];
	let json = false;
	try {
		// --region written before the command is the command's, if it takes one.
		if (cli.flags.region !== undefined) {
			if (!('region' in spec.flags)) {
				throw new UsageError(
					`tagdeck ${spec.name} takes no --region; leave it out (tagdeck ${spec.name} --help shows its options).`,
				);
			}

			argv.push('--region', cli.flags.region);
		}

		checkFlagsGivenOnce(argv, spec.flags);
		const sub = meow(spec.help, {
			importMeta: import.meta,
			argv,
			flags: spec.flags,
			allowUnknownFlags: false,
			description: `tagdeck ${spec.name}: ${spec.summary}`,
		});
		// Meow answers --help by itself only when it is the one argument.
		if ((sub.flags as {help?: boolean}).help) sub.showHelp(0);
		json = Boolean((sub.flags as {json?: boolean}).json);
		if (!json) await loadTextOutput();
		return await spec.run(sub);
	} catch (error) {
		return reportError(error, json);
	}
}

// A reader that stops early (tagdeck list | head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

process.exitCode = await main();
