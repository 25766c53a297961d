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
