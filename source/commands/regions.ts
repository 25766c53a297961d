import {regionSummaries} from '../core/query.js';
import {dbFlag, noteHidden, readWorld} from './context.js';
import {print, printJson, table} from './output.js';
import {defineCommand} from './spec.js';

/** Zones in brace form: cn-hangzhou-{b,e,f} or ap-southeast-1{a,b}. */
function zoneList(region: string, zones: string[]): string {
	const tails = zones.map((z) => z.slice(region.length));
	return tails.length === 1 ? zones[0]! : `${region}{${tails.join(',')}}`;
}

export default defineCommand({
	name: 'regions',
	summary: 'regions: ID, name, zones, resource count, inheritance support',
	help: `
	Usage
	  $ tagdeck regions [--json]

	Every region of the simulated cloud with its zones, how many resources the
	world has there, and whether associated tag inheritance is supported there.

	Options
	  --json       Print JSON: [{id, name, zones, resources, inheritanceSupported}]
	  --db FILE    The world file (default: TAGDECK_DB, or the user data folder)

	Examples
	  $ tagdeck regions
	  $ tagdeck regions --json | jq -r '.[] | select(.resources > 0) | .id'
	`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}},
	async run(cli) {
		const {world, hidden} = await readWorld(cli.flags.db);
		noteHidden(hidden);
		const summaries = regionSummaries(world);
		if (cli.flags.json) {
			printJson(summaries);
			return 0;
		}

		print(
			table(
				['ID', 'NAME', 'ZONES', 'RESOURCES', 'INHERITANCE'],
				summaries.map((r) => [
					r.id,
					r.name,
					zoneList(r.id, r.zones),
					String(r.resources),
					r.inheritanceSupported ? 'yes' : 'no',
				]),
			),
		);
		return 0;
	},
});
