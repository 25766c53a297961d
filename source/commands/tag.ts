import {parseTagArguments} from '../core/tags.js';
import {UsageError} from './context.js';
import {applyBatch, batchFlags, batchHelp} from './batch-flags.js';
import {defineCommand} from './spec.js';

export default defineCommand({
	name: 'tag',
	summary: 'add or overwrite tags on many resources at once',
	help: `
	Usage
	  $ tagdeck tag ID… --tag K=V… [options]
	  $ tagdeck tag --filter EXPR --tag K=V… [options]

	Adds tags; a key the resource already has gets the new value (a resource has
	one value per key). The batch is checked as a whole first: if any resource
	would fail (quota of 20 custom tags, unknown ID), nothing changes unless
	--partial. Keys: 1-128 characters, not starting with "aliyun" or "acs:", no
	"http://" or "https://". Values: 0-128 characters. No control characters.
	IDs come from the arguments, from - (one or more per line on stdin), and from --filter.

	Options
	  --tag K=V      A tag to set (repeat for several; K= sets an empty value).
	                 Quotes as in filters: "cost center"="R&D, EU" (tagdeck list --help)
	  ${batchHelp}

	Examples
	  $ tagdeck tag i-bp1a3t36vhg8maa46og9 --tag env=prod --tag owner=li.na
	  $ tagdeck tag --filter 'type:instance Test=Server-Windows' --tag patch=2026-11
	  $ tagdeck list --filter '!owner' --json | jq -r '.[].id' | tagdeck tag - --tag owner=unknown --partial
	`,
	flags: {...batchFlags, tag: {type: 'string', isMultiple: true}},
	async run(cli) {
		const tags = parseTagArguments(cli.flags.tag ?? []);
		if (Object.keys(tags).length === 0)
			throw new UsageError('Give at least one --tag key=value.');
		return applyBatch(cli, (ids, partial) => ({op: 'tag', ids, tags, partial}));
	},
});
