import type {AnyFlags, Result} from 'meow';

/** One subcommand: its help (meow format), flags, and what it does. */
export type CommandSpec<F extends AnyFlags = AnyFlags> = {
	name: string;
	summary: string;
	help: string;
	flags: F;
	/** Returns the exit code. */
	run: (cli: Result<F>) => Promise<number>;
};

export function defineCommand<F extends AnyFlags>(
	spec: CommandSpec<F>,
): CommandSpec {
	return spec as unknown as CommandSpec;
}
