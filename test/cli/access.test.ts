/*
Access by tag through the command line (docs/access.md): the RAM tutorial "Use
tags to grant access to ECS instances by group" step by step on the demo world,
"Create a resource with a specific tag", `ram why`, and the refusals.
*/
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	printed,
	refused,
	refusedJson,
	type ResourceView,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
let dev: string[];
let ops: string[];
beforeAll(async () => {
	worlds = await DemoWorlds.create();
	const ids = (prefix: string) =>
		[1, 2, 3, 4, 5].map((n) => worlds.id(`${prefix}-${n}`));
	dev = ids('dev-app');
	ops = ids('ops-tool');
});
afterAll(async () => {
	await worlds?.remove();
});

const run = async (db: string, ...args: string[]) => tagdeck(args, {db});

type Failed = Array<{
	id: string;
	code: string;
	detail: Record<string, unknown>;
}>;

describe('the tutorial: tags grant access to ECS instances by group', () => {
	test('1. alice sees only her team’s five instances; the rest are counted, not shown', async () => {
		const db = await worlds.copy();
		const result = await run(db, 'list', '--as', 'alice', '--json');
		expect(result.code, printed(result)).toBe(0);
		const seen = JSON.parse(result.stdout) as ResourceView[];
		expect(seen.map((r) => r.id).toSorted()).toEqual(dev.toSorted());
		expect(seen.every((r) => r.tags.team === 'dev')).toBe(true);
		expect(result.stderr).toBe(
			'158 resources hidden: alice may not describe them (tagdeck ram why alice ACTION ID explains one).\n',
		);
		// Bob, through the environment, sees the other five.
		const bob = await tagdeck(['list', '--region', 'cn-beijing', '--json'], {
			db,
			env: {TAGDECK_AS: 'bob'},
		});
		expect(
			(JSON.parse(bob.stdout) as ResourceView[]).map((r) => r.id).toSorted(),
		).toEqual(ops.toSorted());
		expect(bob.stderr).toContain(
			'5 resources hidden: bob may not describe them',
		);
		// The account sees everything and is told nothing.
		expect(
			okJson<ResourceView[]>(await run(db, 'list', '--json')),
		).toHaveLength(163);
	});

	test('2. alice stops her team’s instances; the log says it was her', async () => {
		const db = await worlds.copy();
		expect(
			ok(await run(db, 'stop', dev[0]!, dev[1]!, '--as', 'alice')),
		).toContain('Done: 2 resources changed');
		const log = okJson<Array<{by?: string; summary: string}>>(
			await run(db, 'log', '--json', '--limit', '1'),
		);
		expect(log[0]).toMatchObject({by: 'alice', summary: 'stop 2 resources'});
		expect(ok(await run(db, 'log', '--limit', '1'))).toContain(
			'stop 2 resources (as alice)',
		);
	});

	test('3. alice may not stop ops’ instances: Forbidden.RAM with the detail, nothing changed; --partial stops hers', async () => {
		const db = await worlds.copy();
		const result = await run(
			db,
			'stop',
			dev[2]!,
			ops[0]!,
			'--as',
			'alice',
			'--json',
		);
		expect(result.code, printed(result)).toBe(1);
		const {failed} = JSON.parse(result.stdout) as {failed: Failed};
		expect(failed).toEqual([
			expect.objectContaining({
				id: ops[0],
				code: 'Forbidden.RAM',
				detail: expect.objectContaining({
					authAction: 'ecs:StopInstance',
					noPermissionType: 'ImplicitDeny',
				}) as unknown,
			}),
		]);
		const states = async () =>
			okJson<ResourceView[]>(
				await run(db, 'list', '--region', 'cn-beijing', '--json'),
			)
				.filter((r) => r.id === dev[2] || r.id === ops[0])
				.map((r) => r.status);
		expect(await states()).toEqual(['Running', 'Running']);
		const partial = await run(
			db,
			'stop',
			dev[2]!,
			ops[0]!,
			'--as',
			'alice',
			'--partial',
		);
		expect(partial.code).toBe(1);
		expect(partial.stdout).toContain('Skipped 1 resource that failed');
		expect(partial.stdout).toContain(`✗ ${ops[0]!}  Forbidden.RAM`);
		expect(await states()).toContain('Stopped');
	});

	test('4. alice may not change any tag, even on her own instance: statement 4 denies it', async () => {
		const db = await worlds.copy();
		for (const args of [
			['tag', dev[0]!, '--tag', 'owner=alice'],
			['untag', dev[0]!, '--key', 'team'],
		]) {
			const result = await run(db, ...args, '--as', 'alice', '--json');
			expect(result.code, printed(result)).toBe(1);
			const {failed} = JSON.parse(result.stdout) as {failed: Failed};
			expect(failed[0]!.detail).toMatchObject({
				noPermissionType: 'ExplicitDeny',
				policy: 'policyForDevTeam',
				statement: 4,
			});
		}
	});

	test('5. once root changes the team tag of an instance she could stop, alice can no longer reach it', async () => {
		const db = await worlds.copy();
		ok(await run(db, 'tag', dev[4]!, '--tag', 'team=ops'));
		const show = await run(db, 'show', dev[4]!, '--as', 'alice', '--json');
		expect(refusedJson(show, 'Forbidden.RAM').detail).toMatchObject({
			authAction: 'ecs:DescribeInstances',
			noPermissionType: 'ImplicitDeny',
		});
		const stop = await run(db, 'stop', dev[4]!, '--as', 'alice');
		expect(stop.code).toBe(1);
		expect(stop.stderr).toContain('Forbidden.RAM');
		// Bob now may.
		ok(await run(db, 'stop', dev[4]!, '--as', 'bob'));
	});

	test('ram why explains each decision statement by statement', async () => {
		const db = await worlds.copy();
		const text = ok(
			await run(db, 'ram', 'why', 'alice', 'ecs:TagResources', dev[0]!),
		);
		expect(text).toContain('policyForDevTeam (Custom, via group developer)');
		expect(text).toContain(
			'holds     StringEquals acs:ResourceTag/team ["dev"]: is "dev"',
		);
		expect(text).toMatch(/✗ statement 4 Deny: matches/v);
		expect(text.trimEnd().split('\n').at(-1)).toBe(
			'Denied (ExplicitDeny) by policyForDevTeam statement 4: a matching Deny wins over any Allow.',
		);
		const stop = okJson<{decision: string; policy: string; statement: number}>(
			await run(
				db,
				'ram',
				'why',
				'alice',
				'ecs:StopInstance',
				dev[0]!,
				'--json',
			),
		);
		expect(stop).toMatchObject({
			decision: 'Allow',
			policy: 'policyForDevTeam',
			statement: 2,
		});
		const creating = okJson<{decision: string; statement: number}>(
			await run(
				db,
				'ram',
				'why',
				'alice',
				'ecs:RunInstances',
				'*',
				'--tag',
				'team=dev',
				'--json',
			),
		);
		expect(creating).toMatchObject({decision: 'Allow', statement: 1});
		expect(
			ok(await run(db, 'ram', 'why', 'root', 'ecs:StopInstance', dev[0]!)),
		).toContain('may do everything');
	});
});

describe('create a resource with a specific tag', () => {
	test('RunInstances allowed only with owner=zhangsan: refused without the tag, allowed with it, and createdby names the user', async () => {
		const db = await worlds.copy();
		const file = path.join(worlds.directory, 'bind-tag.json');
		await writeFile(
			file,
			JSON.stringify(
				{
					Version: '1',
					Statement: [
						{
							Effect: 'Allow',
							Action: 'ecs:RunInstances',
							Resource: '*',
							Condition: {StringEquals: {'acs:RequestTag/owner': 'zhangsan'}},
						},
					],
				},
				undefined,
				2,
			),
		);
		const created = ok(
			await run(db, 'ram', 'user', 'create', 'zhangsan', '--access-key'),
		);
		expect(created).toMatch(/AccessKey ID: {5}LTAI[A-Za-z\d]{20}\n/v);
		expect(created).toMatch(/AccessKey secret: [A-Za-z\d]{30}\n/v);
		ok(
			await run(db, 'ram', 'policy', 'create', 'BindTagForRes', '--file', file),
		);
		ok(
			await run(
				db,
				'ram',
				'policy',
				'attach',
				'BindTagForRes',
				'--user',
				'zhangsan',
			),
		);

		const without = await run(
			db,
			'create',
			'instance',
			'--region',
			'cn-beijing',
			'--as',
			'zhangsan',
		);
		expect(refused(without, 'Forbidden.RAM')).toContain(
			'zhangsan may not ecs:RunInstances on *: no policy of zhangsan allows it',
		);
		const wrong = await run(
			db,
			'create',
			'instance',
			'--region',
			'cn-beijing',
			'--tag',
			'owner=lisi',
			'--as',
			'zhangsan',
		);
		refused(wrong, 'Forbidden.RAM');

		const made = okJson<{created: string[]}>(
			await run(
				db,
				'create',
				'instance',
				'--region',
				'cn-beijing',
				'--tag',
				'owner=zhangsan',
				'--as',
				'zhangsan',
				'--json',
			),
		);
		const user = okJson<{id: string}>(
			await run(db, 'ram', 'user', 'show', 'zhangsan', '--json'),
		);
		const instance = okJson<ResourceView>(
			await run(db, 'show', made.created[0]!, '--json'),
		);
		expect(instance.tags).toMatchObject({
			owner: 'zhangsan',
			'acs:tag:createdby': `sub:${user.id}:zhangsan`,
		});
		// The secret is never shown again.
		expect(JSON.stringify(user)).not.toContain('secret');
	});
});

describe('AccessKeys', () => {
	test('ram keys lists the account’s and users’ key IDs; --root alone shows a secret, and only to the account', async () => {
		const db = await worlds.copy();
		const made = okJson<{
			user: {name: string; accessKeys: Array<{id: string; secret: string}>};
		}>(
			await run(
				db,
				'ram',
				'user',
				'create',
				'ci-bot',
				'--access-key',
				'--json',
			),
		);
		expect(made.user.name).toBe('ci-bot');
		const userKey = made.user.accessKeys[0]!;
		const listed = okJson<Array<{owner: string; accessKeyId: string}>>(
			await run(db, 'ram', 'keys', '--json'),
		);
		expect(listed.map((k) => k.owner)).toEqual(['root', 'ci-bot']);
		expect(listed[1]!.accessKeyId).toBe(userKey.id);
		const text = ok(await run(db, 'ram', 'keys'));
		expect(text).not.toContain(userKey.secret);
		const root = okJson<{accessKeyId: string; accessKeySecret: string}>(
			await run(db, 'ram', 'keys', '--root', '--json'),
		);
		expect(root.accessKeyId).toBe(listed[0]!.accessKeyId);
		expect(root.accessKeySecret).toMatch(/^[A-Za-z\d]{30}$/v);
		expect(ok(await run(db, 'ram', 'keys', '--root'))).toContain(
			root.accessKeySecret,
		);
		// The demo world is the same wherever it is made, its pair too.
		const other = okJson<{accessKeyId: string}>(
			await tagdeck(['ram', 'keys', '--root', '--json'], {
				db: path.join(worlds.directory, 'fresh.json'),
				env: {},
			}),
		);
		expect(other.accessKeyId).toBe(root.accessKeyId);
		expect(
			refused(
				await run(db, 'ram', 'keys', '--root', '--as', 'alice'),
				'Forbidden.AccountOnly',
			),
		).not.toContain(root.accessKeySecret);
		refused(await run(db, 'ram', 'keys', '--as', 'alice'), 'Forbidden.RAM');
	});
});

describe('refusals', () => {
	test('what only the account does is refused as a user; an unknown user is EntityNotExist.User', async () => {
		const db = await worlds.copy();
		for (const args of [
			['undo'],
			['clock', 'advance', '1d'],
			['inheritance', 'on'],
			['costs'],
		]) {
			expect(
				refused(
					await run(db, ...args, '--as', 'alice'),
					'Forbidden.AccountOnly',
				),
			).toContain('leave out --as');
		}

		refused(await run(db, 'list', '--as', 'mallory'), 'EntityNotExist.User');
		usage(await run(db, 'list', '--as', ''));
		usage(await run(db, '--as', 'alice', 'list', '--as', 'bob'));
		// --as root is the account.
		expect(
			okJson<ResourceView[]>(await run(db, 'list', '--as', 'root', '--json')),
		).toHaveLength(163);
	});

	test('a malformed policy document is refused with its line and the reason; nothing is written', async () => {
		const db = await worlds.copy();
		const file = path.join(worlds.directory, 'broken.json');
		await writeFile(
			file,
			'{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow", "Action": "ecs:*"}\n  ]\n}\n',
		);
		const message = refused(
			await run(db, 'ram', 'policy', 'create', 'Broken', '--file', file),
			'MalformedPolicyDocument',
		);
		expect(message).toMatch(/line 4/v);
		expect(message).toContain('Resource');
		const names = okJson<Array<{name: string}>>(
			await run(db, 'ram', 'policy', 'list', '--json'),
		);
		expect(names.map((p) => p.name)).not.toContain('Broken');
		usage(
			await run(db, 'ram', 'policy', 'create', 'X', '--file', worlds.directory),
		);
		usage(await run(db, 'ram', 'policy', 'attach', 'X'));
		usage(await run(db, 'ram', 'frobnicate'));
	});

	test('ram actions lists the action each command calls, per type', async () => {
		const db = await worlds.copy();
		const text = ok(await run(db, 'ram', 'actions'));
		expect(text).toMatch(
			/^Ecs-Instance\s+ecs:DescribeInstances\s+ecs:RunInstances\s+ecs:DeleteInstance\s+ecs:TagResources\s+ecs:UntagResources\s/mv,
		);
		expect(text).toMatch(
			/^Vpc-Eip\s+vpc:DescribeEipAddresses\s.*tag:TagResources\s+tag:UntagResources\s/mv,
		);
		expect(text).toContain('tagdeck rules enable');
	});
});
