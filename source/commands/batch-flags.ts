import type {ApplyResult} from '../core/apply.js';
import type {Command} from '../core/model.js';
import {dbFlag, openStore, regionFlag, targetIds} from './context.js';
import {applyAndReport} from './report.js';

/** Flags shared by commands that act on many resources. */
export const batchFlags = {
	...dbFlag,
	filter: {type: 'string'},
	region: {type: 'string'},
	dryRun: {type: 'boolean', default: false},
	partial: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
} as const;

export const batchHelp = `--filter EXPR  Also act on every resource matching EXPR (see tagdeck list --help)
	  --region R     Limit --filter to region R
	  --dry-run      Show what would change; change nothing
	  --partial      If some resources would fail, apply to the others and report the failures
	                 (without it, one failure refuses the whole batch and nothing changes)
	  --json         Print JSON: {"changed": [...], "failed": [{"id", "code", "message"}]}
	  --db FILE      The world file`;

type BatchCli = {
	input: string[];
	flags: {
		db?: string;
		filter?: string;
		region?: string;
		dryRun: boolean;
		partial: boolean;
		json: boolean;
	};
};

/**
The path every batch command takes: its IDs (arguments, stdin, --filter), the
command built from them, applied and reported.
*/
export async function applyBatch(
	cli: BatchCli,
	build: (ids: string[], partial: boolean) => Command,
	done?: (result: ApplyResult) => string,
): Promise<number> {
	const store = openStore(cli.flags.db);
	const ids = await targetIds(
		cli.input,
		cli.flags.filter,
		regionFlag(cli.flags.region),
	);
	return applyAndReport(
		store,
		(world) => build(ids(world), cli.flags.partial),
		{
			json: cli.flags.json,
			dryRun: cli.flags.dryRun,
			done,
		},
	);
}
