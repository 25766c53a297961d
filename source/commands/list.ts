import {typeNamed} from '../core/catalogue.js';
import {parseFilter} from '../core/filter.js';
import {listResources, view} from '../core/query.js';
import {
	dbFlag,
	filterNote,
	noteHidden,
	readWorld,
	regionFlag,
} from './context.js';
import {chips, print, printJson, table} from './output.js';
import {defineCommand} from './spec.js';

export default defineCommand({
	name: 'list',
	summary: 'list resources, filtered by tags and attributes',
	help: String.raw`
	Usage
	  $ tagdeck list [--region R] [--filter EXPR] [--json]

	Lists resources (all regions unless --region), sorted by region, type and name.

	Filter language (terms separated by spaces; all must match)
	  env=prod             tag env has value prod (keys and values are case-sensitive)
	  env=prod,test        value is one of the list
	  env=pro*             value starts with pro
	  env=""               value is empty
	  env=*                has key env, any value
	  !env                 has no key env
	  env!=prod            does not have env=prod (includes resources without env)
	  type:disk            resource type (also zone:, status:, region:; lists with commas)
	  name:web-*           the whole name (or ID, id:i-bp1*) in any case; * for a start
	  inherited:env        has key env and it was inherited
	  word                 has tag key "word", or its ID or name contains it (any case)
	  "a key"="a value"    quotes allow spaces, = and , in keys and values; inside
	                       quotes \" is a quote and \\ a backslash (the same in --tag)

	Options
	  --region R     Only region R (see tagdeck regions)
	  --filter EXPR  Only resources matching EXPR
	  --json         Print a JSON array of resources
	  --db FILE      The world file

	Examples
	  $ tagdeck list --region cn-hangzhou
	  $ tagdeck list --filter 'env=prod type:instance'
	  $ tagdeck list --filter '!owner' --region cn-shanghai --json
	`,
	flags: {
		...dbFlag,
		region: {type: 'string'},
		filter: {type: 'string'},
		json: {type: 'boolean', default: false},
	},
	async run(cli) {
		const region = regionFlag(cli.flags.region);
		const filter =
			cli.flags.filter === undefined
				? undefined
				: parseFilter(cli.flags.filter);
		const {world, hidden} = await readWorld(cli.flags.db, region);
		noteHidden(hidden);
		const found = listResources(world, {region, filter});
		const note = filter && filterNote(world, filter, region);
		if (note) process.stderr.write(`tagdeck: note: ${note}\n`);
		if (cli.flags.json) {
			printJson(found.map((r) => view(world, r)));
			return 0;
		}

		if (found.length === 0) {
			print(
				`No resources${filter ? ' match the filter' : ''}${region ? ` in ${region}` : ''}.`,
			);
			return 0;
		}

		const header = [
			...(region ? [] : ['REGION']),
			'ID',
			'TYPE',
			'NAME',
			'ZONE',
			'STATUS',
			'TAGS',
		];
		const rows = found.map((r) => [
			...(region ? [] : [r.region]),
			r.id,
			typeNamed(r.type).aliases[0]!,
			r.name,
			r.zone ?? '-',
			r.status ?? '-',
			chips(r.tags, r.inherited),
		]);
		print(table(header, rows));
		print(
			`${found.length.toLocaleString('en-US')} resource${found.length === 1 ? '' : 's'}; ↳ marks an inherited tag.`,
		);
		return 0;
	},
});
