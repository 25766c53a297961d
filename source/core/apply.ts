import {BatchRefused} from './batch.js';
import {TagdeckError, type AccessDetail, type Failure} from './errors.js';
import {appendEvent, planRedo, planUndo} from './history.js';
import type {Command, LogEvent, Patch, Skip} from './model.js';
import {create, copy, release} from './ops-lifecycle.js';
import {power, replaceImage, run} from './ops-instances.js';
import {propagate} from './inheritance.js';
import {advanceClock} from './clock.js';
import {changeCosts} from './cost-tags.js';
import {setQuota, switchCreatedBy} from './ops-account.js';
import {changeRules, switchFeature} from './ops-rules.js';
import {link, unlink} from './ops-links.js';
import {tag, untag} from './ops-tags.js';
import {summarize} from './summary.js';
import {type Acting, authorizeCommand} from './ram/access.js';
import {changeRam, principalOf} from './ram/identities.js';
import {Txn} from './txn.js';
import {changeGovernance} from './governance/governance.js';
import {fixPlan} from './governance/compliance.js';
import type {World} from './world.js';

type ApplyOptions = {
	/** The time of the step, ISO 8601; the core reads no clock. */
	now: string;
	/** Plan only: report what would change, change nothing. */
	dryRun?: boolean;
	/** The RAM user the command is given as (`--as`); absent or `root`: the account. */
	as?: string;
	/** The API call the command comes from (`tagdeck serve`), recorded with the step. */
	api?: string;
	/** The RAM actions the API call makes, where they differ from the command line's. */
	actions?: Acting['actions'];
};

/** What a command did, refused or not. */
type Reported = {
	/** Per-resource refusals (with `partial`, the ones skipped). */
	failures: Failure[];
	patches: Patch[];
	/** Inheritance the step could not deliver (a resource would pass the quota). */
	skipped: Skip[];
	/** IDs of resources the command created. */
	created: string[];
	/** The log entry, when the command was applied and changed something. */
	event?: LogEvent;
	dryRun: boolean;
};

/** Applied (`ok`), or refused with the reason; refused, nothing changed. */
export type ApplyResult =
	| (Reported & {ok: true; error?: undefined})
	| (Reported & {
			ok: false;
			error: {code: string; message: string; detail?: AccessDetail};
	  });

/**
Reboot and run act on instances without changing what the world records of
them (run adds an invocation): they are logged, but are not steps undo reverses.
*/
function actedOn(command: Command, failures: Failure[]): string[] {
	if (command.op !== 'reboot' && command.op !== 'run') return [];
	const failed = new Set(failures.map((f) => f.id));
	return [...new Set(command.ids)].filter((id) => !failed.has(id));
}

type Outcome = {
	acted?: string[];
	failures: Failure[];
	created: string[];
	patches?: Patch[];
	undoOf?: number;
	redoOf?: number;
};

function run1(txn: Txn, command: Command): Outcome {
	const none = {failures: [], created: []};
	switch (command.op) {
		case 'tag': {
			return {
				...none,
				failures: tag(
					txn,
					command.ids,
					command.tags,
					command.partial,
					command.remove,
				),
			};
		}

		case 'untag': {
			return {
				...none,
				failures: untag(
					txn,
					command.ids,
					command.keys,
					command.all,
					command.partial,
				),
			};
		}

		case 'attach':
		case 'associate': {
			link(txn, command.op, command.id, command.to);
			return none;
		}

		case 'detach':
		case 'unassociate': {
			unlink(txn, command.op, command.id);
			return none;
		}

		case 'create': {
			return {...none, created: create(txn, command)};
		}

		case 'release': {
			return {...none, failures: release(txn, command.ids, command.partial)};
		}

		case 'start':
		case 'stop':
		case 'reboot': {
			return {
				...none,
				failures: power(
					txn,
					command.op,
					command.ids,
					command.partial,
					command.op === 'stop' ? command.economical : undefined,
				),
			};
		}

		case 'run': {
			return {
				...none,
				failures: run(txn, command.ids, command.command, command.partial),
			};
		}

		case 'replace-image': {
			return {
				...none,
				failures: replaceImage(
					txn,
					command.ids,
					command.image,
					command.partial,
				),
			};
		}

		case 'copy': {
			return {
				...none,
				created: [copy(txn, command.id, command.to, command.name)],
			};
		}

		case 'inheritance': {
			switchFeature(txn, command.enabled);
			return none;
		}

		case 'rules': {
			changeRules(txn, command);
			return none;
		}

		case 'createdby': {
			switchCreatedBy(txn, command.enabled);
			return none;
		}

		case 'clock': {
			advanceClock(txn, command.advance);
			return none;
		}

		case 'quota': {
			setQuota(txn, command.type, command.quota);
			return none;
		}

		case 'costs': {
			changeCosts(txn, command);
			return none;
		}

		case 'ram': {
			changeRam(txn, command);
			return none;
		}

		case 'preset':
		case 'tag-policy': {
			changeGovernance(txn, command);
			return none;
		}

		case 'fix': {
			// Each resource's renames, as a tag change of its own; a refusal skips that resource.
			const plan = fixPlan(txn.world, command);
			return {
				...none,
				failures: plan.flatMap((change) =>
					tag(txn, [change.id], change.tags, true, change.remove),
				),
			};
		}

		case 'undo': {
			const {event, patches} = planUndo(txn.world, command.step);
			return {...none, patches, undoOf: event.seq};
		}

		case 'redo': {
			const {event, patches} = planRedo(txn.world, command.step);
			return {...none, patches, redoOf: event.seq};
		}
	}
}

/**
Applies one command to the world: everything it does, or (refused) nothing.
The world is changed in place only when the command succeeds and is not a dry
run; the step then gets a log entry and can be undone.
*/
export function apply(
	world: World,
	command: Command,
	options: ApplyOptions,
): ApplyResult {
	const dryRun = options.dryRun ?? false;
	const txn = new Txn(world, options.now);
	let outcome: Outcome;
	try {
		const principal =
			options.as === undefined
				? undefined
				: principalOf(world.data, options.as);
		if (principal) {
			txn.acting = {
				principal,
				accountId: world.data.account.id,
				command,
				...(options.actions ? {actions: options.actions} : {}),
				...(options.api === undefined ? {} : {api: options.api}),
			};
			authorizeCommand(txn.acting, (id) => txn.get(id));
		}

		outcome = run1(txn, command);
		if (!outcome.patches) propagate(txn);
	} catch (error) {
		if (!(error instanceof TagdeckError)) throw error;
		return {
			ok: false,
			error: {
				code: error.code,
				message: error.message,
				...(error.detail ? {detail: error.detail} : {}),
			},
			failures: error instanceof BatchRefused ? error.failures : [],
			skipped: [],
			patches: [],
			created: [],
			dryRun,
		};
	}

	const patches = outcome.patches ?? txn.patches();
	const done: Reported = {
		failures: outcome.failures,
		skipped: txn.skips,
		patches,
		created: outcome.created,
		dryRun,
	};
	const acted = actedOn(command, outcome.failures);
	if (
		outcome.failures.length > 0 &&
		patches.length === 0 &&
		acted.length === 0
	) {
		return {
			...done,
			ok: false,
			error: {
				code: outcome.failures[0]!.code,
				message: `Every resource failed; nothing was changed.`,
			},
		};
	}

	const result: ApplyResult = {...done, ok: true};
	if (dryRun || (patches.length === 0 && acted.length === 0)) return result;
	outcome.acted = acted;
	commit(world, txn, command, patches, outcome, options.api);
	result.event = world.data.log.at(-1);
	return result;
}

function commit(
	world: World,
	txn: Txn,
	command: Command,
	patches: Patch[],
	outcome: Outcome,
	api: string | undefined,
) {
	const {data} = world;
	world.applyPatches(patches, 'forward');
	data.rng = txn.random.state;
	data.revision++;
	const ids = new Set<string>(outcome.acted);
	const regions = new Set<string>();
	if (command.op === 'rules') regions.add(command.region.toLowerCase());
	for (const patch of patches) {
		if (patch.c !== 'r') continue;
		ids.add(patch.id);
		// A released resource is only in the patch's before.
		const resource = world.get(patch.id) ?? (patch.b as {region: string});
		regions.add(resource.region);
	}

	for (const id of outcome.acted ?? []) {
		const resource = world.get(id);
		if (resource) regions.add(resource.region);
	}

	const event: LogEvent = {
		seq: data.nextSeq++,
		at: txn.now,
		// The step an undo or redo names is its undoOf or redoOf.
		command:
			command.op === 'undo' || command.op === 'redo'
				? {op: command.op}
				: command,
		summary: summarize(command, patches, outcome.failures),
		regions: [...regions].toSorted(),
		ids: [...ids],
		patches,
		failures: outcome.failures,
	};
	if (txn.acting) event.by = txn.acting.principal.name;
	if (api !== undefined) event.api = api;
	if (txn.skips.length > 0) {
		event.skipped = txn.skips;
		event.summary += `; inheritance skipped for ${txn.skips.length} (quota)`;
	}

	const action = (outcome.acted?.length ?? 0) > 0;
	// An action is logged but is not a step to undo; what can be redone stays.
	if (action) {
		event.action = true;
		appendEvent(data, event);
		return;
	}

	if (outcome.undoOf === undefined) {
		if (outcome.redoOf === undefined) data.history.redo = [];
		else {
			event.redoOf = outcome.redoOf;
			data.history.redo.pop();
		}

		data.history.undo.push(outcome.redoOf ?? event.seq);
	} else {
		event.undoOf = outcome.undoOf;
		data.history.undo.pop();
		data.history.redo.push(outcome.undoOf);
	}

	appendEvent(data, event);
}
