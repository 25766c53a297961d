/*
A lesson's words as the learner reads them (docs/lessons.md): `{world}` is the
lesson's world file, `@name` the ID of the resource of that name, and a
solution is shown as the command a learner would type.
*/
import type {World} from '../world.js';
import {resolveRef} from './check.js';
import type {Lesson, Solution} from './model.js';

/** Arguments as a shell line: a word with anything but plain characters is single-quoted. */
export function shellWords(words: readonly string[]): string {
	return words
		.map((word) =>
			/^[\w@%+=:,.\/\-]+$/v.test(word)
				? word
				: `'${word.replaceAll("'", String.raw`'\''`)}'`,
		)
		.join(' ');
}

const reference = /@(?<ref>[a-z\d][a-z\d.\-]*(?:\/[a-z\d][a-z\d.\-]*)?)/gv;

export function lessonText(lesson: Lesson, world: World, file: string) {
	/** The text with `{world}` and `@name` filled in; a name not made yet stays a name. */
	const fill = (text: string) =>
		text
			.replaceAll('{world}', shellWords([file]))
			.replaceAll(
				reference,
				(whole, ref: string) => resolveRef(world, whole) ?? ref,
			);
	return {
		fill,
		/** A step: its number, title and instruction. */
		step(index: number): string {
			const step = lesson.steps[index]!;
			return [
				`Step ${index + 1} of ${lesson.steps.length}: ${step.title}`,
				...step.instruction.map((line) => `  ${fill(line)}`),
			].join('\n');
		},
		hint(index: number): string {
			return fill(lesson.steps[index]!.hint);
		},
		/** A solution as the learner would do it. */
		solution(solution: Solution, now: World = world): string {
			if ('run' in solution) {
				const words = solution.run.map((word) =>
					word.startsWith('@')
						? (resolveRef(now, word) ?? word.slice(1))
						: word,
				);
				return `tagdeck ${shellWords(words).replace('{data}', 'data')}`;
			}

			return `TagResources through tagdeck serve (as examples/rehearse.cjs): every resource matching ${solution.filter} in ${solution.region}, tagged ${Object.entries(
				solution.tags,
			)
				.map(([k, v]) => `${k}=${v}`)
				.join(' ')}`;
		},
	};
}
