import {parseKeyArgument} from '../core/tags.js';
import {UsageError} from './context.js';
import {applyBatch, batchFlags, batchHelp} from './batch-flags.js';
import {defineCommand} from './spec.js';

export default defineCommand({
	name: 'untag',
	summary: 'remove tags from many resources at once',
	help: `
	Usage
	  $ tagdeck untag ID… --key K… [options]
	  $ tagdeck untag ID… --all [options]

	Removes the named keys (a resource without the key is left as it is), or
	with --all every custom tag. System tags (acs:…) cannot be removed. A tag
	that no resource of a region carries any more disappears from that region.

	Options
	  --key K        A key to remove (repeat for several; quotes as in --tag)
	  --all          Remove every custom tag
	  ${batchHelp}

	Examples
	  $ tagdeck untag i-bp1a3t36vhg8maa46og9 --key owner
	  $ tagdeck untag --filter 'env=dev type:disk' --all --dry-run
	`,
	flags: {
		...batchFlags,
		key: {type: 'string', isMultiple: true},
		all: {type: 'boolean', default: false},
	},
	async run(cli) {
		const keys = (cli.flags.key ?? []).map((key) => parseKeyArgument(key));
		if (keys.length === 0 && !cli.flags.all)
			throw new UsageError(
				'Say what to remove: --key K (repeatable) or --all.',
			);
		if (keys.length > 0 && cli.flags.all)
			throw new UsageError('Give either --key or --all, not both.');
		return applyBatch(cli, (ids, partial) => ({
			op: 'untag',
			ids,
			keys: cli.flags.all ? undefined : keys,
			all: cli.flags.all || undefined,
			partial,
		}));
	},
});
