import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {worldNow} from '../core/clock.js';
import {TagdeckError} from '../core/errors.js';
import {findLesson, lessons} from '../core/lessons/catalogue.js';
import {lessonWorld, idOf} from '../core/lessons/build.js';
import {stepsDone} from '../core/lessons/check.js';
import type {Lesson, Solution} from '../core/lessons/model.js';
import type {World} from '../core/world.js';
import {LessonBook, type Progress} from '../store/lessons.js';
import {Store} from '../store/store.js';
import {lessonText, shellWords} from '../core/lessons/text.js';
import {apiSolution} from '../serve/lesson-solution.js';
import {actingAs, dbFlag, UsageError} from './context.js';
import {print, printJson} from './output.js';
import {defineCommand} from './spec.js';

const help = `
	Usage
	  $ tagdeck learn [--json]
	  $ tagdeck learn start ID
	  $ tagdeck learn check [--json]
	  $ tagdeck learn hint
	  $ tagdeck learn solve
	  $ tagdeck learn reset [ID|--all]
	  $ tagdeck learn progress --json

	Lessons (docs/lessons.md): each a world of its own and steps to take in it,
	checked by the simulator. learn lists them; learn start builds a lesson's
	world (never touching yours) and prints its first step. Work in it with
	--db FILE (printed), or in the UI, where L shows the steps as you go.

	learn check prints ✓ for each step done, or FAIL: and a hint, and exits 1
	until every step is done. learn hint prints the hint of the step to do;
	learn solve does that step for you (it counts as skipped). check, hint and
	solve act on the lesson started last. learn reset ID (or the last one)
	starts a lesson again; --all forgets every lesson. learn progress --json
	gives a trainer each step's state: [{"lesson","step","done","skipped","at"}].

	Options
	  --all    With reset: every lesson
	  --json   Print JSON

	Examples
	  $ tagdeck learn
	  $ tagdeck learn start windows-patch
	  $ tagdeck learn check
	`;

const flags = {
	...dbFlag,
	json: {type: 'boolean', default: false},
	all: {type: 'boolean', default: false},
} as const;

type Flags = {db?: string; json: boolean; all: boolean};

function needLesson(id: string): Lesson {
	const lesson = findLesson(id);
	if (!lesson) {
		throw new UsageError(
			`There is no lesson "${id}"; tagdeck learn lists them (${lessons.map((l) => l.id).join(', ')}).`,
		);
	}

	return lesson;
}

/** The lesson started last, its world and its progress. */
async function current(book: LessonBook) {
	const progress = await book.read();
	const id = progress.current;
	if (id === null || !progress.lessons[id]) {
		throw new UsageError(
			'No lesson is started: tagdeck learn lists them, tagdeck learn start ID starts one.',
		);
	}

	const lesson = needLesson(id);
	const store = new Store(book.worldOf(id));
	const world = await store.load();
	return {lesson, store, world, progress};
}

/**
Evaluates the steps and records the first time each is seen done; returns
which are done.
*/
async function record(
	book: LessonBook,
	progress: Progress,
	lesson: Lesson,
	world: World,
): Promise<boolean[]> {
	const {steps} = progress.lessons[lesson.id]!;
	const done = stepsDone(
		lesson,
		world,
		steps.map((s) => s.done !== null),
	);
	const now = worldNow(world.data, Date.now());
	let changed = false;
	for (const [index, ok] of done.entries()) {
		if (ok && steps[index]!.done === null) {
			steps[index]!.done = now;
			changed = true;
		}
	}

	if (changed) await book.write(progress);
	return done;
}

function list(progress: Progress, json: boolean) {
	const rows = lessons.map((lesson) => {
		const steps = progress.lessons[lesson.id]?.steps ?? [];
		return {
			id: lesson.id,
			title: lesson.title,
			steps: lesson.steps.length,
			done: steps.filter((s) => s.done !== null).length,
		};
	});
	if (json) {
		printJson(rows);
		return;
	}

	const width = Math.max(...rows.map((r) => r.id.length));
	print(
		[
			...rows.map(
				(r, i) =>
					`${progress.current === r.id ? '▸' : ' '} ${String(i + 1).padStart(2)}. ${r.id.padEnd(width)}  ${r.done}/${r.steps}  ${r.title}`,
			),
			'',
			'tagdeck learn start ID starts one, in a world of its own.',
		].join('\n'),
	);
}

async function start(book: LessonBook, id: string) {
	const lesson = needLesson(id);
	const progress = await book.read();
	const file = book.worldOf(lesson.id);
	const store = new Store(file);
	const already = progress.lessons[lesson.id];
	if (!already) {
		await store.replace(lessonWorld(lesson, new Date().toISOString()), true);
		progress.lessons[lesson.id] = {
			started: new Date().toISOString(),
			steps: lesson.steps.map(() => ({done: null, skipped: false})),
		};
	}

	progress.current = lesson.id;
	await book.write(progress);
	const world = await store.load();
	const done = await record(book, progress, lesson, world);
	const text = lessonText(lesson, world, file);
	const next = done.indexOf(false);
	print(
		[
			`Lesson ${lessons.indexOf(lesson) + 1} of ${lessons.length}, ${lesson.id}: ${lesson.title}`,
			`  ${lesson.teaches}`,
			'',
			`Its world: ${file}`,
			already
				? '  (started before: your work in it is kept; tagdeck learn reset starts it again)'
				: '  (a demo world of its own: your world is not touched)',
			`Work in it with --db ${shellWords([file])}, or: export TAGDECK_DB=${shellWords([file])}`,
			`In the UI: tagdeck --db ${shellWords([file])} --region ${lesson.region}, then L shows the steps.`,
			'',
			next === -1 ? 'Every step is done.' : text.step(next),
			'',
			'tagdeck learn check checks your work; learn hint helps; learn solve does a step for you.',
		].join('\n'),
	);
	return 0;
}

async function check(book: LessonBook, json: boolean) {
	const {lesson, world, progress} = await current(book);
	const done = await record(book, progress, lesson, world);
	const text = lessonText(lesson, world, book.worldOf(lesson.id));
	const next = done.indexOf(false);
	if (json) {
		printJson({
			lesson: lesson.id,
			steps: lesson.steps.map((step, index) => ({
				step: index + 1,
				title: step.title,
				done: done[index],
			})),
			done: next === -1,
		});
		return next === -1 ? 0 : 1;
	}

	const lines = [`${lesson.id}: ${lesson.title}`];
	for (const [index, step] of lesson.steps.entries()) {
		if (done[index]) lines.push(`  ✓ ${index + 1}. ${step.title}`);
		else if (index === next) lines.push(`  ✗ ${index + 1}. ${step.title}`);
		else lines.push(`  · ${index + 1}. ${step.title}`);
	}

	if (next === -1) {
		const following = lessons[lessons.indexOf(lesson) + 1];
		lines.push(
			'',
			`Lesson done: every step checks.${following ? ` Next: tagdeck learn start ${following.id}` : ' That was the last lesson.'}`,
		);
		print(lines.join('\n'));
		return 0;
	}

	print(lines.join('\n'));
	process.stdout.write(`FAIL: ${text.hint(next)}\n`);
	return 1;
}

/** The tagdeck CLI this process runs, to run a solution's commands with. */
function cliFile(): string {
	return process.argv[1]!;
}

/** The data folder the CLI ships with (`{data}` in a solution). */
const dataFolder = fileURLToPath(new URL('../../data', import.meta.url));

async function runCommand(args: string[], file: string): Promise<string> {
	// As the account, unless the solution says --as.
	const env = {...process.env};
	delete env.TAGDECK_AS;
	const child = spawn(process.execPath, [cliFile(), ...args, '--db', file], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env,
	});
	let out = '';
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
	});
	child.stderr.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
	});
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	if (code !== 0) {
		throw new TagdeckError(
			'Lesson.SolutionFailed',
			`The solution's command "tagdeck ${shellWords(args)}" did not succeed (exit ${String(code)}): ${out.trim()}`,
		);
	}

	return out;
}

async function solve(book: LessonBook) {
	const {lesson, progress, world} = await current(book);
	const file = book.worldOf(lesson.id);
	const done = await record(book, progress, lesson, world);
	const next = done.indexOf(false);
	if (next === -1) {
		print('Every step of this lesson is done: nothing to solve.');
		return 0;
	}

	const text = lessonText(lesson, world, file);
	print(`Solving step ${next + 1}, ${lesson.steps[next]!.title}:`);
	for (const solution of lesson.steps[next]!.solution) {
		// References are resolved now: a step may name what an earlier command made.
		const latest = await new Store(file).load();
		print(`  ${text.solution(solution, latest)}`);
		await apply(solution, latest, file);
	}

	progress.lessons[lesson.id]!.steps[next]!.skipped = true;
	await book.write(progress);
	return check(book, false);
}

async function apply(solution: Solution, world: World, file: string) {
	if ('run' in solution) {
		const args = solution.run.map((word) =>
			word.startsWith('@')
				? idOf(world, word)
				: word.replace('{data}', dataFolder),
		);
		await runCommand(args, file);
	} else {
		await apiSolution(solution, file);
	}
}

async function reset(book: LessonBook, words: string[], all: boolean) {
	if (all) {
		if (words.length > 0)
			throw new UsageError('Give a lesson or --all, not both.');
		const progress = await book.read();
		for (const id of Object.keys(progress.lessons)) await book.forget(id);
		print('Every lesson is forgotten; tagdeck learn start ID starts one.');
		return 0;
	}

	const progress = await book.read();
	const id = words[0] ?? progress.current;
	if (id === null) {
		throw new UsageError(
			'Say which lesson to reset (tagdeck learn reset ID), or --all.',
		);
	}

	const lesson = needLesson(id);
	const wasCurrent = progress.current === lesson.id;
	await book.forget(lesson.id);
	if (wasCurrent || words.length > 0) return start(book, lesson.id);
	return 0;
}

async function progressJson(book: LessonBook) {
	const progress = await book.read();
	const rows = [];
	for (const lesson of lessons) {
		const state = progress.lessons[lesson.id];
		if (!state) continue;
		for (const [index, step] of state.steps.entries()) {
			rows.push({
				lesson: lesson.id,
				step: index + 1,
				done: step.done !== null,
				skipped: step.skipped,
				at: step.done,
			});
		}
	}

	printJson(rows);
	return 0;
}

export default defineCommand({
	name: 'learn',
	summary: 'lessons, checked by the simulator: start, check, hint, solve',
	help,
	flags,
	async run(cli) {
		if (actingAs() !== undefined) {
			throw new UsageError(
				'tagdeck learn is yours, not a RAM user’s: leave out --as (a lesson says when to use it in its own commands).',
			);
		}

		const [verb, ...words] = cli.input;
		const f = cli.flags as Flags;
		if (f.db !== undefined) {
			throw new UsageError(
				'tagdeck learn works in each lesson’s own world (learn start prints where), never in yours: leave out --db. The lesson’s commands take --db with the file learn start prints.',
			);
		}

		const book = new LessonBook();
		const noMore = (count: number) => {
			if (words.length > count) {
				throw new UsageError(
					`Unexpected "${words[count]}"; see tagdeck learn --help.`,
				);
			}
		};

		switch (verb) {
			case undefined: {
				list(await book.read(), f.json);
				return 0;
			}

			case 'start': {
				noMore(1);
				const id = words[0];
				if (id === undefined)
					throw new UsageError('Say which lesson: tagdeck learn start ID.');
				return start(book, id);
			}

			case 'check': {
				noMore(0);
				return check(book, f.json);
			}

			case 'hint': {
				noMore(0);
				const {lesson, world, progress} = await current(book);
				const done = await record(book, progress, lesson, world);
				const next = done.indexOf(false);
				const text = lessonText(lesson, world, book.worldOf(lesson.id));
				print(
					next === -1
						? 'Every step is done.'
						: `Step ${next + 1}, ${lesson.steps[next]!.title}: ${text.hint(next)}`,
				);
				return 0;
			}

			case 'solve': {
				noMore(0);
				return solve(book);
			}

			case 'reset': {
				noMore(1);
				return reset(book, words, f.all);
			}

			case 'progress': {
				noMore(0);
				if (!f.json) {
					throw new UsageError(
						'learn progress is for trainers and scripts: give --json.',
					);
				}

				return progressJson(book);
			}

			default: {
				throw new UsageError(
					`Unknown "learn ${verb}": use start, check, hint, solve, reset or progress.`,
				);
			}
		}
	},
});
