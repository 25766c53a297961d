import type xterm from '@xterm/headless';

type Screen = InstanceType<typeof xterm.Terminal>;

/** A headless terminal's screen as text, one string per row (trailing spaces cut). */
export function screenLines(term: Screen): string[] {
	const buffer = term.buffer.active;
	const lines: string[] = [];
	for (let y = 0; y < term.rows; y++)
		lines.push(
			buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '',
		);
	return lines;
}

/** The rows of a headless terminal's screen drawn in reverse video within the first `columns` cells. */
export function reverseRows(term: Screen, columns: number[]): number[] {
	const buffer = term.buffer.active;
	const rows: number[] = [];
	for (let y = 0; y < term.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		if (columns.some((x) => line?.getCell(x)?.isInverse())) rows.push(y);
	}

	return rows;
}

/**
The environment a tagdeck UI gets in a test or benchmark pseudo-terminal: a
colour terminal as a user's is, and nothing from the test runner that would
change how it draws or stores.
*/
export function ptyEnvironment(
	db: string,
	extra: Record<string, string | undefined> = {},
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries({
		...process.env,
		// Ink in CI mode draws only the last frame and ignores resizes.
		CI: 'false',
		CONTINUOUS_INTEGRATION: undefined,
		// Vitest sets NODE_ENV=test, which makes lowdb keep the world in memory.
		NODE_ENV: 'production',
		TAGDECK_DB: db,
		TERM: 'xterm-256color',
		// CI variables would turn colour off.
		FORCE_COLOR: '2',
		NO_COLOR: undefined,
		LANG: 'C.UTF-8',
		...extra,
	})) {
		if (value !== undefined) env[key] = value;
	}

	return env;
}
