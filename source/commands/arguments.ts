import type {AnyFlags} from 'meow';
import {UsageError} from './context.js';

/** What to do instead of giving a flag again, for the flags where there is more to say than "once". */
const instead = new Map<string, (flags: AnyFlags) => string>([
	['filter', () => "combine filters in one expression: --filter 'a b'"],
	[
		'region',
		(flags) =>
			Object.hasOwn(flags, 'filter')
				? "for several regions, name them in the filter: --filter 'region:cn-hangzhou,cn-shanghai'"
				: 'one region at a time',
	],
	['db', () => 'a command works on one world file'],
	['limit', () => 'the number of steps to show'],
	[
		'keys',
		() => 'list the keys in one, separated by commas: --keys env,CostCenter',
	],
]);

const dashed = (name: string) =>
	name.replaceAll(/[A-Z]/gv, (c) => `-${c.toLowerCase()}`);

/**
Refuses a flag that takes one value but was given more than once (`--filter a
--filter b`, `--json --no-json`): a usage error naming it and how to give it
once. meow would throw for most of them (a stack trace) and keep the last of a
repeated boolean, so a `--no-dry-run` added at the end would silently apply.
Reads the arguments as meow does: `--name`, `--name=value` and `--no-name`
(and the camelCase spelling meow accepts), up to a `--`; with `command`, only
those before the first argument that is not a flag or a flag's value (the
command, which has flags of its own).
*/
export function checkFlagsGivenOnce(
	argv: readonly string[],
	flags: AnyFlags,
	options: {command?: boolean} = {},
): void {
	const names = new Map<string, string>();
	for (const name of Object.keys(flags)) {
		names.set(name, name);
		names.set(dashed(name), name);
	}

	const counts = new Map<string, number>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') break;
		if (!arg.startsWith('--')) {
			if (options.command && !arg.startsWith('-')) break;
			continue;
		}

		const [written = '', value] = arg.slice(2).split(/=(.*)/sv);
		const name =
			names.get(written) ??
			(written.startsWith('no-') ? names.get(written.slice(3)) : undefined);
		if (name === undefined) continue;
		counts.set(name, (counts.get(name) ?? 0) + 1);
		// A flag's value is not the command: skip it.
		const takesValue = flags[name]!.type !== 'boolean';
		if (takesValue && value === undefined && !argv[i + 1]?.startsWith('-')) i++;
	}

	for (const [name, count] of counts) {
		if (count < 2 || flags[name]!.isMultiple) continue;
		const hint = instead.get(name)?.(flags);
		throw new UsageError(
			`--${dashed(name)} was given ${count === 2 ? 'twice' : `${count} times`}; give it once${hint ? ` (${hint})` : ''}.`,
		);
	}
}
