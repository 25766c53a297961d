/*
RAM users, groups and custom policies as a world keeps them
(`WorldData.ram`, docs/access.md): creating, deleting, group membership and
attaching policies, each with RAM's own refusals (docs/cloud-facts.md §11).
*/
import {TagdeckError} from '../errors.js';
import {parsedOnce} from '../parsed-once.js';
import type {
	AccessKey,
	PolicyRef,
	RamCommand,
	RamEntity,
	RamGroup,
	RamPolicy,
	RamUser,
	WorldData,
} from '../model.js';
import type {Random} from '../random.js';
import {visible} from '../tags.js';
import type {Txn} from '../txn.js';
import type {AttachedPolicy} from './evaluate.js';
import {parsePolicy} from './policy.js';
import {systemPolicies, systemPolicy} from './system-policies.js';

/** The account itself: allowed everything, never a RAM user. */
export const rootName = 'root';

type Kind = RamEntity['kind'];

/** Each kind's name rules and RAM's codes (docs/cloud-facts.md §11). */
const labels: Record<
	Kind,
	{
		noun: string;
		max: number;
		length: string;
		chars: string;
		missing: string;
		exists: string;
	}
> = {
	user: {
		noun: 'user',
		max: 64,
		length: 'InvalidParameter.UserName.Length',
		chars: 'InvalidParameter.UserName.InvalidChars',
		missing: 'EntityNotExist.User',
		exists: 'EntityAlreadyExists.User',
	},
	group: {
		noun: 'group',
		max: 64,
		length: 'InvalidParameter.GroupName.Length',
		chars: 'InvalidParameter.GroupName.InvalidChars',
		missing: 'EntityNotExist.Group',
		exists: 'EntityAlreadyExists.Group',
	},
	policy: {
		noun: 'policy',
		max: 128,
		length: 'InvalidParameter.PolicyName.Length',
		chars: 'InvalidParameter.PolicyName.InvalidChars',
		missing: 'EntityNotExist.Policy',
		exists: 'EntityAlreadyExists.Policy',
	},
};

/** Letters, digits and what each kind of name may also hold (RAM's rules). */
const nameCharacters: Record<Kind, RegExp> = {
	user: /^[\w.\-]+$/v,
	group: /^[\w\-]+$/v,
	policy: /^[A-Za-z\d\-]+$/v,
};

const entityKey = (kind: Kind, name: string) => `${kind}:${name}`;

/** Refuses a name RAM would refuse, with the rule. */
export function checkName(kind: Kind, name: string) {
	const {noun, max, length, chars} = labels[kind];
	if (name.length === 0 || [...name].length > max) {
		throw new TagdeckError(
			length,
			`A ${noun} name is 1 to ${max} characters; "${visible(name)}" has ${[...name].length}.`,
		);
	}

	if (!nameCharacters[kind].test(name)) {
		const allowed =
			kind === 'user'
				? 'letters, digits, periods (.), hyphens (-) and underscores (_)'
				: kind === 'group'
					? 'letters, digits, hyphens (-) and underscores (_)'
					: 'letters, digits and hyphens (-)';
		throw new TagdeckError(
			chars,
			`A ${noun} name holds only ${allowed}: "${visible(name)}" does not.`,
		);
	}

	if (kind === 'user' && name === rootName) {
		throw new TagdeckError(
			'InvalidParameter.UserName.InvalidChars',
			`"${rootName}" names the account itself in tagdeck (--as root); choose another user name.`,
		);
	}
}

export function ramUser(data: WorldData, name: string): RamUser | undefined {
	const entity = data.ram[entityKey('user', name)];
	return entity?.kind === 'user' ? entity : undefined;
}

export function ramGroup(data: WorldData, name: string): RamGroup | undefined {
	const entity = data.ram[entityKey('group', name)];
	return entity?.kind === 'group' ? entity : undefined;
}

export function ramPolicy(
	data: WorldData,
	name: string,
): RamPolicy | undefined {
	const entity = data.ram[entityKey('policy', name)];
	return entity?.kind === 'policy' ? entity : undefined;
}

/** Every entity of one kind, by name. */
export function ramEntities<K extends Kind>(
	data: WorldData,
	kind: K,
): Array<Extract<RamEntity, {kind: K}>> {
	return Object.values(data.ram)
		.filter(
			(entity): entity is Extract<RamEntity, {kind: K}> => entity.kind === kind,
		)
		.toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function notFound(kind: Kind, name: string): TagdeckError {
	const {noun, missing} = labels[kind];
	return new TagdeckError(
		missing,
		`The ${noun} "${visible(name)}" does not exist. List them with: tagdeck ram ${kind} list`,
	);
}

export function needUser(data: WorldData, name: string): RamUser {
	const user = ramUser(data, name);
	if (!user) throw notFound('user', name);
	return user;
}

function needGroup(data: WorldData, name: string): RamGroup {
	const group = ramGroup(data, name);
	if (!group) throw notFound('group', name);
	return group;
}

/** The groups a user is in, by name. */
export function groupsOf(data: WorldData, user: string): RamGroup[] {
	return ramEntities(data, 'group').filter((group) =>
		group.members.includes(user),
	);
}

/** Where a custom policy is attached: users and groups, by name. */
export function attachmentsOf(
	data: WorldData,
	policy: string,
): {users: string[]; groups: string[]} {
	const holds = (entity: RamUser | RamGroup) =>
		entity.policies.some((p) => p.type === 'Custom' && p.name === policy);
	return {
		users: ramEntities(data, 'user')
			.filter((user) => holds(user))
			.map((user) => user.name),
		groups: ramEntities(data, 'group')
			.filter((group) => holds(group))
			.map((group) => group.name),
	};
}

/** A custom policy's document, parsed once per text. */
const parsedDocument = parsedOnce(parsePolicy, 256);

/**
A policy reference as the evaluator takes it: the system policy, or the
account's custom policy with its document parsed.
*/
export function attachedPolicy(
	data: WorldData,
	ref: PolicyRef,
): AttachedPolicy | undefined {
	if (ref.type === 'System') return systemPolicy(ref.name);
	const policy = ramPolicy(data, ref.name);
	if (!policy) return undefined;
	return {
		name: policy.name,
		type: 'Custom',
		document: parsedDocument(policy.document),
	};
}

/** Someone acting in the account: a RAM user with every policy it holds. */
export type Principal = {
	name: string;
	/** RAM's 16-digit user ID. */
	id: string;
	/** The user's own policies first, then each group's, in attach order. */
	policies: AttachedPolicy[];
	/** Where each policy came from: the user, or a group by name. */
	via: Map<string, string>;
};

/**
The principal named `name`, or undefined for the account itself (`root`).
An unknown name is EntityNotExist.User.
*/
export function principalOf(
	data: WorldData,
	name: string,
): Principal | undefined {
	if (name === rootName) return undefined;
	const user = needUser(data, name);
	const policies: AttachedPolicy[] = [];
	const via = new Map<string, string>();
	const add = (refs: PolicyRef[], from: string) => {
		for (const ref of refs) {
			const key = `${ref.type}:${ref.name}`;
			if (via.has(key)) continue;
			const policy = attachedPolicy(data, ref);
			if (!policy) continue;
			via.set(key, from);
			policies.push(policy);
		}
	};

	add(user.policies, 'user');
	for (const group of groupsOf(data, name))
		add(group.policies, `group ${group.name}`);
	return {name, id: user.id, policies, via};
}

const digits = '0123456789';
const accessKeyCharacters =
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** RAM user IDs are 16 digits, the first not 0. */
function userId(random: Random): string {
	return `2${random.chars(digits, 15)}`;
}

/** An AccessKey pair in the cloud's shape: `LTAI` and 20 characters; a 30-character secret. */
export function newAccessKey(random: Random, created: string): AccessKey {
	return {
		id: `LTAI${random.chars(accessKeyCharacters, 20)}`,
		secret: random.chars(accessKeyCharacters, 30),
		created,
	};
}

function refuseExisting(data: WorldData, kind: Kind, name: string) {
	if (data.ram[entityKey(kind, name)]) {
		throw new TagdeckError(
			labels[kind].exists,
			`A ${labels[kind].noun} named "${visible(name)}" already exists.`,
		);
	}
}

function put(
	txn: Txn,
	entity: RamEntity | undefined,
	kind: Kind,
	name: string,
) {
	txn.setDoc('m', entityKey(kind, name), entity);
}

/** Adds a user, group or policy under a name RAM accepts and nobody has. */
function createEntity(txn: Txn, entity: RamEntity) {
	checkName(entity.kind, entity.name);
	refuseExisting(txn.world.data, entity.kind, entity.name);
	put(txn, entity, entity.kind, entity.name);
}

/** The policy a command attaches or detaches, which must exist. */
function policyRef(data: WorldData, command: RamCommand): PolicyRef {
	const type =
		command.policyType ??
		(systemPolicies.has(command.name) ? 'System' : 'Custom');
	const exists =
		type === 'System'
			? systemPolicies.has(command.name)
			: ramPolicy(data, command.name) !== undefined;
	if (!exists) {
		throw new TagdeckError(
			'EntityNotExist.Policy',
			`There is no ${type === 'System' ? 'system' : 'custom'} policy "${visible(command.name)}". List them with: tagdeck ram policy list`,
		);
	}

	return {type, name: command.name};
}

function changeAttachment(txn: Txn, command: RamCommand) {
	const {data} = txn.world;
	const ref = policyRef(data, command);
	const [kind, holder] =
		command.user === undefined
			? (['group', needGroup(data, command.group!)] as const)
			: (['user', needUser(data, command.user)] as const);
	const held = holder.policies.some(
		(p) => p.type === ref.type && p.name === ref.name,
	);
	if (command.action === 'attach') {
		if (held) {
			throw new TagdeckError(
				kind === 'user'
					? 'EntityAlreadyExists.User.Policy'
					: 'EntityAlreadyExists.Group.Policy',
				`The ${kind} "${holder.name}" already holds the policy ${ref.name}.`,
			);
		}

		put(
			txn,
			{
				kind,
				...structuredClone(holder),
				policies: [...holder.policies, ref],
			} as RamEntity,
			kind,
			holder.name,
		);
		return;
	}

	if (!held) {
		throw new TagdeckError(
			kind === 'user'
				? 'EntityNotExist.User.Policy'
				: 'EntityNotExist.Group.Policy',
			`The ${kind} "${holder.name}" does not hold the policy ${ref.name}.`,
		);
	}

	put(
		txn,
		{
			kind,
			...structuredClone(holder),
			policies: holder.policies.filter(
				(p) => p.type !== ref.type || p.name !== ref.name,
			),
		} as RamEntity,
		kind,
		holder.name,
	);
}

function changeMembers(txn: Txn, command: RamCommand) {
	const {data} = txn.world;
	const group = needGroup(data, command.name);
	const users = [...new Set(command.users)];
	let members = [...group.members];
	for (const name of users) {
		needUser(data, name);
		const member = members.includes(name);
		if (command.action === 'add-to-group') {
			if (member) {
				throw new TagdeckError(
					'EntityAlreadyExists.User.Group',
					`The user "${name}" is already in the group ${group.name}.`,
				);
			}

			members.push(name);
		} else {
			if (!member) {
				throw new TagdeckError(
					'EntityNotExist.User.Group',
					`The user "${name}" is not in the group ${group.name}.`,
				);
			}

			members = members.filter((m) => m !== name);
		}
	}

	put(
		txn,
		{kind: 'group', ...structuredClone(group), members},
		'group',
		group.name,
	);
}

/** Refuses to delete what still has ties, as RAM does; names what to undo first. */
function deleteEntity(txn: Txn, kind: Kind, name: string) {
	const {data} = txn.world;
	if (kind === 'user') {
		const user = needUser(data, name);
		const groups = groupsOf(data, name);
		if (groups.length > 0) {
			throw new TagdeckError(
				'DeleteConflict.User.Group',
				`The user "${name}" is in ${groups.map((g) => g.name).join(', ')}: remove it first (tagdeck ram group remove ${groups[0]!.name} ${name}).`,
			);
		}

		if (user.policies.length > 0) {
			throw new TagdeckError(
				'DeleteConflict.User.Policy',
				`The user "${name}" holds ${user.policies.map((p) => p.name).join(', ')}: detach first (tagdeck ram policy detach ${user.policies[0]!.name} --user ${name}).`,
			);
		}
	} else if (kind === 'group') {
		const group = needGroup(data, name);
		if (group.members.length > 0) {
			throw new TagdeckError(
				'DeleteConflict.Group.User',
				`The group "${name}" has members (${group.members.join(', ')}): remove them first (tagdeck ram group remove ${name} ${group.members.join(' ')}).`,
			);
		}

		if (group.policies.length > 0) {
			throw new TagdeckError(
				'DeleteConflict.Group.Policy',
				`The group "${name}" holds ${group.policies.map((p) => p.name).join(', ')}: detach first (tagdeck ram policy detach ${group.policies[0]!.name} --group ${name}).`,
			);
		}
	} else {
		if (!ramPolicy(data, name)) {
			throw new TagdeckError(
				'EntityNotExist.Policy',
				`There is no custom policy "${visible(name)}" (system policies cannot be deleted). List them with: tagdeck ram policy list`,
			);
		}

		const {users, groups} = attachmentsOf(data, name);
		if (users.length > 0) {
			throw new TagdeckError(
				'DeleteConflict.Policy.User',
				`The policy ${name} is attached to the user${users.length === 1 ? '' : 's'} ${users.join(', ')}: detach it first (tagdeck ram policy detach ${name} --user ${users[0]!}).`,
			);
		}

		if (groups.length > 0) {
			throw new TagdeckError(
				'DeleteConflict.Policy.Group',
				`The policy ${name} is attached to the group${groups.length === 1 ? '' : 's'} ${groups.join(', ')}: detach it first (tagdeck ram policy detach ${name} --group ${groups[0]!}).`,
			);
		}
	}

	put(txn, undefined, kind, name);
}

/** Applies one `ram` command inside a transaction. */
export function changeRam(txn: Txn, command: RamCommand) {
	switch (command.action) {
		case 'create-user': {
			createEntity(txn, {
				kind: 'user',
				name: command.name,
				id: userId(txn.random),
				created: txn.now,
				accessKeys: command.accessKey
					? [newAccessKey(txn.random, txn.now)]
					: [],
				policies: [],
			});
			return;
		}

		case 'create-group': {
			createEntity(txn, {
				kind: 'group',
				name: command.name,
				created: txn.now,
				members: [],
				policies: [],
			});
			return;
		}

		case 'create-policy': {
			if (systemPolicies.has(command.name)) {
				throw new TagdeckError(
					'EntityAlreadyExists.Policy',
					`${command.name} is a system policy; give the custom policy another name.`,
				);
			}

			// Refused with the line and the reason when malformed.
			parsePolicy(command.document ?? '');
			createEntity(txn, {
				kind: 'policy',
				name: command.name,
				created: txn.now,
				description: command.description ?? '',
				document: command.document!,
			});
			return;
		}

		case 'delete-user': {
			deleteEntity(txn, 'user', command.name);
			return;
		}

		case 'delete-group': {
			deleteEntity(txn, 'group', command.name);
			return;
		}

		case 'delete-policy': {
			deleteEntity(txn, 'policy', command.name);
			return;
		}

		case 'add-to-group':
		case 'remove-from-group': {
			changeMembers(txn, command);
			return;
		}

		case 'attach':
		case 'detach': {
			changeAttachment(txn, command);
		}
	}
}
