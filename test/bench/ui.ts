/*
S1, S2, S3 and S6: the real binary in a pseudo-terminal.
*/
import path from 'node:path';
import {
	benchDir,
	cliPath,
	keys,
	sleep,
	withPty,
	type BenchPty,
	type Condition,
} from './pty.js';

export const region = 'cn-hangzhou';
const floorUi = path.join(benchDir, 'floor-ui.mjs');
const tagdeckArgs = [cliPath, '--region', region];

/** A table row: the mark column, then an ID (e.g. "  alb-cvs6wsbj4stkv1yguz"). */
const resourceRow = /^[● ] [a-z][a-z\d]*-[a-z\d]/v;

/** The UI's first frame with resources: the header counts them, and rows are drawn. */
export const showsResources: Condition = (pty) => {
	const lines = pty.lines();
	return (
		lines[0]!.includes(' in region') &&
		lines.some((line) => resourceRow.test(line))
	);
};

const floorShows: Condition = (pty) =>
	pty.lines().some((line) => line.includes(' resources read'));

/** Time the floor in the pseudo-terminal: spawn to its one line. */
export async function floorStart(db: string): Promise<number> {
	return withPty({args: [floorUi, db], db}, async (pty) => {
		const at = await pty.until(floorShows, 'the floor line');
		return at - pty.started;
	});
}

/** Time tagdeck in the pseudo-terminal: spawn to the first frame with resource rows. */
export async function tagdeckStart(db: string): Promise<number> {
	return withPty({args: tagdeckArgs, db}, async (pty) => {
		const at = await pty.until(
			showsResources,
			'the first frame with resource rows',
		);
		return at - pty.started;
	});
}

/** Opens the UI and waits until it takes keys (Ink turns raw mode on right after the first frame). */
async function ready(pty: BenchPty) {
	await pty.until(showsResources, 'the first frame with resource rows');
	await sleep(300);
}

/** Time between keys: more than Ink's render throttle (30 fps), so each key gets its own frame. */
const gap = 60;

/** Presses j `count` times; the milliseconds from each key to the frame that moves the cursor row. */
async function cursorMoves(pty: BenchPty, count: number): Promise<number[]> {
	const samples: number[] = [];
	for (let i = 0; i < count; i++) {
		const before = pty.cursorRow();
		if (before === undefined)
			throw new Error(`no single cursor row on the screen.\n${pty.show()}`);
		samples.push(
			await pty.keyToFrame(
				'j',
				(p) => {
					const row = p.cursorRow();
					return row !== undefined && row !== before;
				},
				`the cursor row to move (press ${i + 1})`,
			),
		);
		await sleep(gap);
	}

	return samples;
}

const promptShows =
	(text: string): Condition =>
	(pty) =>
		pty.lines().some((line) => line.startsWith(`/${text}▏`));

/** Types `/` then `filter`, one key at a time; the milliseconds from each character to the frame showing it. */
async function typeFilter(pty: BenchPty, filter: string): Promise<number[]> {
	await pty.keyToFrame('/', promptShows(''), 'the filter prompt');
	await sleep(gap);
	const samples: number[] = [];
	let typed = '';
	for (const char of filter) {
		typed += char;
		samples.push(
			await pty.keyToFrame(
				char,
				promptShows(typed),
				`the filter prompt to show "${typed}"`,
			),
		);
		await sleep(gap);
	}

	return samples;
}

/** The "N shown" of the header. */
function shownCount(pty: BenchPty): number | undefined {
	const shown = / (\d+) shown /v.exec(pty.lines()[0]!);
	return shown ? Number(shown[1]) : undefined;
}

export type UiSession = {
	moves: number[];
	keystrokes: number[];
	/** Rows shown with the filter typed in full. */
	filtered?: number;
	inRegion?: number;
};

/** S2 and S3 in one open UI: `moves` cursor moves, then the filter typed `repeats` times. */
export async function keyLatency(
	db: string,
	options: {moves: number; filter: string; repeats: number},
): Promise<UiSession> {
	return withPty({args: tagdeckArgs, db}, async (pty) => {
		await ready(pty);
		const inRegion = / (\d+) in region/v.exec(pty.lines()[0]!);
		const moves = await cursorMoves(pty, options.moves);
		const keystrokes: number[] = [];
		let filtered: number | undefined;
		for (let i = 0; i < options.repeats; i++) {
			keystrokes.push(...(await typeFilter(pty, options.filter)));
			filtered = shownCount(pty);
			// Esc leaves the prompt and clears the filter (Ink holds a lone Esc a moment).
			pty.write(keys.esc);
			await pty.until(
				(p) => !p.lines().some((line) => line.startsWith('/')),
				'the filter prompt to close after Esc',
			);
			await sleep(150);
		}

		return {
			moves,
			keystrokes,
			filtered,
			inRegion: inRegion ? Number(inRegion[1]) : undefined,
		};
	});
}

/** The floor of S2 and S3: a key to the frame of the floor's one Ink line, rendered again. */
export async function floorKeyLatency(
	db: string,
	count: number,
): Promise<number[]> {
	return withPty({args: [floorUi, db], db}, async (pty) => {
		await pty.until(floorShows, 'the floor line');
		await sleep(300);
		const samples: number[] = [];
		for (let i = 1; i <= count; i++) {
			samples.push(
				await pty.keyToFrame(
					'j',
					(p) => p.lines().some((line) => line.endsWith(` · key ${i}`)),
					`the floor line to count key ${i}`,
				),
			);
			await sleep(gap);
		}

		return samples;
	});
}

/** S6: VmHWM of the UI after some use (cursor moves, a filter applied, more moves), in MB. */
export async function tagdeckPeakRss(db: string): Promise<number> {
	return withPty({args: tagdeckArgs, db}, async (pty) => {
		await ready(pty);
		await cursorMoves(pty, 10);
		await typeFilter(pty, 'env=prod');
		pty.write(keys.enter);
		await pty.until(
			(p) => p.lines().some((line) => line.includes('filter: env=prod')),
			'the filter env=prod to apply',
		);
		await sleep(gap);
		await cursorMoves(pty, 10);
		await sleep(600);
		return pty.peakRssMb();
	});
}

/** S6 floor: VmHWM of the floor (node, parse, one Ink line), in MB. */
export async function floorPeakRss(db: string): Promise<number> {
	return withPty({args: [floorUi, db], db}, async (pty) => {
		await pty.until(floorShows, 'the floor line');
		await sleep(300);
		return pty.peakRssMb();
	});
}
