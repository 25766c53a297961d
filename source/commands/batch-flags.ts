import {dbFlag} from './context.js';

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
