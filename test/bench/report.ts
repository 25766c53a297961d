/*
Medians, percentiles and the printed table.
*/

export type Row = {
	id: string;
	what: string;
	world: string;
	floor: string;
	tagdeck: string;
	ratio: string;
	target: string;
	result: string;
};

export function median(samples: number[]): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = samples.toSorted((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? sorted[middle]!
		: (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile (p in 0..100). */
export function percentile(samples: number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = samples.toSorted((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ms(value: number): string {
	if (!Number.isFinite(value)) return '-';
	return value >= 100
		? `${Math.round(value).toLocaleString('en-US')} ms`
		: `${value.toFixed(1)} ms`;
}

export function mb(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(0)} MB` : '-';
}

export function samplesText(samples: number[], digits = 0): string {
	return samples.map((s) => s.toFixed(digits)).join(' ');
}

/** A row judged by the ratio of the medians (tagdeck / floor). */
export function ratioRow(
	base: Pick<Row, 'id' | 'what' | 'world'>,
	floor: number[],
	tagdeck: number[],
	target: number,
	bar?: number,
): Row {
	const ratio = median(tagdeck) / median(floor);
	const result =
		ratio <= target
			? 'PASS'
			: bar !== undefined && ratio <= bar
				? 'MISS (within bar)'
				: 'MISS';
	return {
		...base,
		floor: ms(median(floor)),
		tagdeck: ms(median(tagdeck)),
		ratio: `${ratio.toFixed(2)}×`,
		target: `≤ ${target}×${bar === undefined ? '' : ` (bar ${bar}×)`}`,
		result,
	};
}

/** A row judged by an absolute figure. */
export function absoluteRow(
	base: Pick<Row, 'id' | 'what' | 'world'>,
	value: number,
	target: number,
	unit: 'ms' | 'MB',
	floor?: number,
): Row {
	const format = unit === 'ms' ? ms : mb;
	return {
		...base,
		floor: floor === undefined ? '-' : format(floor),
		tagdeck: format(value),
		ratio: '-',
		target: `≤ ${target} ${unit}`,
		result: value <= target ? 'PASS' : 'MISS',
	};
}

export function errorRow(
	base: Pick<Row, 'id' | 'what' | 'world'>,
	error: unknown,
): Row {
	return {
		...base,
		floor: '-',
		tagdeck: '-',
		ratio: '-',
		target: '-',
		result: `ERROR (${firstLine(error)})`,
	};
}

export function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n')[0]!.slice(0, 120);
}

export function table(rows: Row[]): string {
	const header: Row = {
		id: 'id',
		what: 'what',
		world: 'world',
		floor: 'floor',
		tagdeck: 'tagdeck',
		ratio: 'ratio',
		target: 'target',
		result: 'result',
	};
	const columns = Object.keys(header) as Array<keyof Row>;
	const all = [header, ...rows];
	const widths = columns.map((c) =>
		Math.max(...all.map((row) => [...row[c]].length)),
	);
	const right = new Set<keyof Row>(['floor', 'tagdeck', 'ratio']);
	const line = (row: Row) =>
		columns
			.map((c, i) => {
				const pad = ' '.repeat(widths[i]! - [...row[c]].length);
				return right.has(c) ? pad + row[c] : row[c] + pad;
			})
			.join('  ')
			.trimEnd();
	const rule = widths.map((w) => '-'.repeat(w)).join('  ');
	return [line(header), rule, ...rows.map((row) => line(row))].join('\n');
}
