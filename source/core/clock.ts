import {TagdeckError} from './errors.js';
import type {WorldData} from './model.js';
import type {Txn} from './txn.js';

/*
The world's clock (docs/behaviour.md §9): world time is this machine's time
plus the world's offset, 0 in a new world. `clock advance` moves the offset
forward as a step; undoing it moves it back. Nothing else changes it.
*/

export type Clock = {
	/** Seconds world time is ahead of this machine's clock. */
	offset: number;
};

/** The furthest the clock may be ahead: ten years. */
export const maxOffset = 10 * 366 * 86_400;

/** World time when this machine's clock reads `wall` (ms), as ISO 8601. The core reads no clock. */
export function worldNow(data: Pick<WorldData, 'clock'>, wall: number): string {
	return new Date(wall + data.clock.offset * 1000).toISOString();
}

const units: Record<string, number> = {
	s: 1,
	m: 60,
	h: 3600,
	d: 86_400,
	w: 7 * 86_400,
};

const durationPattern = /^(?:\d+(?:mo|[smhdw]))+$/v;
const partPattern = /(\d+)(mo|[smhdw])/gv;

/**
The seconds a duration such as `90m`, `36h`, `7d`, `2w`, `1mo` or `1d12h` adds to
`from`. A month is a calendar month: from the 5th to the 5th of the next.
*/
export function durationSeconds(text: string, from: string): number {
	if (text.length > 64) {
		throw new TagdeckError(
			'InvalidParameter.Duration',
			`A duration has at most 64 characters; this one has ${text.length}. Write it shorter, e.g. 30mo, not 1mo thirty times.`,
		);
	}

	if (!durationPattern.test(text)) {
		throw new TagdeckError(
			'InvalidParameter.Duration',
			`"${text}" is not a duration: write a number and a unit, e.g. 90m, 36h, 7d, 2w or 1mo (units s, m, h, d, w, mo; they may be combined: 1d12h).`,
		);
	}

	const start = new Date(from);
	let end = start.getTime();
	for (const [, amount, unit] of text.matchAll(partPattern)) {
		const n = Number(amount);
		if (unit === 'mo') {
			const date = new Date(end);
			date.setUTCMonth(date.getUTCMonth() + n);
			end = date.getTime();
		} else {
			end += n * units[unit!]! * 1000;
		}
	}

	return Math.round((end - start.getTime()) / 1000);
}

/** Moves the world's clock forward by `text`; the step is stamped before it moves. */
export function advanceClock(txn: Txn, text: string): void {
	const seconds = durationSeconds(text, txn.now);
	const before = txn.world.data.clock;
	if (seconds <= 0) {
		throw new TagdeckError(
			'InvalidParameter.Duration',
			'The clock only moves forward: give a duration of at least 1s.',
		);
	}

	if (!Number.isSafeInteger(seconds) || before.offset + seconds > maxOffset) {
		throw new TagdeckError(
			'InvalidParameter.Duration',
			`The world's clock may be at most ten years ahead of this machine's; it is ${describeOffset(before.offset)} ahead now.`,
		);
	}

	txn.setDoc('k', 'clock', {offset: before.offset + seconds});
}

/** An offset in words: `7d 2h`, `0s`. */
export function describeOffset(offset: number): string {
	const parts: string[] = [];
	let rest = offset;
	for (const [unit, size] of [
		['d', 86_400],
		['h', 3600],
		['m', 60],
		['s', 1],
	] as const) {
		const n = Math.floor(rest / size);
		rest -= n * size;
		if (n > 0) parts.push(`${n}${unit}`);
	}

	return parts.length > 0 ? parts.join(' ') : '0s';
}
