import type {Resource} from '../../../core/model.js';
import {
	resourceName,
	typeAction,
	verdictFor,
	type TypeAction,
} from '../../../core/ram/access.js';
import {
	principalOf,
	ramEntities,
	rootName,
} from '../../../core/ram/identities.js';
import type {World} from '../../../core/world.js';
import {
	browseBindings,
	escapeBinding,
	moveBindings,
	type ScreenKeys,
} from '../../binding.js';
import {back, cursorOf, say, type UiState} from '../../state.js';

/** One row of :ram: the account, a user, a group or a custom policy. */
export type RamRow = {
	kind: 'account' | 'user' | 'group' | 'policy';
	name: string;
	/** Users: their groups; groups: their members; policies: where attached. */
	with: string;
	policies: string;
};

const names = (list: Array<{name: string}>) =>
	list.map((item) => item.name).join(', ') || '-';

/** The account, then users, groups and custom policies, each by name; narrowed by the / filter. */
export function ramRows(state: UiState, world: World): RamRow[] {
	const {data} = world.whole ?? world;
	const users = ramEntities(data, 'user');
	const groups = ramEntities(data, 'group');
	const holders = (name: string) =>
		[...users, ...groups]
			.filter((holder) =>
				holder.policies.some((p) => p.type === 'Custom' && p.name === name),
			)
			.map((holder) => holder.name)
			.join(', ') || '-';
	const rows: RamRow[] = [
		{
			kind: 'account',
			name: rootName,
			with: '-',
			policies: 'may do everything',
		},
		...users.map((user) => {
			const {policies, via} = principalOf(data, user.name)!;
			return {
				kind: 'user' as const,
				name: user.name,
				with: names(groups.filter((g) => g.members.includes(user.name))),
				// What the user holds, its own and through its groups.
				policies:
					policies
						.map((p) => {
							const from = via.get(`${p.type}:${p.name}`)!;
							return from === 'user' ? p.name : `${p.name} (${from})`;
						})
						.join(', ') || '- (may do nothing)',
			};
		}),
		...groups.map((group) => ({
			kind: 'group' as const,
			name: group.name,
			with: group.members.join(', ') || '-',
			policies: names(group.policies),
		})),
		...ramEntities(data, 'policy').map((policy) => ({
			kind: 'policy' as const,
			name: policy.name,
			with: holders(policy.name),
			policies: policy.description || '-',
		})),
	];
	const text = state.filters.ram ?? '';
	return rows.filter((row) => !text || row.name.includes(text));
}

/**
Acts as `name` from now on (`root`: the account). Marks are cleared: they may
name resources the new identity may not see.
*/
export function actAs(state: UiState, name: string, world: World): UiState {
	const {data} = world.whole ?? world;
	if (name === rootName || name === '') {
		return say(
			{...state, as: undefined, marks: new Set()},
			'Acting as the account (root): everything is shown and allowed.',
		);
	}

	if (!ramEntities(data, 'user').some((user) => user.name === name)) {
		const known = ramEntities(data, 'user').map((user) => user.name);
		return say(
			state,
			`No RAM user "${name}". Users: ${known.join(', ') || 'none'} (:ram lists them; :as root is the account).`,
			true,
		);
	}

	return say(
		{...state, as: name, marks: new Set()},
		`Acting as ${name}: rows ${name} may not describe are hidden, and every change is decided by ${name}'s policies (w explains a row; :as root goes back).`,
	);
}

/** What `w` weighs for a row: the actions a user would most often ask about. */
const explained: TypeAction[] = [
	'describe',
	'tag',
	'untag',
	'stop',
	'start',
	'release',
];

/**
The decisions for the cursor row, in one status message: each action the
acting user's policies allow (✓) or deny (✗), with the deciding statement.
*/
export function explainRow(
	state: UiState,
	world: World,
	resource: Resource | undefined,
): UiState {
	if (!resource) return say(state, 'No row under the cursor to explain.', true);
	if (state.as === undefined) {
		return say(
			state,
			`You act as the account (root): it may do everything to ${resource.name}. :as USER acts as a RAM user (:ram lists them).`,
		);
	}

	const {data} = world.whole ?? world;
	const principal = principalOf(data, state.as)!;
	// Actions grouped by what decided them: `StopInstance, StartInstance (policyForDevTeam #2)`.
	const groups = new Map<string, string[]>();
	for (const action of explained) {
		const name = typeAction(action, resource.type);
		if (!name) continue;
		const verdict = verdictFor(principal, {
			action: name,
			resource: resourceName(data.account.id, resource),
			resourceTags: resource.tags,
		});
		const key =
			verdict.decision === 'Allow'
				? `allowed by ${verdict.policy} #${verdict.statement}`
				: verdict.decision === 'ExplicitDeny'
					? `denied by ${verdict.policy} #${verdict.statement}`
					: 'denied: nothing allows';
		groups.set(key, [...(groups.get(key) ?? []), name]);
	}

	// One service for every action (the usual case): named once, so the message fits three lines.
	const names = [...groups.values()].flat();
	const service = names[0]?.split(':')[0];
	const shared = names.every((name) => name.startsWith(`${service}:`));
	const parts = [...groups].map(
		([decided, list]) =>
			`${decided}: ${list.map((name) => (shared ? name.slice(service!.length + 1) : name)).join(', ')}`,
	);
	return say(
		state,
		`${state.as} on ${resource.name}${shared ? ` (${service})` : ''}: ${parts.join('; ')}. tagdeck ram why shows each statement.`,
	);
}

const length = (state: UiState, world: World) => ramRows(state, world).length;

export const ramKeys: ScreenKeys = {
	length,
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'act as the user under the cursor (root: the account)',
			footer: 'act as',
			run({state, world}) {
				const row = ramRows(state, world)[cursorOf(state)];
				if (row?.kind !== 'user' && row?.kind !== 'account')
					return say(
						state,
						'Only a user or the account can act: move to one.',
						true,
					);
				return back(actAs(state, row.name, world));
			},
		},
		escapeBinding,
		...browseBindings,
		...moveBindings(length, true),
	],
};
