import {TagdeckError} from '../core/errors.js';
import type {RamCommand, WorldData} from '../core/model.js';
import {accountActions, actionTable, resourceName} from '../core/ram/access.js';
import {
	evaluate,
	type Evaluation,
	type RamRequest,
} from '../core/ram/evaluate.js';
import {
	groupsOf,
	needUser,
	principalOf,
	ramEntities,
	ramGroup,
	ramPolicy,
	rootName,
} from '../core/ram/identities.js';
import {policyDocumentLimit} from '../core/ram/policy.js';
import {systemPolicies} from '../core/ram/system-policies.js';
import {parseTagArguments, visible} from '../core/tags.js';
import type {World} from '../core/world.js';
import {
	actingAs,
	authorizeRead,
	dbFlag,
	openStore,
	UsageError,
} from './context.js';
import {readDocumentFile} from './document-file.js';
import {print, printJson, table} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

const help = `
	Usage
	  $ tagdeck ram user create NAME [--access-key]
	  $ tagdeck ram user delete|show NAME
	  $ tagdeck ram user list
	  $ tagdeck ram group create|delete|show NAME
	  $ tagdeck ram group add|remove GROUP USER…
	  $ tagdeck ram group list
	  $ tagdeck ram policy create NAME --file FILE|- [--description TEXT]
	  $ tagdeck ram policy delete|show NAME
	  $ tagdeck ram policy list
	  $ tagdeck ram policy attach|detach NAME --user U|--group G
	  $ tagdeck ram keys [--root]
	  $ tagdeck ram why USER ACTION ID [--tag K=V…]
	  $ tagdeck ram actions

	RAM users, groups and policies of the account (docs/access.md). The account
	itself is "root" and may do everything; a RAM user may do what the policies
	attached to it, and to its groups, allow. Any command runs as a user with
	--as USER (or TAGDECK_AS): each resource it touches is then decided by the
	user's policies, and a denied one fails with Forbidden.RAM.

	A policy document is RAM's JSON (Version "1", Statement: Effect, Action,
	Resource, Condition); a malformed one is refused with its line and the
	reason. At most ${policyDocumentLimit} characters. System policies:
	${[...systemPolicies.keys()].join(', ')}.

	ram why prints how USER's policies decide ACTION (e.g. ecs:StopInstance) on
	the resource ID, statement by statement; --tag adds tags to the request (the
	tags a create or tag command would set). ram actions lists the API action
	each command calls on each type.

	ram keys lists the AccessKey IDs of the account and its users (never a
	user's secret). ram keys --root prints the account's own pair, ID and
	secret: API calls signed with it act as the account (tagdeck serve).

	Every change is a step that tagdeck undo reverses. --access-key prints the
	AccessKey secret once: keep it then.

	Options
	  --access-key    With user create: make an AccessKey pair
	  --root          With keys: print the account's AccessKey pair, secret too
	  --file FILE     With policy create: the document (- reads standard input)
	  --description   With policy create: what the policy is for
	  --user U        With policy attach|detach: the user
	  --group G       With policy attach|detach: the group
	  --tag K=V       With why: a tag of the request (repeat for several)
	  --json          Print JSON
	  --db FILE       The world file

	Examples
	  $ tagdeck ram user list
	  $ tagdeck ram why alice ecs:StopInstance i-2zeexample
	  $ tagdeck ram policy create BindTagForRes --file bind-tag.json
	  $ tagdeck ram policy attach BindTagForRes --user carol
	  $ tagdeck create instance --region cn-beijing --tag owner=zhangsan --as carol
	`;

const flags = {
	...dbFlag,
	json: {type: 'boolean', default: false},
	accessKey: {type: 'boolean', default: false},
	root: {type: 'boolean', default: false},
	file: {type: 'string'},
	description: {type: 'string'},
	user: {type: 'string'},
	group: {type: 'string'},
	tag: {type: 'string', isMultiple: true},
} as const;

type Flags = {
	db?: string;
	json: boolean;
	accessKey: boolean;
	root: boolean;
	file?: string;
	description?: string;
	user?: string;
	group?: string;
	tag?: string[];
};

/** Refuses a read of RAM the acting user may not make (ram:ListUsers, ram:GetUser, …). */
function checkRead(world: World, key: string, kind: string, name = '*') {
	authorizeRead(
		world,
		key,
		`acs:ram:*:${world.data.account.id}:${kind}/${name}`,
	);
}

function needWord(words: string[], index: number, what: string): string {
	const word = words[index];
	if (word === undefined || word === '') throw new UsageError(`Give ${what}.`);
	return word;
}

function noMore(words: string[], from: number) {
	if (words.length > from) {
		throw new UsageError(
			`Unexpected "${visible(words[from]!)}"; see tagdeck ram --help.`,
		);
	}
}

const policyNames = (refs: Array<{name: string}>) =>
	refs.map((p) => p.name).join(', ') || '-';

async function change(
	flags: Flags,
	command: RamCommand,
	done?: (step: number, world: World | undefined) => string,
): Promise<number> {
	const store = openStore(flags.db);
	if (flags.json) {
		// A new user's AccessKey pair is shown this once, secret too.
		const user =
			command.action === 'create-user'
				? () => needUser(store.current()!.data, command.name)
				: undefined;
		return applyAndReport(store, command, {
			json: true,
			extra: user && (() => ({user: user()})),
		});
	}

	return applyAndReport(store, command, {
		json: false,
		done: (result) =>
			done?.(result.event!.seq, store.current()) ??
			`Done: ${result.event!.summary} (step #${result.event!.seq}; tagdeck undo reverses it).`,
	});
}

async function users(words: string[], flags: Flags): Promise<number> {
	const verb = needWord(words, 0, 'a verb: ram user create|delete|list|show');
	if (verb === 'list') {
		noMore(words, 1);
		const world = await openStore(flags.db).load();
		checkRead(world, 'ram user list', 'user');
		const rows = ramEntities(world.data, 'user').map((user) => ({
			name: user.name,
			id: user.id,
			groups: groupsOf(world.data, user.name).map((g) => g.name),
			policies: user.policies,
			accessKeys: user.accessKeys.map((k) => k.id),
			created: user.created,
		}));
		if (flags.json) printJson(rows);
		else if (rows.length === 0)
			print('No RAM users. Make one with: tagdeck ram user create NAME');
		else
			print(
				table(
					['NAME', 'USER ID', 'GROUPS', 'POLICIES', 'ACCESSKEYS'],
					rows.map((r) => [
						r.name,
						r.id,
						r.groups.join(', ') || '-',
						policyNames(r.policies),
						String(r.accessKeys.length),
					]),
				),
			);
		return 0;
	}

	const name = needWord(words, 1, `the user's name: ram user ${verb} NAME`);
	noMore(words, 2);
	if (verb === 'show') {
		const world = await openStore(flags.db).load();
		checkRead(world, 'ram user show', 'user', name);
		const user = needUser(world.data, name);
		const principal = principalOf(world.data, name)!;
		const policies = principal.policies.map((p) => ({
			name: p.name,
			type: p.type,
			via: principal.via.get(`${p.type}:${p.name}`)!,
		}));
		const groups = groupsOf(world.data, name).map((g) => g.name);
		if (flags.json) {
			printJson({
				name: user.name,
				id: user.id,
				created: user.created,
				groups,
				policies,
				accessKeys: user.accessKeys.map((k) => ({
					id: k.id,
					created: k.created,
				})),
			});
		} else {
			print(
				[
					`${user.name}  (RAM user ${user.id}, created ${user.created})`,
					`  groups:      ${groups.join(', ') || '-'}`,
					`  policies:    ${policies.map((p) => `${p.name} (${p.type}, via ${p.via})`).join('\n               ') || '- (it may do nothing)'}`,
					`  AccessKeys:  ${user.accessKeys.map((k) => k.id).join(', ') || '-'}`,
					`  acts as:     tagdeck <command> --as ${user.name}`,
				].join('\n'),
			);
		}

		return 0;
	}

	if (verb === 'create') {
		return change(
			flags,
			{
				op: 'ram',
				action: 'create-user',
				name,
				...(flags.accessKey ? {accessKey: true} : {}),
			},
			(step, world) => {
				const user = world && needUser(world.data, name);
				const key = user?.accessKeys[0];
				return [
					`Created the RAM user ${name} (ID ${user?.id ?? '?'}; step #${step}; tagdeck undo reverses it).`,
					...(key
						? [
								`  AccessKey ID:     ${key.id}`,
								`  AccessKey secret: ${key.secret}`,
								'  The secret is shown this once: keep it now.',
							]
						: []),
					`It may do nothing yet: attach a policy (tagdeck ram policy attach NAME --user ${name}) or add it to a group.`,
				].join('\n');
			},
		);
	}

	if (verb === 'delete')
		return change(flags, {op: 'ram', action: 'delete-user', name});
	throw new UsageError(
		`Unknown "ram user ${visible(verb)}": use create, delete, list or show.`,
	);
}

async function groups(words: string[], flags: Flags): Promise<number> {
	const verb = needWord(
		words,
		0,
		'a verb: ram group create|delete|add|remove|list|show',
	);
	if (verb === 'list') {
		noMore(words, 1);
		const world = await openStore(flags.db).load();
		checkRead(world, 'ram group list', 'group');
		const rows = ramEntities(world.data, 'group').map((group) => ({
			name: group.name,
			members: group.members,
			policies: group.policies,
			created: group.created,
		}));
		if (flags.json) printJson(rows);
		else if (rows.length === 0)
			print('No RAM groups. Make one with: tagdeck ram group create NAME');
		else
			print(
				table(
					['NAME', 'MEMBERS', 'POLICIES'],
					rows.map((r) => [
						r.name,
						r.members.join(', ') || '-',
						policyNames(r.policies),
					]),
				),
			);
		return 0;
	}

	const name = needWord(words, 1, `the group's name: ram group ${verb} NAME`);
	if (verb === 'add' || verb === 'remove') {
		const members = words.slice(2);
		if (members.length === 0)
			throw new UsageError(`Name the users: ram group ${verb} ${name} USER…`);
		return change(flags, {
			op: 'ram',
			action: verb === 'add' ? 'add-to-group' : 'remove-from-group',
			name,
			users: members,
		});
	}

	noMore(words, 2);
	if (verb === 'show') {
		const world = await openStore(flags.db).load();
		checkRead(world, 'ram group show', 'group', name);
		const group = ramGroup(world.data, name);
		if (!group) {
			throw new TagdeckError(
				'EntityNotExist.Group',
				`The group "${visible(name)}" does not exist. List them with: tagdeck ram group list`,
			);
		}

		if (flags.json) printJson(group);
		else
			print(
				[
					`${group.name}  (RAM group, created ${group.created})`,
					`  members:   ${group.members.join(', ') || '-'}`,
					`  policies:  ${policyNames(group.policies)}`,
				].join('\n'),
			);
		return 0;
	}

	if (verb === 'create' || verb === 'delete')
		return change(flags, {op: 'ram', action: `${verb}-group`, name});
	throw new UsageError(
		`Unknown "ram group ${visible(verb)}": use create, delete, add, remove, list or show.`,
	);
}

function policyRows(data: WorldData) {
	const attached = (name: string, type: 'System' | 'Custom') => {
		const users = ramEntities(data, 'user')
			.filter((u) => u.policies.some((p) => p.type === type && p.name === name))
			.map((u) => `user ${u.name}`);
		const groups = ramEntities(data, 'group')
			.filter((g) => g.policies.some((p) => p.type === type && p.name === name))
			.map((g) => `group ${g.name}`);
		return [...users, ...groups];
	};

	return [
		...[...systemPolicies.values()].map((policy) => ({
			name: policy.name,
			type: 'System' as const,
			description: '',
			attachedTo: attached(policy.name, 'System'),
		})),
		...ramEntities(data, 'policy').map((policy) => ({
			name: policy.name,
			type: 'Custom' as const,
			description: policy.description,
			attachedTo: attached(policy.name, 'Custom'),
		})),
	];
}

async function policies(words: string[], flags: Flags): Promise<number> {
	const verb = needWord(
		words,
		0,
		'a verb: ram policy create|delete|list|show|attach|detach',
	);
	if (verb === 'list') {
		noMore(words, 1);
		const world = await openStore(flags.db).load();
		checkRead(world, 'ram policy list', 'policy');
		const rows = policyRows(world.data);
		if (flags.json) printJson(rows);
		else
			print(
				table(
					['NAME', 'TYPE', 'ATTACHED TO', 'DESCRIPTION'],
					rows.map((r) => [
						r.name,
						r.type,
						r.attachedTo.join(', ') || '-',
						visible(r.description) || '-',
					]),
				),
			);
		return 0;
	}

	const name = needWord(words, 1, `the policy's name: ram policy ${verb} NAME`);
	// `--file -` reaches here as a lone "-" word (the parser keeps "-" as input).
	const stdin = verb === 'create' && words[2] === '-' && !flags.file;
	noMore(words, stdin ? 3 : 2);
	if (verb === 'show') {
		const world = await openStore(flags.db).load();
		checkRead(world, 'ram policy show', 'policy', name);
		const system = systemPolicies.get(name);
		const custom = ramPolicy(world.data, name);
		if (!system && !custom) {
			throw new TagdeckError(
				'EntityNotExist.Policy',
				`There is no policy "${visible(name)}". List them with: tagdeck ram policy list`,
			);
		}

		const row = policyRows(world.data).find((r) => r.name === name)!;
		const document =
			custom?.document ??
			`${JSON.stringify(system!.document, undefined, '\t')}\n`;
		if (flags.json) printJson({...row, document});
		else
			print(
				[
					`${name}  (${row.type} policy${custom ? `, created ${custom.created}` : ''})`,
					...(row.description ? [`  ${visible(row.description)}`] : []),
					`  attached to: ${row.attachedTo.join(', ') || '-'}`,
					'',
					document.trimEnd(),
				].join('\n'),
			);
		return 0;
	}

	if (verb === 'create') {
		if (stdin) flags.file = '-';
		if (flags.file === undefined || flags.file === '') {
			throw new UsageError(
				`Give the document: ram policy create ${name} --file FILE (or --file - to read standard input).`,
			);
		}

		const document = await readDocumentFile(flags.file, {
			limit: policyDocumentLimit,
			tooLong: 'InvalidParameter.PolicyDocument.Length',
			malformed: 'MalformedPolicyDocument',
			what: 'a policy document',
		});
		return change(flags, {
			op: 'ram',
			action: 'create-policy',
			name,
			document,
			...(flags.description === undefined
				? {}
				: {description: flags.description}),
		});
	}

	if (verb === 'delete')
		return change(flags, {op: 'ram', action: 'delete-policy', name});
	if (verb === 'attach' || verb === 'detach') {
		if ((flags.user === undefined) === (flags.group === undefined)) {
			throw new UsageError(
				`Say who: ram policy ${verb} ${name} --user U, or --group G (one of them).`,
			);
		}

		return change(flags, {
			op: 'ram',
			action: verb,
			name,
			...(flags.user === undefined
				? {group: flags.group!}
				: {user: flags.user}),
		});
	}

	throw new UsageError(
		`Unknown "ram policy ${visible(verb)}": use create, delete, list, show, attach or detach.`,
	);
}

/** The request `ram why` evaluates: ACTION on the resource ID (or a new resource of its type). */
function whyRequest(
	world: World,
	action: string,
	id: string,
	tags: Record<string, string>,
): {request: RamRequest; target: string} {
	const accountId = world.data.account.id;
	const resource = world.get(id);
	const requestTags = Object.keys(tags).length > 0 ? {requestTags: tags} : {};
	if (resource) {
		return {
			request: {
				action,
				resource: resourceName(accountId, resource),
				resourceTags: resource.tags,
				...requestTags,
			},
			target: `${resource.id} (${resource.type} ${resource.name})`,
		};
	}

	if (id === '*' || id.startsWith('acs:')) {
		return {request: {action, resource: id, ...requestTags}, target: id};
	}

	throw new TagdeckError(
		'InvalidResourceId.NotFound',
		`The specified resource "${visible(id)}" is not found. Give a resource ID (tagdeck list), an acs: resource name, or * for a request with no resource (a create).`,
	);
}

function whyText(
	user: string,
	target: string,
	request: RamRequest,
	evaluation: Evaluation,
	via: Map<string, string>,
): string {
	const lines = [
		`${user}: ${request.action} on ${target}`,
		`  resource name: ${request.resource}`,
	];
	if (request.requestTags)
		lines.push(
			`  request tags:  ${Object.entries(request.requestTags)
				.map(([k, v]) => `${visible(k)}=${visible(v)}`)
				.join(', ')}`,
		);
	if (evaluation.trace.length === 0) {
		lines.push('', `  ${user} holds no policy.`);
	}

	let policy = '';
	for (const statement of evaluation.trace) {
		if (statement.policy !== policy) {
			policy = statement.policy;
			lines.push(
				'',
				`  ${policy} (${statement.policyType}, via ${via.get(`${statement.policyType}:${policy}`) ?? 'user'})`,
			);
		}

		const mark = statement.matched
			? statement.effect === 'Deny'
				? '✗'
				: '✓'
			: '·';
		lines.push(
			`    ${mark} statement ${statement.statement} ${statement.effect}: ${statement.matched ? 'matches' : 'does not match'}`,
			`        action    ${statement.action.matched ? `matches ${statement.action.pattern}` : 'no pattern matches'}`,
			`        resource  ${statement.resource.matched ? `matches ${statement.resource.pattern}` : 'no pattern matches'}`,
		);
		for (const condition of statement.conditions) {
			const actual =
				condition.actual === undefined
					? (condition.note ?? 'no value')
					: `is "${visible(condition.actual)}"`;
			lines.push(
				`        ${condition.holds ? 'holds   ' : 'fails   '}  ${condition.operator} ${condition.key} ${JSON.stringify(condition.expected)}: ${actual}`,
			);
		}
	}

	const decided =
		evaluation.decision === 'Allow'
			? `Allowed by ${evaluation.policy} statement ${evaluation.statement}.`
			: evaluation.decision === 'ExplicitDeny'
				? `Denied (ExplicitDeny) by ${evaluation.policy} statement ${evaluation.statement}: a matching Deny wins over any Allow.`
				: 'Denied (ImplicitDeny): no statement allows it, and nothing is allowed unless a statement allows it.';
	lines.push('', decided);
	return lines.join('\n');
}

async function why(words: string[], flags: Flags): Promise<number> {
	const user = needWord(words, 0, 'the user: ram why USER ACTION ID');
	const action = needWord(
		words,
		1,
		'the action: ram why USER ACTION ID (e.g. ecs:StopInstance)',
	);
	const id = needWord(
		words,
		2,
		'the resource: ram why USER ACTION ID (* for a create)',
	);
	noMore(words, 3);
	if (!/^[\w\-]+:[\w*]+$/v.test(action)) {
		throw new UsageError(
			`"${visible(action)}" is not an action: write service:Action, e.g. ecs:StopInstance (tagdeck ram actions lists them).`,
		);
	}

	const tags = parseTagArguments(flags.tag ?? []);
	const world = await openStore(flags.db).load();
	if (user === rootName) {
		print(
			`root is the account itself: it may do everything (no policy is evaluated).`,
		);
		return 0;
	}

	const principal = principalOf(world.data, user)!;
	const {request, target} = whyRequest(world, action, id, tags);
	const evaluation = evaluate(principal.policies, request);
	if (flags.json) printJson({user, request, ...evaluation});
	else print(whyText(user, target, request, evaluation, principal.via));
	return 0;
}

/**
The AccessKey IDs of the account and its users; with --root, the account's
own pair, secret too, which only the account may see.
*/
async function keys(words: string[], flags: Flags): Promise<number> {
	noMore(words, 0);
	const world = await openStore(flags.db).load();
	const {accessKey} = world.data.account;
	if (flags.root) {
		const acting = actingAs();
		if (acting !== undefined) {
			throw new TagdeckError(
				'Forbidden.AccountOnly',
				`The account's own AccessKey is shown to the account only, not to a RAM user such as ${acting}: leave out --as (or TAGDECK_AS) to run it as root.`,
			);
		}

		if (flags.json) {
			printJson({accessKeyId: accessKey.id, accessKeySecret: accessKey.secret});
		} else {
			print(
				[
					`AccessKey ID      ${accessKey.id}`,
					`AccessKey secret  ${accessKey.secret}`,
					'',
					'Calls to tagdeck serve signed with this pair act as the account (root), which may do everything. Keep it as you would a real one.',
				].join('\n'),
			);
		}

		return 0;
	}

	authorizeRead(world, 'ram keys', `acs:ram:*:${world.data.account.id}:user/*`);
	const rows = [
		{owner: rootName, accessKeyId: accessKey.id, created: accessKey.created},
		...ramEntities(world.data, 'user').flatMap((user) =>
			user.accessKeys.map((k) => ({
				owner: user.name,
				accessKeyId: k.id,
				created: k.created,
			})),
		),
	];
	if (flags.json) printJson(rows);
	else
		print(
			`${table(
				['OWNER', 'ACCESSKEY ID', 'CREATED'],
				rows.map((r) => [r.owner, r.accessKeyId, r.created]),
			)}\n\ntagdeck ram keys --root prints the account's secret; a user's is shown once, by ram user create --access-key.`,
		);
	return 0;
}

function actions(words: string[], flags: Flags): number {
	noMore(words, 0);
	const rows = actionTable();
	if (flags.json) {
		printJson({types: rows, account: accountActions});
		return 0;
	}

	const columns = ['describe', 'create', 'release', 'tag', 'untag'] as const;
	const lines = [
		table(
			['TYPE', ...columns.map((c) => c.toUpperCase()), 'OTHERS'],
			rows.map(({type, actions: row}) => [
				type,
				...columns.map((c) => row[c] ?? '-'),
				Object.entries(row)
					.filter(([key]) => !(columns as readonly string[]).includes(key))
					.map(([key, value]) => `${key}=${value}`)
					.join(' ') || '-',
			]),
		),
		'',
		table(
			['COMMAND', 'ACTION'],
			Object.entries(accountActions).map(([command, action]) => [
				`tagdeck ${command}`,
				action,
			]),
		),
		'',
		"list, show, keys, values and regions count only what the user may describe; inheritance, createdby, costs and bill are the account's own, and init, reset, clock, undo and redo are tagdeck's: those run as root only.",
	];
	print(lines.join('\n'));
	return 0;
}

export default defineCommand({
	name: 'ram',
	summary: 'RAM users, groups and policies; why a user may or may not act',
	help,
	flags,
	async run(cli) {
		const [area = '', ...words] = cli.input;
		const f = cli.flags as Flags;
		const areas: Record<string, () => Promise<number> | number> = {
			user: async () => users(words, f),
			group: async () => groups(words, f),
			policy: async () => policies(words, f),
			why: async () => why(words, f),
			keys: async () => keys(words, f),
			actions: () => actions(words, f),
		};
		const plurals: Record<string, string> = {
			users: 'user',
			groups: 'group',
			policies: 'policy',
		};
		const key = Object.hasOwn(plurals, area) ? plurals[area]! : area;
		const run = Object.hasOwn(areas, key) ? areas[key] : undefined;
		if (!run) {
			throw new UsageError(
				area === ''
					? 'Say what: ram user|group|policy|keys|why|actions (tagdeck ram --help).'
					: `Unknown "ram ${visible(area)}": use user, group, policy, keys, why or actions.`,
			);
		}

		return run();
	},
});
