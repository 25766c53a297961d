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
	would fail (the type's tag quota, 20 unless tagdeck quota says otherwise;
	an unknown ID), nothing changes unless --partial. At most 20 tags at once.
	Keys: 1-128 characters; keys and values do not start with "aliyun" or
	"acs:" and hold no "http://" or "https://". Values: 0-128 characters. No
	control characters. IDs come from the arguments, from - (one or more per line
	on stdin), and from --filter. Refusals carry the Tag API's codes
	(QuotaExceed.TagsPerResource; ECS's own API says OperationDenied.QuotaExceed),
	and --dry-run says how many Tag API calls the batch would be.

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
