/*
Every lesson, run as a learner runs it through the built CLI (docs/lessons.md):
its untouched world fails each step's check, and `learn solve`, step by step,
makes each check pass in turn until `learn check` says the lesson is done.
Then the commands around them: the list, hints, progress for trainers, reset,
and the user's own world left untouched.
*/
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {lessons} from '../../source/core/lessons/catalogue.js';
import {passes} from '../../source/core/lessons/check.js';
import {Store} from '../../source/store/store.js';
import {
	makeTempDir,
	ok,
	okJson,
	printed,
	removeTempDir,
	requireBuild,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';

let directory: string;
beforeAll(async () => {
	requireBuild();
	directory = await makeTempDir('tagdeck-learn-');
});
afterAll(async () => {
	await removeTempDir(directory);
});

/** The CLI with its data (and so its lessons) in a folder of the test's. */
function learner(name: string) {
	const data = path.join(directory, name);
	const user = path.join(data, 'mine.json');
	return {
		data,
		user,
		lessonFile: (id: string) =>
			path.join(data, 'tagdeck', 'lessons', `${id}.json`),
		run: async (...args: string[]) =>
			tagdeck(args, {env: {XDG_DATA_HOME: data}, db: user, timeoutMs: 60_000}),
	};
}

async function worldOf(file: string) {
	return new Store(file).load();
}

// Each lesson in a folder of its own: they run side by side.
describe.concurrent.each(lessons.map((lesson) => [lesson.id, lesson] as const))(
	'lesson %s',
	(id, lesson) => {
		test('the untouched world fails every step; learn solve passes them one by one; learn check then exits 0', async () => {
			const me = learner(id);
			const started = ok(await me.run('learn', 'start', id));
			expect(started).toContain(
				`Step 1 of ${lesson.steps.length}: ${lesson.steps[0]!.title}`,
			);
			const file = me.lessonFile(id);
			const untouched = await worldOf(file);
			for (const step of lesson.steps)
				expect(passes(step.check, untouched), step.title).toBe(false);

			for (const [index, step] of lesson.steps.entries()) {
				const solved = await me.run('learn', 'solve');
				expect(solved.stderr, printed(solved)).toBe('');
				expect(solved.stdout).toContain(
					`Solving step ${index + 1}, ${step.title}:`,
				);
				// Right after its solution the step's own check holds on the world.
				expect(passes(step.check, await worldOf(file)), step.title).toBe(true);
			}

			const done = await me.run('learn', 'check');
			expect(done.code, printed(done)).toBe(0);
			expect(done.stdout).toContain('Lesson done: every step checks.');
			for (const [index, step] of lesson.steps.entries())
				expect(done.stdout).toContain(`✓ ${index + 1}. ${step.title}`);
		});
	},
);

describe('learn', () => {
	test('the list, a lesson done by hand, the hint, and the learner’s own world untouched', async () => {
		const me = learner('by-hand');
		ok(await me.run('init'));
		const mine = await readFile(me.user);
		const listed = okJson<Array<{id: string; steps: number; done: number}>>(
			await me.run('learn', '--json'),
		);
		expect(listed.map((l) => l.id)).toEqual(lessons.map((l) => l.id));
		expect(listed.length).toBeGreaterThanOrEqual(12);
		ok(await me.run('learn', 'start', 'one-value'));
		const hint = ok(await me.run('learn', 'hint'));
		expect(hint).toMatch(
			/^Step 1, Move one instance to New York: Tag it with the same key/v,
		);
		// The hint names the instance by its ID in the lesson's world.
		const world = await worldOf(me.lessonFile('one-value'));
		const api1 = Object.values(world.data.resources).find(
			(r) => r.name === 'apollo-api-1',
		)!;
		expect(hint).toContain(`tagdeck tag ${api1.id} --tag city=newyork`);
		// Done by hand in the lesson's world, with --db as start says.
		ok(
			await tagdeck(['tag', api1.id, '--tag', 'city=newyork'], {
				db: me.lessonFile('one-value'),
			}),
		);
		const checked = await me.run('learn', 'check');
		expect(checked.code).toBe(1);
		expect(checked.stdout).toContain('✓ 1. Move one instance to New York');
		expect(checked.stdout).toContain(
			'FAIL: tagdeck tag --region cn-shanghai --filter city=shanghai --tag city=newyork',
		);
		ok(
			await tagdeck(
				[
					'tag',
					'--region',
					'cn-shanghai',
					'--filter',
					'city=shanghai',
					'--tag',
					'city=newyork',
				],
				{
					db: me.lessonFile('one-value'),
				},
			),
		);
		expect(ok(await me.run('learn', 'check'))).toContain(
			'Next: tagdeck learn start regional',
		);
		const progress = okJson<
			Array<{
				lesson: string;
				step: number;
				done: boolean;
				skipped: boolean;
				at: string;
			}>
		>(await me.run('learn', 'progress', '--json'));
		expect(progress.map((p) => [p.lesson, p.step, p.done, p.skipped])).toEqual([
			['one-value', 1, true, false],
			['one-value', 2, true, false],
		]);
		expect(Number.isNaN(Date.parse(progress[0]!.at))).toBe(false);
		const after = await readFile(me.user);
		expect(after.equals(mine)).toBe(true);
	});

	test('a step once done stays done when later work changes what it checked', async () => {
		const me = learner('stays');
		ok(await me.run('learn', 'start', 'rehearse'));
		const first = await me.run('learn', 'solve');
		expect(first.stdout, printed(first)).toContain('✓ 1. Tag through the API');
		// Step 2 undoes step 1's work; step 1 stays ✓.
		const done = await me.run('learn', 'solve');
		expect(done.code, printed(done)).toBe(0);
		expect(done.stdout).toContain('✓ 1. Tag through the API');
	});

	test('reset starts a lesson again; --all forgets every one; refusals say what to do', async () => {
		const me = learner('reset');
		usage(await me.run('learn', 'check'));
		usage(await me.run('learn', 'start', 'no-such-lesson'));
		usage(await me.run('learn', 'progress'));
		usage(await me.run('learn', 'start', 'quota', '--as', 'alice'));
		expect(usage(await me.run('learn', '--db', me.user))).toContain(
			'leave out --db',
		);
		ok(await me.run('learn', 'start', 'quota'));
		const solved = await me.run('learn', 'solve');
		expect(solved.code, printed(solved)).toBe(1);
		// A step learn solve did counts as skipped.
		const skipped = okJson<
			Array<{step: number; done: boolean; skipped: boolean}>
		>(await me.run('learn', 'progress', '--json'));
		expect(skipped.map((p) => [p.step, p.done, p.skipped])).toEqual([
			[1, true, true],
			[2, false, false],
		]);
		const file = me.lessonFile('quota');
		const again = ok(await me.run('learn', 'reset'));
		expect(again).toContain('Step 1 of 2: Reach the limit');
		expect(
			passes(
				lessons.find((l) => l.id === 'quota')!.steps[0]!.check,
				await worldOf(file),
			),
		).toBe(false);
		expect(
			okJson<unknown[]>(await me.run('learn', 'progress', '--json')),
		).toEqual(
			[1, 2].map((step) => ({
				lesson: 'quota',
				step,
				done: false,
				skipped: false,
				at: null,
			})),
		);
		ok(await me.run('learn', 'reset', '--all'));
		expect(
			okJson<unknown[]>(await me.run('learn', 'progress', '--json')),
		).toEqual([]);
		usage(await me.run('learn', 'check'));
		// A progress file that does not read is started again, not a stop.
		await writeFile(
			path.join(me.data, 'tagdeck', 'lessons', 'progress.json'),
			'{nope',
		);
		expect(ok(await me.run('learn'))).toContain('windows-patch');
	});
});
