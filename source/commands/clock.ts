import {describeOffset, worldNow} from '../core/clock.js';
import {dbFlag, openStore, UsageError} from './context.js';
import {print, printJson} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

export const clock = defineCommand({
	name: 'clock',
	summary: "the world's time; move it forward",
	help: `
	Usage
	  $ tagdeck clock [--json]
	  $ tagdeck clock advance DURATION

	World time is this machine's time plus the world's offset (none in a new
	world); every step is stamped with it. advance moves it forward by a
	duration: 90m, 36h, 7d, 2w, 1mo (a calendar month), or a combination such as
	1d12h. It is a step: tagdeck undo moves the clock back. Nothing else moves
	it, and it is never more than ten years ahead.

	Options
	  --json      Print JSON: {"now", "offset"} (offset in seconds)
	  --db FILE   The world file

	Examples
	  $ tagdeck clock
	  $ tagdeck clock advance 7d
	`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}},
	async run(cli) {
		const [verb, duration, ...rest] = cli.input;
		const store = openStore(cli.flags.db);
		if (verb === undefined) {
			const world = await store.load();
			const {offset} = world.data.clock;
			const now = worldNow(world.data, Date.now());
			if (cli.flags.json) printJson({now, offset});
			else
				print(
					`${now} (world time${offset === 0 ? ", the same as this machine's" : `, ${describeOffset(offset)} ahead of this machine's`})`,
				);
			return 0;
		}

		if (verb !== 'advance' || duration === undefined || rest.length > 0) {
			throw new UsageError('Write: tagdeck clock advance DURATION (e.g. 7d).');
		}

		return applyAndReport(
			store,
			{op: 'clock', advance: duration},
			{
				json: cli.flags.json,
				done(result) {
					const world = store.current()!;
					return `The clock moved forward by ${duration}: world time is ${worldNow(world.data, Date.now())} (step #${result.event!.seq}; tagdeck undo moves it back).`;
				},
			},
		);
	},
});
