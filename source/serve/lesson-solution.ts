/*
A lesson step done through the API (docs/lessons.md): `learn solve` starts
tagdeck serve on the lesson's world on a free loopback port for the length of
the step, and makes the calls a script would, signed with the account's key.
*/
import {randomUUID} from 'node:crypto';
import {TagdeckError} from '../core/errors.js';
import {parseFilter} from '../core/filter.js';
import type {Solution} from '../core/lessons/model.js';
import {listResources} from '../core/query.js';
import {Store} from '../store/store.js';
import {arnOf} from './arn.js';
import {startServer} from './server.js';
import {signV1} from './signature.js';

type ApiSolution = Extract<Solution, {api: string}>;

/** One signed Tag API call (signature V1, GET); its JSON answer, or a refusal. */
async function call(
	port: number,
	key: {id: string; secret: string},
	action: string,
	params: Record<string, string>,
): Promise<Record<string, unknown>> {
	const query = signV1(
		'GET',
		{
			...params,
			Action: action,
			Version: '2018-08-28',
			Format: 'JSON',
			AccessKeyId: key.id,
			SignatureMethod: 'HMAC-SHA1',
			SignatureVersion: '1.0',
			SignatureNonce: randomUUID(),
			Timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
		},
		key.secret,
	);
	const response = await fetch(`http://127.0.0.1:${port}/?${query}`);
	const body = (await response.json()) as Record<string, unknown>;
	if (!response.ok) {
		throw new TagdeckError(
			String(body.Code),
			`${action} through tagdeck serve was refused: ${String(body.Message)}`,
		);
	}

	return body;
}

export async function apiSolution(solution: ApiSolution, file: string) {
	const store = new Store(file);
	const world = await store.load();
	const {accessKey, id: accountId} = world.data.account;
	const arns = listResources(world, {
		region: solution.region,
		filter: parseFilter(solution.filter),
	}).map((resource) => arnOf(accountId, resource));
	const serving = await startServer({store, host: '127.0.0.1', port: 0});
	try {
		for (let start = 0; start < arns.length; start += 50) {
			const params: Record<string, string> = {
				RegionId: solution.region,
				Tags: JSON.stringify(solution.tags),
			};
			for (const [index, arn] of arns.slice(start, start + 50).entries())
				params[`ResourceARN.${index + 1}`] = arn;
			await call(serving.port, accessKey, 'TagResources', params);
		}
	} finally {
		await serving.close();
	}
}
