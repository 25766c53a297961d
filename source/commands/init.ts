import {generatedWorld, demoWorld} from '../core/worlds.js';
import {dbFlag, openStore, UsageError} from './context.js';
import {print, plural} from './output.js';
import {defineCommand, type CommandSpec} from './spec.js';

async function build(
	db: string | undefined,
	force: boolean,
	resources: number | undefined,
	seed: string | undefined,
) {
	const store = openStore(db);
	if (resources === undefined && seed !== undefined)
		throw new UsageError('--seed goes with --resources N.');
	if (resources !== undefined && process.stderr.isTTY) {
		process.stderr.write(`Generating ${plural(resources, 'resource')}…\n`);
	}

	const now = new Date().toISOString();
	const data =
		resources === undefined
			? demoWorld(now)
			: generatedWorld(resources, seed ?? '1', now);
	const {movedTo} = await store.replace(data, force);
	if (movedTo)
		print(`The old file could not be read; it was moved to ${movedTo}.`);
	const kind =
		resources === undefined
			? 'the demo world'
			: `a generated world (seed ${seed ?? '1'})`;
	print(
		`Created ${kind} with ${plural(Object.keys(data.resources).length, 'resource')} in ${store.path}.`,
	);
	return 0;
}

export const init = defineCommand({
	name: 'init',
	summary: 'create the world (demo, or generated)',
	help: `
	Usage
	  $ tagdeck init [--force] [--resources N --seed S]

	Creates the world file: the demo world, or with --resources a deterministic
	generated world of exactly N resources, with last month's past (the same N
	and S give the same file within a month).
	An existing file is kept unless --force.

	Options
	  --resources N   Generate N resources (1 to 1,000,000) instead of the demo world
	  --seed S        Seed of the generated world (default 1)
	  --force         Replace an existing world file
	  --db FILE       The world file

	Examples
	  $ tagdeck init
	  $ tagdeck init --resources 100000 --seed 7 --db /tmp/big.json
	`,
	flags: {
		...dbFlag,
		force: {type: 'boolean', default: false},
		resources: {type: 'number'},
		seed: {type: 'string'},
	},
	async run(cli) {
		if (cli.input.length > 0) throw new UsageError('init takes no arguments.');
		return build(
			cli.flags.db,
			cli.flags.force,
			cli.flags.resources,
			cli.flags.seed,
		);
	},
});

export const reset: CommandSpec = defineCommand({
	name: 'reset',
	summary: 'replace the world with a fresh demo world',
	help: `
	Usage
	  $ tagdeck reset

	The same as tagdeck init --force: the world becomes the demo world again. A
	world file tagdeck cannot read is moved aside (to FILE.bad-TIME), not deleted.

	Options
	  --db FILE   The world file

	Examples
	  $ tagdeck reset
	`,
	flags: {...dbFlag},
	async run(cli) {
		if (cli.input.length > 0) throw new UsageError('reset takes no arguments.');
		return build(cli.flags.db, true, undefined, undefined);
	},
});
