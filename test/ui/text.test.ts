import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {visible} from '../../source/core/tags.js';
import {fit} from '../../source/ui/text.js';
import {seed} from '../helpers/property-settings.js';

const texts = fc.oneof(
	fc.string({unit: 'grapheme-ascii', maxLength: 60}),
	fc.string({unit: 'grapheme', maxLength: 60}),
	fc.string({unit: 'binary', maxLength: 60}),
	fc.constantFrom(
		'项目=测试',
		'ｆｕｌｌ',
		'café',
		'👩‍👩‍👧 family',
		'e\u0301',
		'\u001B[31mred',
	),
);

describe('fit: a cell of exactly the width asked for', () => {
	test('any text takes exactly `width` columns, and shows whole when it fits', () => {
		fc.assert(
			fc.property(texts, fc.integer({min: 1, max: 80}), (text, width) => {
				const cell = fit(text, width);
				expect(stringWidth(cell)).toBe(width);
				const safe = visible(text);
				if (stringWidth(safe) <= width)
					expect(cell.startsWith(safe)).toBe(true);
				else expect(cell.trimEnd().endsWith('…')).toBe(true);
			}),
			{numRuns: 2000, ...seed},
		);
	});

	test('ASCII longer than the cell is cut with an ellipsis in the last column', () => {
		expect(fit('i-bp1a3t36vhg8maa46og9', 10)).toBe('i-bp1a3t3…');
		expect(fit('web', 6)).toBe('web   ');
		expect(fit('web', 0)).toBe('');
	});
});
