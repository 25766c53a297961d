/*
Settings shared by the property and fuzz tests: TAGDECK_PROPERTY_SEED replays
a run (fast-check prints the seed of every failure), TAGDECK_LONG_PROPERTIES=1
defines their long versions.
*/
const seedText = process.env.TAGDECK_PROPERTY_SEED;
if (seedText !== undefined && !Number.isInteger(Number(seedText)))
	throw new Error(
		`TAGDECK_PROPERTY_SEED must be an integer, not "${seedText}"`,
	);

/** Fast-check parameters: the seed to replay, if one was given. */
export const seed: {seed?: number} =
	seedText === undefined ? {} : {seed: Number(seedText)};

export const long = process.env.TAGDECK_LONG_PROPERTIES === '1';
