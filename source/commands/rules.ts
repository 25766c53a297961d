import {findRegion} from '../core/catalogue.js';
import {supportedRegions} from '../core/inheritance.js';
import {ruleViews} from '../core/rule-views.js';
import {parseKeyList} from '../core/tags.js';
import {
	authorizeRead,
	dbFlag,
	openStore,
	regionFlag,
	UsageError,
} from './context.js';
import {print, printJson, table} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

/** Rules act per region; the Tag API's central region is the default. */
const defaultRuleRegion = 'cn-hangzhou';

function parseKeys(text: string | undefined): string[] | undefined {
	if (text === undefined) return undefined;
	const keys = parseKeyList(text);
	if (keys.includes('')) {
		throw new UsageError('--keys takes a comma-separated list of tag keys.');
	}

	return keys;
}

export default defineCommand({
	name: 'rules',
	summary: 'the 17 inheritance rules of a region; enable, disable',
	help: `
	Usage
	  $ tagdeck rules [--region R] [--json]
	  $ tagdeck rules enable RULE… [--keys K1,K2] [--existing] [--region R]
	  $ tagdeck rules disable RULE… [--region R]

	Associated tag inheritance: when a rule is on, the associated resource takes
	its primary's tags (a disk attached to an instance takes the instance's tags).
	RULE is the SettingName or its Primary:Associated tail (Ecs-Instance:Ecs-Disk).
	Rules are set per region (default ${defaultRuleRegion}), only in the 24 regions that
	support the feature, and only once it is on (tagdeck inheritance on).

	A link is managed by a rule if it was made while the rule was on, or if the
	rule applies to existing resources (--existing, only for rules that support
	it). Enabling with --existing brings every existing link in line at once.
	enable sets the rule's settings as given (all keys and no --existing unless
	said), so on an enabled rule it updates them; disable leaves delivered tags in
	place (still shown as inherited).

	Options
	  --region R       The region (default ${defaultRuleRegion})
	  --keys K1,K2     Inherit only these keys (at most 50); default: all keys
	  --existing       Also apply to existing links (rules that support it)
	  --dry-run        Show what would change; change nothing
	  --json           Print JSON (the rules; or {"changed", "failed", "skipped"} for enable/disable)
	  --db FILE        The world file

	Examples
	  $ tagdeck rules --region cn-hangzhou
	  $ tagdeck rules enable Ecs-Instance:Ecs-Disk Ecs-Instance:Ecs-Eni --existing
	  $ tagdeck rules enable Ecs-Disk:Ecs-Snapshot --keys env,CostCenter
	  $ tagdeck rules disable Ecs-Instance:Ecs-Disk
	`,
	flags: {
		...dbFlag,
		region: {type: 'string'},
		keys: {type: 'string'},
		existing: {type: 'boolean', default: false},
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	},
	async run(cli) {
		const [action, ...names] = cli.input;
		const region = regionFlag(cli.flags.region) ?? defaultRuleRegion;
		const store = openStore(cli.flags.db);
		if (action === 'enable' || action === 'disable') {
			if (names.length === 0)
				throw new UsageError(
					`Name the rules to ${action}, e.g. tagdeck rules ${action} Ecs-Instance:Ecs-Disk`,
				);
			if (
				action === 'disable' &&
				(cli.flags.keys !== undefined || cli.flags.existing)
			) {
				throw new UsageError('--keys and --existing go with enable.');
			}

			return applyAndReport(
				store,
				{
					op: 'rules',
					region,
					rules: names,
					enable: action === 'enable',
					keys: parseKeys(cli.flags.keys) ?? null,
					existing: cli.flags.existing,
				},
				{
					json: cli.flags.json,
					dryRun: cli.flags.dryRun,
					done: (r) =>
						`${action === 'enable' ? 'Enabled' : 'Disabled'} in ${region} (step #${r.event!.seq}; tagdeck undo reverses it).`,
				},
			);
		}

		if (action !== undefined)
			throw new UsageError(
				`Unknown rules action "${action}": use enable or disable, or no action to list the rules.`,
			);
		const world = await store.load();
		authorizeRead(world, 'rules');
		const views = ruleViews(world, region);
		if (cli.flags.json) {
			printJson(views);
			return 0;
		}

		const {inheritance} = world.data.account;
		const lines = [
			`Associated tag inheritance is ${inheritance.enabled ? `on (service-linked role ${inheritance.role ?? ''})` : 'off: turn it on with tagdeck inheritance on'}.`,
			findRegion(region)?.inheritance
				? `Rules in ${region}:`
				: `${region} does not support associated tag inheritance; rules can be enabled in: ${supportedRegions.join(', ')}.`,
			'',
			table(
				['RULE', 'STATUS', 'SCOPE', 'EXISTING', 'ON UNLINK'],
				views.map((v) => [
					`${v.primary}:${v.associated}`,
					v.enabled ? 'enabled' : 'disabled',
					v.keys ? v.keys.join(',') : 'all keys',
					v.existingSupported ? (v.existing ? 'on' : 'off') : 'n/a',
					v.removeOnUnlink ? 'removes tags' : 'keeps tags',
				]),
			),
		];
		print(lines.join('\n'));
		return 0;
	},
});

export const inheritance = defineCommand({
	name: 'inheritance',
	summary: 'turn associated tag inheritance on or off (the feature switch)',
	help: `
	Usage
	  $ tagdeck inheritance [on|off]

	The account's feature switch. Turning it on creates the service-linked role
	AliyunServiceRoleForTag; then rules can be enabled (tagdeck rules). Turning it
	off stops all propagation; rule settings and every tag already on resources
	stay as they are. Without on or off, shows the state.

	Options
	  --json      Print JSON
	  --db FILE   The world file

	Examples
	  $ tagdeck inheritance on
	`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}},
	async run(cli) {
		const [state, ...rest] = cli.input;
		if (
			rest.length > 0 ||
			(state !== undefined && state !== 'on' && state !== 'off')
		) {
			throw new UsageError('inheritance takes on or off.');
		}

		const store = openStore(cli.flags.db);
		if (state === undefined) {
			const world = await store.load();
			const current = world.data.account.inheritance;
			if (cli.flags.json) printJson(current);
			else
				print(
					current.enabled
						? `on since ${current.since ?? '?'} (service-linked role ${current.role ?? ''})`
						: 'off',
				);
			return 0;
		}

		return applyAndReport(
			store,
			{op: 'inheritance', enabled: state === 'on'},
			{
				json: cli.flags.json,
				done: () =>
					state === 'on'
						? 'Associated tag inheritance is on. Created the service-linked role AliyunServiceRoleForTag. Enable rules with: tagdeck rules enable RULE'
						: 'Associated tag inheritance is off: nothing propagates; rule settings and inherited tags stay.',
			},
		);
	},
});
