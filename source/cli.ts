#!/usr/bin/env node
import meow from 'meow';
import {checkFlagsGivenOnce} from './commands/arguments.js';
import {commands} from './commands/index.js';
import {openStore, reportError, UsageError} from './commands/context.js';
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
	const command = argv.find(
		(arg, index) => !arg.startsWith('-') && argv[index - 1] !== '--db',
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
	file; the default is ${defaultWorldPath()}.
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

async function main(): Promise<number> {
	const spec = commands.find((c) => c.name === cli.command);
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

	const argv = cli.flags.db
		? [...cli.input, '--db', cli.flags.db]
		: [...cli.input];
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
