import {UsageError} from './context.js';
import {applyBatch, batchFlags, batchHelp} from './batch-flags.js';
import {plural} from './output.js';
import {defineCommand, type CommandSpec} from './spec.js';

function powerCommand(
	op: 'start' | 'stop' | 'reboot',
	what: string,
): CommandSpec {
	const economical = op === 'stop';
	return defineCommand({
		name: op,
		summary: `${op} instances (batch)`,
		help: `
	Usage
	  $ tagdeck ${op} ID… [--filter EXPR] [options]

	${what}

	Options${economical ? '\n\t  --economical   Stop in economical mode: compute is not billed while stopped\n\t                 (disks are); tagdeck bill shows the difference' : ''}
	  ${batchHelp}

	Examples
	  $ tagdeck ${op} --filter 'type:instance Test=Server-Windows'${economical ? "\n\t  $ tagdeck stop --economical --filter 'env=dev type:instance'" : ''}
	`,
		flags: economical
			? {...batchFlags, economical: {type: 'boolean', default: false}}
			: batchFlags,
		async run(cli) {
			const inMode = economical && cli.flags.economical === true;
			return applyBatch(
				cli,
				(ids, partial) =>
					op === 'stop'
						? {op, ids, partial, ...(inMode ? {economical: true} : {})}
						: {op, ids, partial},
				op === 'reboot'
					? (r) =>
							`Rebooted ${plural(r.event!.ids.length, 'instance')} (logged as step #${r.event!.seq}; a reboot is not undone).`
					: undefined,
			);
		},
	});
}

export const start = powerCommand(
	'start',
	'Starts stopped ECS instances (a Running one is refused with IncorrectInstanceStatus).',
);
export const stop = powerCommand(
	'stop',
	'Stops running ECS instances. Stopped instances are still billed for compute\n\tunless stopped in economical mode (--economical, as StoppedMode=StopCharging).',
);
export const reboot = powerCommand(
	'reboot',
	'Reboots running ECS instances; they stay Running.',
);

export const run = defineCommand({
	name: 'run',
	summary: 'run a command on instances (recorded as an invocation)',
	help: `
	Usage
	  $ tagdeck run ID… --command TEXT [--filter EXPR] [options]

	Runs a shell command on running instances, as Cloud Assistant does: nothing
	really runs; one invocation per region is recorded in the world and the log.

	Options
	  --command TEXT  The command (tabs and newlines allowed, no other control characters)
	  ${batchHelp}

	Examples
	  $ tagdeck run --filter 'env=prod type:instance status:Running' --command 'yum update -y'
	`,
	flags: {...batchFlags, command: {type: 'string'}},
	async run(cli) {
		if (cli.flags.command === undefined)
			throw new UsageError('Give the command to run with --command TEXT.');
		const {command} = cli.flags;
		return applyBatch(
			cli,
			(ids, partial) => ({op: 'run', ids, command, partial}),
			(r) =>
				`Ran on ${plural(r.event!.ids.length, 'instance')}; the invocation is logged as step #${r.event!.seq} (a run is not undone).`,
		);
	},
});

export const replaceImage = defineCommand({
	name: 'replace-image',
	summary: "replace stopped instances' image",
	help: `
	Usage
	  $ tagdeck replace-image ID… --image IMAGE [--filter EXPR] [options]

	Replaces the image of stopped instances. IMAGE is a custom image ID (m-…) in
	the instances' region (copy it there first if needed), or a public image
	name such as aliyun_3_x64_20G_alibase_20230727.vhd.

	Options
	  --image IMAGE   The image
	  ${batchHelp}

	Examples
	  $ tagdeck replace-image --filter 'app=shop status:Stopped' --image m-bp1xxxxxxxxxxxxxxxxx
	`,
	flags: {...batchFlags, image: {type: 'string'}},
	async run(cli) {
		if (!cli.flags.image)
			throw new UsageError('Give the image with --image IMAGE.');
		const {image} = cli.flags;
		return applyBatch(cli, (ids, partial) => ({
			op: 'replace-image',
			ids,
			image,
			partial,
		}));
	},
});

export const release = defineCommand({
	name: 'release',
	summary: 'release (remove) resources',
	help: `
	Usage
	  $ tagdeck release ID… [--filter EXPR] [options]

	Removes resources. Links are broken first: an instance's disks and ENIs are
	detached and its EIPs unassociated; a cluster's members leave it; a Kafka
	instance's topics and consumer groups are released with it. Snapshots of a
	released disk keep their tags. tagdeck undo brings everything back.

	Options
	  ${batchHelp}

	Examples
	  $ tagdeck release i-bp1xxxxxxxxxxxxxxxxx --dry-run
	`,
	flags: batchFlags,
	async run(cli) {
		return applyBatch(cli, (ids, partial) => ({op: 'release', ids, partial}));
	},
});
