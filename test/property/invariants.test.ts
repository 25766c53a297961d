/*
Property tests of the core (docs/reliability.md R4): random command sequences over the demo
world, with the invariants checked after every command.

Seeds: runs are random; set TAGDECK_PROPERTY_SEED to replay one (fast-check
prints the seed and path of every failure).
Long run: TAGDECK_LONG_PROPERTIES=1 adds a 20,000-sequence test. Without the
variable that test is not defined at all (not skipped), so a normal run
neither runs nor reports it.
*/
import fc from 'fast-check';
import {describe, it} from 'vitest';
import {long, seed} from '../helpers/property-settings.js';
import {sequenceArbitrary} from './arbitraries.js';
import {knownCounterexamples} from './counterexamples.js';
import {runRoundTrips, runSequence} from './runner.js';

/** Known counterexamples run first, then `numRuns` random sequences. */
function assertSequences(numRuns: number) {
	fc.assert(
		fc.property(sequenceArbitrary, (commands) => {
			runSequence(commands);
		}),
		{numRuns, examples: knownCounterexamples, ...seed},
	);
}

describe('random command sequences keep the invariants (docs/reliability.md R4, docs/behaviour.md §2, §4, §5)', () => {
	it('holds one value per key, the quota, each region’s tag keys, regions, managed links, refusal and undo after every command of 1,000 sequences', () => {
		assertSequences(1000);
	}, 120_000);

	it('undoes every step to the exact previous world and redoes it to the exact next one (500 sequences)', () => {
		fc.assert(
			fc.property(sequenceArbitrary, (commands) => {
				runRoundTrips(commands);
			}),
			{numRuns: 500, ...seed},
		);
	}, 120_000);

	// Defined only with TAGDECK_LONG_PROPERTIES=1; otherwise it does not exist (see the top).
	if (long) {
		it('keeps the invariants over 20,000 sequences (TAGDECK_LONG_PROPERTIES=1)', () => {
			assertSequences(20_000);
		}, 3_600_000);
	}
});
