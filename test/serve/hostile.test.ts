/*
Hostile input to `tagdeck serve`, sent as raw HTTP over loopback (node:http
and bare sockets): bodies over 1 MiB, bad encodings, parameters given twice,
oversized headers, unknown actions, wrong methods, missing parameters,
replays, stale timestamps, garbage signatures, connections cut mid-body, slow
clients, and JSON meant to break a parser. Each is answered with the API's
JSON error body and its status, never a 500; the world file is unchanged; the
server goes on answering. Signed requests are signed here, from the documented
V1 and V3 algorithms (docs/cloud-facts.md §13), not with the server's code.
*/
import {createHash, createHmac, randomUUID} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {
	type IncomingHttpHeaders,
	type IncomingMessage,
	request,
} from 'node:http';
import {connect, type Socket} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {type Key, Tag, TestServer} from '../helpers/serve.js';

let server: TestServer;
/** The world file's bytes before each test: a refusal leaves them as they were. */
let before: Buffer;
let instance: {id: string; region: string};

beforeAll(async () => {
	// Short limits, so that slow clients are cut within the test's time.
	server = await TestServer.start(undefined, {
		timeouts: {headersMs: 1500, requestMs: 2500},
	});
	const found = Object.values(server.world().resources).find(
		(r) => r.type === 'Ecs-Instance',
	)!;
	instance = {id: found.id, region: found.region};
});

beforeEach(async () => {
	before = await readFile(server.file);
});

afterAll(async () => {
	await server?.close();
});

const unchanged = async () => {
	const now = await readFile(server.file);
	expect(now.equals(before)).toBe(true);
};

const arn = (id = instance.id) =>
	`arn:acs:ecs:${instance.region}:${server.world().account.id}:instance/${id}`;

/** RFC 3986 percent-encoding, as both signatures use it. */
const percent = (text: string) =>
	encodeURIComponent(text).replaceAll(
		/[!'\(\)*]/gv,
		(c) => `%${c.codePointAt(0)!.toString(16).toUpperCase()}`,
	);

/** The time as V1 and V3 send it: yyyy-MM-ddTHH:mm:ssZ. */
const stamp = (at = Date.now()) =>
	`${new Date(at).toISOString().slice(0, 19)}Z`;

/**
A V1 request's parameters, signed (HMAC-SHA1 of METHOD&%2F&<sorted encoded
parameters>, keyed by secret&), as `a=b&…` ready for a query or a form body.
A common parameter given as undefined is left out.
*/
function signV1(
	params: Record<string, string | undefined>,
	options: {method?: string; key?: Key} = {},
): string {
	const key = options.key ?? server.root;
	const all: Record<string, string | undefined> = {
		AccessKeyId: key.accessKeyId,
		Format: 'JSON',
		SignatureMethod: 'HMAC-SHA1',
		SignatureNonce: randomUUID(),
		SignatureVersion: '1.0',
		Timestamp: stamp(),
		Version: '2018-08-28',
		...params,
	};
	const canonical = Object.entries(all)
		.filter((entry): entry is [string, string] => entry[1] !== undefined)
		.map(([k, v]) => [percent(k), percent(v)])
		.toSorted(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
	const signature = createHmac('sha1', `${key.accessKeySecret}&`)
		.update(`${options.method ?? 'GET'}&${percent('/')}&${percent(canonical)}`)
		.digest('base64');
	return `${canonical}&Signature=${percent(signature)}`;
}

type Answer = {
	status: number;
	headers: IncomingHttpHeaders;
	text: string;
	body: Record<string, unknown>;
};

/** An answer, its body parsed as JSON (which it must be). */
async function readAnswer(response: IncomingMessage): Promise<Answer> {
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return {
		status: response.statusCode!,
		headers: response.headers,
		text,
		body: JSON.parse(text) as Record<string, unknown>,
	};
}

/** One request over a connection of its own. */
async function send(
	options: {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
	} = {},
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const outgoing = request(
			{
				host: '127.0.0.1',
				port: server.port,
				method: options.method ?? 'GET',
				path: options.path ?? '/',
				headers: options.headers,
				agent: false,
			},
			(response) => {
				readAnswer(response).then(resolve, reject);
			},
		);
		outgoing.on('error', reject);
		outgoing.end(options.body);
	});
}

/** A signed V1 GET of a Tag API action. */
async function getV1(params: Record<string, string | undefined>) {
	return send({path: `/?${signV1(params)}`});
}

/** A signed V1 POST, the parameters in a form body. */
async function postV1(params: Record<string, string | undefined>) {
	return send({
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded'},
		body: signV1(params, {method: 'POST'}),
	});
}

/** The API's error body: all five fields, the code and status expected, and a message. */
function refusedWith(answer: Answer, status: number, code: string) {
	expect(answer.headers['content-type']).toBe('application/json;charset=utf-8');
	expect(
		{status: answer.status, code: answer.body.Code},
		String(answer.body.Message),
	).toEqual({status, code});
	expect(Object.keys(answer.body)).toEqual([
		'RequestId',
		'HostId',
		'Code',
		'Message',
		'Recommend',
	]);
	expect(String(answer.body.Message).length).toBeGreaterThan(10);
	expect(String(answer.body.Recommend)).toContain(encodeURIComponent(code));
	return String(answer.body.Message);
}

type RawAnswer = {
	/** The first answer's status and body. */
	status: number | undefined;
	body: Record<string, unknown> | undefined;
	/** How many answers came. */
	answers: number;
	/** Whether the server closed the connection. */
	closed: boolean;
};

/**
Writes bytes on a bare connection (then `drip`, a character at a time with a
pause between) and reads what comes back until the server closes it, or
`waitMs`.
*/
async function raw(
	bytes: string | Buffer,
	options: {drip?: string; pauseMs?: number; waitMs?: number} = {},
): Promise<RawAnswer> {
	const socket: Socket = connect(server.port, '127.0.0.1');
	const chunks: Buffer[] = [];
	socket.on('data', (chunk: Buffer) => {
		chunks.push(chunk);
	});
	socket.on('error', () => undefined);
	socket.write(bytes);
	const drip = options.drip ?? '';
	let dripped = 0;
	const timer = setInterval(() => {
		if (dripped < drip.length && !socket.destroyed)
			socket.write(drip[dripped++]!);
	}, options.pauseMs ?? 100);
	const closed = await new Promise<boolean>((resolve) => {
		const wait = setTimeout(() => {
			resolve(false);
		}, options.waitMs ?? 5000);
		socket.on('close', () => {
			clearTimeout(wait);
			resolve(true);
		});
	});
	clearInterval(timer);
	socket.destroy();
	const text = Buffer.concat(chunks).toString('utf8');
	const head = text.slice(0, Math.max(0, text.indexOf('\r\n\r\n')));
	const status = /^HTTP\/1\.1 (?<status>\d{3}) /v.exec(head)?.groups?.status;
	const length = /^content-length: (?<length>\d+)$/imv.exec(head)?.groups
		?.length;
	const body = Buffer.from(text)
		.subarray(head.length + 4, head.length + 4 + Number(length ?? 0))
		.toString('utf8');
	return {
		status: status === undefined ? undefined : Number(status),
		body:
			body === '' ? undefined : (JSON.parse(body) as Record<string, unknown>),
		answers: text.match(/HTTP\/1\.1 \d{3} /gv)?.length ?? 0,
		closed,
	};
}

/** A call that works, to show the server still answers. */
async function stillAnswers() {
	const answer = await getV1({
		Action: 'ListTagResources',
		RegionId: instance.region,
		'ResourceARN.1': arn(),
	});
	expect(answer.status, answer.text).toBe(200);
	expect(
		(answer.body.TagResources as Array<{ResourceARN: string}>)[0],
	).toMatchObject({ResourceARN: arn()});
}

describe('bodies over 1 MiB', () => {
	test('a declared length over 1 MiB is 413 Request.TooLarge before the body is read', async () => {
		const body = Buffer.alloc(2 * 1024 * 1024, 'a');
		const answer = await send({
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'content-length': String(body.length),
			},
			body,
		});
		expect(refusedWith(answer, 413, 'Request.TooLarge')).toContain('1 MiB');
		await stillAnswers();
		await unchanged();
	});

	test('a chunked body with no length is refused once it passes 1 MiB', async () => {
		const answer = await new Promise<Answer>((resolve, reject) => {
			const outgoing = request(
				{
					host: '127.0.0.1',
					port: server.port,
					method: 'POST',
					path: '/',
					headers: {'content-type': 'application/x-www-form-urlencoded'},
					agent: false,
				},
				(response) => {
					readAnswer(response).then(resolve, reject);
				},
			);
			outgoing.on('error', reject);
			// 3 MiB, 64 KiB at a time: the answer may come while it is still being sent.
			const chunk = Buffer.alloc(64 * 1024, 'b');
			let sent = 0;
			const pump = () => {
				while (sent < 3 * 1024 * 1024) {
					sent += chunk.length;
					if (!outgoing.write(chunk)) {
						outgoing.once('drain', pump);
						return;
					}
				}

				outgoing.end();
			};

			pump();
		});
		expect(answer.headers['transfer-encoding']).toBeUndefined();
		refusedWith(answer, 413, 'Request.TooLarge');
		await stillAnswers();
		await unchanged();
	});

	test('a body still arriving after its 413 gets no second answer when it takes too long: the connection is closed', async () => {
		const data = 'x'.repeat(1024 * 1024 + 1);
		const answer = await raw(
			`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${data.length.toString(16)}\r\n${data}\r\n`,
		);
		// The last chunk never comes; past the request's time limit the server hangs up.
		expect(answer).toMatchObject({status: 413, answers: 1, closed: true});
		expect(answer.body).toMatchObject({Code: 'Request.TooLarge'});
		await stillAnswers();
	});

	test('a signed form body just under 1 MiB is read and answered', async () => {
		const answer = await postV1({
			Action: 'ListTagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
			// Parameters an action does not know are left alone.
			Padding: 'p'.repeat(1024 * 1024 - 2000),
		});
		expect(answer.status, answer.text).toBe(200);
	});
});

describe('malformed encodings', () => {
	test.each([
		['a truncated escape in the query', '/?Action=%E0%A4%A'],
		['a non-hex escape in the query', '/?Action=%zz'],
		['an escape that is not UTF-8 in the query', '/?RegionId=%FF%FE'],
		['a lone surrogate in the query', '/?RegionId=%ED%A0%80'],
	])('%s is 400 Request.Malformed', async (_, path) => {
		const message = refusedWith(await send({path}), 400, 'Request.Malformed');
		expect(message).toContain('query');
		await unchanged();
	});

	test('a form body with a bad escape, or bytes that are not UTF-8, is 400 Request.Malformed', async () => {
		const form = {'content-type': 'application/x-www-form-urlencoded'};
		const escaped = await send({
			method: 'POST',
			headers: form,
			body: `${signV1({Action: 'ListTagResources', RegionId: 'cn-hangzhou'}, {method: 'POST'})}&Tags=%7B%22a%22%3A%22%C3%28%22%7D`,
		});
		expect(refusedWith(escaped, 400, 'Request.Malformed')).toContain(
			'form body',
		);
		const bytes = await send({
			method: 'POST',
			headers: form,
			body: Buffer.concat([
				Buffer.from('Action=ListTagResources&RegionId='),
				Buffer.from([0xff, 0xfe, 0x80]),
			]),
		});
		expect(refusedWith(bytes, 400, 'Request.Malformed')).toMatch(/UTF-8/v);
		await unchanged();
	});

	test('raw bytes outside ASCII in the request line are 400 Request.Malformed, in JSON', async () => {
		const answer = await raw(
			Buffer.concat([
				Buffer.from('GET /?RegionId='),
				Buffer.from([0xc3, 0xa9, 0xff]),
				Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
			]),
		);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({Code: 'Request.Malformed'});
		expect(answer.closed).toBe(true);
		await stillAnswers();
	});

	test('bytes that are not HTTP at all are 400 Request.Malformed, in JSON', async () => {
		const answer = await raw('\u0016\u0003\u0001 hello?\r\n\r\n');
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({Code: 'Request.Malformed'});
		await stillAnswers();
	});
});

describe('a parameter given twice', () => {
	test('twice in the query, or once in the query and once in the form, is 400 Request.Malformed naming it', async () => {
		const query = signV1({
			Action: 'UntagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
			'TagKey.1': 'env',
		});
		const twice = await send({path: `/?${query}&TagKey.1=owner`});
		expect(refusedWith(twice, 400, 'Request.Malformed')).toContain(
			'"TagKey.1" is given twice',
		);
		const both = await send({
			method: 'POST',
			path: `/?${query}`,
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: 'RegionId=cn-shanghai',
		});
		expect(refusedWith(both, 400, 'Request.Malformed')).toContain(
			'"RegionId" is given twice',
		);
		await unchanged();
	});
});

describe('oversized requests', () => {
	test('headers over 16 KiB are 431 Request.Malformed, in JSON', async () => {
		const answer = await raw(
			`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'x'.repeat(20_000)}\r\n\r\n`,
		);
		expect(answer.status).toBe(431);
		expect(answer.body).toMatchObject({Code: 'Request.Malformed'});
		expect(String(answer.body!.Message)).toContain('16 KiB');
		await stillAnswers();
		await unchanged();
	});

	test('a URL over 16 KiB is 431 too, and the message says to POST a form', async () => {
		const answer = await raw(
			`GET /?${signV1({Action: 'ListTagResources', RegionId: 'cn-hangzhou', Padding: 'y'.repeat(20_000)})} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
		);
		expect(answer.status).toBe(431);
		expect(String(answer.body!.Message)).toContain('POST');
		await stillAnswers();
	});

	test('more than 5,000 parameters is 400 Request.Malformed', async () => {
		const many = Array.from({length: 5001}, (_, i) => `P${i}=1`).join('&');
		const answer = await send({
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: many,
		});
		expect(refusedWith(answer, 400, 'Request.Malformed')).toContain('5,000');
	});
});

describe('what the server does not answer', () => {
	test('an unknown action, or an unknown version, is 404 InvalidAction.NotFound naming what was asked', async () => {
		const action = await getV1({Action: 'DeleteEverything', RegionId: 'x'});
		expect(refusedWith(action, 404, 'InvalidAction.NotFound')).toContain(
			'"DeleteEverything"',
		);
		const version = await getV1({
			Action: 'TagResources',
			Version: '2099-01-01',
		});
		expect(refusedWith(version, 404, 'InvalidAction.NotFound')).toContain(
			'"2099-01-01"',
		);
		// A name on the prototype of a plain object is no action either.
		const inherited = await getV1({Action: 'constructor'});
		refusedWith(inherited, 404, 'InvalidAction.NotFound');
		await unchanged();
	});

	test.each([
		['PUT', '/'],
		['DELETE', '/'],
		['GET', '/v1/tags'],
		['POST', '/index.html'],
		['OPTIONS', '*'],
	])('%s %s is 404 InvalidAction.NotFound', async (method, path) => {
		const answer = await send({method, path});
		expect(refusedWith(answer, 404, 'InvalidAction.NotFound')).toContain(
			`not ${method} ${path}`,
		);
	});

	test('CONNECT is refused in JSON, not by closing the connection', async () => {
		const answer = await raw(
			'CONNECT 10.0.0.1:22 HTTP/1.1\r\nHost: 10.0.0.1:22\r\n\r\n',
		);
		expect(answer.status).toBe(404);
		expect(answer.body).toMatchObject({Code: 'InvalidAction.NotFound'});
		await stillAnswers();
	});

	test('a request with no Host header, and one with an Expect the server cannot meet, get JSON bodies', async () => {
		const noHost = await raw(
			'GET /?Action=ListTagResources HTTP/1.1\r\nConnection: close\r\n\r\n',
		);
		expect(noHost.status).toBe(400);
		expect(noHost.body).toMatchObject({Code: 'IncompleteSignature'});
		const expectation = await raw(
			'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 200-ok\r\nContent-Length: 0\r\n\r\n',
		);
		expect(expectation.status).toBe(417);
		expect(expectation.body).toMatchObject({Code: 'Request.Malformed'});
		await stillAnswers();
	});
});

describe('missing parameters', () => {
	const tags = JSON.stringify({env: 'test'});
	test.each([
		{
			what: 'TagResources without RegionId',
			params: {Action: 'TagResources', 'ResourceARN.1': 'ARN', Tags: tags},
			status: 404,
			code: 'MissingParameter.RegionId',
		},
		{
			what: 'TagResources without ResourceARN.N',
			params: {Action: 'TagResources', RegionId: 'REGION', Tags: tags},
			status: 404,
			code: 'MissingParameter.ResourceIdARN',
		},
		{
			what: 'TagResources without Tags',
			params: {
				Action: 'TagResources',
				RegionId: 'REGION',
				'ResourceARN.1': 'ARN',
			},
			status: 404,
			code: 'MissingParameter.Tags',
		},
		{
			what: 'TagResources with empty Tags',
			params: {
				Action: 'TagResources',
				RegionId: 'REGION',
				'ResourceARN.1': 'ARN',
				Tags: '',
			},
			status: 404,
			code: 'MissingParameter.Tags',
		},
		{
			what: 'UntagResources without TagKey.N',
			params: {
				Action: 'UntagResources',
				RegionId: 'REGION',
				'ResourceARN.1': 'ARN',
			},
			status: 404,
			code: 'MissingParameter.TagKey',
		},
		{
			what: 'ECS TagResources without ResourceType',
			params: {
				Action: 'TagResources',
				Version: '2014-05-26',
				RegionId: 'REGION',
				'ResourceId.1': 'ID',
				'Tag.1.Key': 'env',
				'Tag.1.Value': 'x',
			},
			status: 404,
			code: 'MissingParameter.ResourceType',
		},
		{
			what: 'ECS TagResources without Tag.N',
			params: {
				Action: 'TagResources',
				Version: '2014-05-26',
				RegionId: 'REGION',
				ResourceType: 'instance',
				'ResourceId.1': 'ID',
			},
			status: 404,
			code: 'MissingParameter.Tags',
		},
		{
			what: 'ECS TagResources without ResourceId.N',
			params: {
				Action: 'TagResources',
				Version: '2014-05-26',
				RegionId: 'REGION',
				ResourceType: 'instance',
				'Tag.1.Key': 'env',
			},
			status: 400,
			code: 'MissingParameter',
		},
	] as Array<{
		what: string;
		params: Record<string, string>;
		status: number;
		code: string;
	}>)('$what is $status $code', async ({params, status, code}) => {
		const filled = Object.fromEntries(
			Object.entries(params).map(([k, v]) => [
				k,
				v === 'ARN'
					? arn()
					: v === 'REGION'
						? instance.region
						: v === 'ID'
							? instance.id
							: v,
			]),
		);
		refusedWith(await getV1(filled), status, code);
		await unchanged();
	});

	test('a V1 request without Timestamp is MissingTimestamp, without SignatureNonce MissingSignatureNonce', async () => {
		const call = {
			Action: 'TagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
			Tags: JSON.stringify({unsafe: 'replay'}),
		};
		refusedWith(
			await getV1({...call, Timestamp: undefined}),
			400,
			'MissingTimestamp',
		);
		refusedWith(
			await getV1({...call, SignatureNonce: undefined}),
			400,
			'MissingSignatureNonce',
		);
		await unchanged();
	});
});

describe('replays and time', () => {
	test('the same signed request sent twice is refused the second time with SignatureNonceUsed; the change is made once', async () => {
		const path = `/?${signV1({
			Action: 'TagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
			Tags: JSON.stringify({replayed: 'once'}),
		})}`;
		const first = await send({path});
		expect(first.status, first.text).toBe(200);
		const steps = server.world().log.length;
		const {revision} = server.world();
		const again = await send({path});
		refusedWith(again, 400, 'SignatureNonceUsed');
		expect(server.world().log).toHaveLength(steps);
		expect(server.world().revision).toBe(revision);
	});

	test('a Timestamp 20 minutes old, or 20 minutes ahead, is InvalidTimeStamp.Expired; a badly written one InvalidTimeStamp.Format', async () => {
		const call = {
			Action: 'TagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
			Tags: JSON.stringify({stale: 'yes'}),
		};
		const old = await getV1({
			...call,
			Timestamp: stamp(Date.now() - 20 * 60 * 1000),
		});
		expect(refusedWith(old, 400, 'InvalidTimeStamp.Expired')).toContain(
			'15 minutes',
		);
		refusedWith(
			await getV1({...call, Timestamp: stamp(Date.now() + 20 * 60 * 1000)}),
			400,
			'InvalidTimeStamp.Expired',
		);
		refusedWith(
			await getV1({...call, Timestamp: 'yesterday'}),
			400,
			'InvalidTimeStamp.Format',
		);
		await unchanged();
	});
});

/** The parts of a V3 request, signed here (ACS3-HMAC-SHA256). */
function signV3(options: {
	headers: Record<string, string>;
	signed: string[];
	query?: string;
	secret?: string;
	signature?: string;
}): Record<string, string> {
	const hash = (text: string) =>
		createHash('sha256').update(text).digest('hex');
	const headers = {
		host: `127.0.0.1:${server.port}`,
		'x-acs-content-sha256': hash(''),
		...options.headers,
	};
	const lookup = (name: string) =>
		Object.hasOwn(headers, name) ? headers[name as keyof typeof headers] : '';
	const canonical = [
		'POST',
		'/',
		options.query ?? '',
		options.signed.map((name) => `${name}:${lookup(name)}\n`).join(''),
		options.signed.join(';'),
		hash(''),
	].join('\n');
	const signature =
		options.signature ??
		createHmac('sha256', options.secret ?? server.root.accessKeySecret)
			.update(`ACS3-HMAC-SHA256\n${hash(canonical)}`)
			.digest('hex');
	return {
		...headers,
		authorization: `ACS3-HMAC-SHA256 Credential=${server.root.accessKeyId},SignedHeaders=${options.signed.join(';')},Signature=${signature}`,
	};
}

const v3Required = [
	'host',
	'x-acs-action',
	'x-acs-content-sha256',
	'x-acs-date',
	'x-acs-signature-nonce',
	'x-acs-version',
];

describe('signatures', () => {
	test.each([
		['garbage', 'garbage'],
		['a scheme alone', 'ACS3-HMAC-SHA256'],
		['empty parts', 'ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature='],
		['a bearer token', 'Bearer eyJhbGciOiJub25lIn0.e30.'],
		[
			'required headers left unsigned',
			`ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=${'0'.repeat(64)}`,
		],
		['8,000 characters', `ACS3-HMAC-SHA256 ${'A'.repeat(8000)}`],
	])(
		'an Authorization of %s is 400 IncompleteSignature',
		async (_, authorization) => {
			const answer = await send({
				method: 'POST',
				path: '/?RegionId=cn-hangzhou',
				headers: {
					authorization,
					'x-acs-action': 'TagResources',
					'x-acs-version': '2018-08-28',
				},
			});
			refusedWith(answer, 400, 'IncompleteSignature');
			await unchanged();
		},
	);

	test('a V3 request that signs a header named like an object’s property ("constructor") is checked like any other', async () => {
		const headers = signV3({
			headers: {
				'x-acs-action': 'ListTagResources',
				'x-acs-version': '2018-08-28',
				'x-acs-date': stamp(),
				'x-acs-signature-nonce': randomUUID(),
			},
			signed: [...v3Required, 'constructor'],
			query: `RegionId=${instance.region}`,
			signature: 'f'.repeat(64),
		});
		const answer = await send({
			method: 'POST',
			path: `/?RegionId=${instance.region}`,
			headers,
		});
		refusedWith(answer, 400, 'SignatureDoesNotMatch');
	});

	test('a V3 request must carry x-acs-date and x-acs-signature-nonce, even when its signature is right', async () => {
		const call = {
			'x-acs-action': 'TagResources',
			'x-acs-version': '2018-08-28',
		};
		const query = `RegionId=${instance.region}&ResourceARN.1=${percent(arn())}&Tags=${percent('{"v3":"replayable"}')}`;
		const noDate = signV3({
			headers: {...call, 'x-acs-signature-nonce': randomUUID()},
			signed: v3Required,
			query,
		});
		refusedWith(
			await send({method: 'POST', path: `/?${query}`, headers: noDate}),
			400,
			'MissingTimestamp',
		);
		const noNonce = signV3({
			headers: {...call, 'x-acs-date': stamp()},
			signed: v3Required,
			query,
		});
		refusedWith(
			await send({method: 'POST', path: `/?${query}`, headers: noNonce}),
			400,
			'MissingSignatureNonce',
		);
		await unchanged();
		// Signed here as the SDKs sign, it is taken: the signing above is the documented one.
		const whole = signV3({
			headers: {
				...call,
				'x-acs-date': stamp(),
				'x-acs-signature-nonce': randomUUID(),
			},
			signed: v3Required,
			query,
		});
		const taken = await send({
			method: 'POST',
			path: `/?${query}`,
			headers: whole,
		});
		expect(taken.status, taken.text).toBe(200);
	});
});

describe('connections cut short, slow or idle', () => {
	test('a client that closes in the middle of its body is no fault, and nothing changes', async () => {
		const body = signV1(
			{
				Action: 'TagResources',
				RegionId: instance.region,
				'ResourceARN.1': arn(),
				Tags: JSON.stringify({cut: 'short'}),
			},
			{method: 'POST'},
		);
		const socket = connect(server.port, '127.0.0.1');
		socket.on('error', () => undefined);
		socket.write(
			`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 100)}`,
		);
		await new Promise((resolve) => {
			setTimeout(resolve, 200);
		});
		socket.destroy();
		await stillAnswers();
		expect(server.faults).toEqual([]);
		await unchanged();
	});

	test('headers sent a byte at a time, a body that stops, and a silent connection are each answered 408 Request.Timeout and closed, while other clients are answered', async () => {
		const header =
			'GET /?Action=ListTagResources HTTP/1.1\r\nHost: 127.0.0.1\r\n';
		const dripping = raw(header.slice(0, 1), {drip: header.slice(1)});
		const stalled = raw(
			'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=',
		);
		const silent = raw('');
		// Meanwhile, a script's calls go through.
		const client = server.tag();
		for (let i = 0; i < 3; i++) {
			const listed = await client.listTagResources(
				new Tag.ListTagResourcesRequest({
					regionId: instance.region,
					resourceARN: [arn()],
				}),
			);
			expect(listed.statusCode).toBe(200);
		}

		for (const answer of await Promise.all([dripping, stalled, silent])) {
			expect(answer).toMatchObject({status: 408, closed: true});
			expect(answer.body).toMatchObject({Code: 'Request.Timeout'});
		}

		expect(server.faults).toEqual([]);
		await unchanged();
	});
});

describe('JSON meant to break a parser, in Tags', () => {
	const tagCall = async (tags: string) =>
		postV1({
			Action: 'TagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
			Tags: tags,
		});

	test('a key "__proto__" is a tag like any other: stored, listed, and no object gains a property', async () => {
		const answer = await tagCall('{"__proto__":"polluted","constructor":"x"}');
		expect(answer.status, answer.text).toBe(200);
		const {tags} = server.world().resources[instance.id]!;
		expect(Object.hasOwn(tags, '__proto__')).toBe(true);
		expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
		const plain: Record<string, unknown> = {};
		expect(plain.polluted).toBeUndefined();
		const onDisk = JSON.parse(await readFile(server.file, 'utf8')) as {
			resources: Record<string, {tags: Record<string, string>}>;
		};
		expect(
			Object.getOwnPropertyDescriptor(
				onDisk.resources[instance.id]!.tags,
				'__proto__',
			)?.value,
		).toBe('polluted');
		const listed = await getV1({
			Action: 'ListTagResources',
			RegionId: instance.region,
			'ResourceARN.1': arn(),
		});
		const resource = (
			listed.body.TagResources as Array<{Tags: Array<{Key: string}>}>
		)[0]!;
		expect(resource.Tags.map((t) => t.Key)).toEqual(
			expect.arrayContaining(['__proto__', 'constructor']),
		);
	});

	test.each([
		['a nested object as a value', '{"__proto__":{"isAdmin":"true"}}'],
		['an array', '["env","prod"]'],
		['a string', '"env=prod"'],
		['null', 'null'],
		['a number value', '{"env":1}'],
		[
			'JSON nested 50,000 deep',
			`${'{"a":'.repeat(50_000)}"x"${'}'.repeat(50_000)}`,
		],
		['brackets that never close', '['.repeat(200_000)],
		['an unterminated string', '{"env":"prod'],
	])('%s is 400 InvalidParameter.Tags, its message short', async (_, tags) => {
		const message = refusedWith(
			await tagCall(tags),
			400,
			'InvalidParameter.Tags',
		);
		expect(message.length).toBeLessThan(300);
		await unchanged();
	});

	test('a value of 600,000 characters is 400 InvalidParameter.TagValue and the message does not echo it', async () => {
		const message = refusedWith(
			await tagCall(JSON.stringify({env: 'v'.repeat(600_000)})),
			400,
			'InvalidParameter.TagValue',
		);
		expect(message.length).toBeLessThan(500);
		await unchanged();
	});

	test('20,000 pairs is 403 NumberExceed.Tags', async () => {
		const many: Record<string, string> = {};
		for (let i = 0; i < 20_000; i++) many[`k${i}`] = 'v';
		refusedWith(await tagCall(JSON.stringify(many)), 403, 'NumberExceed.Tags');
		await unchanged();
	});
});

describe('a flood of bad requests', () => {
	test('200 at once, of every kind above, are each answered in JSON; then a good call is answered', async () => {
		const kinds = [
			async () => send({path: '/?Action=%zz'}),
			async () => send({method: 'PUT'}),
			async () => getV1({Action: 'Nope'}),
			async () =>
				send({
					method: 'POST',
					headers: {authorization: 'garbage'},
				}),
		];
		const answers = await Promise.all(
			Array.from({length: 200}, async (_, i) => kinds[i % kinds.length]!()),
		);
		for (const answer of answers) {
			expect(answer.status).toBeGreaterThanOrEqual(400);
			expect(answer.status).toBeLessThan(500);
			expect(typeof answer.body.Code).toBe('string');
		}

		await stillAnswers();
		await unchanged();
	});
});

test('no request made tagdeck fail inside', () => {
	expect(server.faults).toEqual([]);
});
