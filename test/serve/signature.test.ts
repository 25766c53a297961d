/*
Signature verification (source/serve/signature.ts) against the official SDKs
from npm, unmodified: @alicloud/pop-core signs V1, @alicloud/tag20180828 and
@alicloud/ecs20140526 sign V3. A server on 127.0.0.1 (started here, loopback
only) verifies each request with the key's secret and answers as the API does:
the call's RequestId, or the refusal's status and {RequestId, Code, Message}.
Values with characters the encodings treat differently are sent on purpose.
*/
import {createServer, type Server} from 'node:http';
import {createRequire} from 'node:module';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	SignatureError,
	verifySignature,
	type SignedCall,
} from '../../source/serve/signature.js';

const require = createRequire(import.meta.url);

type PopClient = {
	request(
		action: string,
		params: Record<string, unknown>,
		options?: Record<string, unknown>,
	): Promise<Record<string, unknown>>;
};
const RpcClient = require('@alicloud/pop-core') as new (
	config: Record<string, string>,
) => PopClient;
const Tag = require('@alicloud/tag20180828') as {
	default: new (config: Record<string, unknown>) => {
		tagResources(request: unknown): Promise<{body: Record<string, unknown>}>;
		listTagResources(
			request: unknown,
		): Promise<{body: Record<string, unknown>}>;
	};
	TagResourcesRequest: new (fields: Record<string, unknown>) => unknown;
	ListTagResourcesRequest: new (fields: Record<string, unknown>) => unknown;
};
const Ecs = require('@alicloud/ecs20140526') as {
	default: new (config: Record<string, unknown>) => {
		describeInstances(
			request: unknown,
		): Promise<{body: Record<string, unknown>}>;
	};
	DescribeInstancesRequest: new (fields: Record<string, unknown>) => unknown;
	DescribeInstancesRequestTag: new (fields: Record<string, unknown>) => unknown;
};
/** The generated clients are each package's default export. */
const {default: TagClient} = Tag;
const {default: EcsClient} = Ecs;

const accessKeyId = 'LTAIsignaturetest0000001';
const secret = 'testSecret/+=with(odd)*chars!';
const arn = 'acs:ecs:cn-hangzhou:1487263095518342:instance/i-bp1example';
const tags = JSON.stringify({env: 'prod (blue)*', 'k~ü': "v!'+ =&"});

let server: Server;
let port = 0;
/** The calls the server verified, newest last. */
const verified: SignedCall[] = [];

beforeAll(async () => {
	server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
		});
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			const form = (request.headers['content-type'] ?? '').startsWith(
				'application/x-www-form-urlencoded',
			)
				? [...new URLSearchParams(body.toString('utf8'))]
				: [];
			const headers: Record<string, string | undefined> = {};
			for (const [name, value] of Object.entries(request.headers))
				headers[name] = Array.isArray(value) ? value.join(',') : value;
			response.setHeader('content-type', 'application/json;charset=utf-8');
			try {
				const call = verifySignature(
					{
						method: request.method ?? 'GET',
						path: url.pathname,
						query: [...url.searchParams],
						form,
						headers,
						body,
					},
					(id) => (id === accessKeyId ? secret : undefined),
				);
				verified.push(call);
				response.end(JSON.stringify({RequestId: `ok-${verified.length}`}));
			} catch (error) {
				if (!(error instanceof SignatureError)) throw error;
				response.statusCode = error.status;
				response.end(
					JSON.stringify({
						RequestId: 'refused',
						HostId: '127.0.0.1',
						Code: error.code,
						Message: error.message,
					}),
				);
			}
		});
	});
	await new Promise<void>((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	port = (server.address() as {port: number}).port;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => {
		server.close(resolve);
	});
});

const v3 = (key = secret) => ({
	accessKeyId,
	accessKeySecret: key,
	endpoint: `127.0.0.1:${port}`,
	protocol: 'HTTP',
	regionId: 'cn-hangzhou',
});

describe('V1 (HMAC-SHA1), as @alicloud/pop-core signs', () => {
	it('verifies a GET with the parameters in the query, and a POST with them in a form body', async () => {
		const client = new RpcClient({
			accessKeyId,
			accessKeySecret: secret,
			endpoint: `http://127.0.0.1:${port}`,
			apiVersion: '2018-08-28',
		});
		const got = await client.request('TagResources', {
			RegionId: 'cn-hangzhou',
			'ResourceARN.1': arn,
			Tags: tags,
		});
		expect(got.RequestId).toMatch(/^ok-/v);
		expect(verified.at(-1)).toMatchObject({
			accessKeyId,
			style: 'V1',
			action: 'TagResources',
			version: '2018-08-28',
		});
		expect(verified.at(-1)!.params.get('Tags')).toBe(tags);
		expect(verified.at(-1)!.params.get('ResourceARN.1')).toBe(arn);
		expect(verified.at(-1)!.params.has('Signature')).toBe(false);
		await client.request(
			'UntagResources',
			{RegionId: 'cn-hangzhou', 'ResourceARN.1': arn, 'TagKey.1': 'env'},
			{method: 'POST'},
		);
		expect(verified.at(-1)!.params.get('TagKey.1')).toBe('env');
	});

	it('a wrong secret is SignatureDoesNotMatch; an unknown key InvalidAccessKeyId.NotFound', async () => {
		const wrong = new RpcClient({
			accessKeyId,
			accessKeySecret: `${secret}x`,
			endpoint: `http://127.0.0.1:${port}`,
			apiVersion: '2018-08-28',
		});
		await expect(
			wrong.request('ListTagResources', {RegionId: 'cn-hangzhou'}),
		).rejects.toMatchObject({code: 'SignatureDoesNotMatch'});
		const unknown = new RpcClient({
			accessKeyId: 'LTAInobodyhasthiskey0000',
			accessKeySecret: secret,
			endpoint: `http://127.0.0.1:${port}`,
			apiVersion: '2018-08-28',
		});
		await expect(
			unknown.request('ListTagResources', {RegionId: 'cn-hangzhou'}),
		).rejects.toMatchObject({code: 'InvalidAccessKeyId.NotFound'});
	});
});

describe('V3 (ACS3-HMAC-SHA256), as @alicloud/tag20180828 and @alicloud/ecs20140526 sign', () => {
	it('verifies the Tag API client’s calls, with the action and version from its headers', async () => {
		const client = new TagClient(v3());
		await client.tagResources(
			new Tag.TagResourcesRequest({
				regionId: 'cn-hangzhou',
				resourceARN: [arn, `${arn}2`],
				tags,
			}),
		);
		expect(verified.at(-1)).toMatchObject({
			accessKeyId,
			style: 'V3',
			action: 'TagResources',
			version: '2018-08-28',
		});
		expect(verified.at(-1)!.params.get('ResourceARN.2')).toBe(`${arn}2`);
		expect(verified.at(-1)!.params.get('Tags')).toBe(tags);
		await client.listTagResources(
			new Tag.ListTagResourcesRequest({
				regionId: 'cn-hangzhou',
				resourceARN: [arn],
				pageSize: 50,
				nextToken: 'abc==',
			}),
		);
		expect(verified.at(-1)!.params.get('NextToken')).toBe('abc==');
	});

	it('verifies the ECS client’s DescribeInstances with Tag.N filters', async () => {
		const client = new EcsClient(v3());
		await client.describeInstances(
			new Ecs.DescribeInstancesRequest({
				regionId: 'cn-hangzhou',
				tag: [
					new Ecs.DescribeInstancesRequestTag({key: 'env', value: 'prod (x)'}),
					new Ecs.DescribeInstancesRequestTag({key: 'team'}),
				],
			}),
		);
		expect(verified.at(-1)).toMatchObject({
			style: 'V3',
			action: 'DescribeInstances',
			version: '2014-05-26',
		});
		expect(verified.at(-1)!.params.get('Tag.1.Value')).toBe('prod (x)');
	});

	it('a wrong secret is refused with SignatureDoesNotMatch, as the SDK reports it', async () => {
		const client = new TagClient(v3(`${secret}x`));
		await expect(
			client.listTagResources(
				new Tag.ListTagResourcesRequest({regionId: 'cn-hangzhou'}),
			),
		).rejects.toMatchObject({code: 'SignatureDoesNotMatch', statusCode: 400});
	});
});

describe('requests no SDK sends', () => {
	const base = {
		method: 'POST',
		path: '/',
		query: [] as Array<[string, string]>,
		form: [] as Array<[string, string]>,
		body: new Uint8Array(),
	};
	const secretOf = (id: string) => (id === accessKeyId ? secret : undefined);
	const refusal = (request: Parameters<typeof verifySignature>[0]) => {
		try {
			verifySignature(request, secretOf);
		} catch (error) {
			return (error as SignatureError).code;
		}

		throw new Error('not refused');
	};

	it('V1 without a signature, or with another method, is refused', () => {
		expect(refusal({...base, headers: {}})).toBe('IncompleteSignature');
		expect(
			refusal({
				...base,
				headers: {},
				query: [
					['AccessKeyId', accessKeyId],
					['Signature', 'x'],
					['Action', 'TagResources'],
					['Version', '2018-08-28'],
					['SignatureMethod', 'HMAC-MD5'],
				],
			}),
		).toBe('IncompleteSignature');
	});

	it('V3 with a malformed Authorization, or a required header left unsigned, is refused', () => {
		expect(refusal({...base, headers: {authorization: 'Bearer x'}})).toBe(
			'IncompleteSignature',
		);
		expect(
			refusal({
				...base,
				headers: {
					authorization: `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=host,Signature=${'0'.repeat(64)}`,
				},
			}),
		).toBe('IncompleteSignature');
	});
});
