/*
Acting as a RAM user (`--as`, docs/access.md): each command is the API actions
it would call, per resource, from data/ram-actions.json, and each is decided by
the user's policies before anything changes. A denied resource is a refusal
like any other (Forbidden.RAM, with the detail RAM gives), so a batch is refused
whole, or with --partial applies to the rest.
*/
import actionsFile from '../../../data/ram-actions.json' with {type: 'json'};
import {resolveType, typeNamed} from '../catalogue.js';
import {TagdeckError, type AccessDetail} from '../errors.js';
import type {Command, RamCommand, Resource, WorldData} from '../model.js';
import {World} from '../world.js';
import {decide, type RamRequest, type Verdict} from './evaluate.js';
import {principalOf, type Principal} from './identities.js';

/** An action of a resource type's row in data/ram-actions.json. */
export type TypeAction =
	| 'describe'
	| 'create'
	| 'release'
	| 'start'
	| 'stop'
	| 'reboot'
	| 'run'
	| 'replace-image'
	| 'attach'
	| 'detach'
	| 'associate'
	| 'unassociate'
	| 'copy'
	| 'tag'
	| 'untag';

type ActionRow = Partial<Record<TypeAction, string>>;

const typeRows = actionsFile.types as Record<string, ActionRow>;
export const accountActions = actionsFile.account as Record<string, string>;
const accountOnly = new Set<string>(actionsFile.accountOnly);
const tagdeckOnly = new Set<string>(actionsFile.tagdeckOnly);

/** The API action a command calls on a resource of `type`, if it has one. */
export function typeAction(
	action: TypeAction,
	type: string,
): string | undefined {
	if (action === 'tag' || action === 'untag') {
		const product = typeNamed(type).product === 'ecs' ? 'ecs' : 'other';
		return actionsFile.tagging[product][action];
	}

	return typeRows[type]?.[action];
}

/** The table as `tagdeck ram actions` prints it: type, then each command's action. */
export function actionTable(): Array<{type: string; actions: ActionRow}> {
	return Object.entries(typeRows).map(([type, row]) => ({
		type,
		actions: {
			...row,
			tag: typeAction('tag', type),
			untag: typeAction('untag', type),
		},
	}));
}

/** A resource's RAM name: `acs:ecs:cn-hangzhou:<account>:instance/i-…`. */
export function resourceName(
	accountId: string,
	resource: Pick<Resource, 'type' | 'region' | 'id'>,
): string {
	const type = typeNamed(resource.type);
	return `acs:${type.product}:${resource.region}:${accountId}:${type.arnType}/${resource.id}`;
}

/** The name a resource about to be created has: its ID is not known yet. */
export function newResourceName(
	accountId: string,
	typeName: string,
	region: string,
): string {
	return resourceName(accountId, {type: typeName, region, id: '*'});
}

/** The message RAM gives a denied call. */
export const deniedMessage =
	"User not authorized to operate on the specified resource, or this API doesn't support RAM.";

/** A call RAM denied: Forbidden.RAM with the detail. */
export class AccessDenied extends TagdeckError {
	constructor(detail: AccessDetail, principal: string, target: string) {
		const why =
			detail.noPermissionType === 'ExplicitDeny'
				? `denied by ${detail.policy} statement ${detail.statement}`
				: `no policy of ${principal} allows it`;
		super(
			'Forbidden.RAM',
			`${principal} may not ${detail.authAction} on ${target}: ${why}. ${deniedMessage} (tagdeck ram why ${principal} ${detail.authAction} ${target})`,
			detail,
		);
	}
}

/** What `principal` may do: the verdict for one request. */
export function verdictFor(principal: Principal, request: RamRequest): Verdict {
	return decide(principal.policies, request);
}

/** Refuses the request unless `principal`'s policies allow it. */
export function authorize(
	principal: Principal,
	request: RamRequest,
	target: string,
) {
	const verdict = verdictFor(principal, request);
	if (verdict.decision === 'Allow') return;
	throw new AccessDenied(
		{
			authAction: request.action,
			authResource: request.resource,
			noPermissionType: verdict.decision,
			...(verdict.policy === undefined
				? {}
				: {policy: verdict.policy, statement: verdict.statement}),
		},
		principal.name,
		target,
	);
}

/** Refuses a command only the account itself gives, naming why. */
export function refuseAccountOnly(command: string, principal: string) {
	if (tagdeckOnly.has(command)) {
		throw new TagdeckError(
			'Forbidden.AccountOnly',
			`tagdeck ${command} is tagdeck's own (it calls no API a RAM user could be allowed), so only the account runs it: leave out --as (or TAGDECK_AS) to run it as root, not as ${principal}.`,
		);
	}

	if (accountOnly.has(command)) {
		throw new TagdeckError(
			'Forbidden.AccountOnly',
			`tagdeck ${command} changes or reads an account setting that only the Alibaba Cloud account itself manages, not a RAM user such as ${principal}: leave out --as (or TAGDECK_AS) to run it as root.`,
		);
	}
}

/** Whether a command word is one only the account runs. */
export function isAccountOnly(command: string): boolean {
	return tagdeckOnly.has(command) || accountOnly.has(command);
}

/** The describe request for a resource. */
export function describeRequest(
	accountId: string,
	resource: Resource,
): RamRequest | undefined {
	const action = typeAction('describe', resource.type);
	if (!action) return undefined;
	return {
		action,
		resource: resourceName(accountId, resource),
		resourceTags: resource.tags,
	};
}

/** Whether `principal` may describe the resource (see it in lists). */
export function mayDescribe(
	principal: Principal,
	accountId: string,
	resource: Resource,
): boolean {
	const request = describeRequest(accountId, resource);
	return (
		request !== undefined && verdictFor(principal, request).decision === 'Allow'
	);
}

/**
The world as `principal` sees it: only the resources it may describe. Nothing
else of the world is hidden (rules, the log, the account's settings are read as
they are). `hidden` counts the rest.
*/
export function visibleWorld(
	world: World,
	principal: Principal,
): {world: World; hidden: number} {
	const {data} = world;
	const resources: WorldData['resources'] = {};
	let hidden = 0;
	for (const resource of world.resources()) {
		if (mayDescribe(principal, data.account.id, resource))
			resources[resource.id] = resource;
		else hidden++;
	}

	const seen = new World({...data, resources});
	seen.whole = world;
	return {world: seen, hidden};
}

/** The tags a command sets, as a request's `acs:RequestTag`s. */
export function requestTagsOf(
	command: Command,
): Record<string, string> | undefined {
	if (command.op === 'tag') return command.tags;
	if (command.op === 'create') return command.tags;
	return undefined;
}

/** A command being applied as a RAM user. */
export type Acting = {
	principal: Principal;
	accountId: string;
	command: Command;
	/**
	The RAM action names the call makes where they differ from the command
	line's (data/ram-actions.json): an API call is decided on its own action
	(`ecs:StopInstances` for StopInstances, not `ecs:StopInstance`).
	*/
	actions?: Partial<Record<TypeAction, string>>;
	/**
	The API call the command comes from (`Tag:CreatePolicy`, `tagdeck serve`):
	an account setting it changes is authorized as that call's own action, as
	RAM authorizes every API call.
	*/
	api?: string;
};

function noAction(
	action: TypeAction,
	type: string,
	principal: string,
): TagdeckError {
	return new TagdeckError(
		'Forbidden.AccountOnly',
		`No API call does "${action}" on a ${type} (data/ram-actions.json), so only the account does it in tagdeck: leave out --as to run it as root, not as ${principal}.`,
	);
}

/** Checks one action of the command on one resource. */
function authorizeAction(
	acting: Acting,
	action: TypeAction,
	resource: Pick<Resource, 'id' | 'type' | 'region'> & Partial<Resource>,
	requestTags?: Readonly<Record<string, string>>,
) {
	const {principal, accountId} = acting;
	const name = acting.actions?.[action] ?? typeAction(action, resource.type);
	if (!name) throw noAction(action, resource.type, principal.name);
	authorize(
		principal,
		{
			action: name,
			resource: resourceName(accountId, resource),
			...(resource.tags ? {resourceTags: resource.tags} : {}),
			...(requestTags ? {requestTags} : {}),
		},
		resource.id,
	);
}

/** The actions a batch command calls on each resource, by the command. */
const batchActions: Partial<Record<Command['op'], TypeAction>> = {
	release: 'release',
	start: 'start',
	stop: 'stop',
	reboot: 'reboot',
	run: 'run',
	'replace-image': 'replace-image',
	untag: 'untag',
};

/**
What a batch command asks of each resource: tag and untag (ECS's or the Tag
API's, by type), release, start, stop, reboot, run, replace-image. Conditions
see the resource's tags before the change.
*/
export function authorizeItem(acting: Acting, resource: Resource) {
	const {command} = acting;
	if (command.op === 'fix') {
		// A rename: the new spelling is set, the old key removed.
		authorizeAction(acting, 'tag', resource);
		authorizeAction(acting, 'untag', resource);
		return;
	}

	if (command.op === 'tag') {
		if (Object.keys(command.tags).length > 0)
			authorizeAction(acting, 'tag', resource, command.tags);
		if ((command.remove?.length ?? 0) > 0)
			authorizeAction(acting, 'untag', resource);
		return;
	}

	const action = batchActions[command.op];
	if (action) authorizeAction(acting, action, resource);
}

/** The `ram …` words of each RAM change, as data/ram-actions.json names them. */
const ramWords: Record<RamCommand['action'], string> = {
	'create-user': 'ram user create',
	'delete-user': 'ram user delete',
	'create-group': 'ram group create',
	'delete-group': 'ram group delete',
	'add-to-group': 'ram group add',
	'remove-from-group': 'ram group remove',
	'create-policy': 'ram policy create',
	'delete-policy': 'ram policy delete',
	attach: 'ram policy attach',
	detach: 'ram policy detach',
};

/**
The RAM action of an account-level command (rules, quota, ram …), and its
resource: the command's row of data/ram-actions.json, or `action` for a change
only the API makes (no command has a row for it).
*/
function accountRequest(
	command: Command,
	accountId: string,
): {key: string; resource: string; action?: string} | undefined {
	if (command.op === 'rules') {
		return command.remove
			? {
					key: 'rules delete',
					resource: '*',
					action: 'tag:DeleteAssociatedResourceRule',
				}
			: {key: `rules ${command.enable ? 'enable' : 'disable'}`, resource: '*'};
	}

	if (command.op === 'quota') return {key: 'quota', resource: '*'};
	if (command.op === 'preset')
		return {
			key: command.add?.length ? 'preset add' : 'preset rm',
			resource: '*',
		};
	if (command.op === 'tag-policy') {
		return command.action === 'modify'
			? {key: 'policy modify', resource: '*', action: 'tag:ModifyPolicy'}
			: {key: `policy ${command.action}`, resource: '*'};
	}

	if (command.op !== 'ram') return undefined;
	const words = ramWords[command.action];
	const ram = (kind: string, name: string) =>
		`acs:ram:*:${accountId}:${kind}/${name}`;
	if (command.action === 'attach' || command.action === 'detach') {
		const [kind, name] =
			command.user === undefined
				? ['group', command.group ?? '']
				: ['user', command.user];
		return {key: `${words} --${kind}`, resource: ram(kind, name)};
	}

	return {key: words, resource: ram(words.split(' ')[1]!, command.name)};
}

/** Links: the resource moved and its target, each with the link's action. */
function authorizeLink(
	acting: Acting,
	command: Extract<
		Command,
		{op: 'attach' | 'associate' | 'detach' | 'unassociate'}
	>,
	find: (id: string) => Resource | undefined,
) {
	const resource = find(command.id);
	if (!resource) return;
	authorizeAction(acting, command.op, resource);
	const target =
		command.op === 'attach' || command.op === 'associate'
			? find(command.to)
			: undefined;
	const action = typeAction(command.op, resource.type);
	if (target && action) {
		authorize(
			acting.principal,
			{
				action,
				resource: resourceName(acting.accountId, target),
				resourceTags: target.tags,
			},
			target.id,
		);
	}
}

/**
Checks a command that is not a batch: links (the resource moved and its
target), creation (with the tags it creates with), copies, rules, quotas and
RAM itself; refuses what only the account does. `find` looks resources up.
*/
export function authorizeCommand(
	acting: Acting,
	find: (id: string) => Resource | undefined,
) {
	const {command, principal, accountId} = acting;
	if (
		command.op === 'attach' ||
		command.op === 'associate' ||
		command.op === 'detach' ||
		command.op === 'unassociate'
	) {
		authorizeLink(acting, command, find);
		return;
	}

	if (command.op === 'create') {
		const type = resolveType(command.type);
		const parent = command.in === undefined ? undefined : find(command.in);
		const region = parent?.region ?? command.region;
		// Without a region the command is refused for it, as for anyone.
		if (region === undefined) return;
		authorizeAction(
			acting,
			'create',
			{id: '*', type: type.name, region},
			command.tags ?? {},
		);
		return;
	}

	if (command.op === 'copy') {
		const resource = find(command.id);
		if (resource) authorizeAction(acting, 'copy', resource);
		return;
	}

	if (
		batchActions[command.op] !== undefined ||
		command.op === 'tag' ||
		command.op === 'fix'
	)
		return;
	refuseAccountOnly(command.op, principal.name);
	const request = accountRequest(command, accountId);
	if (request) {
		authorize(
			principal,
			{
				action:
					apiAction(acting.api) ??
					request.action ??
					accountActions[request.key]!,
				resource: request.resource,
			},
			request.key,
		);
	}
}

/** The RAM action of an API call: `Tag:CreatePolicy` is `tag:CreatePolicy`. */
function apiAction(api: string | undefined): string | undefined {
	const [product, action] = api?.split(':') ?? [];
	return product && action ? `${product.toLowerCase()}:${action}` : undefined;
}

/**
The world as the one acting sees it: all of it for the account (`as` absent or
`root`), what the user may describe for a RAM user (EntityNotExist.User for an
unknown name).
*/
export function seenBy(world: World, as: string | undefined): World {
	const principal = as === undefined ? undefined : principalOf(world.data, as);
	return principal ? visibleWorld(world, principal).world : world;
}
