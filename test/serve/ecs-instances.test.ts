/*
ECS's instance operations through `tagdeck serve`, driven by the official
SDKs, unmodified (docs/api.md): StopInstances, StartInstances and
RebootInstances change the world as one step named by the action, which undo
reverses; AllTogether refuses the whole call for one instance that cannot,
SuccessFirst does the others and says why each failed; DryRun changes
nothing; a RAM user may stop only what their policies allow.
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {generatedWorld} from '../../source/core/generated-world.js';
import type {Resource, WorldData} from '../../source/core/model.js';
import {
	Ecs,
	type Key,
	rejection,
	type SdkClient,
	TestServer,
} from '../helpers/serve.js';
import {demoData} from '../helpers/store-files.js';

let server: TestServer;
let ecs: SdkClient;
const region = 'cn-hangzhou';

beforeAll(async () => {
	server = await TestServer.start(
		generatedWorld(1500, 'ecs-instances', new Date().toISOString()),
	);
	ecs = server.ecs();
});

afterAll(async () => {
	await server?.close();
});

/** The region's instances in a status, as the world file holds them now. */
function instances(status: string, where = region): Resource[] {
	return Object.values(server.world().resources)
		.filter(
			(r) =>
				r.type === 'Ecs-Instance' && r.region === where && r.status === status,
		)
		.toSorted((a, b) => (a.id < b.id ? -1 : 1));
}

const now = (id: string) => server.world().resources[id]!;

type InstanceResponse = {
	instanceId: string;
	code: string;
	message: string;
	previousStatus: string;
	currentStatus: string;
};

const answers = (response: {
	body: {instanceResponses: {instanceResponse: InstanceResponse[]}};
}) => response.body.instanceResponses.instanceResponse;

describe('StopInstances and StartInstances', () => {
	test('three running instances stopped in economical mode as one step, which undo reverses', async () => {
		const running = instances('Running').slice(0, 3);
		expect(running).toHaveLength(3);
		const ids = running.map((r) => r.id);
		const response = await ecs.stopInstances(
			new Ecs.StopInstancesRequest({
				regionId: region,
				instanceId: ids,
				stoppedMode: 'StopCharging',
				forceStop: false,
			}),
		);
		expect(response.statusCode).toBe(200);
		expect(answers(response)).toEqual(
			ids.map((id) => ({
				instanceId: id,
				code: '200',
				message: 'success',
				previousStatus: 'Running',
				currentStatus: 'Stopped',
			})),
		);
		for (const id of ids) {
			expect(now(id).status).toBe('Stopped');
			expect(now(id).economical).toBe(true);
		}

		const step = server.world().log.at(-1)!;
		expect(step.api).toBe('Ecs:StopInstances');
		expect(step.ids.toSorted()).toEqual(ids);
		expect(step.by).toBeUndefined();

		// DescribeInstances says so too.
		const described = await ecs.describeInstances(
			new Ecs.DescribeInstancesRequest({
				regionId: region,
				instanceIds: JSON.stringify(ids),
			}),
		);
		expect(
			described.body.instances.instance.map(
				(i: {status: string; stoppedMode: string}) => [i.status, i.stoppedMode],
			),
		).toEqual(ids.map(() => ['Stopped', 'StopCharging']));

		const undone = await server.store.apply({op: 'undo'});
		expect(undone.ok).toBe(true);
		for (const id of ids) {
			expect(now(id).status).toBe('Running');
			expect(now(id).economical).toBeUndefined();
		}
	});

	test('StartInstances starts instances stopped in economical mode and ends it; KeepCharging is the default stop', async () => {
		const [first, second] = instances('Running').slice(3, 5);
		await ecs.stopInstances(
			new Ecs.StopInstancesRequest({
				regionId: region,
				instanceId: [first!.id, second!.id],
				stoppedMode: 'StopCharging',
			}),
		);
		expect(now(second!.id).economical).toBe(true);
		const started = await ecs.startInstances(
			new Ecs.StartInstancesRequest({
				regionId: region,
				instanceId: [first!.id, second!.id],
			}),
		);
		expect(
			answers(started).map((a) => [a.previousStatus, a.currentStatus]),
		).toEqual([
			['Stopped', 'Running'],
			['Stopped', 'Running'],
		]);
		expect(now(first!.id).economical).toBeUndefined();
		expect(server.world().log.at(-1)!.api).toBe('Ecs:StartInstances');

		await ecs.stopInstances(
			new Ecs.StopInstancesRequest({regionId: region, instanceId: [first!.id]}),
		);
		expect(now(first!.id).status).toBe('Stopped');
		expect(now(first!.id).economical).toBeUndefined();
	});
});

describe('AllTogether and SuccessFirst', () => {
	test('AllTogether (the default): one instance that cannot refuses the whole call, nothing changes', async () => {
		const [a, b] = instances('Running');
		const stopped = instances('Stopped')[0]!;
		const elsewhere = instances('Running', 'cn-shanghai')[0]!;
		const {revision} = server.world();
		const cases: Array<[string[], string, number]> = [
			[[a!.id, stopped.id, b!.id], 'IncorrectInstanceStatus', 403],
			[[a!.id, 'i-bp1doesnotexist0000'], 'InvalidInstanceId.NotFound', 404],
			[[a!.id, elsewhere.id], 'InvalidInstanceId.NotFound', 404],
		];
		for (const [ids, code, status] of cases) {
			const error = await rejection(
				ecs.stopInstances(
					new Ecs.StopInstancesRequest({
						regionId: region,
						instanceId: ids,
						batchOptimization: 'AllTogether',
					}),
				),
			);
			expect([error.code, error.statusCode], code).toEqual([code, status]);
		}

		expect(server.world().revision).toBe(revision);
		expect(now(a!.id).status).toBe('Running');
		const starting = await rejection(
			ecs.startInstances(
				new Ecs.StartInstancesRequest({regionId: region, instanceId: [a!.id]}),
			),
		);
		expect(starting.code).toBe('IncorrectInstanceStatus');
		expect(String(starting.data.Message)).toContain(a!.id);
	});

	test('SuccessFirst: the others are stopped, each failure says why, in the order asked', async () => {
		const [a, b] = instances('Running').slice(-2);
		const stopped = instances('Stopped')[0]!;
		const ghost = 'i-bp1doesnotexist0000';
		const response = await ecs.stopInstances(
			new Ecs.StopInstancesRequest({
				regionId: region,
				instanceId: [a!.id, stopped.id, ghost, b!.id],
				batchOptimization: 'SuccessFirst',
			}),
		);
		expect(response.statusCode).toBe(200);
		expect(
			answers(response).map((r) => [
				r.instanceId,
				r.code,
				r.previousStatus,
				r.currentStatus,
			]),
		).toEqual([
			[a!.id, '200', 'Running', 'Stopped'],
			[stopped.id, 'IncorrectInstanceStatus', 'Stopped', 'Stopped'],
			[ghost, 'InvalidInstanceId.NotFound', '', ''],
			[b!.id, '200', 'Running', 'Stopped'],
		]);
		expect(now(a!.id).status).toBe('Stopped');
		expect(now(b!.id).status).toBe('Stopped');
		const step = server.world().log.at(-1)!;
		expect(step.api).toBe('Ecs:StopInstances');
		expect(step.failures.map((f) => f.id)).toEqual([stopped.id]);

		// Every instance failing is still an answer, not a refusal.
		const {revision} = server.world();
		const none = await ecs.stopInstances(
			new Ecs.StopInstancesRequest({
				regionId: region,
				instanceId: [a!.id, ghost],
				batchOptimization: 'SuccessFirst',
			}),
		);
		expect(answers(none).map((r) => r.code)).toEqual([
			'IncorrectInstanceStatus',
			'InvalidInstanceId.NotFound',
		]);
		expect(server.world().revision).toBe(revision);
	});
});

describe('RebootInstances, DryRun and refused parameters', () => {
	test('pop-core (V1) reboots: logged as its action, not a step undo reverses', async () => {
		const running = instances('Running')[0]!;
		const answer = await server
			.pop('2014-05-26')
			.request(
				'RebootInstances',
				{RegionId: region, InstanceId: [running.id], ForceReboot: false},
				{method: 'POST'},
			);
		expect(answer.InstanceResponses.InstanceResponse).toEqual([
			{
				InstanceId: running.id,
				Code: '200',
				Message: 'success',
				PreviousStatus: 'Running',
				CurrentStatus: 'Running',
			},
		]);
		const step = server.world().log.at(-1)!;
		expect([step.api, step.action, step.ids]).toEqual([
			'Ecs:RebootInstances',
			true,
			[running.id],
		]);
		const stopped = instances('Stopped')[0]!;
		const refused = await rejection<Error & {code: string}>(
			server.pop('2014-05-26').request('RebootInstances', {
				RegionId: region,
				InstanceId: [stopped.id],
			}),
		);
		expect(refused.code).toBe('IncorrectInstanceStatus');
	});

	test('DryRun changes nothing: DryRunOperation when it would succeed, the refusal when not, DRYRUN.SUCCESS with SuccessFirst', async () => {
		const running = instances('Running')[1]!;
		const stopped = instances('Stopped')[1]!;
		const {revision} = server.world();
		const passes = await rejection(
			ecs.stopInstances(
				new Ecs.StopInstancesRequest({
					regionId: region,
					instanceId: [running.id],
					dryRun: true,
				}),
			),
		);
		expect([passes.code, passes.statusCode]).toEqual(['DryRunOperation', 400]);
		const fails = await rejection(
			ecs.stopInstances(
				new Ecs.StopInstancesRequest({
					regionId: region,
					instanceId: [running.id, stopped.id],
					dryRun: true,
				}),
			),
		);
		expect([fails.code, fails.statusCode]).toEqual([
			'IncorrectInstanceStatus',
			403,
		]);
		const each = await ecs.stopInstances(
			new Ecs.StopInstancesRequest({
				regionId: region,
				instanceId: [running.id, stopped.id],
				batchOptimization: 'SuccessFirst',
				dryRun: true,
			}),
		);
		expect(answers(each).map((r) => [r.code, r.currentStatus])).toEqual([
			['DRYRUN.SUCCESS', 'Running'],
			['DRYRUN.SUCCESS', 'Stopped'],
		]);
		expect(server.world().revision).toBe(revision);
		expect(now(running.id).status).toBe('Running');
	});

	test('parameters ECS refuses, before anything is done', async () => {
		const running = instances('Running')[2]!;
		const {revision} = server.world();
		const cases: Array<[Record<string, unknown>, string, number]> = [
			[
				{instanceId: Array.from({length: 101}, (_, i) => `i-${i}`)},
				'InvalidInstanceIds.Malformed',
				400,
			],
			[{instanceId: []}, 'MissingParameter', 400],
			[
				{instanceId: [running.id], stoppedMode: 'Hibernate'},
				'InvalidParameter',
				400,
			],
			[
				{instanceId: [running.id], batchOptimization: 'Whatever'},
				'InvalidParameter',
				400,
			],
			[
				{instanceId: [running.id], regionId: undefined},
				'MissingParameter.RegionId',
				404,
			],
		];
		for (const [request, code, status] of cases) {
			const error = await rejection(
				ecs.stopInstances(
					new Ecs.StopInstancesRequest({regionId: region, ...request}),
				),
			);
			expect([error.code, error.statusCode], code).toEqual([code, status]);
		}

		expect(server.world().revision).toBe(revision);
	});
});

/** The demo world, where alice (group developer) has an AccessKey pair of her own. */
function demoWithAliceKey(): {data: WorldData; alice: Key} {
	const data = demoData();
	const alice = data.ram['user:alice'];
	if (alice?.kind !== 'user') throw new Error('the demo world has no alice');
	const key = {
		id: 'LTAIalice000000000000002',
		secret: 'aliceSecret0000000000000000002',
		created: alice.created,
	};
	alice.accessKeys = [key];
	return {data, alice: {accessKeyId: key.id, accessKeySecret: key.secret}};
}

describe('a RAM user', () => {
	test('alice stops the team:dev instances of cn-beijing and no others', async () => {
		const {data, alice} = demoWithAliceKey();
		const demo = await TestServer.start(data);
		try {
			const beijing = Object.values(demo.world().resources).filter(
				(r) => r.type === 'Ecs-Instance' && r.region === 'cn-beijing',
			);
			const dev = beijing.filter((r) => r.tags.team === 'dev');
			const ops = beijing.filter((r) => r.tags.team === 'ops');
			expect([dev.length, ops.length]).toEqual([5, 5]);
			const client = demo.ecs(alice);
			const {revision} = demo.world();

			const denied = await rejection(
				client.stopInstances(
					new Ecs.StopInstancesRequest({
						regionId: 'cn-beijing',
						instanceId: [dev[0]!.id, ops[0]!.id],
					}),
				),
			);
			expect([denied.code, denied.statusCode]).toEqual(['Forbidden.RAM', 403]);
			expect(denied.accessDeniedDetail).toMatchObject({
				AuthResource: `acs:ecs:cn-beijing:${data.account.id}:instance/${ops[0]!.id}`,
				AuthPrincipalType: 'SubUser',
			});
			expect(demo.world().revision).toBe(revision);

			const mixed = await client.stopInstances(
				new Ecs.StopInstancesRequest({
					regionId: 'cn-beijing',
					instanceId: [dev[0]!.id, ops[0]!.id, dev[1]!.id],
					batchOptimization: 'SuccessFirst',
				}),
			);
			expect(answers(mixed).map((r) => [r.instanceId, r.code])).toEqual([
				[dev[0]!.id, '200'],
				[ops[0]!.id, 'Forbidden.RAM'],
				[dev[1]!.id, '200'],
			]);
			const step = demo.world().log.at(-1)!;
			expect([step.api, step.by]).toEqual(['Ecs:StopInstances', 'alice']);
			const statuses = (list: Resource[]) =>
				list.map((r) => demo.world().resources[r.id]!.status);
			expect(statuses(dev)).toEqual([
				'Stopped',
				'Stopped',
				'Running',
				'Running',
				'Running',
			]);
			expect(statuses(ops)).toEqual(ops.map(() => 'Running'));

			// What she sees says so.
			const seen = await client.describeInstances(
				new Ecs.DescribeInstancesRequest({
					regionId: 'cn-beijing',
					status: 'Stopped',
				}),
			);
			expect(
				seen.body.instances.instance
					.map((i: {instanceId: string}) => i.instanceId)
					.toSorted(),
			).toEqual([dev[0]!.id, dev[1]!.id].toSorted());
			expect(demo.faults).toEqual([]);
		} finally {
			await demo.close();
		}
	});
});

test('no request made tagdeck fail inside', () => {
	expect(server.faults).toEqual([]);
});
