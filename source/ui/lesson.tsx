/*
The lesson panel (docs/lessons.md, `L`): beside the resources, the steps of
the lesson whose world is open, each ✓ once done, re-checked whenever the world
changes (here or in another terminal); the step to do with its instruction,
and with `h` its hint. Steps newly seen done are written to the progress file,
so `tagdeck learn check` and a trainer's `learn progress` agree with the panel.
*/
import {useEffect, useMemo, useState} from 'react';
import {worldNow} from '../core/clock.js';
import {findLesson, lessons} from '../core/lessons/catalogue.js';
import {stepsDone} from '../core/lessons/check.js';
import type {Lesson} from '../core/lessons/model.js';
import {lessonText} from '../core/lessons/text.js';
import type {World} from '../core/world.js';
import type {LessonBook} from '../store/lessons.js';
import type {UiState} from './state.js';
import {wrapWhole} from './text.js';

/** What the panel shows: the lesson of the open world (if it is one) and its steps done. */
export type LessonPane = {
	lesson: Lesson | undefined;
	file: string;
	done: boolean[];
};

/**
The lesson of the world file open, its steps checked against the whole world
(not a RAM user's view of it), and the progress kept up to date.
*/
export function useLesson(
	book: LessonBook | undefined,
	file: string,
	world: World,
): LessonPane {
	const id = book?.lessonAt(file);
	const lesson = id === undefined ? undefined : findLesson(id);
	const [seen, setSeen] = useState<boolean[] | undefined>(undefined);
	useEffect(() => {
		if (!book || !lesson) return;
		let live = true;
		void book.read().then((progress) => {
			if (!live) return;
			const steps = progress.lessons[lesson.id]?.steps ?? [];
			setSeen(steps.map((s) => s.done !== null));
		});
		return () => {
			live = false;
		};
	}, [book, lesson]);

	const whole = world.whole ?? world;
	// Checked when the world changes, not on every key press. A step applied
	// here changes the world in place: its revision says so.
	const {revision} = whole.data;
	const done = useMemo(
		() => (lesson && seen ? stepsDone(lesson, whole, seen) : []),
		// eslint-disable-next-line react-hooks/exhaustive-deps -- the revision is the world's content
		[lesson, whole, revision, seen],
	);
	const fresh = done.some((ok, index) => ok && !seen?.[index]);
	useEffect(() => {
		if (!book || !lesson || !fresh) return;
		let live = true;
		void book
			.read()
			.then(async (progress) => {
				const steps = progress.lessons[lesson.id]?.steps ?? [];
				// World time, as learn check records it.
				const at = worldNow(whole.data, Date.now());
				for (const [index, ok] of done.entries())
					if (ok && steps[index]?.done === null) steps[index].done = at;
				await book.write(progress);
			})
			// Written or not, the panel keeps what it saw done.
			.catch(() => undefined)
			.then(() => {
				if (live) setSeen(done);
			});
		return () => {
			live = false;
		};
	});
	return {lesson, file, done};
}

/** The panel's lines, `width` columns wide. */
export function lessonLines(
	pane: LessonPane,
	state: UiState,
	world: World,
	width: number,
): string[] {
	const wrapped = (text: string, indent = '') =>
		wrapWhole(text, Math.max(10, width - indent.length)).map(
			(line) => indent + line,
		);
	const {lesson} = pane;
	if (!lesson) {
		return [
			'No lesson in this world.',
			'',
			...wrapped(
				`tagdeck learn lists the ${lessons.length} lessons; tagdeck learn start ID builds one's world and prints how to open it here, where L shows its steps.`,
			),
			'',
			...lessons.map((l) => `  ${l.id}`),
		];
	}

	const text = lessonText(lesson, world.whole ?? world, pane.file);
	const next = pane.done.indexOf(false);
	const lines = [...wrapped(`Lesson: ${lesson.title}`), ''];
	for (const [index, step] of lesson.steps.entries()) {
		const mark = pane.done[index] ? '✓' : index === next ? '▸' : '·';
		lines.push(...wrapped(`${mark} ${index + 1}. ${step.title}`));
	}

	lines.push('');
	if (next === -1) {
		const following = lessons[lessons.indexOf(lesson) + 1];
		lines.push(
			...wrapped(
				`Lesson done: every step checks.${following ? ` Next: tagdeck learn start ${following.id}` : ''}`,
			),
		);
		return lines;
	}

	// The hint, when asked for, comes first: it is what the learner wants now.
	if (state.lessonHint)
		lines.push('Hint:', ...wrapped(text.hint(next), '  '), '');
	lines.push(`Step ${next + 1} (h hint · L close):`);
	for (const line of lesson.steps[next]!.instruction)
		lines.push(...wrapped(text.fill(line), '  '));
	return lines;
}
