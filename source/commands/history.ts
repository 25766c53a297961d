import {logWhat, undoneSteps} from '../core/history.js';
import {dbFlag, openStore, UsageError} from './context.js';
import {print, printJson, table} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand, type CommandSpec} from './spec.js';

export const log = defineCommand({
	name: 'log',
	summary: 'the activity log, newest first',
	help: `
	Usage
	  $ tagdeck log [--limit N] [--json]

	Every applied step, newest first: time, what it did, regions, and the changes
	it made and the failures it skipped. The log keeps the latest 1,000 steps.

	Options
	  --limit N   How many steps (default 20)
	  --json      Print JSON: the steps with their command, changes (patches) and failures
	  --db FILE   The world file

	Examples
	  $ tagdeck log --limit 5
	`,
	flags: {
		...dbFlag,
		limit: {type: 'number', default: 20},
		json: {type: 'boolean', default: false},
	},
	async run(cli) {
		const {limit} = cli.flags;
		if (!Number.isInteger(limit) || limit < 1)
			throw new UsageError('--limit must be a whole number of at least 1.');
		const world = await openStore(cli.flags.db).load();
		const events = world.data.log.slice(-limit).toReversed();
		const undone = undoneSteps(world.data);
		if (cli.flags.json) {
			printJson(events);
			return 0;
		}

		if (events.length === 0) {
			print('No steps yet.');
			return 0;
		}

		const past = events.some((e) => e.past)
			? '\n(past): the world was made with this history; undo does not reach it.'
			: '';
		print(
			table(
				['STEP', 'TIME', 'REGIONS', 'WHAT'],
				events.map((e) => [
					`#${e.seq}${undone(e) ? ' (undone)' : e.past ? ' (past)' : ''}`,
					e.at.replace('T', ' ').slice(0, 19),
					e.regions.join(',') || '-',
					logWhat(e),
				]),
			) + past,
		);
		return 0;
	},
});

function historyCommand(op: 'undo' | 'redo'): CommandSpec {
	return defineCommand({
		name: op,
		summary: op === 'undo' ? 'undo the last step' : 'redo the last undone step',
		help: `
	Usage
	  $ tagdeck ${op}

	${op === 'undo' ? 'Reverses the last step (a whole batch, with everything it changed), exactly.' : 'Applies again the step the last undo reversed. Any new step clears what can be redone.'}

	Options
	  --step N    Only if the step to ${op} is #N; otherwise refused (History.Conflict)
	              and nothing changes: for scripts, when another process may add steps
	  --json      Print JSON: {"changed": [...], "failed": []}
	  --db FILE   The world file

	Examples
	  $ tagdeck ${op}
	  $ tagdeck ${op} --step 12
	`,
		flags: {
			...dbFlag,
			step: {type: 'number'},
			json: {type: 'boolean', default: false},
		},
		async run(cli) {
			if (cli.input.length > 0)
				throw new UsageError(
					`${op} takes no arguments; it always ${op}s the last step.`,
				);
			const {step} = cli.flags;
			if (step !== undefined && (!Number.isInteger(step) || step < 1))
				throw new UsageError('--step must be a step number, such as 12.');
			return applyAndReport(
				openStore(cli.flags.db),
				{op, step},
				{
					json: cli.flags.json,
					done: (r) =>
						`${op === 'undo' ? 'Undid' : 'Redid'} step #${r.event!.undoOf ?? r.event!.redoOf}: ${r.patches.length} change(s).`,
				},
			);
		},
	});
}

export const undo = historyCommand('undo');
export const redo = historyCommand('redo');
