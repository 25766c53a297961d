import {dbFlag, openStore, UsageError} from './context.js';
import {applyAndReport} from './report.js';
import {defineCommand, type CommandSpec} from './spec.js';

const flags = {
	...dbFlag,
	dryRun: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
} as const;
const options = `Options
	  --dry-run   Show what would change; change nothing
	  --json      Print JSON: {"changed": [...], "failed": []}
	  --db FILE   The world file`;

function linkCommand(
	name: 'attach' | 'associate' | 'detach' | 'unassociate',
	summary: string,
	body: string,
	examples: string,
): CommandSpec {
	const pair = name === 'attach' || name === 'associate';
	return defineCommand({
		name,
		summary,
		help: `
	Usage
	  $ tagdeck ${name} ${pair ? (name === 'attach' ? 'ID INSTANCE' : 'EIP TARGET') : name === 'detach' ? 'ID' : 'EIP'}

	${body}

	${options}

	Examples
	  ${examples}
	`,
		flags,
		async run(cli) {
			const want = pair ? 2 : 1;
			if (cli.input.length !== want) {
				throw new UsageError(
					`${name} takes ${want === 2 ? 'two IDs' : 'one ID'}.`,
				);
			}

			const [id, to] = cli.input as [string, string];
			const command = pair
				? {op: name as 'attach', id, to}
				: {op: name as 'detach', id};
			return applyAndReport(openStore(cli.flags.db), command, {
				json: cli.flags.json,
				dryRun: cli.flags.dryRun,
			});
		},
	});
}

export const attach = linkCommand(
	'attach',
	'attach a disk or ENI to an instance',
	`Attaches a disk (same zone only) or an ENI (same region) to an ECS instance.
	A disk or ENI is attached to at most one instance.`,
	'$ tagdeck attach d-bp1xxxxxxxxxxxxxxxxx i-bp1xxxxxxxxxxxxxxxxx',
);
export const detach = linkCommand(
	'detach',
	'detach a disk or ENI from its instance',
	'Detaches a disk or ENI from the instance it is attached to.',
	'$ tagdeck detach d-bp1xxxxxxxxxxxxxxxxx',
);
export const associate = linkCommand(
	'associate',
	'associate an EIP with an instance, CLB, NLB, ALB, NAT gateway, ECI group or ACK cluster',
	`Associates an EIP with a target in the same region: an ECS instance, CLB, NLB,
	ALB, NAT gateway, ECI container group or ACK cluster. An EIP has one target.`,
	'$ tagdeck associate eip-bp1xxxxxxxxxxxxxxxxxx i-bp1xxxxxxxxxxxxxxxxx',
);
export const unassociate = linkCommand(
	'unassociate',
	'unassociate an EIP from its target',
	'Unassociates an EIP from its target.',
	'$ tagdeck unassociate eip-bp1xxxxxxxxxxxxxxxxxx',
);
