import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/setup.ts'],
		// eslint-disable-next-line @typescript-eslint/naming-convention
		env: {FORCE_COLOR: '0'},
		// Most test time is spent waiting on the processes and terminals the tests
		// start: two test files at a time keep both cores of a small machine busy.
		maxWorkers: 2,
		// A command-line test runs several tagdeck processes one after another: on
		// a busy two-core machine one can take many seconds.
		testTimeout: 60_000,
		hookTimeout: 60_000,
	},
});
