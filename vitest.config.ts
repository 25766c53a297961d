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
		testTimeout: 30_000,
		hookTimeout: 60_000,
	},
});
