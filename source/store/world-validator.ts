/*
The world schema compiled by Ajv when first needed. The command line's bundle
does not carry this module: scripts/bundle.js puts in its place the same
validator as code Ajv generated at build time (standalone code), so a command
that checks a file does not spend a quarter of a second compiling the schema.
*/
import {Ajv} from 'ajv';
import {ajvOptions, worldSchema} from './world-schema.js';

export const validateWorld = new Ajv(ajvOptions).compile(worldSchema);
