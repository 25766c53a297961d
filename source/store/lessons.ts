/*
Where lessons live on disk (docs/lessons.md): each started lesson's world in
its own file in the lessons folder beside the default world, never the user's
world, and a progress file: the lesson started last, and for each lesson when
each step was first seen done and whether its solution was applied for the
learner.
*/
import {mkdir, rm} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {Low} from 'lowdb';
import {JSONFile} from 'lowdb/node';
import {defaultWorldPath} from './paths.js';

export type StepProgress = {
	/** World time the step was first seen done; null while it is not. */
	done: string | null;
	/** Its solution was applied by `learn solve`. */
	skipped: boolean;
};

export type LessonProgress = {
	started: string;
	steps: StepProgress[];
};

export type Progress = {
	/** The lesson started last: `learn check`, `hint` and `solve` act on it. */
	current: string | null;
	lessons: Record<string, LessonProgress>;
};

const empty = (): Progress => ({current: null, lessons: {}});

/** The lessons folder: `lessons/` beside the default world file. */
export function lessonsFolder(env: NodeJS.ProcessEnv = process.env): string {
	return join(dirname(defaultWorldPath(env)), 'lessons');
}

export class LessonBook {
	readonly folder: string;
	private readonly db: Low<Progress>;

	constructor(folder = lessonsFolder()) {
		this.folder = folder;
		this.db = new Low<Progress>(
			new JSONFile<Progress>(join(folder, 'progress.json')),
			empty(),
		);
	}

	/** The world file of a lesson. */
	worldOf(id: string): string {
		return join(this.folder, `${id}.json`);
	}

	/** The lesson whose world is this file, if it is one. */
	lessonAt(file: string): string | undefined {
		const path = resolve(file);
		const folder = resolve(this.folder);
		if (dirname(path) !== folder || !path.endsWith('.json')) return undefined;
		const id = path.slice(folder.length + 1, -'.json'.length);
		return id === 'progress' ? undefined : id;
	}

	async read(): Promise<Progress> {
		try {
			await this.db.read();
		} catch {
			// A progress file that does not read is started again, never a stop.
			this.db.data = empty();
		}

		const data = this.db.data as Partial<Progress> | null;
		if (!data || typeof data !== 'object' || typeof data.lessons !== 'object')
			this.db.data = empty();
		return this.db.data;
	}

	async write(progress: Progress): Promise<void> {
		await mkdir(this.folder, {recursive: true});
		this.db.data = progress;
		await this.db.write();
	}

	/** Forgets a lesson: its world file and its progress. */
	async forget(id: string): Promise<void> {
		const progress = await this.read();
		await rm(this.worldOf(id), {force: true});
		delete progress.lessons[id];
		if (progress.current === id) progress.current = null;
		await this.write(progress);
	}
}
