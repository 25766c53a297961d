import {tagKeys, tagValues} from '../core/query.js';
import {
	dbFlag,
	noteHidden,
	readWorld,
	regionFlag,
	UsageError,
} from './context.js';
import {print, printJson, table} from './output.js';
import {defineCommand} from './spec.js';

const flags = {
	...dbFlag,
	region: {type: 'string'},
	json: {type: 'boolean', default: false},
} as const;

export const keys = defineCommand({
	name: 'keys',
	summary: "a region's tag keys with counts",
	help: `
	Usage
	  $ tagdeck keys [--region R] [--json]

	A region's tag keys: every key bound to at least one resource, per region, with
	how many resources carry it and how many values it has. Tags are regional: a
	key of one region is not seen in another, and a key bound to nothing is gone.

	Options
	  --region R   Only region R (default: every region)
	  --json       Print JSON: [{region, key, resources, values, system}]
	  --db FILE    The world file

	Examples
	  $ tagdeck keys --region cn-hangzhou
	`,
	flags,
	async run(cli) {
		const region = regionFlag(cli.flags.region);
		const {world, hidden} = await readWorld(cli.flags.db, region);
		noteHidden(hidden);
		const found = tagKeys(world, region);
		if (cli.flags.json) {
			printJson(found);
			return 0;
		}

		if (found.length === 0) {
			print(`No tags${region ? ` in ${region}` : ''}.`);
			return 0;
		}

		print(
			table(
				[...(region ? [] : ['REGION']), 'KEY', 'RESOURCES', 'VALUES', 'KIND'],
				found.map((k) => [
					...(region ? [] : [k.region]),
					k.key,
					String(k.resources),
					String(k.values),
					k.system ? 'system' : k.preset ? 'preset' : 'custom',
				]),
			),
		);
		return 0;
	},
});

export const values = defineCommand({
	name: 'values',
	summary: "a tag key's values with counts",
	help: `
	Usage
	  $ tagdeck values KEY [--region R] [--json]

	The values of one tag key (case-sensitive), per region, with how many resources carry each.

	Options
	  --region R   Only region R (default: every region)
	  --json       Print JSON: [{region, key, value, resources}]
	  --db FILE    The world file

	Examples
	  $ tagdeck values env --region cn-hangzhou
	`,
	flags,
	async run(cli) {
		if (cli.input.length !== 1)
			throw new UsageError('values takes one tag key, e.g. tagdeck values env');
		const region = regionFlag(cli.flags.region);
		const key = cli.input[0]!;
		const {world, hidden} = await readWorld(cli.flags.db, region);
		noteHidden(hidden);
		const found = tagValues(world, key, region);
		if (cli.flags.json) {
			printJson(found);
			return 0;
		}

		if (found.length === 0) {
			print(
				`No resource${region ? ` in ${region}` : ''} has the tag key "${key}" (keys are case-sensitive; see tagdeck keys).`,
			);
			return 0;
		}

		print(
			table(
				[...(region ? [] : ['REGION']), 'VALUE', 'RESOURCES'],
				found.map((v) => [
					...(region ? [] : [v.region]),
					v.value === '' ? '""' : v.value,
					String(v.resources),
				]),
			),
		);
		return 0;
	},
});
