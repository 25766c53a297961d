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
	with --all every custom tag. As ECS's UntagResources does, --all takes effect
	only when no --key is given: with both, only the keys given are removed.
	System tags (acs:…) cannot be removed. A tag that no resource of a region
	carries any more disappears from that region.

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
		// ECS's All is honoured only without TagKey.N, and both together are no error.
		const all = cli.flags.all && keys.length === 0;
		return applyBatch(cli, (ids, partial) => ({
			op: 'untag',
			ids,
			keys: all ? undefined : keys,
			all: all || undefined,
			partial,
		}));
	},
});
