import {fileURLToPath} from 'node:url';

/** The project's root folder, for the tests, the benchmarks and their helpers. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
