const config = [
	{
		prettier: true,
		react: true,
		rules: {
			// The simulator's messages and tables need to speak of many things at once.
			'max-params': 'off',
			complexity: 'off',
			'no-await-in-loop': 'off',
			'unicorn/prevent-abbreviations': 'off',
			'@typescript-eslint/no-unsafe-type-assertion': 'off',
			'@typescript-eslint/no-dynamic-delete': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
			'n/prefer-global/process': 'off',
			'n/prefer-global/buffer': 'off',
			// The world file is JSON, where absent values are null (docs/behaviour.md §8).
			'@typescript-eslint/no-restricted-types': 'off',
			'unicorn/no-null': 'off',
			// JSX uses the automatic runtime (tsconfig jsx: react-jsx).
			'react/react-in-jsx-scope': 'off',
			'react/jsx-uses-react': 'off',
			// Conflicts with prettier on empty bodies.
			'@stylistic/curly-newline': 'off',
		},
	},
	{
		// The UI's keys live in binding tables, not in branching code: keep it so.
		files: ['source/ui/**'],
		rules: {
			complexity: ['error', 20],
		},
	},
	{
		// The API's parameters and answers are named as Alibaba Cloud names them (RequestId, ResourceARN).
		files: ['source/serve/**'],
		rules: {
			'@typescript-eslint/naming-convention': 'off',
		},
	},
	{
		// The SDKs are loaded as a script loads them (require), untyped: their answers are read as data.
		files: ['test/serve/**', 'test/helpers/serve.ts'],
		rules: {
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	{
		files: ['test/**'],
		rules: {
			// Environment variables (TAGDECK_DB, NODE_ENV) are named as the shell names them.
			'@typescript-eslint/naming-convention': 'off',
		},
	},
];

export default config;
