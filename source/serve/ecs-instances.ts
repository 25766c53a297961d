/*
ECS API instance operations (docs/api.md): StartInstances, StopInstances,
RebootInstances, over 1 to 100 InstanceId.N of the RegionId, each a step of
the log named by its action (a reboot is logged but is no step undo reverses,
as tagdeck's reboot).

- BatchOptimization AllTogether (the default): all or nothing. An instance
  that is not one of the region's is InvalidInstanceId.NotFound (404); one in
  the wrong status IncorrectInstanceStatus (403); one a RAM user may not act
  on Forbidden.RAM (403, with RAM's detail); the first refuses the call and
  nothing changes. SuccessFirst: each instance on its own, the call answered
  200 with each instance's Code ("200" when done) and Message.
- StopInstances' StoppedMode StopCharging stops in economical mode
  (compute is not billed until the next start); KeepCharging, the default
  here (tagdeck's account has no economical default), keeps billing.
  ForceStop and ForceReboot are read, and change nothing in tagdeck.
- The world changes at once: CurrentStatus is the status after the call
  (Stopped, not Stopping).
- DryRun checks as the call would and changes nothing. With AllTogether a
  call that would succeed is refused with DryRunOperation (400), else with
  the refusal the call would give. With SuccessFirst each instance's Code is
  DRYRUN.SUCCESS whatever it would be, as ECS documents.
*/
import {apply} from '../core/apply.js';
import {worldNow} from '../core/clock.js';
import type {Failure} from '../core/errors.js';
import type {Command} from '../core/model.js';
import type {World} from '../core/world.js';
import {type Action, ApiError, type Call, clip} from './api.js';
import {ecsCodes, ecsRegion, ecsStatus} from './ecs-common.js';
import {dryRunPassed} from './ecs-describe.js';

type Op = 'start' | 'stop' | 'reboot';

/** ECS's codes and statuses for the core's refusals of instance operations. */
const instanceCodes: Readonly<Record<string, {code: string; status: number}>> =
	{
		'InvalidResourceId.NotFound': {
			code: 'InvalidInstanceId.NotFound',
			status: 404,
		},
		IncorrectInstanceStatus: {code: 'IncorrectInstanceStatus', status: 403},
	};

function ecsRefusal(failure: Omit<Failure, 'id'>): ApiError {
	const known = Object.hasOwn(instanceCodes, failure.code)
		? instanceCodes[failure.code]
		: undefined;
	const code = known?.code ?? failure.code;
	return new ApiError(
		known?.status ?? ecsStatus(code),
		code,
		failure.message,
		failure.detail,
	);
}

const notFound = (id: string, region: string) =>
	new ApiError(
		404,
		'InvalidInstanceId.NotFound',
		`The specified InstanceId does not exist: no instance ${clip(id)} in ${region}.`,
	);

type InstanceResponse = {
	InstanceId: string;
	Code: string;
	Message: string;
	PreviousStatus: string;
	CurrentStatus: string;
};

/** Whether `id` is an instance of the region (as the caller may see it or not). */
function instanceIn(world: World, id: string, region: string): boolean {
	const resource = world.get(id);
	return resource?.type === 'Ecs-Instance' && resource.region === region;
}

/** The RAM action each call makes: the API's own name, not the command line's (ecs:StopInstance). */
const ramActions: Record<Op, Partial<Record<Op, string>>> = {
	start: {start: 'ecs:StartInstances'},
	stop: {stop: 'ecs:StopInstances'},
	reboot: {reboot: 'ecs:RebootInstances'},
};

function commandOf(op: Op, ids: string[], economical: boolean): Command {
	return op === 'stop'
		? {op, ids, ...(economical ? {economical: true} : {})}
		: {op, ids};
}

/** The parameters every instance operation reads, checked before anything is done. */
function operation(call: Call, op: Op) {
	const {params} = call;
	const region = ecsRegion(params);
	const ids = [
		...new Set(
			params.list('InstanceId', {
				max: 100,
				tooMany: (max) =>
					new ApiError(
						400,
						'InvalidInstanceIds.Malformed',
						`The specified InstanceIds is not valid: a call takes at most ${max} InstanceId.N.`,
					),
			}),
		),
	];
	if (ids.length === 0) throw ecsCodes.missing('InstanceId');
	const batch = params.oneOf(
		'BatchOptimization',
		['AllTogether', 'SuccessFirst'],
		'AllTogether',
	);
	const dryRun = params.boolean('DryRun', false);
	let economical = false;
	if (op === 'stop') {
		economical =
			params.oneOf(
				'StoppedMode',
				['KeepCharging', 'StopCharging'],
				'KeepCharging',
			) === 'StopCharging';
		params.boolean('ForceStop', false);
	}

	if (op === 'reboot') params.boolean('ForceReboot', false);
	return {region, ids, batch, dryRun, economical};
}

/** A dry run: what the call would answer, nothing changed. */
async function dryRun(
	call: Call,
	op: Op,
	{region, ids, batch, economical}: ReturnType<typeof operation>,
): Promise<Record<string, unknown>> {
	const world = await call.world();
	if (batch === 'SuccessFirst') {
		const seen = await call.seen();
		return {
			InstanceResponses: {
				InstanceResponse: ids.map((id) => {
					const status = instanceIn(seen, id, region)
						? (seen.get(id)!.status ?? '')
						: '';
					return {
						InstanceId: id,
						Code: 'DRYRUN.SUCCESS',
						Message:
							'Request validation has been passed with DryRun flag set; with SuccessFirst each instance is not checked.',
						PreviousStatus: status,
						CurrentStatus: status,
					};
				}),
			},
		};
	}

	const missing = ids.find((id) => !instanceIn(world, id, region));
	if (missing !== undefined) throw notFound(missing, region);
	const result = apply(world, commandOf(op, ids, economical), {
		now: worldNow(world.data, Date.now()),
		dryRun: true,
		as: call.as,
		actions: ramActions[op],
	});
	if (!result.ok) throw ecsRefusal(result.failures[0] ?? result.error);
	throw dryRunPassed();
}

async function operate(call: Call, op: Op): Promise<Record<string, unknown>> {
	const options = operation(call, op);
	if (options.dryRun) return dryRun(call, op, options);
	const {region, ids, batch, economical} = options;
	const partial = batch === 'SuccessFirst';
	const previous = new Map<string, string>();
	const missing = new Set<string>();
	const result = await call.apply(
		(seen) => {
			// What the caller may not describe is still found: RAM decides whether they may act on it.
			const whole = seen.whole ?? seen;
			const found = ids.filter((id) => {
				if (instanceIn(whole, id, region)) {
					previous.set(id, whole.get(id)!.status ?? '');
					return true;
				}

				missing.add(id);
				return false;
			});
			if (!partial && missing.size > 0)
				throw notFound([...missing][0]!, region);
			return {
				...commandOf(op, found, economical),
				...(partial ? {partial} : {}),
			};
		},
		{actions: ramActions[op]},
	);
	if (!result.ok) {
		const nothingToDo =
			partial &&
			(result.failures.length > 0 ||
				result.error.code === 'MissingParameter.ResourceIds');
		if (!nothingToDo) throw ecsRefusal(result.failures[0] ?? result.error);
	}

	const failed = new Map(result.failures.map((f) => [f.id, f]));
	const after = await call.world();
	return {
		InstanceResponses: {
			InstanceResponse: ids.map((id): InstanceResponse => {
				if (missing.has(id)) {
					const refusal = notFound(id, region);
					return {
						InstanceId: id,
						Code: refusal.code,
						Message: refusal.message,
						PreviousStatus: '',
						CurrentStatus: '',
					};
				}

				const before = previous.get(id) ?? '';
				const failure = failed.get(id);
				if (failure) {
					const refusal = ecsRefusal(failure);
					return {
						InstanceId: id,
						Code: refusal.code,
						Message: refusal.message,
						PreviousStatus: before,
						CurrentStatus: before,
					};
				}

				return {
					InstanceId: id,
					Code: '200',
					Message: 'success',
					PreviousStatus: before,
					CurrentStatus: after.get(id)?.status ?? '',
				};
			}),
		},
	};
}

export const ecsInstanceActions: Record<string, Action> = {
	StartInstances: async (call) => operate(call, 'start'),
	StopInstances: async (call) => operate(call, 'stop'),
	RebootInstances: async (call) => operate(call, 'reboot'),
};
