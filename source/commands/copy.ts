import {dbFlag, openStore, UsageError} from './context.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

export default defineCommand({
	name: 'copy',
	summary: 'copy a custom image or import a key pair into another region',
	help: `
	Usage
	  $ tagdeck copy ID --to REGION [--name N]

	Nothing else crosses regions: copying a custom image, or importing a key pair,
	creates a new resource with a new ID in the destination region. Tags are
	regional and are not copied. Key pair names are unique in the simulated
	account, so an imported key pair is named NAME-REGION unless --name says otherwise.

	Options
	  --to REGION   Destination region
	  --name N      Name of the copy
	  --dry-run     Show what would be created; change nothing
	  --json        Print JSON: {"changed": [...], "failed": [], "created": [ID]}
	  --db FILE     The world file

	Examples
	  $ tagdeck copy m-bp1xxxxxxxxxxxxxxxxx --to ap-southeast-1
	  $ tagdeck copy shop-deploy --to ap-southeast-1 --name shop-deploy-sg
	`,
	flags: {
		...dbFlag,
		to: {type: 'string'},
		name: {type: 'string'},
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	},
	async run(cli) {
		if (cli.input.length !== 1)
			throw new UsageError('copy takes one ID: a custom image or a key pair.');
		if (!cli.flags.to) throw new UsageError('Say where to: --to REGION.');
		return applyAndReport(
			openStore(cli.flags.db),
			{op: 'copy', id: cli.input[0]!, to: cli.flags.to, name: cli.flags.name},
			{
				json: cli.flags.json,
				dryRun: cli.flags.dryRun,
				done: (result) =>
					`Created ${result.created.join(', ')} in ${cli.flags.to!} (step #${result.event!.seq}).`,
			},
		);
	},
});
