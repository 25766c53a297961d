/* eslint-disable no-bitwise, unicorn/prefer-math-trunc -- a hash and a generator are bit arithmetic */
/**
A small deterministic generator (mulberry32). The core never reads a clock or
Math.random: its randomness is this state, kept in the world, so the same world
and the same commands give the same IDs.
*/
export class Random {
	constructor(public state: number) {}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d_2b_79_f5) | 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	}

	int(below: number): number {
		return Math.floor(this.next() * below);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	chars(alphabet: string, length: number): string {
		let out = '';
		for (let i = 0; i < length; i++) {
			out += alphabet[this.int(alphabet.length)];
		}

		return out;
	}
}

/** Turns any string or number seed into a 32-bit state. */
export function seedState(seed: string | number): number {
	const text = String(seed);
	let h = 2_166_136_261;
	for (let i = 0; i < text.length; i++) {
		h ^= text.codePointAt(i)!;
		h = Math.imul(h, 16_777_619);
	}

	return h | 0;
}
