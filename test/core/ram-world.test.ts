/*
RAM in the world (docs/access.md): users, groups and custom policies as
undoable steps, with RAM's own refusals, and commands applied as a RAM user
(`as`), each resource decided by the user's policies before anything changes.
The demo world holds the tutorial: alice (developer) and bob (operator), and
ten instances in cn-beijing tagged team:dev or team:ops.
*/
import {describe, expect, it} from 'vitest';
import {apply} from '../../source/core/apply.js';
import type {Command, RamCommand} from '../../source/core/model.js';
import {
	mayDescribe,
	resourceName,
	visibleWorld,
} from '../../source/core/ram/access.js';
import {principalOf} from '../../source/core/ram/identities.js';
import type {World} from '../../source/core/world.js';
import {demo, now, run, snapshot} from '../helpers/world.js';

const ram = (command: Omit<RamCommand, 'op'>): Command => ({
	op: 'ram',
	...command,
});

function as(world: World, user: string, command: Command) {
	return apply(world, command, {now, as: user});
}

const team = (world: World, value: string) =>
	world
		.resources()
		.filter((r) => r.tags.team === value && r.region === 'cn-beijing')
		.map((r) => r.id);

describe('the demo world holds the RAM tutorial', () => {
	it('alice is in developer, bob in operator; each group holds its policy, and each user holds them through it', () => {
		const world = demo();
		const alice = principalOf(world.data, 'alice')!;
		expect(alice.id).toMatch(/^[1-9]\d{15}$/v);
		expect(alice.policies.map((p) => p.name)).toEqual(['policyForDevTeam']);
		expect(alice.via.get('Custom:policyForDevTeam')).toBe('group developer');
		expect(principalOf(world.data, 'bob')!.policies.map((p) => p.name)).toEqual(
			['policyForOpsTeam'],
		);
		expect(team(world, 'dev')).toHaveLength(5);
		expect(team(world, 'ops')).toHaveLength(5);
		expect(principalOf(world.data, 'root')).toBeUndefined();
	});

	it('alice may describe the five team:dev instances and nothing else', () => {
		const world = demo();
		const {world: seen, hidden} = visibleWorld(
			world,
			principalOf(world.data, 'alice')!,
		);
		expect(
			seen
				.resources()
				.map((r) => r.id)
				.toSorted(),
		).toEqual(team(world, 'dev').toSorted());
		expect(hidden).toBe(world.resources().length - 5);
	});
});

describe('acting as a user', () => {
	it('a batch with a resource the user may not act on is refused whole, with RAM’s detail; --partial applies the rest', () => {
		const world = demo();
		const [dev] = team(world, 'dev');
		const [ops] = team(world, 'ops');
		const before = snapshot(world);
		const refused = as(world, 'alice', {op: 'stop', ids: [dev!, ops!]});
		expect(refused.ok).toBe(false);
		expect(refused.failures).toEqual([
			{
				id: ops,
				code: 'Forbidden.RAM',
				message: expect.stringMatching(
					/^alice may not ecs:StopInstance on i-\w+: no policy of alice allows it\. User not authorized to operate on the specified resource, or this API doesn't support RAM\. \(tagdeck ram why alice ecs:StopInstance i-\w+\)$/v,
				) as string,
				detail: {
					authAction: 'ecs:StopInstance',
					authResource: resourceName(world.data.account.id, world.get(ops!)!),
					noPermissionType: 'ImplicitDeny',
				},
			},
		]);
		expect(snapshot(world)).toEqual(before);

		const partial = as(world, 'alice', {
			op: 'stop',
			ids: [dev!, ops!],
			partial: true,
		});
		expect(partial.ok).toBe(true);
		expect(world.get(dev!)!.status).toBe('Stopped');
		expect(world.get(ops!)!.status).toBe('Running');
		expect(partial.event?.by).toBe('alice');
		expect(partial.event?.failures.map((f) => f.id)).toEqual([ops]);
	});

	it('a tag change is denied by the policy’s fourth statement (ExplicitDeny), even on her own team’s instance', () => {
		const world = demo();
		const [dev] = team(world, 'dev');
		const result = as(world, 'alice', {
			op: 'tag',
			ids: [dev!],
			tags: {team: 'dev'},
		});
		expect(result.failures[0]!.detail).toMatchObject({
			authAction: 'ecs:TagResources',
			noPermissionType: 'ExplicitDeny',
			policy: 'policyForDevTeam',
			statement: 4,
		});
		const untag = as(world, 'alice', {
			op: 'untag',
			ids: [dev!],
			keys: ['team'],
		});
		expect(untag.failures[0]!.detail?.authAction).toBe('ecs:UntagResources');
	});

	it('conditions see the tags before the change: once root retags her instance, alice loses it', () => {
		const world = demo();
		const [dev] = team(world, 'dev');
		expect(run(world, {op: 'tag', ids: [dev!], tags: {team: 'ops'}}).ok).toBe(
			true,
		);
		const principal = principalOf(world.data, 'alice')!;
		expect(
			mayDescribe(principal, world.data.account.id, world.get(dev!)!),
		).toBe(false);
		expect(as(world, 'alice', {op: 'stop', ids: [dev!]}).ok).toBe(false);
		expect(as(world, 'bob', {op: 'stop', ids: [dev!]}).ok).toBe(true);
	});

	it('create is decided with the tags it creates with (acs:RequestTag), and the new resource names its creator', () => {
		const world = demo();
		const denied = as(world, 'alice', {
			op: 'create',
			type: 'instance',
			region: 'cn-beijing',
		});
		expect(denied.ok).toBe(false);
		expect(denied.error).toMatchObject({
			code: 'Forbidden.RAM',
			detail: {
				authAction: 'ecs:RunInstances',
				authResource: `acs:ecs:cn-beijing:${world.data.account.id}:instance/*`,
				noPermissionType: 'ImplicitDeny',
			},
		});
		const allowed = as(world, 'alice', {
			op: 'create',
			type: 'instance',
			region: 'cn-beijing',
			tags: {team: 'dev'},
		});
		expect(allowed.ok).toBe(true);
		const created = world.get(allowed.created[0]!)!;
		const {id} = principalOf(world.data, 'alice')!;
		expect(created.tags['acs:tag:createdby']).toBe(`sub:${id}:alice`);
		expect(
			run(world, {op: 'create', type: 'instance', region: 'cn-beijing'}).ok,
		).toBe(true);
	});

	it('links are decided on the resource moved and on its target', () => {
		const world = demo();
		const [dev] = team(world, 'dev');
		const disk = as(world, 'root', {
			op: 'create',
			type: 'disk',
			region: 'cn-beijing',
			zone: world.get(dev!)!.zone!,
			tags: {team: 'dev'},
		}).created[0]!;
		expect(as(world, 'alice', {op: 'attach', id: disk, to: dev!}).ok).toBe(
			true,
		);
		const [ops] = team(world, 'ops');
		expect(as(world, 'alice', {op: 'detach', id: disk}).ok).toBe(true);
		const other = as(world, 'alice', {op: 'attach', id: disk, to: ops!});
		expect(other.ok).toBe(false);
		expect(other.error?.detail).toMatchObject({
			authAction: 'ecs:AttachDisk',
			authResource: resourceName(world.data.account.id, world.get(ops!)!),
		});
	});

	it('account settings and tagdeck’s own commands are the account’s: Forbidden.AccountOnly', () => {
		const world = demo();
		for (const command of [
			{op: 'inheritance', enabled: true},
			{op: 'createdby', enabled: false},
			{op: 'costs', associated: true},
			{op: 'clock', advance: '1d'},
			{op: 'undo'},
		] as Command[]) {
			expect(as(world, 'alice', command).error?.code, command.op).toBe(
				'Forbidden.AccountOnly',
			);
		}
	});

	it('RAM itself is decided by ram: actions: alice may not create users; with AliyunRAMFullAccess she may', () => {
		const world = demo();
		const refused = as(
			world,
			'alice',
			ram({action: 'create-user', name: 'eve'}),
		);
		expect(refused.error).toMatchObject({
			code: 'Forbidden.RAM',
			detail: {
				authAction: 'ram:CreateUser',
				authResource: `acs:ram:*:${world.data.account.id}:user/eve`,
			},
		});
		run(
			world,
			ram({
				action: 'attach',
				name: 'AliyunRAMFullAccess',
				policyType: 'System',
				user: 'alice',
			}),
		);
		expect(
			as(world, 'alice', ram({action: 'create-user', name: 'eve'})).ok,
		).toBe(true);
	});

	it('an unknown user is EntityNotExist.User, and nothing is applied', () => {
		const world = demo();
		const result = as(world, 'mallory', {op: 'stop', ids: team(world, 'dev')});
		expect(result.error?.code).toBe('EntityNotExist.User');
		expect(world.get(team(world, 'dev')[0]!)!.status).toBe('Running');
	});
});

describe('users, groups and policies are steps, with RAM’s refusals', () => {
	const document = JSON.stringify({
		Version: '1',
		Statement: [
			{
				Effect: 'Allow',
				Action: 'ecs:RunInstances',
				Resource: '*',
				Condition: {StringEquals: {'acs:RequestTag/owner': 'zhangsan'}},
			},
		],
	});

	it('create, attach, undo: each step reverses exactly', () => {
		const world = demo();
		const start = snapshot(world);
		const steps: Command[] = [
			ram({action: 'create-user', name: 'carol', accessKey: true}),
			ram({action: 'create-policy', name: 'BindTagForRes', document}),
			ram({action: 'attach', name: 'BindTagForRes', user: 'carol'}),
			ram({action: 'create-group', name: 'testers'}),
			ram({action: 'add-to-group', name: 'testers', users: ['carol']}),
		];
		const after: unknown[] = [];
		for (const step of steps) {
			const result = run(world, step);
			expect(result.ok, JSON.stringify(result.error)).toBe(true);
			after.push(snapshot(world));
		}

		const carol = world.data.ram['user:carol'];
		expect(carol).toMatchObject({
			kind: 'user',
			name: 'carol',
			policies: [{type: 'Custom', name: 'BindTagForRes'}],
		});
		expect(carol?.kind === 'user' && carol.accessKeys[0]).toMatchObject({
			id: expect.stringMatching(/^LTAI[A-Za-z\d]{20}$/v) as string,
			secret: expect.stringMatching(/^[A-Za-z\d]{30}$/v) as string,
		});
		for (let i = steps.length - 1; i >= 0; i--) {
			expect(run(world, {op: 'undo'}).ok).toBe(true);
			expect(snapshot(world)).toEqual(
				i === 0 ? stripLog(start, world) : stripLog(after[i - 1], world),
			);
		}
	});

	it('refusals carry RAM’s codes and name the fix', () => {
		const world = demo();
		const code = (command: Command) => run(world, command).error?.code;
		expect(code(ram({action: 'create-user', name: 'alice'}))).toBe(
			'EntityAlreadyExists.User',
		);
		expect(code(ram({action: 'create-user', name: 'a b'}))).toBe(
			'InvalidParameter.UserName.InvalidChars',
		);
		expect(code(ram({action: 'create-user', name: 'x'.repeat(65)}))).toBe(
			'InvalidParameter.UserName.Length',
		);
		expect(code(ram({action: 'create-group', name: 'developer'}))).toBe(
			'EntityAlreadyExists.Group',
		);
		expect(
			code(ram({action: 'add-to-group', name: 'developer', users: ['alice']})),
		).toBe('EntityAlreadyExists.User.Group');
		expect(
			code(
				ram({action: 'remove-from-group', name: 'operator', users: ['alice']}),
			),
		).toBe('EntityNotExist.User.Group');
		expect(
			code(ram({action: 'add-to-group', name: 'nobody', users: ['alice']})),
		).toBe('EntityNotExist.Group');
		expect(
			code(
				ram({action: 'attach', name: 'policyForDevTeam', group: 'developer'}),
			),
		).toBe('EntityAlreadyExists.Group.Policy');
		expect(
			code(ram({action: 'detach', name: 'policyForDevTeam', user: 'alice'})),
		).toBe('EntityNotExist.User.Policy');
		expect(
			code(ram({action: 'attach', name: 'NoSuchPolicy', user: 'alice'})),
		).toBe('EntityNotExist.Policy');
		expect(code(ram({action: 'delete-user', name: 'alice'}))).toBe(
			'DeleteConflict.User.Group',
		);
		expect(code(ram({action: 'delete-group', name: 'developer'}))).toBe(
			'DeleteConflict.Group.User',
		);
		expect(code(ram({action: 'delete-policy', name: 'policyForDevTeam'}))).toBe(
			'DeleteConflict.Policy.Group',
		);
		expect(
			code(
				ram({action: 'create-policy', name: 'AliyunECSFullAccess', document}),
			),
		).toBe('EntityAlreadyExists.Policy');
		expect(
			code(
				ram({
					action: 'create-policy',
					name: 'Broken',
					document: '{"Version": "1"',
				}),
			),
		).toBe('MalformedPolicyDocument');
		const message = run(world, ram({action: 'delete-user', name: 'alice'}))
			.error?.message;
		expect(message).toContain('tagdeck ram group remove developer alice');
	});

	it('deleting in order: remove from the group, detach, delete', () => {
		const world = demo();
		for (const step of [
			ram({action: 'remove-from-group', name: 'developer', users: ['alice']}),
			ram({action: 'delete-user', name: 'alice'}),
			ram({action: 'detach', name: 'policyForDevTeam', group: 'developer'}),
			ram({action: 'delete-group', name: 'developer'}),
			ram({action: 'delete-policy', name: 'policyForDevTeam'}),
		]) {
			const result = run(world, step);
			expect(result.ok, JSON.stringify(result.error)).toBe(true);
		}

		expect(Object.keys(world.data.ram).toSorted()).toEqual([
			'group:operator',
			'policy:policyForOpsTeam',
			'user:bob',
		]);
	});
});

/** A snapshot's world with the log and revision of `world` (undo adds its own steps). */
function stripLog(snap: unknown, world: World): unknown {
	const data = structuredClone(snap) as World['data'];
	return {
		...data,
		log: world.data.log,
		revision: world.data.revision,
		nextSeq: world.data.nextSeq,
		history: world.data.history,
		rng: world.data.rng,
	};
}
