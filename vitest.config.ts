import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/setup.ts'],
		// eslint-disable-next-line @typescript-eslint/naming-convention
		env: {FORCE_COLOR: '0'},
		testTimeout: 30_000,
		hookTimeout: 60_000,
	},
});
